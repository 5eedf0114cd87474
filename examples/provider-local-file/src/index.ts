export { default as providers } from './hooks/providers.js'
export { parseLine } from './parse.js'
export { LocalFileProvider } from './provider.js'

export { loadProviders, PROVIDERS_HOOK } from './plugins.js'

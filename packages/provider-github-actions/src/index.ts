export { default as providersHook } from './hooks/providers.js'
export { type LogLine, levelOf, parseLogText } from './log-lines.js'
export type { GitHubActionsProviderOptions, GitHubActionsReadOptions } from './provider.js'
export { type GitHubActionsSpec, parseSpec } from './spec.js'

export { listSources, resolveSources } from './resolve.js'
export { DEFAULT_SETTINGS, type EffectiveSettings, effectiveSettings } from './settings.js'
export type { ResolvedSource, ResolveOptions, SourceSelector } from './types.js'

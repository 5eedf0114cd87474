export { isStackPattern, listSourceRows } from './listing.js'
export { listSources, resolveSources } from './resolve.js'
export { DEFAULT_SETTINGS, type EffectiveSettings, effectiveSettings } from './settings.js'
export type {
  ListOptions,
  ResolvedSource,
  ResolveOptions,
  SourceListing,
  SourceSelector,
} from './types.js'

export {
  type Constraint,
  LOOKUP_PRIORITY,
  type LookupKey,
  parseFilterTerms,
  planLookup,
} from './attributes.js'
export { jsonFilterPattern } from './data-events.js'
export { default as providersHook } from './hooks/providers.js'
export type { CloudTrailProviderOptions, CloudTrailReadOptions } from './provider.js'
export { type CloudTrailSpec, parseSpec } from './spec.js'
export { messageOf, type TrailEvent, toLogEntry } from './trail-event.js'

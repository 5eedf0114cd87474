export {
  classify,
  EMULATOR_TOKEN,
  ENDPOINT_VARIABLE,
  GOOGLE_ENDPOINT,
  GoogleApiError,
  resolveEndpoint,
} from './client.js'
export { type CloudLogEntry, levelOf, toLogEntry } from './entry.js'
export { buildFilter, quote } from './filter.js'
export { default as providersHook } from './hooks/providers.js'
export type { GcpLoggingProviderOptions, GcpReadOptions } from './provider.js'
export { type GcpLoggingSpec, parseSpec, SEVERITIES } from './spec.js'

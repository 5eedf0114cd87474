export { configYamlFiles, type LoadAtmosConfigOptions, loadAtmosConfig } from './load.js'
export { deepMerge, isPlainObject } from './merge.js'
export {
  AtmosConfigFileSchema,
  AuthIdentitySchema,
  AuthProviderSchema,
  AuthSchema,
  LOG_FORMATS,
  LogSourceConfigSchema,
  LogsBlockSchema,
  LogsSettingsSchema,
} from './schema.js'
export { didYouMean, listNames, nearMatches } from './suggest.js'
export type {
  AtmosConfig,
  AuthConfig,
  AuthIdentity,
  AuthProvider,
  LogFormat,
  LogSourceConfig,
  LogsConfig,
  LogsSettings,
  StacksConfig,
} from './types.js'
export { formatYamlPath, lineOf, parseYamlText, readYamlFile, type YamlFile } from './yaml-file.js'

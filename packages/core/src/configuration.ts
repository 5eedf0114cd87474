// `@atmos-logs/core/config`: what the CLI uses to read a project. atmos.yaml, stack manifests
// and source resolution (Go templates are `@atmos-logs/core/template`, loaded when first needed); loading this loads the YAML parser and the zod schemas.

export { configYamlFiles, type LoadAtmosConfigOptions, loadAtmosConfig } from './config/load.js'
export type { PlainObject } from './config/merge.js'
export { LOG_FORMATS } from './config/schema.js'
export { didYouMean, listNames, nearMatches } from './config/suggest.js'
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
} from './config/types.js'
export {
  formatYamlPath,
  lineOf,
  parseYamlText,
  readYamlFile,
  type YamlFile,
  type YamlPath,
} from './config/yaml-file.js'
export { checkSpecs, type Operation, ProviderManager, type SourceToOpen } from './manager.js'
export { listSourceRows } from './sources/listing.js'
export { listSources, resolveSources } from './sources/resolve.js'
export { sourceMatcher } from './sources/select.js'
export { DEFAULT_SETTINGS, type EffectiveSettings, effectiveSettings } from './sources/settings.js'
export type {
  ListOptions,
  ResolvedSource,
  ResolveOptions,
  SourceListing,
  SourceSelector,
} from './sources/types.js'
export type { ComponentSection } from './stacks/components.js'
export { type EmulatorComponent, findEmulatorComponent } from './stacks/emulators.js'
export type { ComponentType } from './stacks/manifests.js'
export { stackNameFor } from './stacks/names.js'
export {
  type ComponentInstance,
  type ComponentSelector,
  describeComponent,
  type IndexedComponent,
  isStackPattern,
  listStacks,
  loadStacks,
  type StackManifest,
  type StacksIndex,
  selectComponents,
} from './stacks/select.js'

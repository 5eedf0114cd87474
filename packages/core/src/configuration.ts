// `@atmos-logs/core/config`: what the CLI uses to read a project. atmos.yaml, stack manifests,
// Go templates and source resolution; loading this loads the YAML parser and the zod schemas.

export { configYamlFiles, type LoadAtmosConfigOptions, loadAtmosConfig } from './config/load.js'
export type { PlainObject } from './config/merge.js'
export { LOG_FORMATS } from './config/schema.js'
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
export { type Operation, ProviderManager, type SourceToOpen } from './manager.js'
export { listSources, resolveSources } from './sources/resolve.js'
export { DEFAULT_SETTINGS, type EffectiveSettings, effectiveSettings } from './sources/settings.js'
export type { ResolvedSource, ResolveOptions, SourceSelector } from './sources/types.js'
export type { ComponentSection } from './stacks/components.js'
export type { ComponentType } from './stacks/manifests.js'
export { stackNameFor } from './stacks/names.js'
export {
  type ComponentInstance,
  type ComponentSelector,
  describeComponent,
  type IndexedComponent,
  listStacks,
  loadStacks,
  type StackManifest,
  type StacksIndex,
  selectComponents,
} from './stacks/select.js'
export { TemplateError, type TemplateErrorDetails } from './template/errors.js'
export type { MissingKey } from './template/evaluator.js'
export type { UserFunction } from './template/functions.js'
export { hasTemplate, type RenderOptions, renderDeep, renderTemplate } from './template/render.js'

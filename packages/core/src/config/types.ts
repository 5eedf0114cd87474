import type { AuthIdentity, AuthProvider, LogSourceConfig, LogsSettings } from './schema.js'

export type { AuthIdentity, AuthProvider, LogFormat, LogSourceConfig, LogsSettings } from './schema.js'

/** `stacks:` of atmos.yaml, after ATMOS_STACKS_* overrides; paths absolute. */
export interface StacksConfig {
  /** Absolute directory of the stack manifests. */
  basePath: string
  includedPaths: string[]
  excludedPaths: string[]
  nameTemplate?: string
  namePattern?: string
}

export interface LogsConfig {
  /** atmos's own logger settings. */
  file?: string
  level?: string
  settings: LogsSettings
  sources: Record<string, LogSourceConfig>
  /** The interactive view's settings. */
  tui?: { buffer_lines?: number }
}

export interface AuthConfig {
  realm?: string
  providers: Record<string, AuthProvider>
  identities: Record<string, AuthIdentity>
}

export interface AtmosConfig {
  /** The atmos.yaml that was loaded (highest precedence); undefined when none was found. */
  file?: string
  /** Every file merged, lowest precedence first (home, fragments, imports, project, ATMOS_CLI_CONFIG_PATH). */
  files: string[]
  /** Where discovery looked, in the order it looked (for "no atmos.yaml" messages). */
  searched: string[]
  /** Things skipped while loading (remote imports), one line each. */
  warnings: string[]
  cwd: string
  /** Absolute base path of the project. */
  basePath: string
  stacks: StacksConfig
  logs: LogsConfig
  auth: AuthConfig
  /** The whole merged document, as atmos would see it. */
  raw: Record<string, unknown>
  /** The environment the configuration was loaded with. */
  env: NodeJS.ProcessEnv
}

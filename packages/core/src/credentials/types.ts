import type { Logger } from '../contract.js'

/** One entry of `auth.identities` in atmos.yaml; only the fields credential resolution reads. */
export interface IdentityConfig {
  kind?: string
  default?: boolean
  /** Where the identity's credentials come from: a provider, or another identity (a chain). */
  via?: { provider?: string; identity?: string } | null
  [key: string]: unknown
}

/** The `auth` section of atmos.yaml, as plain data (the loader validates it). */
export interface CredentialAuthConfig {
  /** The atmos.yaml the section was read from, named in messages (default: "atmos.yaml"). */
  file?: string
  identities?: Record<string, IdentityConfig>
  providers?: Record<string, unknown>
  realm?: string
}

export interface ExecResult {
  stdout: string
  stderr: string
  /** Exit code; null when the process was killed by a signal. */
  code: number | null
}

export interface ExecOptions {
  env: NodeJS.ProcessEnv
  cwd?: string
  /** Aborted when the time box runs out: the runner must stop the process. */
  signal: AbortSignal
}

/** Runs a program without a shell. Replaceable in tests. */
export type ExecFile = (file: string, args: string[], opts: ExecOptions) => Promise<ExecResult>

export interface CredentialResolverOptions {
  auth: CredentialAuthConfig
  env?: NodeJS.ProcessEnv
  homeDir?: string
  logger?: Logger
  execFile?: ExecFile
  /**
   * Time box for `atmos auth env` and `gh auth token`, in milliseconds. Default: the duration in
   * `ATMOS_AUTH_TIMEOUT` of `env` (`30s`, `2m`), else 60 000.
   */
  timeoutMs?: number
  /** This CLI's own bin: never used as the auth binary. */
  selfPath?: string
  /** Where to run the auth binary: the directory atmos.yaml was found in, so it finds the same one. */
  cwd?: string
  /** Clock for expiry checks (tests inject one). */
  now?: () => Date
  /** Emulator components for `aws/emulator` identities (the CLI reads them from the stacks). */
  emulators?: EmulatorLookup
  /** A one-line note for the user (the CLI's notices); without it, notes go to the logger's info. */
  notice?: (message: string) => void
}

/**
 * Finds the emulator component `<stack>/<name>` that an `aws/emulator` identity targets: its
 * section (templates rendered) and the manifest declaring it; undefined when no stack has it.
 */
export type EmulatorLookup = (
  stack: string,
  name: string,
) => Promise<{ section: Record<string, unknown>; file: string } | undefined>

/** What the resolver needs to know about a source. */
export interface SourceRef {
  name: string
  kind: string
  identity: string | null
  spec: Record<string, unknown>
}

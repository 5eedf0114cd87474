/**
 * The public plugin contract, version 1. Third-party providers build on these types exactly as
 * written here: change nothing without bumping apiVersion.
 */

export type Capability = 'list' | 'get' | 'tail' | 'query'

export const CAPABILITIES: readonly Capability[] = ['list', 'get', 'tail', 'query']

/** Resolved credentials handed to a provider. Never print or log the secret fields. */
export interface AwsCredentials {
  type: 'aws'
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
  region?: string
  /** The atmos identity these came from, when any (for messages; not a secret). */
  identity?: string
  /** A named profile plus files, when credentials come from atmos auth files. */
  profile?: string
  sharedCredentialsFile?: string
  configFile?: string
  /**
   * Where this identity's requests go instead of AWS (an emulator), as atmos hands it to
   * terraform in AWS_ENDPOINT_URL. Optional: older cores never set it.
   */
  endpoint?: string
  /** Per-service endpoints, keyed by the SDK's variable (`AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`). */
  serviceEndpoints?: Record<string, string>
}

export interface GitHubCredentials {
  type: 'github'
  token?: string
  baseUrl?: string
}

export interface SdkDefaultCredentials {
  /** No identity configured: the provider should use its SDK's default chain. */
  type: 'default'
  region?: string
}

/**
 * Google credentials from an atmos identity of kind `gcp/*`: what `atmos auth env` (or the files
 * atmos auth keeps) supplied. Added within v1: a core that predates it refused such identities, so
 * no plugin that was working receives one. Never print or log `accessToken`, nor the file's contents.
 */
export interface GoogleCredentials {
  type: 'google'
  /** The atmos identity these came from (for messages; not a secret). */
  identity: string
  /** An OAuth 2 access token, sent as is (atmos auth refreshes it; a provider cannot). */
  accessToken?: string
  /** When `accessToken` stops working, when known. */
  expiration?: Date
  /**
   * A credentials file for Google's auth libraries (a service account key, an external account),
   * given instead of a token. Neither token nor file: the identity needs none (an emulator).
   */
  credentialsFile?: string
  /** The identity's project (GOOGLE_CLOUD_PROJECT), for a source that names none. */
  project?: string
  /** API endpoint overrides, keyed by gcloud's variable (`CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING`). */
  endpoints?: Record<string, string>
}

export type Credentials = AwsCredentials | GitHubCredentials | GoogleCredentials | SdkDefaultCredentials

/** pino-compatible logger: `(obj?, msg)` or `(msg)`. */
export interface Logger {
  debug(objOrMsg: unknown, msg?: string): void
  info(objOrMsg: unknown, msg?: string): void
  warn(objOrMsg: unknown, msg?: string): void
  error(objOrMsg: unknown, msg?: string): void
}

export interface ProviderContext {
  /** The source's name in configuration. */
  name: string
  /** The source's spec, templates already rendered. */
  spec: Record<string, unknown>
  /** Resolved from the source's identity, if any. */
  credentials?: Credentials
  logger: Logger
}

export interface ProviderRegistration {
  apiVersion: 1
  kind: string
  description: string
  capabilities: Capability[]
  /**
   * Spec keys whose values are secrets (`token`, or `headers` for every header value; a dotted
   * path such as `headers.Authorization` names one nested value). The CLI masks them in
   * `atmos logs sources` and in everything it prints. Optional.
   */
  secretSpecKeys?: string[]
  /**
   * What `--filter` (and search's `--query`) means to this kind. `false`: its sources take no
   * filter, and a filter given to one is refused (exit 2) before anything is read. Optional: a
   * registration without it gets the filter unchecked, as plugins always have.
   */
  filter?: false | FilterSupport
  /**
   * `true`: with `tail --follow --exit-status` (the `exitStatus` option), this kind's `tailLogs`
   * ends by itself once what it follows has completed, returning on success and throwing on
   * failure; the CLI then ends the whole read, other sources included, with that outcome.
   * Optional: without it a source's follow ends only when the read does.
   */
  exitStatus?: boolean
  /**
   * What `--limit` (the `limit` option) counts for this kind. `'entries'`, the default: the CLI
   * stops after that many entries over all such sources. Any other word (`'runs'`): the provider
   * bounds its read by that many of those itself, and the CLI leaves its entries out of the
   * count. Optional: without it a kind's entries are counted, as they always were.
   */
  limitCounts?: string
  /**
   * Checks a source's spec before anyone signs in, so that a misspelt field is said before a sign-in
   * prompt or a missing region: throws what `validate()` would throw for it (a ConfigError naming the
   * field). It gets no credentials and must not call a service; what only credentials can settle is
   * left to `validate()`. Optional: without it the spec is first checked after sign-in.
   */
  checkSpec?(spec: Record<string, unknown>, source: string): void | Promise<void>
  create(ctx: ProviderContext): Promise<Provider>
}

/** A kind's filter language, declared in its registration. */
export interface FilterSupport {
  /** The syntax in a few words, for messages and `logs providers` (`CloudWatch filter pattern`). */
  syntax: string
  /**
   * Why an expression is not in this syntax (one sentence), or undefined when it is. Asked before
   * any sign-in or request; it must not call a service. Optional: without it every expression is sent.
   */
  problem?(expression: string): string | undefined | Promise<string | undefined>
}

export interface LogSourceInfo {
  name: string
  description?: string
  metadata?: Record<string, unknown>
}

export type LogLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG'

export interface LogEntry {
  timestamp: Date
  message: string
  /** The provider's stable event id: the key for dedup everywhere. */
  id?: string
  level?: LogLevel
  requestId?: string
  metadata?: Record<string, unknown>
}

export interface GetLogsOptions {
  since?: Date
  until?: Date
  filter?: string
  limit?: number
  /**
   * The lowest level the output shows (`--format log` under atmos's `logs.level`): getLogs counts
   * its `limit` over entries at or above it (`atOrAbove` of core/levels; no level counts as INFO),
   * and tailLogs its newest `lines`; those below it may be left out. Added within v1: a provider
   * that ignores it still works, the CLI dropping the entries below it, but a tail's backfill may
   * then show fewer lines (a plugin whose limit counts entries gets no `limit` beside it: the CLI counts
   * instead). Never sent at the lowest level, Debug, which leaves nothing out.
   */
  level?: LogLevel
  signal: AbortSignal
  /** Provider-specific flags arrive as extra keys (runId, job, step). */
  [k: string]: unknown
}

/**
 * What a provider may report beside its entries, through the optional `onEvent` key the CLI passes
 * in GetLogsOptions (an extra key, so providers that ignore it keep working):
 * - `status`: what it is waiting for right now (the terminal's status line; `--debug` elsewhere);
 * - `notice`: one lasting line on stderr (a run's conclusion, a long wait);
 * - `step`: a unit of work started or finished (a CI step), shown on the status line, and as a
 *   `"type": "step"` record in `--format json` when `--steps` is asked.
 */
export type ProviderEvent =
  | { type: 'status'; message: string }
  | { type: 'notice'; message: string }
  | { type: 'step'; timestamp: Date; message: string; metadata: Record<string, unknown> }

/** Backfill the newest `lines`, then stay live until the signal aborts. */
export interface TailOptions extends GetLogsOptions {
  lines?: number
}

export interface Provider {
  kind: string
  name: string
  capabilities: Capability[]
  validate(): void | Promise<void>
  listSources(opts: { signal: AbortSignal }): Promise<LogSourceInfo[]>
  /** Ascending time, bounded by since/until/limit. */
  getLogs(opts: GetLogsOptions): AsyncIterable<LogEntry>
  close(): Promise<void>
}

export interface StreamingProvider extends Provider {
  tailLogs(opts: TailOptions): AsyncIterable<LogEntry>
}

export interface QueryProvider extends Provider {
  queryLanguage: string
  executeQuery(query: string, opts: GetLogsOptions): AsyncIterable<Record<string, unknown>>
}

export function isStreamingProvider(p: Provider): p is StreamingProvider {
  return typeof (p as Partial<StreamingProvider>).tailLogs === 'function'
}

export function isQueryProvider(p: Provider): p is QueryProvider {
  const q = p as Partial<QueryProvider>
  return typeof q.executeQuery === 'function' && typeof q.queryLanguage === 'string'
}

/** Structural check: a registration may come from a plugin with its own copy of core. */
export function isProviderRegistration(value: unknown): value is ProviderRegistration {
  return registrationProblem(value) === undefined
}

/**
 * Why a value is not a usable registration (one sentence, naming the field), or undefined when it
 * is one. An `apiVersion` other than 1 is called out on its own: that plugin needs another CLI.
 */
export function registrationProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object')
    return `it is ${value === null ? 'null' : typeof value}, not an object`
  const r = value as Record<string, unknown>
  if (r.apiVersion !== 1) {
    return r.apiVersion === undefined
      ? 'it has no apiVersion (this CLI speaks apiVersion 1)'
      : `its apiVersion ${JSON.stringify(r.apiVersion)} is not supported (this CLI speaks apiVersion 1)`
  }
  if (typeof r.kind !== 'string' || r.kind.length === 0) return 'it has no kind'
  if (typeof r.create !== 'function') return `kind ${r.kind} has no create() function`
  if (!Array.isArray(r.capabilities)) return `kind ${r.kind} has no capabilities list`
  const unknown = r.capabilities.filter((c) => !(CAPABILITIES as readonly unknown[]).includes(c))
  if (unknown.length > 0) {
    return `kind ${r.kind} lists unknown capabilities ${unknown.map((c) => JSON.stringify(c)).join(', ')} (known: ${CAPABILITIES.join(', ')})`
  }
  const filter = r.filter
  if (
    filter !== undefined &&
    filter !== false &&
    (typeof filter !== 'object' ||
      filter === null ||
      typeof (filter as FilterSupport).syntax !== 'string' ||
      !['undefined', 'function'].includes(typeof (filter as FilterSupport).problem))
  ) {
    return `kind ${r.kind} has a filter that is neither false nor { syntax, problem? }`
  }
  if (r.exitStatus !== undefined && typeof r.exitStatus !== 'boolean')
    return `kind ${r.kind} has an exitStatus that is neither true nor false`
  if (
    r.limitCounts !== undefined &&
    (typeof r.limitCounts !== 'string' || !/^[a-z][a-z -]*$/.test(r.limitCounts))
  )
    return `kind ${r.kind} has a limitCounts that is not a plural noun such as "entries" or "runs"`
  if (r.checkSpec !== undefined && typeof r.checkSpec !== 'function')
    return `kind ${r.kind} has a checkSpec that is not a function`
  const keys = r.secretSpecKeys
  if (keys !== undefined && (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || k === ''))) {
    return `kind ${r.kind} has a secretSpecKeys that is not a list of key names`
  }
  return undefined
}

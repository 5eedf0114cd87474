/**
 * Typed errors. Each carries its process exit code and a hint that says what to
 * do. Checks are structural (`exitCode` in the object), because a user-installed plugin throws
 * errors made by its own copy of this package.
 */

export const ExitCode = {
  OK: 0,
  PROVIDER: 1,
  USAGE: 2,
  CREDENTIALS: 3,
  INTERRUPTED: 130,
} as const
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

export interface AtmosLogsErrorOptions {
  hint?: string
  cause?: unknown
}

export class AtmosLogsError extends Error {
  readonly exitCode: number
  readonly hint?: string

  constructor(message: string, exitCode: number, options: AtmosLogsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.exitCode = exitCode
    this.hint = options.hint
  }
}

/** Bad flags or arguments. Exit 2. */
export class UsageError extends AtmosLogsError {
  constructor(message: string, options?: AtmosLogsErrorOptions) {
    super(message, ExitCode.USAGE, options)
  }
}

/** Where in the configuration a problem is, when known. */
export interface ConfigPlaceOptions extends AtmosLogsErrorOptions {
  /** The file the problem is in. */
  file?: string
  /** The YAML path of the problem, e.g. `logs.sources.api.kind`. */
  yamlPath?: string
}

/** An error that points into a configuration file; the kinds below say which exit code. */
export class ConfigPlacedError extends AtmosLogsError {
  /** The file the problem is in, when known. */
  readonly file?: string
  /** The YAML path of the problem, when known. */
  readonly yamlPath?: string

  constructor(message: string, exitCode: number, options: ConfigPlaceOptions = {}) {
    super(message, exitCode, options)
    this.file = options.file
    this.yamlPath = options.yamlPath
  }
}

/** Bad or missing configuration (atmos.yaml, stacks, sources). Exit 2. */
export class ConfigError extends ConfigPlacedError {
  constructor(message: string, options: ConfigPlaceOptions = {}) {
    super(message, ExitCode.USAGE, options)
  }
}

/**
 * A bad field of a source's spec, as specChecker words it. The provider knows the source by name
 * only; the manager, which knows where it was declared, gives it a hint that names the place.
 */
export class SpecFieldError extends ConfigError {
  constructor(
    message: string,
    readonly field: string,
    options: ConfigPlaceOptions = {},
  ) {
    super(message, { yamlPath: `spec.${field}`, ...options })
  }
}

/** Throws the ConfigError for one field of a source's spec; `what` says what is wrong and what to write. */
export type SpecProblem = (field: string, what: string) => never

/**
 * How a provider's spec parser reports a bad field: every provider names its kind, the source and
 * `spec.<field>` the same way, with the same hint. Fields outside `known` are refused at once.
 */
export function specChecker(
  kind: string,
  source: string,
  spec: Record<string, unknown>,
  known: readonly string[],
): SpecProblem {
  const problem: SpecProblem = (field, what) => {
    throw new SpecFieldError(`The ${kind} source "${source}" has an invalid spec.${field}: ${what}`, field, {
      hint: 'Fix the source spec in your stack or atmos.yaml.',
    })
  }
  for (const key of Object.keys(spec)) {
    if (!known.includes(key)) problem(key, `unknown field. Known fields are ${known.join(', ')}.`)
  }
  return problem
}

/**
 * Credentials missing or expired, or an identity that cannot give any. Exit 3. `file` and
 * `yamlPath` name the identity's reference (`logs.sources.api.identity`) when the problem is in configuration.
 */
export class CredentialsError extends ConfigPlacedError {
  constructor(message: string, options: ConfigPlaceOptions = {}) {
    super(message, ExitCode.CREDENTIALS, options)
  }
}

/** A provider or its API failed. Exit 1. */
export class ProviderError extends AtmosLogsError {
  constructor(message: string, options?: AtmosLogsErrorOptions) {
    super(message, ExitCode.PROVIDER, options)
  }
}

/** The user interrupted (Ctrl-C). Exit 130. */
export class InterruptedError extends AtmosLogsError {
  constructor(message = 'Interrupted', options?: AtmosLogsErrorOptions) {
    super(message, ExitCode.INTERRUPTED, options)
  }
}

/** True for any error that carries an exit code, whichever copy of core made it. */
export function isAtmosLogsError(err: unknown): err is AtmosLogsError {
  return err instanceof Error && typeof (err as { exitCode?: unknown }).exitCode === 'number'
}

/** The exit code for any thrown value: ours carry one, anything else is a provider failure. */
export function exitCodeOf(err: unknown): number {
  if (isAtmosLogsError(err)) return err.exitCode
  if (err instanceof Error && err.name === 'AbortError') return ExitCode.INTERRUPTED
  return ExitCode.PROVIDER
}

/** The module a failed import names (`Cannot find package 'x'` / `Cannot find module '/y'`). */
export function missingModuleOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; message?: unknown } | null
  if (!e || (e.code !== 'ERR_MODULE_NOT_FOUND' && e.code !== 'MODULE_NOT_FOUND')) return undefined
  const match = /Cannot find (?:package|module) '([^']+)'/.exec(String(e.message))
  return match?.[1] ?? 'it imports'
}

/** Where a source sends its requests, and what chose that address (named when the address fails). */
export interface Endpoint {
  url: string
  /** `spec.endpoint`, `the GITHUB_API_URL environment variable`, …; `the default` when nothing did. */
  setBy: string
}

/** What `Endpoint.setBy` says when no setting chose the address: the service's own. */
export const DEFAULT_ENDPOINT = 'the default'

/**
 * Nothing answers at a source's endpoint (refused, unknown host, TLS): one sentence for every kind,
 * naming the address and what set it, since that is where the fix is. `where` is
 * `The <kind> source "<name>"`; `words` the socket's own.
 */
export function unreachableEndpointError(
  where: string,
  service: string,
  endpoint: Endpoint,
  words: string,
  cause: unknown,
): ProviderError {
  const chosen = endpoint.setBy !== DEFAULT_ENDPOINT
  const hint = chosen
    ? `Check ${endpoint.setBy}: is the address right, and is the service running there?`
    : `Check the network connection (and HTTPS_PROXY, when one is needed) to ${hostOf(endpoint.url)}.`
  return new ProviderError(
    `${where} could not reach ${service} at ${endpoint.url}${chosen ? ` (set by ${endpoint.setBy})` : ''}: ${words}. ${hint}`,
    { hint, cause },
  )
}

/**
 * Something other than the service answered at a source's endpoint (an HTML page, a proxy's 404):
 * the address, the call and the answer, and how to point the setting that chose it elsewhere.
 * `answer` is `HTTP 404, text/html`; `otherwise` what unsetting it gives (`AWS`, `api.github.com`);
 * `example` how an endpoint of the service looks, when that helps.
 */
export function notTheServiceError(
  where: string,
  service: { name: string; otherwise: string; example?: string },
  call: string,
  endpoint: Endpoint,
  answer: string,
  cause: unknown,
): ProviderError {
  const example = service.example ? ` (${service.example})` : ''
  const chosen = endpoint.setBy !== DEFAULT_ENDPOINT
  const hint = chosen
    ? `Point ${endpoint.setBy} at a ${service.name} endpoint${example}, or unset it to use ${service.otherwise}.`
    : `Check any proxy between here and ${hostOf(endpoint.url)}.`
  return new ProviderError(
    `${where} called ${call}, but the endpoint ${endpoint.url} did not answer like ${service.name} (${answer}).${chosen ? ` It comes from ${endpoint.setBy}.` : ''} ${hint}`,
    { hint, cause },
  )
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/**
 * The Cloud Logging v2 REST API through fetch, signed with Google's own auth library: the same
 * code talks to Google and to a local emulator, which only the endpoint tells apart. Requests go
 * through core's retrying caller, one limiter per project for the whole process.
 */
import type { GoogleCredentials, Logger } from '@atmos-logs/core/contract'
import {
  ConfigError,
  CredentialsError,
  DEFAULT_ENDPOINT,
  notTheServiceError,
  ProviderError,
  unreachableEndpointError,
} from '@atmos-logs/core/errors'
import {
  AdaptiveRateLimiter,
  type Clock,
  type FailureClass,
  isUnreachableCode,
  networkErrorCode,
  networkWords,
  type ReadProgress,
  RetryingCaller,
  sharedLimiter,
} from '@atmos-logs/core/runtime'
import type { CloudLogEntry } from './entry.js'

/** The variable gcloud reads for the Logging API's base URL; we honour it the same way. */
export const ENDPOINT_VARIABLE = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING'
export const GOOGLE_ENDPOINT = 'https://logging.googleapis.com/'
const READ_SCOPE = 'https://www.googleapis.com/auth/logging.read'
/**
 * What is sent to a loopback emulator instead of a Google token: no credential is looked up, so a
 * real token never travels over plain HTTP, and nothing secret is involved.
 */
export const EMULATOR_TOKEN = 'atmos-logs-emulator'
/** entries.list: 60 requests a minute per project, a quota Google does not raise. */
const LIST_RATE_PER_SECOND = 1
const ADC_FIX = 'gcloud auth application-default login'
/** Cloud Logging in messages about its endpoint. */
const SERVICE = { name: 'Cloud Logging', otherwise: "Google's" }

export interface Endpoint {
  /** Base URL ending in `/`, before `v2/...`. */
  url: string
  setBy: string
  /** A loopback http:// endpoint: an emulator, reached without Google credentials. */
  emulator: boolean
}

/** The endpoint: spec.endpoint, else CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING, else Google's. */
export function resolveEndpoint(
  specEndpoint: string | undefined,
  env: NodeJS.ProcessEnv,
  source: string,
): Endpoint {
  const fromEnv = env[ENDPOINT_VARIABLE]?.trim()
  const [raw, setBy] = specEndpoint
    ? [specEndpoint, 'spec.endpoint']
    : fromEnv
      ? [fromEnv, `the ${ENDPOINT_VARIABLE} environment variable`]
      : [GOOGLE_ENDPOINT, DEFAULT_ENDPOINT]
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(
      `The gcp/logging source "${source}" has an endpoint that is not a URL (set by ${setBy}).`,
      {
        hint: `Set ${setBy} to a URL such as https://logging.googleapis.com/.`,
      },
    )
  }
  // gcloud's override names the API root; a trailing v2/ is the version, which we add ourselves.
  const base = `${url.origin}${url.pathname.replace(/\/?(v2\/?)?$/, '')}/`
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (url.protocol === 'http:' && !loopback) {
    throw new ConfigError(
      `The gcp/logging source "${source}" would send Google credentials over plain HTTP to ${url.origin} (set by ${setBy}).`,
      {
        hint: 'Use an https:// endpoint; plain http:// is only for an emulator on this machine (127.0.0.1).',
      },
    )
  }
  return { url: base, setBy, emulator: url.protocol === 'http:' && loopback }
}

/** What signs requests: Google's ADC, an atmos identity's token, or the emulator's placeholder. */
export interface TokenSource {
  /** Named in messages: "Application Default Credentials" or "the emulator's test token". */
  label: string
  /** What to run when these credentials are missing, expired or refused (a sentence); ADC's by default. */
  fix?: string
  token(): Promise<string>
}

const ADC_HINT = `Run \`${ADC_FIX}\` (or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file) and try again.`

/** Application Default Credentials through google-auth-library (GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, the metadata server). */
export function adcTokenSource(
  source: string,
  env: NodeJS.ProcessEnv,
  via: { label: string; fix: string; keyFilename?: string } = {
    label: env.GOOGLE_APPLICATION_CREDENTIALS
      ? 'Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS)'
      : 'Application Default Credentials',
    fix: ADC_HINT,
  },
): TokenSource {
  let auth: Promise<{ getAccessToken(): Promise<string | null | undefined> }> | undefined
  const tokens: TokenSource = {
    label: via.label,
    fix: via.fix,
    async token() {
      auth ??= import('google-auth-library').then(
        ({ GoogleAuth }) =>
          new GoogleAuth({
            scopes: [READ_SCOPE],
            ...(via.keyFilename ? { keyFilename: via.keyFilename } : {}),
          }),
      )
      try {
        const token = await (await auth).getAccessToken()
        if (!token) throw new Error('no access token was returned')
        return token
      } catch (err) {
        throw credentialsError(source, tokens, firstLine(err), err)
      }
    },
  }
  return tokens
}

/**
 * The Google credentials of an atmos identity: its access token as is (atmos auth refreshes it,
 * so an expired one means signing in again), or its credentials file through Google's library, or
 * (a project identity with no token of its own) Application Default Credentials for it.
 */
export function identityTokenSource(
  source: string,
  creds: GoogleCredentials,
  env: NodeJS.ProcessEnv,
  now: () => number,
): TokenSource {
  const fix = `Run \`atmos auth login --identity ${creds.identity}\`, then try again.`
  if (creds.accessToken) {
    const token = creds.accessToken
    const tokens: TokenSource = {
      label: `the access token of identity "${creds.identity}"`,
      fix,
      async token() {
        if (creds.expiration && creds.expiration.getTime() <= now())
          throw credentialsError(source, tokens, `it expired at ${creds.expiration.toISOString()}`)
        return token
      },
    }
    return tokens
  }
  if (creds.credentialsFile)
    return adcTokenSource(source, env, {
      label: `the credentials file of identity "${creds.identity}"`,
      fix,
      keyFilename: creds.credentialsFile,
    })
  return adcTokenSource(source, env, {
    label: `Application Default Credentials (identity "${creds.identity}" has no token of its own)`,
    fix: ADC_HINT,
  })
}

export function emulatorTokenSource(): TokenSource {
  return { label: "the emulator's test token", token: async () => EMULATOR_TOKEN }
}

function credentialsError(
  source: string,
  tokens: TokenSource,
  why: string,
  cause?: unknown,
): CredentialsError {
  const hint = tokens.fix ?? ADC_HINT
  return new CredentialsError(
    `The gcp/logging source "${source}" could not sign in to Cloud Logging with ${tokens.label}: ${why}. ${hint}`,
    { hint, cause },
  )
}

const firstLine = (err: unknown) =>
  String((err as Error)?.message ?? err)
    .split('\n')[0]!
    .replace(/\.$/, '')

/** An answer other than 200, with Google's google.rpc.Status when the body carried one. */
export class GoogleApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: string | undefined,
    message: string,
    readonly contentType?: string,
  ) {
    super(message)
    this.name = 'GoogleApiError'
  }
}

/** A 200 whose body is not the JSON it should be (a transfer cut short). */
class CutBody extends Error {
  constructor(
    message: string,
    readonly contentType: string | undefined,
  ) {
    super(message)
  }
}

/** How the retrying caller treats a failed call. */
export function classify(err: unknown): FailureClass {
  if (err instanceof GoogleApiError) {
    if (err.httpStatus === 429 || err.status === 'RESOURCE_EXHAUSTED') return 'throttle'
    if (err.httpStatus >= 500) return 'transient'
    return 'fatal'
  }
  if (err instanceof CutBody) return 'transient'
  if (err instanceof CredentialsError) return 'fatal'
  if (isUnreachableCode(networkErrorCode(err))) return 'unreachable'
  // fetch's "fetch failed" / "terminated": a dropped or reset connection
  if (err instanceof TypeError) return 'transient'
  return 'fatal'
}

export interface LoggingApiOptions {
  source: string
  endpoint: Endpoint
  tokens: TokenSource
  logger: Logger
  clock: Clock
  /** Limiters of their own (tests with a manual clock); default: shared across the process. */
  ownLimiters?: boolean
}

export interface ListRequest {
  resourceNames: string[]
  filter: string
  orderBy: 'timestamp asc' | 'timestamp desc'
  pageSize: number
  pageToken?: string
}

export class LoggingApi {
  private readonly limiters = new Map<string, AdaptiveRateLimiter>()
  constructor(private readonly opts: LoggingApiOptions) {}

  /** entries.list's quota is the project's: one limiter per endpoint and project, shared by every source. */
  private limiter(project: string): AdaptiveRateLimiter {
    const key = `gcp-logging ${this.opts.endpoint.url} ${project} ListLogEntries`
    if (!this.opts.ownLimiters) return sharedLimiter(key, LIST_RATE_PER_SECOND)
    let limiter = this.limiters.get(key)
    if (!limiter) {
      limiter = new AdaptiveRateLimiter({ ratePerSecond: LIST_RATE_PER_SECOND, clock: this.opts.clock })
      this.limiters.set(key, limiter)
    }
    return limiter
  }

  private caller(project: string, progress: ReadProgress | undefined, resources: string[]): RetryingCaller {
    const { source, endpoint, logger, clock } = this.opts
    return new RetryingCaller({
      limiterFor: () => this.limiter(project),
      classify,
      finalError: (err, api) => this.explain(err, api, resources),
      describe: {
        service: 'Cloud Logging',
        source,
        endpointHint: `Check that ${endpoint.url} is reachable (set by ${endpoint.setBy})`,
      },
      logger,
      clock,
      progress,
      describeFailure: (err) =>
        err instanceof GoogleApiError
          ? `HTTP ${err.httpStatus} ${err.status ?? ''}`.trim()
          : err instanceof CutBody
            ? `an answer Cloud Logging would not give (HTTP 200, ${err.contentType ?? 'no content type'})`
            : undefined,
    })
  }

  /** One page of entries.list, retried (the same page token) until it is answered. */
  async listPage(
    req: ListRequest,
    signal: AbortSignal,
    progress?: ReadProgress,
  ): Promise<{ entries: CloudLogEntry[]; nextPageToken?: string }> {
    const project = req.resourceNames[0] ?? 'unknown'
    const out = await this.caller(project, progress, req.resourceNames).call(
      'entries.list',
      (s) => this.post<{ entries?: CloudLogEntry[]; nextPageToken?: string }>('v2/entries:list', req, s),
      signal,
      project,
    )
    return { entries: out.entries ?? [], nextPageToken: out.nextPageToken || undefined }
  }

  /** logs.list of one parent: the log names that have entries. */
  async listLogs(parent: string, signal: AbortSignal): Promise<string[]> {
    const names: string[] = []
    let pageToken: string | undefined
    do {
      const query = new URLSearchParams({ pageSize: '1000', ...(pageToken ? { pageToken } : {}) })
      const out = await this.caller(parent, undefined, [parent]).call(
        'logs.list',
        (s) => this.get<{ logNames?: string[]; nextPageToken?: string }>(`v2/${parent}/logs?${query}`, s),
        signal,
        parent,
      )
      names.push(...(out.logNames ?? []))
      pageToken = out.nextPageToken || undefined
    } while (pageToken)
    return names
  }

  private post<T>(path: string, body: unknown, signal: AbortSignal): Promise<T> {
    return this.send<T>(path, { method: 'POST', body: JSON.stringify(body) }, signal)
  }

  private get<T>(path: string, signal: AbortSignal): Promise<T> {
    return this.send<T>(path, { method: 'GET' }, signal)
  }

  private async send<T>(path: string, init: RequestInit, signal: AbortSignal): Promise<T> {
    const token = await this.opts.tokens.token()
    const res = await fetch(`${this.opts.endpoint.url}${path}`, {
      ...init,
      signal,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'user-agent': 'atmos-logs-provider-gcp',
      },
    })
    const text = await res.text()
    if (!res.ok) {
      let status: string | undefined
      let message = text.slice(0, 300)
      try {
        const body = JSON.parse(text) as { error?: { status?: string; message?: string } }
        status = body.error?.status
        message = body.error?.message ?? message
      } catch {
        // not Google's error body: keep the start of the text
      }
      throw new GoogleApiError(res.status, status, message, contentTypeOf(res))
    }
    try {
      return JSON.parse(text) as T
    } catch {
      throw new CutBody(`a ${text.length}-byte answer that is not whole JSON`, contentTypeOf(res))
    }
  }

  /** The error a failed call of `api` on `resources` ends the read with: exit code, words and hint. */
  explain(err: unknown, api: string, resources: string[]): Error {
    const { source, endpoint, tokens } = this.opts
    const where = `The gcp/logging source "${source}"`
    const shown = { url: endpoint.url.replace(/\/$/, ''), setBy: endpoint.setBy }
    if (err instanceof CredentialsError) return err
    if (err instanceof GoogleApiError) {
      const words = `HTTP ${err.httpStatus}${err.status ? ` ${err.status}` : ''}: ${err.message.replace(/\.$/, '')}`
      if (err.httpStatus === 401)
        return credentialsError(source, tokens, `Cloud Logging refused them (${words})`, err)
      if (err.httpStatus === 403 && /or it may not exist/i.test(err.message)) {
        // Google answers a project that does not exist as one the caller may not read.
        const projects = resources
          .filter((r) => r.startsWith('projects/'))
          .map((r) => r.slice('projects/'.length))
        const check = projects.length
          ? `Check the project id in the source's spec (\`gcloud projects describe ${projects[0]}\` says whether it exists and is visible to you)`
          : "Check the folder or organization id in the source's spec"
        const hint = `${check}; if it is right, grant the Logs Viewer role (roles/logging.viewer) on it to the account you signed in with.`
        return new ProviderError(
          `${where} could not read ${resources.join(', ')}: either it does not exist or ${tokens.label} may not read its logs; Cloud Logging gives the same answer to both (${words}). ${hint}`,
          { hint, cause: err },
        )
      }
      if (err.httpStatus === 403) {
        const hint =
          'Grant the Logs Viewer role (roles/logging.viewer) on the project to the account you signed in with, or use one that has it.'
        return new ProviderError(`${where} was denied ${api} with ${tokens.label} (${words}). ${hint}`, {
          hint,
          cause: err,
        })
      }
      if (err.httpStatus === 400) {
        // Google's positions count in the whole query (spec, --filter and time range joined).
        const hint =
          'Check spec.filter and --filter: they are the Logging query language (field="value", severity>=ERROR, AND, OR, NOT); --debug prints the whole query sent, in which the position above counts.'
        return new ConfigError(`${where}: Cloud Logging refused the query (${words}). ${hint}`, {
          hint,
          cause: err,
        })
      }
      if (err.status === undefined && endpoint.setBy !== DEFAULT_ENDPOINT) {
        const what = [`HTTP ${err.httpStatus}`, err.contentType].filter(Boolean).join(', ')
        return notTheServiceError(where, SERVICE, api, shown, what, err)
      }
      const hint = 'Try again; if it keeps failing, run with --debug for details.'
      return new ProviderError(`${where} failed calling ${api} (${words}). ${hint}`, { hint, cause: err })
    }
    if (classify(err) === 'unreachable')
      return unreachableEndpointError(
        where,
        SERVICE.name,
        shown,
        `${networkWords(err)} (${networkErrorCode(err)})`,
        err,
      )
    const hint = 'Try again; if it keeps failing, run with --debug for details.'
    return new ProviderError(`${where} failed calling ${api}: ${networkWords(err)}. ${hint}`, {
      hint,
      cause: err,
    })
  }
}

/** The media type of an answer, without parameters (`text/html`). */
function contentTypeOf(res: Response): string | undefined {
  return res.headers.get('content-type')?.split(';')[0]?.trim() || undefined
}

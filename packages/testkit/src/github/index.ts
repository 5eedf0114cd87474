/**
 * The GitHub Actions emulator: GitHub REST routes for workflow runs, jobs and logs (mounted by the
 * testkit server under `/github`), plus the log storage origin the log routes redirect to.
 * Status is derived from the injected clock, so runs move queued → in_progress → completed as a
 * test advances time.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock.js'
import { type FaultConfig, FaultInjector } from '../faults.js'
import { StatsRecorder } from '../stats.js'
import { BLOB_OPERATIONS, serveBlob } from './blobs.js'
import { ETag } from './etag.js'
import {
  ANONYMOUS_LIMIT,
  AUTHENTICATED_LIMIT,
  RateLimiter,
  type RateLimitState,
  searchLimit,
} from './limits.js'
import { ValidationFailed } from './query.js'
import { docUrlFor, errorReply, matchRoute, RATE_LIMIT_OPERATION, type Reply, ROUTES } from './routes.js'
import type { GitHubSeed } from './seed.js'
import { UrlSigner } from './signing.js'
import { GitHubStore } from './store.js'

export { demoGitHubSeed } from './demo.js'
export type { GitHubSeed } from './seed.js'
export { GitHubSeedError, parseGitHubSeed } from './seed.js'

export interface GitHubEmulatorOptions {
  clock: Clock
  /** Base URL of the second listener (the log storage origin), e.g. `http://127.0.0.1:4567`. */
  logsOrigin: () => string
  /** Where the server mounts the API; used to build absolute URLs in bodies and `Link` (default `/github`). */
  apiPrefix?: string
  /** The fault injector shared with the other emulated services (one of its own when absent). */
  faults?: FaultInjector
  /** The call recorder shared with the other emulated services (one of its own when absent). */
  stats?: StatsRecorder
}

export interface GitHubStats {
  calls: Record<string, number>
  /** Calls refused by an injected throttle or the real per-caller limit, per operation. */
  throttled: Record<string, number>
}

export interface GitHubEmulator {
  /** A request under the API prefix; `path` is stripped of the prefix and keeps its query. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>
  /** A request to the log storage origin (the second listener). */
  handleLogs(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Adds repositories; re-seeding a repository replaces it. Throws GitHubSeedError on a bad seed. */
  seed(data: GitHubSeed): void
  reset(): void
  /** Sets the faults of the injector this emulator uses (shared with the AWS services when given one). */
  setFaults(f: FaultConfig): void
  /** Calls and throttles per operation, from the recorder this emulator uses. */
  stats(): GitHubStats
}

const RATE_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'

type Caller = { anonymous: true; key: string } | { anonymous: false; key: string; token: string }

/**
 * The shapes GitHub issues tokens in: classic and OAuth/app tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`,
 * `ghr_` and 36 characters), fine-grained ones (`github_pat_`), and the 40-hex-digit legacy form.
 * Anything else can never be valid, so GitHub answers 401 Bad credentials.
 */
const TOKEN_SHAPE =
  /^(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255}|v1\.[0-9a-f]{40}|[0-9a-f]{40})$/

/** Reads the token from `token X`, `Bearer X` or Basic auth (whose password is the token). */
function identify(req: IncomingMessage): Caller | 'malformed' {
  const header = req.headers.authorization
  if (!header) return { anonymous: true, key: `ip:${req.socket.remoteAddress ?? 'unknown'}` }
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2)
  let token: string | undefined
  if (/^(token|bearer)$/i.test(scheme)) token = value
  else if (/^basic$/i.test(scheme))
    token = Buffer.from(value, 'base64').toString('utf8').split(':').slice(1).join(':')
  if (!token) return 'malformed'
  // Callers are told apart by a hash: the emulator never keeps a token it was sent.
  return { anonymous: false, token, key: `token:${createHash('sha256').update(token).digest('hex')}` }
}

function rateHeaders(s: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': String(s.reset),
    'x-ratelimit-used': String(s.used),
    'x-ratelimit-resource': 'core',
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const requestId = () => {
  const b = randomBytes(10).toString('hex').toUpperCase()
  return `${b.slice(0, 4)}:${b.slice(4, 10)}:${b.slice(10, 16)}:${b.slice(16, 20)}`
}

function write(
  res: ServerResponse,
  method: string,
  status: number,
  headers: Record<string, string>,
  body: string | Uint8Array,
) {
  return new Promise<void>((resolve) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
    res.writeHead(status, { ...headers, 'content-length': String(bytes.byteLength) })
    res.end(method === 'HEAD' ? undefined : bytes, () => resolve())
  })
}

export function createGitHubEmulator(opts: GitHubEmulatorOptions): GitHubEmulator {
  const { clock } = opts
  const apiPrefix = opts.apiPrefix ?? '/github'
  const store = new GitHubStore()
  const limiter = new RateLimiter(clock)
  const faults = opts.faults ?? new FaultInjector()
  const recorder = opts.stats ?? new StatsRecorder()
  const signer = new UrlSigner(clock)
  const logsOrigin = () => opts.logsOrigin().replace(/\/+$/, '')
  const record = (operation: string, params: Record<string, unknown>) =>
    recorder.record({ operation, service: 'github', accessKeyId: null, params, time: clock.now() })

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(path.startsWith('/') ? path : `/${path}`, 'http://github.invalid')
    const apiBase = `http://${req.headers.host ?? '127.0.0.1'}${apiPrefix}`
    const isRateLimitRoute = /^\/rate_limit\/?$/.test(url.pathname)
    let match: ReturnType<typeof matchRoute>
    try {
      match = isRateLimitRoute ? undefined : matchRoute(url.pathname)
    } catch {
      match = undefined // a malformed percent-escape: no such resource
    }
    const operation = isRateLimitRoute ? RATE_LIMIT_OPERATION : (match?.route.operation ?? 'unknownRoute')
    const docUrl = docUrlFor(match?.route)
    record(operation, { ...match?.params, ...Object.fromEntries(url.searchParams) })

    const caller = identify(req)
    const base: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': requestId(),
    }
    const anonymousLimit = () =>
      limiter.take(caller === 'malformed' ? 'malformed' : caller.key, ANONYMOUS_LIMIT)
    const send = (reply: Reply, rate: RateLimitState) =>
      write(
        res,
        method,
        reply.status,
        { ...base, ...rateHeaders(rate), ...reply.headers },
        reply.json === undefined ? '' : JSON.stringify(reply.json),
      )

    if (
      caller === 'malformed' ||
      (!caller.anonymous &&
        (store.acceptedTokens ? !store.acceptedTokens.has(caller.token) : !TOKEN_SHAPE.test(caller.token)))
    ) {
      return send(errorReply(401, 'Bad credentials', 'https://docs.github.com/rest'), anonymousLimit())
    }
    const limit = caller.anonymous ? ANONYMOUS_LIMIT : AUTHENTICATED_LIMIT

    if (isRateLimitRoute) {
      const s = limiter.peek(caller.key, limit)
      const core = { ...s, resource: 'core' }
      const search = searchLimit(caller.anonymous, clock.now())
      return send({ status: 200, json: { resources: { core, search }, rate: core } }, s)
    }

    const latency = faults.latencyFor(operation)
    if (latency > 0) await sleep(latency)
    const fault = faults.decide(operation)
    if (fault) recorder.recordFault(fault)
    if (fault === 'reset') {
      req.socket.destroy()
      return
    }
    if (fault === 'error5xx') {
      return send(
        errorReply(503, 'Service Unavailable: the emulator injected this error (faults.error5xx).', docUrl),
        limiter.peek(caller.key, limit),
      )
    }
    if (fault === 'accessDenied') {
      // What a fine-grained token without the Actions permission (or a classic one without `repo`) meets.
      return send(
        errorReply(403, 'Resource not accessible by personal access token', docUrl),
        limiter.peek(caller.key, limit),
      )
    }
    if (fault === 'throttle') {
      recorder.recordThrottle(operation)
      if (faults.throttleKind() === 'secondary') {
        return send(
          {
            ...errorReply(
              429,
              'You have exceeded a secondary rate limit. Wait for the retry-after seconds before trying again.',
              `${RATE_DOCS}#about-secondary-rate-limits`,
            ),
            headers: { 'retry-after': String(faults.config.retryAfterSeconds ?? 1) },
          },
          limiter.peek(caller.key, limit),
        )
      }
      const resetAt = Math.ceil(clock.now() / 1000) + 1
      return send(
        errorReply(
          403,
          `API rate limit exceeded for ${caller.anonymous ? 'this address' : 'this token'}.`,
          `${RATE_DOCS}#about-primary-rate-limits`,
        ),
        { limit, remaining: 0, reset: resetAt, used: limit },
      )
    }

    let reply: Reply
    try {
      if (!match || (method !== 'GET' && method !== 'HEAD')) reply = errorReply(404, 'Not Found', docUrl)
      else {
        reply = match.route.handler({
          store,
          now: clock.now(),
          apiBase,
          pathname: url.pathname,
          query: url.searchParams,
          params: match.params,
          anonymous: caller.anonymous,
          signer,
          logsOrigin: logsOrigin(),
          docUrl,
        })
      }
    } catch (err) {
      reply =
        err instanceof ValidationFailed
          ? errorReply(422, `Validation Failed: ${err.message}`, docUrl, {
              errors: [{ resource: 'Search', field: err.field, code: 'invalid' }],
            })
          : errorReply(500, `The GitHub emulator failed on ${operation}: ${(err as Error).message}`, docUrl)
    }
    const pollInterval = faults.config.pollIntervalSeconds
    const polled = match?.route.polled && pollInterval !== undefined
    const extra: Record<string, string> = polled ? { 'x-poll-interval': String(pollInterval) } : {}

    if (fault === 'malformed') {
      // An answer cut short on its way (a proxy, a dropped transfer): a success's status and
      // headers, and the first half of its JSON; a log route's success is a redirect, whose cut
      // answer is a 200 with the start of a JSON body.
      const whole =
        reply.status === 200 && reply.json !== undefined ? JSON.stringify(reply.json) : '{"message":"'
      const rate = limiter.take(caller.key, limit)
      return write(
        res,
        method,
        200,
        { ...base, ...rateHeaders(rate), ...extra },
        whole.slice(0, Math.max(1, Math.floor(whole.length / 2))),
      )
    }

    // Conditional requests that match cost nothing, as on GitHub.
    let etag: string | undefined
    if (reply.status === 200 && reply.json !== undefined) {
      etag = ETag.of(JSON.stringify(reply.json))
      if (ETag.matches(req.headers['if-none-match'], etag)) {
        const rate = limiter.peek(caller.key, limit)
        return write(res, method, 304, { ...base, ...rateHeaders(rate), ...extra, etag }, '')
      }
    }
    const rate = limiter.take(caller.key, limit)
    if (!rate.allowed) {
      recorder.recordThrottle(operation)
      return send(
        errorReply(
          403,
          `API rate limit exceeded for ${caller.anonymous ? 'this address' : 'this token'}.`,
          `${RATE_DOCS}#about-primary-rate-limits`,
        ),
        rate,
      )
    }
    const cache = `${caller.anonymous ? 'public' : 'private'}, max-age=60, s-maxage=60`
    return send(
      {
        ...reply,
        headers: { 'cache-control': cache, ...(etag ? { etag } : {}), ...extra, ...reply.headers },
      },
      rate,
    )
  }

  async function handleLogs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', 'http://logs.invalid')
    const { operation, reply } = serveBlob(store, signer, clock.now(), method, url, {
      runningJobLogs: faults.config.runningJobLogs ?? 'not-found',
      expired: (op) => faults.chance(op, 'expiredLogUrls'),
    })
    record(operation, { path: url.pathname })
    return write(res, method, reply.status, reply.headers, reply.body)
  }

  // The recorder may be shared with the AWS services: report GitHub's operations only.
  const operations = new Set([
    ...ROUTES.map((r) => r.operation),
    RATE_LIMIT_OPERATION,
    'unknownRoute',
    ...BLOB_OPERATIONS,
  ])
  const own = (table: Record<string, number>) =>
    Object.fromEntries(Object.entries(table).filter(([op]) => operations.has(op)))

  return {
    handle,
    handleLogs,
    seed: (data) => store.seed(data),
    reset() {
      store.reset()
      limiter.reset()
      faults.clear()
      recorder.reset()
    },
    setFaults: (f) => faults.set(f),
    stats: () => {
      const snap = recorder.snapshot()
      return { calls: own(snap.calls), throttled: own(snap.throttled) }
    },
  }
}

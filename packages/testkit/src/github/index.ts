/**
 * The GitHub Actions emulator: GitHub REST routes for workflow runs, jobs and logs (mounted by the
 * testkit server under `/github`), plus the log storage origin the log routes redirect to.
 * Status is derived from the injected clock, so runs move queued → in_progress → completed as a
 * test advances time.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock.js'
import { serveBlob } from './blobs.js'
import {
  ANONYMOUS_LIMIT,
  AUTHENTICATED_LIMIT,
  FaultInjector,
  type GitHubFaults,
  RateLimiter,
  type RateLimitState,
} from './limits.js'
import { ValidationFailed } from './query.js'
import { docUrlFor, errorReply, matchRoute, RATE_LIMIT_OPERATION, type Reply } from './routes.js'
import type { GitHubSeed } from './seed.js'
import { UrlSigner } from './signing.js'
import { GitHubStore } from './store.js'

export { demoGitHubSeed } from './demo.js'
export type { GitHubFaults } from './limits.js'
export type {
  GitHubSeed,
  GitHubSeedAttempt,
  GitHubSeedJob,
  GitHubSeedRepo,
  GitHubSeedRun,
  GitHubSeedStep,
  GitHubSeedWorkflow,
} from './seed.js'
export { GitHubSeedError, parseGitHubSeed } from './seed.js'

export interface GitHubEmulatorOptions {
  clock: Clock
  /** Base URL of the second listener (the log storage origin), e.g. `http://127.0.0.1:4567`. */
  logsOrigin: () => string
  /** Where the server mounts the API; used to build absolute URLs in bodies and `Link` (default `/github`). */
  apiPrefix?: string
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
  setFaults(f: GitHubFaults): void
  stats(): GitHubStats
}

const RATE_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'

type Caller = { anonymous: true; key: string } | { anonymous: false; key: string; token: string }

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
  const faults = new FaultInjector()
  const signer = new UrlSigner(clock)
  let calls: Record<string, number> = {}
  let throttled: Record<string, number> = {}
  const count = (table: Record<string, number>, op: string) => {
    table[op] = (table[op] ?? 0) + 1
  }
  const logsOrigin = () => opts.logsOrigin().replace(/\/+$/, '')

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
    count(calls, operation)

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
      (!caller.anonymous && store.acceptedTokens && !store.acceptedTokens.has(caller.token))
    ) {
      return send(errorReply(401, 'Bad credentials', 'https://docs.github.com/rest'), anonymousLimit())
    }
    const limit = caller.anonymous ? ANONYMOUS_LIMIT : AUTHENTICATED_LIMIT

    if (isRateLimitRoute) {
      const s = limiter.peek(caller.key, limit)
      const core = { ...s, resource: 'core' }
      return send({ status: 200, json: { resources: { core }, rate: core } }, s)
    }

    const fault = faults.decide(operation)
    if (fault === 'error5xx') {
      return send(
        errorReply(503, 'Service Unavailable: the emulator injected this error (faults.error5xx).', docUrl),
        limiter.peek(caller.key, limit),
      )
    }
    if (fault === 'secondary') {
      count(throttled, operation)
      return send(
        {
          ...errorReply(
            429,
            'You have exceeded a secondary rate limit. Wait for the retry-after seconds before trying again.',
            `${RATE_DOCS}#about-secondary-rate-limits`,
          ),
          headers: { 'retry-after': '1' },
        },
        limiter.peek(caller.key, limit),
      )
    }
    if (fault === 'primary') {
      count(throttled, operation)
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

    // Conditional requests that match cost nothing, as on GitHub.
    let etag: string | undefined
    if (reply.status === 200 && reply.json !== undefined) {
      etag = `W/"${createHash('sha256').update(JSON.stringify(reply.json)).digest('hex')}"`
      if (req.headers['if-none-match'] === etag) {
        return write(res, method, 304, { ...base, ...rateHeaders(limiter.peek(caller.key, limit)), etag }, '')
      }
    }
    const rate = limiter.take(caller.key, limit)
    if (!rate.allowed) {
      count(throttled, operation)
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
      { ...reply, headers: { 'cache-control': cache, ...(etag ? { etag } : {}), ...reply.headers } },
      rate,
    )
  }

  async function handleLogs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', 'http://logs.invalid')
    const { operation, reply } = serveBlob(store, signer, clock.now(), method, url)
    count(calls, operation)
    return write(res, method, reply.status, reply.headers, reply.body)
  }

  return {
    handle,
    handleLogs,
    seed: (data) => store.seed(data),
    reset() {
      store.reset()
      limiter.reset()
      faults.set({})
      calls = {}
      throttled = {}
    },
    setFaults: (f) => faults.set(f),
    stats: () => ({ calls: { ...calls }, throttled: { ...throttled } }),
  }
}

/**
 * The GitHub REST client: octokit with the throttling plugin (waits out primary and secondary rate
 * limits) and the retry plugin (5xx and dropped connections), plus what octokit leaves to us:
 * slowing down before the primary limit runs out, conditional requests that cost nothing, and the
 * short-lived log URLs GitHub redirects to, fetched at once and without the token.
 */
import type { Logger } from '@atmos-logs/core/contract'
import { ProviderError } from '@atmos-logs/core/errors'
import {
  abortError,
  backoffDelay,
  type Clock,
  isUnreachableCode,
  networkErrorCode,
  networkWords,
  type ReadProgress,
} from '@atmos-logs/core/runtime'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { RequestError } from '@octokit/request-error'
import { Octokit } from '@octokit/rest'
import { OPERATIONS } from './github-types.js'

export interface ApiOptions {
  baseUrl: string
  token?: string
  logger: Logger
  clock: Clock
  /** Slow down when fewer than this share of the hourly limit is left (default 0.1). */
  slowBelow?: number
}

/**
 * Who a call is made for: the read's signal, its progress sink, and where a wait is explained.
 * Passed with every call rather than kept on the client, so one client serves concurrent reads.
 */
export interface Call {
  signal: AbortSignal
  progress?: ReadProgress
  /**
   * A wait begins (a rate limit, slowing down before one); `kind` tells waits apart, so that the
   * read can say each kind once on stderr rather than once per request.
   */
  waiting?(kind: WaitKind, text: string): void
}

export type WaitKind = 'rate-limit' | 'secondary-limit' | 'slowing'

/** Octokit hands a request's `request` options to every hook and plugin callback: the call rides there. */
type WithCall = { request?: { atmosCall?: Call } }
const callOf = (options: unknown): Call | undefined => (options as WithCall | undefined)?.request?.atmosCall
const requestOptions = (call: Call, extra: Record<string, unknown> = {}) => ({
  ...extra,
  signal: call.signal,
  atmosCall: call,
})

export interface Answer<T> {
  data: T
  headers: Record<string, string | number | undefined>
  /** The answer came from a 304: nothing changed since the last call with the same parameters. */
  notModified: boolean
}

interface RateState {
  limit: number
  remaining: number
  resetMs: number
}

const BLOB_ATTEMPTS = 4
/** How read progress names the fetch of a signed log URL. */
const LOG_DOWNLOAD = 'log download'
const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 19)

/**
 * A success whose body is not whole JSON, as a dropped transfer or a proxy cuts it: worth another
 * attempt. Its status is the 500 octokit gives an answer it could not get (a failed connection),
 * so that the retry plugin retries it the same way.
 */
export class CutAnswer extends RequestError {
  constructor(
    readonly answer: { status: number; contentType: string },
    options: ConstructorParameters<typeof RequestError>[2],
  ) {
    super(`a ${answer.status} answer whose JSON body is cut short`, 500, options)
  }
}

/** A success that is not JSON at all (an HTML page): not GitHub's API, and not worth retrying. */
export class NotGitHubAnswer extends Error {
  constructor(
    readonly answer: { status: number; contentType: string },
    readonly api: string,
  ) {
    super(`a ${answer.status} answer of ${answer.contentType}, not JSON`)
    this.name = 'NotGitHubAnswer'
  }
}

/** The media type of an answer, without its parameters (`text/html`). */
export const contentTypeOf = (headers: Record<string, unknown> | undefined): string =>
  String(headers?.['content-type'] ?? '')
    .split(';')[0]!
    .trim() || 'no content type'

const isJsonType = (type: string) => /^application\/([\w.+-]+\+)?json$/.test(type)

/** How a failure that will be retried is named in read progress (and so in --timeout messages). */
function failureWords(err: unknown): string {
  if (err instanceof CutAnswer)
    return `an answer GitHub would not give (HTTP ${err.answer.status}, ${err.answer.contentType})`
  const e = err as { status?: number; response?: unknown }
  return e.response ? `HTTP ${e.status}` : networkWords(err)
}

/**
 * Reports every attempt to the read's progress: a page, a rate limit, a failure that will be
 * retried (the CLI's watchdog counts these to bound and explain a wait). Applied before the
 * throttling and retry plugins, so that it sits inside them and sees each attempt rather than
 * only the outcome. It also turns a success octokit could not read as JSON (it hands such a body
 * over as text) into a failure: a cut one for the retry plugin to retry, any other as not GitHub.
 */
function reportProgress(octokit: Pick<Octokit, 'hook'>) {
  octokit.hook.wrap('request', async (request, opts) => {
    const api = operationOf(opts.method, opts.url)
    const progress = callOf(opts)?.progress
    try {
      const res = await request(opts)
      const unread =
        res.status >= 200 &&
        res.status < 300 &&
        res.status !== 204 &&
        (res.data === null || typeof res.data !== 'object' || res.data instanceof ArrayBuffer)
      if (unread) {
        const answer = { status: res.status, contentType: contentTypeOf(res.headers) }
        if (!isJsonType(answer.contentType)) throw new NotGitHubAnswer(answer, api)
        throw new CutAnswer(answer, { request: opts as never, response: res as never })
      }
      progress?.page(api)
      return res
    } catch (err) {
      if (err instanceof NotGitHubAnswer) throw err
      const e = err as { status?: number; response?: { headers?: Record<string, unknown> } }
      const status = e.status ?? 0
      // 3xx: an unchanged answer (304) or a log redirect, both answers.
      if (status >= 300 && status < 400) progress?.page(api)
      else if (status === 429 || (status === 403 && isRateLimit(e.response?.headers ?? {})))
        progress?.throttled(api)
      else if (status >= 500) {
        progress?.failed(api, failureWords(err))
        // Nothing listens there: one more attempt (a server that was just starting), not three.
        if (!e.response && isUnreachableCode(networkErrorCode(err)) && opts.request)
          (opts.request as { retries?: number }).retries = 1
      }
      throw err
    }
  })
  return {}
}

/** Routes as patterns: pagination calls with the expanded URL (base URL, path and query). */
const OPERATION_PATTERNS = Object.entries(OPERATIONS).map(([route, name]) => {
  const [method, path] = route.split(' ') as [string, string]
  return { method, path: new RegExp(`${path.replace(/\{\w+\}/g, '[^/?]+')}(\\?.*)?$`), name }
})

/** `listWorkflowRuns` for a call of that route, whether its URL is the template or expanded. */
export function operationOf(method: string, url: string): string {
  const found = OPERATION_PATTERNS.find((o) => o.method === method && o.path.test(url))
  return found?.name ?? `${method} ${url.replace(/\?.*$/, '')}`
}

/** A 403 that is a rate limit (primary: none left; secondary: a retry-after), not a refusal. */
function isRateLimit(headers: Record<string, unknown>): boolean {
  return headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined
}

const RetryingOctokit: typeof Octokit = Octokit.plugin(reportProgress, throttling, retry)

export class GitHubApi {
  readonly octokit: Octokit
  /** Requests made, for --debug and the bench: API calls and log downloads. */
  readonly counts = { api: 0, blobs: 0 }
  private rate: RateState | undefined
  private readonly cache = new Map<
    string,
    { etag: string; data: unknown; headers: Answer<unknown>['headers'] }
  >()

  constructor(private readonly opts: ApiOptions) {
    const { logger } = opts
    this.octokit = new RetryingOctokit({
      baseUrl: opts.baseUrl,
      auth: opts.token,
      userAgent: 'atmos-logs-provider-github-actions',
      log: {
        // octokit says a bare 'request' before each call; the line after it says which one.
        debug: (m: string) => {
          if (m !== 'request') logger.debug({ octokit: true }, m)
        },
        info: (m: string) => logger.debug({ octokit: true }, m),
        warn: (m: string) => logger.debug({ octokit: true }, m),
        error: (m: string) => logger.debug({ octokit: true }, m),
      },
      retry: { retries: 3 },
      throttle: {
        // Never give up on a rate limit: wait as long as GitHub says, and say so.
        onRateLimit: (retryAfter: number, options: unknown) => {
          const until = opts.clock.now() + retryAfter * 1000
          callOf(options)?.waiting?.(
            'rate-limit',
            `GitHub API rate limit used up: waiting until ${clockTime(until)} UTC (${retryAfter}s)…`,
          )
          return true
        },
        onSecondaryRateLimit: (retryAfter: number, options: unknown) => {
          callOf(options)?.waiting?.(
            'secondary-limit',
            `GitHub secondary rate limit: waiting ${retryAfter}s as GitHub asks…`,
          )
          return true
        },
      },
    })
    this.octokit.hook.before('request', async (options) => {
      this.counts.api++
      const call = callOf(options)
      const wait = this.paceMs(call)
      if (wait > 0) await opts.clock.sleep(wait, call?.signal)
    })
    this.octokit.hook.after('request', (response) => this.noteRate(response.headers))
    this.octokit.hook.error('request', (error) => {
      const headers = (error as { response?: { headers?: Answer<unknown>['headers'] } }).response?.headers
      if (headers) this.noteRate(headers)
      throw error
    })
  }

  /** What is left of the hourly limit, as last seen. */
  get rateLimit(): RateState | undefined {
    return this.rate
  }

  private noteRate(headers: Answer<unknown>['headers']): void {
    const limit = Number(headers['x-ratelimit-limit'])
    const remaining = Number(headers['x-ratelimit-remaining'])
    const reset = Number(headers['x-ratelimit-reset'])
    if (Number.isFinite(limit) && Number.isFinite(remaining) && Number.isFinite(reset) && limit > 0) {
      this.rate = { limit, remaining, resetMs: reset * 1000 }
    }
  }

  /**
   * Before running out, spread what is left over the time to the reset, so that a long follow
   * slows down instead of stopping at zero; the throttling plugin handles zero itself.
   */
  private paceMs(call: Call | undefined): number {
    const r = this.rate
    if (!r || r.remaining <= 0) return 0
    const left = r.resetMs - this.opts.clock.now()
    if (left <= 0 || r.remaining >= r.limit * (this.opts.slowBelow ?? 0.1)) return 0
    const wait = Math.min(left / r.remaining, 60_000)
    if (wait >= 1000) {
      call?.waiting?.(
        'slowing',
        `GitHub API: ${r.remaining} of ${r.limit} requests left until ${clockTime(r.resetMs)} UTC; slowing to one every ${Math.round(wait / 1000)}s`,
      )
    }
    return wait
  }

  /**
   * GET with `If-None-Match` from the last answer to the same request: a 304 costs no rate limit
   * and hands back the cached answer.
   */
  async get<T>(route: string, params: Record<string, unknown>, call: Call): Promise<Answer<T>> {
    const key = `${route} ${JSON.stringify(params)}`
    const cached = this.cache.get(key)
    try {
      const res = await orAbort(
        this.octokit.request(route, {
          ...params,
          headers: cached ? { 'if-none-match': cached.etag } : {},
          request: requestOptions(call),
        }),
        call.signal,
      )
      const etag = res.headers.etag
      if (etag) this.cache.set(key, { etag, data: res.data, headers: res.headers })
      return { data: res.data as T, headers: res.headers, notModified: false }
    } catch (err) {
      if ((err as { status?: number }).status === 304 && cached) {
        const headers = (err as { response?: { headers?: Answer<T>['headers'] } }).response?.headers ?? {}
        return { data: cached.data as T, headers: { ...cached.headers, ...headers }, notModified: true }
      }
      throw err
    }
  }

  /**
   * Every page of a list route (100 a page; octokit unwraps `workflow_runs`, `jobs`, `workflows`),
   * up to `max` items, and before the first item `stop` says is past what is wanted (lists come
   * newest first: no page beyond it is asked for).
   */
  async list<T>(
    route: string,
    params: Record<string, unknown>,
    call: Call,
    max = Number.POSITIVE_INFINITY,
    stop?: (item: T) => boolean,
  ): Promise<T[]> {
    const out: T[] = []
    // The paginator asks for the next pages with method, URL and headers only: the call goes in
    // the request function's defaults so that every page carries it.
    const request = this.octokit.request.defaults({ request: requestOptions(call) })
    const [method, url] = route.split(' ') as [string, string]
    const pages = this.octokit.paginate.iterator(
      request as never,
      {
        method,
        url,
        ...params,
        per_page: Math.min(100, max),
      } as never,
    )
    const iterator = pages[Symbol.asyncIterator]()
    for (;;) {
      const page = await orAbort(iterator.next(), call.signal)
      if (page.done) break
      const items = (page.value.data as unknown as T[]) ?? []
      const end = stop ? items.findIndex(stop) : -1
      out.push(...(end < 0 ? items : items.slice(0, end)))
      if (end >= 0 || out.length >= max) break
    }
    return out.slice(0, max)
  }

  /** The short-lived URL a log route redirects to; undefined when GitHub has no log (404). */
  async logUrl(route: string, params: Record<string, unknown>, call: Call): Promise<string | undefined> {
    try {
      const res = await orAbort(
        this.octokit.request(route, { ...params, request: requestOptions(call, { redirect: 'manual' }) }),
        call.signal,
      )
      return (res.headers.location as string | undefined) ?? undefined
    } catch (err) {
      const e = err as { status?: number; response?: { headers?: Record<string, string> } }
      if (e.status === 302 || e.status === 301 || e.status === 307) return e.response?.headers?.location
      if (e.status === 404 || e.status === 410) return undefined
      throw err
    }
  }

  /**
   * A log download: ask for the URL, fetch it at once without the Authorization header (the URL
   * carries its own signature). An expired URL is asked for again; a storage 5xx or a dropped
   * connection is retried with backoff. Undefined when the log does not exist (yet).
   */
  async download(
    route: string,
    params: Record<string, unknown>,
    call: Call,
    what: string,
  ): Promise<Uint8Array | undefined> {
    const { signal } = call
    let lastProblem = ''
    for (let attempt = 1; attempt <= BLOB_ATTEMPTS; attempt++) {
      const url = await this.logUrl(route, params, call)
      if (!url) return undefined
      this.counts.blobs++
      let res: Response
      try {
        res = await fetch(url, { signal, redirect: 'follow' })
      } catch (err) {
        if (signal.aborted) throw err
        lastProblem = `the connection failed (${(err as Error).message})`
        call.progress?.failed(LOG_DOWNLOAD, lastProblem)
        await this.opts.clock.sleep(backoffDelay(attempt, { baseMs: 500, capMs: 8000 }), signal)
        continue
      }
      if (res.ok) {
        call.progress?.page(LOG_DOWNLOAD)
        return new Uint8Array(await res.arrayBuffer())
      }
      const code = res.headers.get('x-ms-error-code') ?? ''
      await res.body?.cancel().catch(() => undefined)
      if (res.status === 404) return undefined
      if (res.status === 403 && code === 'AuthenticationFailed') {
        // Log URLs live about a minute; this one is gone. Ask for a fresh one.
        this.opts.logger.debug({ what }, 'log URL expired before it was fetched; asking for a new one')
        lastProblem = 'the signed log URL had expired'
        continue
      }
      if (res.status >= 500) {
        lastProblem = `the log storage answered ${res.status}`
        call.progress?.failed(LOG_DOWNLOAD, lastProblem)
        await this.opts.clock.sleep(backoffDelay(attempt, { baseMs: 500, capMs: 8000 }), signal)
        continue
      }
      throw new ProviderError(
        `Downloading ${what} failed: the log storage answered ${res.status}${code ? ` ${code}` : ''}.`,
      )
    }
    throw new ProviderError(`Downloading ${what} failed ${BLOB_ATTEMPTS} times: ${lastProblem}.`, {
      hint: 'Run again; with --debug for details.',
    })
  }
}

/**
 * `request`, or the signal's abort, whichever comes first. The retry plugin knows nothing of the
 * signal: a retry it scheduled before the abort would otherwise hold the read up to 9 s.
 */
function orAbort<T>(request: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    request.catch(() => undefined)
    return Promise.reject(abortError(signal))
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      request.catch(() => undefined)
      reject(abortError(signal))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    request.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/**
 * --follow through TailLogEntries, Cloud Logging's streaming read (gRPC only: its REST binding
 * does not stream). The service holds entries for the buffer window and sends them in timestamp
 * order; we reopen the stream when it ends or drops, read the gap through entries.list and
 * de-duplicate by insertId, so nothing is lost or printed twice. gRPC is loaded only here.
 */
import type { Logger } from '@atmos-logs/core/contract'
import { ConfigError } from '@atmos-logs/core/errors'
import { backoffDelay, type Clock } from '@atmos-logs/core/runtime'
import type { Grpc, TailRequestJson, TailResponseJson } from '@atmos-logs/gcp-logging-grpc'
import { type Endpoint, GoogleApiError, type TokenSource } from './client.js'
import type { CloudLogEntry } from './entry.js'

/** Where TailLogEntries is reached when it is not the REST endpoint's host (an emulator's port). */
export const GRPC_ENDPOINT_VARIABLE = 'ATMOS_LOGS_GCP_GRPC_ENDPOINT'

export interface GrpcEndpoint {
  /** `host:port` */
  address: string
  /** TLS with Google credentials; false only for a loopback emulator (plain HTTP/2, its test token). */
  secure: boolean
  setBy: string
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]']

/**
 * spec.grpc_endpoint, else ATMOS_LOGS_GCP_GRPC_ENDPOINT, else the REST endpoint's host on port 443
 * (Google serves both there). A loopback emulator's REST endpoint says nothing of its gRPC port:
 * undefined then, and --follow polls.
 */
export function resolveGrpcEndpoint(
  specValue: string | undefined,
  env: NodeJS.ProcessEnv,
  rest: Endpoint,
  source: string,
): GrpcEndpoint | undefined {
  const fromEnv = env[GRPC_ENDPOINT_VARIABLE]?.trim()
  const [raw, setBy] = specValue
    ? [specValue, 'spec.grpc_endpoint']
    : fromEnv
      ? [fromEnv, GRPC_ENDPOINT_VARIABLE]
      : [undefined, '']
  if (raw === undefined) {
    if (rest.emulator) return undefined
    const url = new URL(rest.url)
    return { address: `${url.hostname}:443`, secure: true, setBy: `${rest.setBy} (its host, port 443)` }
  }
  let url: URL | undefined
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`)
  } catch {
    url = undefined
  }
  if (!url || !['http:', 'https:'].includes(url.protocol))
    throw new ConfigError(
      `The gcp/logging source "${source}" has a gRPC endpoint that is not host:port or an http(s) URL (set by ${setBy}): "${raw}".`,
      { hint: `Set ${setBy} to logging.googleapis.com:443, or http://127.0.0.1:PORT for an emulator.` },
    )
  const secure = url.protocol === 'https:'
  if (!secure && !LOOPBACK.includes(url.hostname))
    throw new ConfigError(
      `The gcp/logging source "${source}" would send Google credentials over plain HTTP/2 to ${url.host} (set by ${setBy}).`,
      {
        hint: 'Use an https:// (or bare host:port) gRPC endpoint; http:// is only for an emulator on this machine.',
      },
    )
  return { address: `${url.hostname}:${url.port || (secure ? 443 : 80)}`, secure, setBy }
}

/** The stream cannot be had here (nothing listens, or the server lacks the method): poll instead. */
export class StreamingUnavailable extends Error {}

/** gRPC status codes we act on (google.rpc.Code). */
const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const
const NAMES = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k])) as Record<number, string>
/** The HTTP status Google's REST API gives the same failure, so one place words every error. */
const HTTP: Record<number, number> = {
  [Code.INVALID_ARGUMENT]: 400,
  [Code.FAILED_PRECONDITION]: 400,
  [Code.UNAUTHENTICATED]: 401,
  [Code.PERMISSION_DENIED]: 403,
  [Code.NOT_FOUND]: 404,
  [Code.RESOURCE_EXHAUSTED]: 429,
  [Code.UNAVAILABLE]: 503,
}
/** Ends after which a new session may well work. */
const RETRYABLE = new Set<number>([
  Code.OK,
  Code.CANCELLED,
  Code.UNKNOWN,
  Code.DEADLINE_EXCEEDED,
  Code.RESOURCE_EXHAUSTED,
  Code.ABORTED,
  Code.INTERNAL,
  Code.UNAVAILABLE,
])
/** Failed sessions in a row, none of which delivered anything, before --follow gives up. */
const MAX_FAILED_SESSIONS = 6
/** A session that lasted this long counts as a working one, even if it delivered nothing. */
const HEALTHY_SESSION_MS = 30_000
const CONNECT_TIMEOUT_MS = 10_000

export interface StreamFollowOptions {
  source: string
  endpoint: GrpcEndpoint
  tokens: TokenSource
  request: Required<TailRequestJson>
  bufferWindowMs: number
  /** How far back a reconnect re-reads through entries.list (spec.late_window). */
  lateWindowMs: number
  logger: Logger
  clock: Clock
  signal: AbortSignal
  /** entries.list over [since, until], oldest first: the gap a reconnect leaves. */
  catchUp(since: Date, until: Date): AsyncIterable<CloudLogEntry>
  /** Words a refused call as the REST client would (exit codes, hints). */
  explain(err: GoogleApiError): Error
  onSuppressed(reason: string, count: number): void
}

type Item = { response: TailResponseJson } | { end: { code: number; details: string } }

/** One TailLogEntries call: its responses and how it ended, in arrival order. */
class Session {
  private readonly items: Item[] = []
  private wake?: () => void
  readonly openedAt: number
  delivered = false

  constructor(
    readonly call: Grpc.ClientDuplexStream<TailRequestJson, TailResponseJson>,
    clock: Clock,
  ) {
    this.openedAt = clock.now()
    const push = (item: Item) => {
      this.items.push(item)
      this.wake?.()
    }
    let ended = false
    const end = (code: number, details: string) => {
      if (ended) return
      ended = true
      push({ end: { code, details } })
    }
    call.on('data', (response: TailResponseJson) => push({ response }))
    call.on('error', (e: Grpc.ServiceError) => end(e.code ?? Code.UNKNOWN, e.details ?? e.message))
    call.on('status', (s: Grpc.StatusObject) => {
      if (s.code === Code.OK) end(Code.OK, s.details)
    })
  }

  async next(signal: AbortSignal): Promise<Item | undefined> {
    while (this.items.length === 0) {
      if (signal.aborted) return undefined
      await new Promise<void>((resolve) => {
        this.wake = resolve
        signal.addEventListener('abort', () => resolve(), { once: true })
      })
      this.wake = undefined
    }
    return this.items.shift()
  }

  close(): void {
    this.call.cancel()
  }
}

/**
 * Connects to the TailLogEntries endpoint; StreamingUnavailable when nothing answers there within
 * the connect timeout (a network that blocks gRPC, an emulator without it).
 */
export async function connectStream(opts: StreamFollowOptions): Promise<StreamFollower> {
  const { loadLoggingGrpc } = await import('@atmos-logs/gcp-logging-grpc')
  const { grpc, Client } = await loadLoggingGrpc()
  const credentials = opts.endpoint.secure ? grpc.credentials.createSsl() : grpc.credentials.createInsecure()
  const client = new Client(opts.endpoint.address, credentials, {
    'grpc.primary_user_agent': 'atmos-logs-provider-gcp',
    'grpc.keepalive_time_ms': 60_000,
  })
  try {
    await ready(grpc, client, Date.now() + CONNECT_TIMEOUT_MS)
  } catch (err) {
    client.close()
    throw new StreamingUnavailable(
      `nothing answered gRPC at ${opts.endpoint.address} (set by ${opts.endpoint.setBy}): ${(err as Error).message}`,
    )
  }
  return new StreamFollower(opts, grpc, client)
}

/** Resolves when the channel is connected; rejects at the first failed attempt (a refused port) or the deadline. */
function ready(grpc: typeof Grpc, client: Grpc.Client, deadline: number): Promise<void> {
  const channel = client.getChannel()
  const { READY, TRANSIENT_FAILURE, SHUTDOWN } = grpc.connectivityState
  return new Promise((resolve, reject) => {
    const check = () => {
      const state = channel.getConnectivityState(true)
      if (state === READY) return resolve()
      if (state === TRANSIENT_FAILURE || state === SHUTDOWN)
        return reject(new Error('the connection failed (refused, or no route)'))
      channel.watchConnectivityState(state, deadline, (err) =>
        err ? reject(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1000}s`)) : check(),
      )
    }
    check()
  })
}

export class StreamFollower {
  private session?: Session

  constructor(
    private readonly opts: StreamFollowOptions,
    private readonly grpc: typeof Grpc,
    private readonly client: Grpc.Client,
  ) {}

  /** Opens the first session; entries written from now on will come through `entries`. */
  async open(): Promise<void> {
    this.session = await this.start()
  }

  private async start(): Promise<Session> {
    const metadata = new this.grpc.Metadata()
    metadata.set('authorization', `Bearer ${await this.opts.tokens.token()}`)
    const tail = (
      this.client as unknown as {
        tailLogEntries(m: Grpc.Metadata): Grpc.ClientDuplexStream<TailRequestJson, TailResponseJson>
      }
    ).tailLogEntries(metadata)
    const session = new Session(tail, this.opts.clock)
    tail.write(this.opts.request)
    this.opts.logger.debug(
      `source "${this.opts.source}": TailLogEntries session opened at ${this.opts.endpoint.address} on ${this.opts.request.resourceNames.join(', ')}, buffer window ${this.opts.request.bufferWindow}, filter ${this.opts.request.filter || '(none)'}.`,
    )
    return session
  }

  /**
   * Every entry from the stream not in `seen` (which it keeps up to date and bounded), across
   * reconnects, until the signal aborts. Throws StreamingUnavailable when the server lacks the
   * method, or the error a refusal means.
   */
  async *entries(
    seen: Map<string, number>,
    keyOf: (e: CloudLogEntry) => string,
  ): AsyncGenerator<CloudLogEntry> {
    const { signal, clock, logger, source } = this.opts
    let failures = 0
    const keep = this.opts.lateWindowMs + this.opts.bufferWindowMs + 60_000
    const fresh = (e: CloudLogEntry) => {
      const key = keyOf(e)
      if (seen.has(key)) return false
      seen.set(key, Date.parse(e.timestamp ?? '') || clock.now())
      return true
    }
    try {
      while (!signal.aborted) {
        const session = this.session ?? (await this.start())
        this.session = session
        const item = await session.next(signal)
        if (!item) return
        if ('response' in item) {
          session.delivered = true
          failures = 0
          for (const s of item.response.suppressionInfo ?? [])
            if (s.suppressedCount) this.opts.onSuppressed(s.reason ?? 'REASON_UNSPECIFIED', s.suppressedCount)
          for (const e of item.response.entries ?? []) if (fresh(e)) yield e
          continue
        }
        // The session ended: reopen, then read what fell between the two through entries.list.
        const { code, details } = item.end
        const droppedAt = clock.now()
        this.session = undefined
        if (code === Code.UNIMPLEMENTED)
          throw new StreamingUnavailable(
            `${this.opts.endpoint.address} does not serve TailLogEntries (${details})`,
          )
        if (!RETRYABLE.has(code)) throw this.opts.explain(asApiError(code, details))
        const healthy = session.delivered || droppedAt - session.openedAt >= HEALTHY_SESSION_MS
        failures = healthy ? 0 : failures + 1
        if (failures >= MAX_FAILED_SESSIONS) throw this.opts.explain(asApiError(code, details))
        logger.debug(
          `source "${source}": TailLogEntries session ended (${NAMES[code] ?? code}${details ? `: ${details}` : ''}); reopening${failures > 0 ? ` (attempt ${failures + 1})` : ''}.`,
        )
        if (failures > 0 || code !== Code.OK) {
          try {
            await clock.sleep(backoffDelay(Math.max(1, failures), { baseMs: 500, capMs: 15_000 }), signal)
          } catch {
            return
          }
        }
        if (signal.aborted) return
        this.session = await this.start()
        const since = new Date(droppedAt - keep)
        let caught = 0
        for await (const e of this.opts.catchUp(since, new Date(clock.now()))) {
          if (!fresh(e)) continue
          caught++
          yield e
        }
        logger.debug(
          `source "${source}": read ${since.toISOString()}.. through entries.list after the reconnect; entries the stream had not sent: ${caught}.`,
        )
        for (const [key, time] of seen) if (time < clock.now() - keep * 2) seen.delete(key)
      }
    } finally {
      this.close()
    }
  }

  close(): void {
    this.session?.close()
    this.session = undefined
    this.client.close()
  }
}

function asApiError(code: number, details: string): GoogleApiError {
  return new GoogleApiError(HTTP[code] ?? 500, NAMES[code], details || `gRPC status ${code}`)
}

/**
 * TailLogEntries, Cloud Logging's streaming read, over gRPC on a loopback port of its own (the
 * REST binding `entries:tail` does not stream). As the service describes it: the first request
 * names resource_names, filter and buffer_window (0 to 60 s, 2 s by default); entries written
 * after that are held for the buffer window and sent ordered by timestamp, so one that arrives
 * late within the window is put back in its place; entries beyond the rate limit (60,000 a
 * minute) or not read by the client in time are counted in suppression_info (RATE_LIMIT,
 * NOT_CONSUMED) on the next response instead. At most 10 open sessions per project. Errors are
 * gRPC statuses: UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED, UNAVAILABLE, and
 * INVALID_ARGUMENT for a bad request or filter.
 */
import {
  durationMs,
  type Grpc,
  loadLoggingGrpc,
  type SuppressionReason,
  type TailRequestJson,
  type TailResponseJson,
} from '@atmos-logs/gcp-logging-grpc'
import type { Clock } from '../clock.js'
import type { FaultInjector } from '../faults.js'
import type { StatsRecorder } from '../stats.js'
import { type CloudLoggingService, GoogleApiError, type LogEntryJson } from './index.js'
import { QueryError } from './query.js'

export interface LoggingTailSettings {
  /** How long the service keeps a session open before ending it (an hour). */
  sessionMs: number
  /** Entries a session may receive a minute; the rest are suppressed as RATE_LIMIT (60,000). */
  entriesPerMinute: number
  /** Open sessions a project may have at once (10). */
  sessionsPerProject: number
}

export const DEFAULT_TAIL_SETTINGS: LoggingTailSettings = {
  sessionMs: 60 * 60_000,
  entriesPerMinute: 60_000,
  sessionsPerProject: 10,
}

const DEFAULT_BUFFER_WINDOW_MS = 2_000
const MAX_BUFFER_WINDOW_MS = 60_000

/** gRPC status codes (google.rpc.Code). */
const Code = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const

class TailError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

type Call = Grpc.ServerDuplexStream<TailRequestJson, TailResponseJson>

interface Held {
  entry: LogEntryJson
  nanos: bigint
  releaseAt: number
}

export interface LoggingTailOptions {
  clock: Clock
  faults: FaultInjector
  stats: StatsRecorder
  settings?: Partial<LoggingTailSettings>
}

export class LoggingTailServer {
  private server?: Grpc.Server
  private readonly open = new Set<Session>()
  private readonly perProject = new Map<string, number>()
  readonly settings: LoggingTailSettings

  constructor(
    private readonly logging: CloudLoggingService,
    private readonly opts: LoggingTailOptions,
  ) {
    this.settings = { ...DEFAULT_TAIL_SETTINGS, ...opts.settings }
  }

  /** Open sessions. */
  get sessions(): number {
    return this.open.size
  }

  /** Listens on 127.0.0.1 (`port` 0 picks a free one); returns `http://127.0.0.1:N`. */
  async listen(port = 0): Promise<string> {
    const { grpc, service } = await loadLoggingGrpc()
    const server = new grpc.Server()
    server.addService(service, { tailLogEntries: (call: Call) => this.accept(call) })
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    )
    this.server = server
    return `http://127.0.0.1:${bound}`
  }

  /** Ends every open session with UNAVAILABLE, as a dropped connection or a server restart would. */
  interrupt(message = 'The service is restarting; retry the request.'): number {
    const n = this.open.size
    for (const s of [...this.open]) s.fail(new TailError(Code.UNAVAILABLE, message))
    return n
  }

  async close(): Promise<void> {
    for (const s of [...this.open]) s.stop()
    const server = this.server
    this.server = undefined
    if (server) server.forceShutdown()
  }

  private accept(call: Call): void {
    const session = new Session(call, this, this.opts.clock)
    this.open.add(session)
    session.onStop = () => {
      this.open.delete(session)
      for (const p of session.projects) {
        const n = (this.perProject.get(p) ?? 1) - 1
        if (n > 0) this.perProject.set(p, n)
        else this.perProject.delete(p)
      }
    }
    try {
      this.logging.authenticate(call.metadata.get('authorization')[0]?.toString())
    } catch (e) {
      session.fail(asTailError(e))
      return
    }
    call.once('data', (req: TailRequestJson) => {
      try {
        this.start(session, req)
      } catch (e) {
        session.fail(asTailError(e))
      }
    })
  }

  private start(session: Session, req: TailRequestJson): void {
    const { faults, stats, clock } = this.opts
    stats.record({
      operation: 'TailLogEntries',
      service: 'logging',
      accessKeyId: null,
      params: req as Record<string, unknown>,
      time: clock.now(),
    })
    const fault = faults.decide('TailLogEntries')
    if (fault) stats.recordFault(fault)
    if (fault === 'throttle') {
      stats.recordThrottle('TailLogEntries')
      throw new TailError(Code.RESOURCE_EXHAUSTED, 'Quota exceeded for live tailing (faults.throttle).')
    }
    if (fault === 'error5xx' || fault === 'reset' || fault === 'malformed')
      throw new TailError(Code.UNAVAILABLE, `The service is currently unavailable (faults.${fault}).`)
    if (fault === 'accessDenied')
      throw new TailError(
        Code.PERMISSION_DENIED,
        `Permission denied: the caller lacks logging.logEntries.list on ${req.resourceNames?.[0] ?? 'the resource'}.`,
      )

    let windowMs = DEFAULT_BUFFER_WINDOW_MS
    if (req.bufferWindow !== undefined) {
      const ms = durationMs(req.bufferWindow)
      if (ms === undefined || ms > MAX_BUFFER_WINDOW_MS)
        throw new TailError(
          Code.INVALID_ARGUMENT,
          `buffer_window must be between 0 and 60000 milliseconds; got ${req.bufferWindow}.`,
        )
      windowMs = ms
    }
    const projects = [...new Set(req.resourceNames ?? [])]
    const full = projects.find((p) => (this.perProject.get(p) ?? 0) >= this.settings.sessionsPerProject)
    if (full) {
      stats.recordThrottle('TailLogEntries')
      throw new TailError(
        Code.RESOURCE_EXHAUSTED,
        `${full} already has ${this.settings.sessionsPerProject} open live-tailing sessions, the most it may have.`,
      )
    }
    session.begin(
      windowMs,
      this.logging.watch(req.resourceNames, req.filter ?? '', (entry, nanos) => session.hold(entry, nanos)),
    )
    session.projects = projects
    for (const p of projects) this.perProject.set(p, (this.perProject.get(p) ?? 0) + 1)
  }
}

/** One TailLogEntries stream: its buffer, its rate limit, its suppression counts. */
class Session {
  projects: string[] = []
  onStop?: () => void
  private held: Held[] = []
  private windowMs = DEFAULT_BUFFER_WINDOW_MS
  private unwatch?: () => void
  private timers = new Set<NodeJS.Timeout>()
  private releaseTimer?: NodeJS.Timeout
  private releaseAt = 0
  private stopped = false
  private backedUp = false
  private tokens: number
  private refilledAt: number
  private suppressed: Record<Exclude<SuppressionReason, 'REASON_UNSPECIFIED'>, number> = {
    RATE_LIMIT: 0,
    NOT_CONSUMED: 0,
  }

  constructor(
    private readonly call: Call,
    private readonly owner: LoggingTailServer,
    private readonly clock: Clock,
  ) {
    this.tokens = owner.settings.entriesPerMinute
    this.refilledAt = clock.now()
    call.on('cancelled', () => this.stop())
    call.on('error', () => this.stop())
    // The client half-closing its side ends the session.
    call.on('end', () => this.finish())
    call.on('drain', () => {
      this.backedUp = false
      this.send([])
    })
  }

  begin(windowMs: number, unwatch: () => void): void {
    this.windowMs = windowMs
    this.unwatch = unwatch
    this.after(this.owner.settings.sessionMs, () => this.finish())
  }

  /** Holds an entry until its timestamp is a buffer window old, and never longer than a window. */
  hold(entry: LogEntryJson, nanos: bigint): void {
    const now = this.clock.now()
    const stamped = Number(nanos / 1_000_000n)
    const releaseAt = Math.min(stamped, now) + this.windowMs
    this.held.push({ entry, nanos, releaseAt })
    this.releaseBy(releaseAt)
  }

  /**
   * One timer, for the earliest entry held. It is armed again after every release, because a timer
   * can fire a millisecond before the clock says its entry is due (libuv counts from the loop's
   * cached time): an entry whose own timer had fired early then stayed held for good.
   */
  private releaseBy(at: number): void {
    if (this.releaseTimer && this.releaseAt <= at) return
    if (this.releaseTimer) {
      clearTimeout(this.releaseTimer)
      this.timers.delete(this.releaseTimer)
    }
    this.releaseAt = at
    this.releaseTimer = this.after(Math.max(1, at - this.clock.now()), () => {
      this.releaseTimer = undefined
      this.release()
    })
  }

  private release(): void {
    const now = this.clock.now()
    const due = this.held.filter((h) => h.releaseAt <= now)
    this.held = this.held.filter((h) => h.releaseAt > now)
    let next = Number.POSITIVE_INFINITY
    for (const h of this.held) next = Math.min(next, h.releaseAt)
    if (next !== Number.POSITIVE_INFINITY) this.releaseBy(next)
    if (due.length === 0) return
    due.sort((a, b) =>
      a.nanos !== b.nanos
        ? a.nanos < b.nanos
          ? -1
          : 1
        : a.entry.insertId < b.entry.insertId
          ? -1
          : a.entry.insertId > b.entry.insertId
            ? 1
            : 0,
    )
    const perMinute = this.owner.settings.entriesPerMinute
    this.tokens = Math.min(perMinute, this.tokens + ((now - this.refilledAt) / 60_000) * perMinute)
    this.refilledAt = now
    const out: LogEntryJson[] = []
    for (const h of due) {
      if (this.backedUp) this.suppressed.NOT_CONSUMED++
      else if (this.tokens < 1) this.suppressed.RATE_LIMIT++
      else {
        this.tokens--
        out.push(h.entry)
      }
    }
    this.send(out)
  }

  private send(entries: LogEntryJson[]): void {
    if (this.stopped) return
    const suppressionInfo = (['RATE_LIMIT', 'NOT_CONSUMED'] as const)
      .filter((reason) => this.suppressed[reason] > 0)
      .map((reason) => ({ reason, suppressedCount: this.suppressed[reason] }))
    if (entries.length === 0 && suppressionInfo.length === 0) return
    this.suppressed = { RATE_LIMIT: 0, NOT_CONSUMED: 0 }
    const response: TailResponseJson = {
      ...(entries.length > 0 ? { entries } : {}),
      ...(suppressionInfo.length > 0 ? { suppressionInfo } : {}),
    }
    // A client that does not read fills the stream: what comes next is counted, not queued.
    if (!this.call.write(response)) this.backedUp = true
  }

  private after(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t)
      if (!this.stopped) fn()
    }, ms)
    this.timers.add(t)
    return t
  }

  /** Ends the session normally (its time is up, or the client closed its side). */
  finish(): void {
    if (this.stopped) return
    this.stop()
    this.call.end()
  }

  fail(err: TailError): void {
    if (this.stopped) return
    this.stop()
    this.call.emit('error', { code: err.code, details: err.message })
  }

  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.unwatch?.()
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.onStop?.()
  }
}

function asTailError(e: unknown): TailError {
  if (e instanceof TailError) return e
  if (e instanceof QueryError) return new TailError(Code.INVALID_ARGUMENT, `Invalid filter: ${e.message}.`)
  if (e instanceof GoogleApiError) {
    const code = Code[e.status as keyof typeof Code] ?? Code.UNAVAILABLE
    return new TailError(code, e.message)
  }
  throw e
}

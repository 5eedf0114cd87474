// A paging in-memory provider for the suite's own tests: correct by default, and broken in one
// chosen way when a fault is switched on, so each check can be shown to catch what it claims to.

import type {
  LogEntry,
  LogLevel,
  Provider,
  ProviderContext,
  ProviderRegistration,
  StreamingProvider,
  TailOptions,
} from '@atmos-logs/core/contract'
import type { GetLogsOptions } from '@atmos-logs/core/contract'
import { atOrAbove } from '@atmos-logs/core/levels'
import type { ConformanceEvent, ConformanceSettings } from '../index.js'

// Entries of every level, and some of none, so the level check has something to tell apart.
const LEVEL_CYCLE: Array<LogLevel | undefined> = ['INFO', 'WARN', undefined, 'ERROR', 'DEBUG', 'WARN']
const levelOf = (e: StoredEvent) => LEVEL_CYCLE[e.seq % LEVEL_CYCLE.length]

export interface Faults {
  /** Each page comes out newest first. */
  reversePages?: boolean
  /** `limit` is ignored. */
  ignoreLimit?: boolean
  /** An event exactly at `since` is left out. */
  exclusiveSince?: boolean
  /** An event exactly at `until` is left out. */
  exclusiveUntil?: boolean
  /** The next page starts after the last timestamp seen, instead of at a token: ties across pages are lost. */
  pageByTimestamp?: boolean
  /** The last page is never fetched. */
  dropLastPage?: boolean
  /** Timestamps shifted by an hour, as a time zone slip would. */
  shiftHour?: boolean
  /** getLogs never looks at the signal. */
  ignoreSignal?: boolean
  /** On abort, a started request is left to reject with nobody listening. */
  unhandledOnAbort?: boolean
  /** On abort, getLogs throws a plain Error instead of ending. */
  throwOnAbort?: boolean
  /** ids are the timestamp, so tied events share one. */
  idsFromTime?: boolean
  /** ids change from one read to the next. */
  unstableIds?: boolean
  /** The backfill is the oldest `lines`, not the newest. */
  tailOldest?: boolean
  /** The last backfill event is yielded again when the live part starts. */
  tailRepeats?: boolean
  /** `follow: false` is ignored: the tail waits for new events anyway. */
  tailIgnoresNoFollow?: boolean
  /** The wait for new events ignores the signal. */
  tailDeafWhileWaiting?: boolean
  /** The backfill never looks at the signal. */
  tailBackfillIgnoresSignal?: boolean
  /** `level` is ignored: the newest `lines` over all entries (allowed: level is optional). */
  tailIgnoresLevel?: boolean
  /** `level` is honoured, but an entry without a level counts as below every level. */
  tailLevelDropsUnleveled?: boolean
  /** A second close() throws. */
  closeOnce?: boolean
  /** A missing stream reads as empty instead of failing. */
  silentWhenMissing?: boolean
  /** The missing-stream error says only "not found". */
  vagueWhenMissing?: boolean
  /** create() itself fails for a missing stream (allowed: the error is still clear). */
  checkAtCreate?: boolean
  /** validate() accepts anything. */
  acceptsAnySpec?: boolean
  /** validate() crashes on an empty spec instead of explaining. */
  crashesOnEmptySpec?: boolean
  /** checkSpec() (before sign-in) accepts anything. */
  checkSpecAcceptsAny?: boolean
  /** checkSpec() refuses every spec, as if it needed credentials to tell. */
  checkSpecRefusesAll?: boolean
}

interface StoredEvent extends ConformanceEvent {
  seq: number
}

/** Streams of events, read a page at a time, with a way to wait for appends. */
export class MemoryBackend {
  private readonly streams = new Map<string, StoredEvent[]>()
  private readonly waiters = new Set<() => void>()
  private seq = 0

  put(stream: string, events: ConformanceEvent[]): void {
    const list = this.streams.get(stream) ?? []
    for (const e of events) list.push({ ...e, seq: this.seq++ })
    this.streams.set(stream, list)
    for (const wake of [...this.waiters]) wake()
  }

  has(stream: string): boolean {
    return this.streams.has(stream)
  }

  /** Insertion order, as a live tail sees it. */
  appendOrder(stream: string): StoredEvent[] {
    return [...(this.streams.get(stream) ?? [])]
  }

  sorted(stream: string): StoredEvent[] {
    return this.appendOrder(stream).sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq)
  }

  /** One page, on a later turn of the event loop as a network call would be. */
  async page(
    stream: string,
    q: { since: number; until: number; offset: number; pageSize: number },
  ): Promise<{ events: StoredEvent[]; next?: number }> {
    await new Promise((resolve) => setImmediate(resolve))
    if (!this.has(stream)) throw new Error(`stream "${stream}" was not found in the memory backend: check spec.stream`)
    const matching = this.sorted(stream).filter((e) => e.timestamp >= q.since && e.timestamp <= q.until)
    const events = matching.slice(q.offset, q.offset + q.pageSize)
    const next = q.offset + q.pageSize < matching.length ? q.offset + q.pageSize : undefined
    return { events, next }
  }

  /** Resolves once the stream holds more than `count` events, or when `signal` aborts. */
  waitForMore(stream: string, count: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.appendOrder(stream).length > count || signal?.aborted) {
          this.waiters.delete(check)
          signal?.removeEventListener('abort', check)
          resolve()
        }
      }
      this.waiters.add(check)
      signal?.addEventListener('abort', check)
      check()
    })
  }
}

class MemoryProvider implements StreamingProvider {
  readonly kind = 'test/memory'
  readonly capabilities: StreamingProvider['capabilities'] = ['list', 'get', 'tail']
  readonly name: string
  private closed = false
  private reads = 0

  constructor(
    private readonly ctx: ProviderContext,
    private readonly backend: MemoryBackend,
    private readonly faults: Faults,
  ) {
    this.name = ctx.name
  }

  private get stream(): string {
    return this.ctx.spec.stream as string
  }

  private get pageSize(): number {
    return (this.ctx.spec.page_size as number | undefined) ?? 100
  }

  validate(): void {
    if (this.faults.acceptsAnySpec) return
    if (this.faults.crashesOnEmptySpec) {
      ;(this.ctx.spec.stream as unknown as { trim(): void }).trim()
      return
    }
    checkStream(this.ctx.spec)
  }

  async listSources() {
    return [{ name: this.stream }]
  }

  async *getLogs(opts: GetLogsOptions): AsyncGenerator<LogEntry> {
    const f = this.faults
    if (!this.backend.has(this.stream)) {
      if (f.silentWhenMissing) return
      if (f.vagueWhenMissing) throw new Error('not found')
    }
    const read = this.reads++
    const aborted = () => !f.ignoreSignal && opts.signal.aborted
    let since = opts.since?.getTime() ?? Number.NEGATIVE_INFINITY
    const until = opts.until?.getTime() ?? Number.POSITIVE_INFINITY
    let offset: number | undefined = 0
    let yielded = 0
    while (offset !== undefined) {
      if (aborted()) return
      const page = await this.backend.page(this.stream, { since, until, offset, pageSize: this.pageSize })
      if (f.dropLastPage && page.next === undefined && offset > 0) return
      const events = f.reversePages ? [...page.events].reverse() : page.events
      for (const e of events) {
        if (opts.signal.aborted && f.throwOnAbort) throw new Error('connection lost')
        if (opts.signal.aborted && f.unhandledOnAbort) {
          // a request started and abandoned: its rejection reaches nobody
          void this.backend.page('no such stream', { since, until, offset: 0, pageSize: 1 })
          return
        }
        if (aborted()) return
        if (!f.ignoreLimit && opts.limit && yielded >= opts.limit) return
        if (f.exclusiveSince && opts.since && e.timestamp === opts.since.getTime()) continue
        if (f.exclusiveUntil && opts.until && e.timestamp === opts.until.getTime()) continue
        yielded++
        yield this.toEntry(e, read)
      }
      if (f.pageByTimestamp) {
        const last = page.events[page.events.length - 1]
        offset = page.next === undefined || !last ? undefined : 0
        if (last) since = last.timestamp + 1
      } else {
        offset = page.next
      }
    }
  }

  async *tailLogs(opts: TailOptions): AsyncGenerator<LogEntry> {
    const f = this.faults
    const lowest = f.tailIgnoresLevel ? undefined : opts.level
    const shown = (e: StoredEvent) =>
      !lowest || (f.tailLevelDropsUnleveled && levelOf(e) === undefined ? false : atOrAbove(levelOf(e), lowest))
    const sorted = this.backend.sorted(this.stream).filter(shown)
    let cursor = this.backend.appendOrder(this.stream).length
    const lines = opts.lines ?? 20
    const backfill = f.tailOldest ? sorted.slice(0, lines) : sorted.slice(Math.max(0, sorted.length - lines))
    for (const e of backfill) {
      if (!f.tailBackfillIgnoresSignal && opts.signal.aborted) return
      yield this.toEntry(e, 0)
    }
    if (opts.follow === false && !f.tailIgnoresNoFollow) return
    if (f.tailRepeats) cursor--
    while (!opts.signal.aborted) {
      await this.backend.waitForMore(this.stream, cursor, f.tailDeafWhileWaiting ? undefined : opts.signal)
      if (opts.signal.aborted) return
      const fresh = this.backend.appendOrder(this.stream).slice(cursor)
      cursor += fresh.length
      for (const e of fresh) {
        if (opts.signal.aborted) return
        yield this.toEntry(e, 0)
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed && this.faults.closeOnce) throw new Error('provider already closed')
    this.closed = true
  }

  private toEntry(e: StoredEvent, read: number): LogEntry {
    const id = this.faults.idsFromTime
      ? String(e.timestamp)
      : this.faults.unstableIds
        ? `${this.stream}:${e.seq}:${read}`
        : `${this.stream}:${e.seq}`
    const timestamp = new Date(e.timestamp + (this.faults.shiftHour ? 3_600_000 : 0))
    const level = levelOf(e)
    return { timestamp, message: e.message, id, ...(level ? { level } : {}) }
  }
}

export function memoryRegistration(backend: MemoryBackend, faults: Faults = {}): ProviderRegistration {
  return {
    apiVersion: 1,
    kind: 'test/memory',
    description: 'In-memory streams, for testing the conformance suite',
    capabilities: ['list', 'get', 'tail'],
    checkSpec(spec) {
      if (faults.checkSpecAcceptsAny) return
      if (faults.checkSpecRefusesAll) throw new Error('spec.stream cannot be checked without credentials')
      checkStream(spec)
    },
    async create(ctx): Promise<Provider> {
      if (faults.checkAtCreate && !backend.has(ctx.spec.stream as string)) {
        throw new Error(`stream "${String(ctx.spec.stream)}" does not exist: check spec.stream`)
      }
      return new MemoryProvider(ctx, backend, faults)
    },
  }
}

function checkStream(spec: Record<string, unknown>): void {
  if (typeof spec.stream !== 'string' || spec.stream === '') {
    throw new Error('spec.stream is required: the name of the memory stream to read')
  }
}

let streams = 0

/** A setup() that seeds a fresh stream of `backend`, read `pageSize` events a page. */
export function memorySetup(backend: MemoryBackend, pageSize: number): ConformanceSettings['setup'] {
  return async (events) => {
    const stream = `stream-${++streams}`
    backend.put(stream, events)
    return {
      spec: { stream, page_size: pageSize },
      append: async (more) => backend.put(stream, more),
    }
  }
}

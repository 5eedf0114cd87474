import type {
  Capability,
  GetLogsOptions,
  LogEntry,
  Logger,
  LogLevel,
  LogSourceInfo,
  ProviderContext,
  StreamingProvider,
  TailOptions,
} from '@atmos-logs/core/contract'
import { type MemoryStream, openStream, type StoredEvent } from './backend.js'
import { CAPABILITIES, KIND } from './kind.js'

const LEVELS: readonly LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG']

/**
 * Reads one stream of the in-memory backend. The spec (what users write under `spec:`):
 * - `stream`: the stream to read (required);
 * - `entries`: events to put in the stream when it does not exist yet, `{time, message, level?}`,
 *   so the provider shows something before it is connected to a real service;
 * - `page_size`: events per backend page (default 100);
 * - `poll_interval_ms`: how often `tail --follow` asks for new events (default 1000).
 */
export class MemoryProvider implements StreamingProvider {
  readonly kind = KIND
  readonly capabilities: Capability[] = [...CAPABILITIES]
  readonly name: string
  private readonly spec: Record<string, unknown>
  private readonly logger: Logger

  constructor(ctx: ProviderContext) {
    this.name = ctx.name
    this.spec = ctx.spec
    this.logger = ctx.logger
  }

  /** Only checks the spec: a plain Error thrown here is shown as a configuration error (exit 2). */
  validate(): void {
    const { stream, entries, page_size, poll_interval_ms } = this.spec
    if (typeof stream !== 'string' || stream === '') {
      throw new Error('spec.stream is required: the name of the stream to read, e.g. "app"')
    }
    for (const [key, value] of Object.entries({ page_size, poll_interval_ms })) {
      if (value !== undefined && !(Number.isInteger(value) && (value as number) > 0)) {
        throw new Error(`spec.${key} must be a positive whole number, not ${JSON.stringify(value)}`)
      }
    }
    if (entries !== undefined) {
      if (!Array.isArray(entries)) throw new Error('spec.entries must be a list of {time, message, level?}')
      for (const [i, entry] of entries.entries()) seedEvent(entry, i) // throws naming a bad entry
    }
  }

  async listSources(): Promise<LogSourceInfo[]> {
    const stream = this.openStream()
    return [{ name: stream.name, metadata: { events: stream.size } }]
  }

  /** Entries in ascending time, `since` and `until` both inclusive, at most `limit`. */
  async *getLogs(opts: GetLogsOptions): AsyncIterable<LogEntry> {
    const stream = this.openStream()
    let remaining = opts.limit ?? Number.POSITIVE_INFINITY
    let nextToken: string | undefined
    do {
      if (opts.signal.aborted) return
      const page = await stream.readPage({
        since: opts.since?.getTime(),
        until: opts.until?.getTime(),
        contains: opts.filter,
        pageSize: this.pageSize(),
        nextToken,
      })
      this.logger.debug({ events: page.events.length, more: page.nextToken !== undefined }, 'read a page')
      for (const event of page.events) {
        if (opts.signal.aborted || remaining <= 0) return
        remaining--
        yield toEntry(event)
      }
      nextToken = page.nextToken
    } while (nextToken !== undefined && remaining > 0)
  }

  /** The newest `lines` entries, then (with `follow`) new ones as they arrive, until the signal aborts. */
  async *tailLogs(opts: TailOptions): AsyncIterable<LogEntry> {
    const stream = this.openStream()
    // Take the position first: an event that arrives while the newest are read is then both in the
    // backfill and after the position, and the ids of the backfill keep it from printing twice.
    let position = await stream.position()
    const backfill = await stream.newest(opts.lines ?? 20, opts.filter)
    const printed = new Set(backfill.map((e) => e.id))
    for (const event of backfill) {
      if (opts.signal.aborted) return
      yield toEntry(event)
    }
    if (opts.follow === false) return

    while (!opts.signal.aborted) {
      const fresh = await stream.readNew({ position, contains: opts.filter, pageSize: this.pageSize() })
      position = fresh.position
      for (const event of fresh.events) {
        if (opts.signal.aborted) return
        if (printed.delete(event.id)) continue
        yield toEntry(event)
      }
      // A full page means more is waiting: ask again at once.
      if (fresh.events.length < this.pageSize()) await sleep(this.pollIntervalMs(), opts.signal)
    }
  }

  async close(): Promise<void> {
    // A real client closes its connections here; the CLI may call close() more than once.
  }

  private openStream(): MemoryStream {
    const name = String(this.spec.stream)
    const entries = this.spec.entries as unknown[] | undefined
    const existing = openStream(name)
    if (existing) return existing
    if (entries === undefined) {
      // The duck-typed error contract: exitCode 2 (configuration) and a hint, no import of core needed.
      throw Object.assign(new Error(`stream "${name}" does not exist`), {
        exitCode: 2,
        hint: 'Check spec.stream, or give the stream spec.entries to start it with.',
      })
    }
    const stream = openStream(name, true)!
    stream.append(entries.map((entry, i) => seedEvent(entry, i)))
    return stream
  }

  private pageSize(): number {
    return (this.spec.page_size as number | undefined) ?? 100
  }

  private pollIntervalMs(): number {
    return (this.spec.poll_interval_ms as number | undefined) ?? 1000
  }
}

function toEntry(event: StoredEvent): LogEntry {
  const level = LEVELS.find((l) => l === event.level?.toUpperCase())
  const entry: LogEntry = { id: event.id, timestamp: new Date(event.timestamp), message: event.message }
  if (level) entry.level = level
  return entry
}

/** One item of spec.entries as a backend event; throws a message naming the item when it is not one. */
function seedEvent(entry: unknown, index: number): { timestamp: number; message: string; level?: string } {
  const e = (entry ?? {}) as Record<string, unknown>
  const time = e.time instanceof Date ? e.time.getTime() : Date.parse(String(e.time))
  if (Number.isNaN(time) || typeof e.message !== 'string') {
    throw new Error(
      `spec.entries[${index}] needs a time (e.g. 2026-01-01T10:00:00Z) and a message, not ${JSON.stringify(entry)}`,
    )
  }
  return { timestamp: time, message: e.message, level: typeof e.level === 'string' ? e.level : undefined }
}

/** Waits `ms`, or less when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

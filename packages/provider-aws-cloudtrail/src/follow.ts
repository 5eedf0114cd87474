import type { Clock } from '@atmos-logs/core/runtime'
import type { TrailEvent } from './trail-event.js'

/**
 * The EventIds printed (or deliberately skipped) whose events can still come back in a re-scan:
 * those newer than the late window's start. Older ones are forgotten, so memory stays bounded
 * by what the window holds; a hard cap guards a window flooded with events.
 */
export class SeenIds {
  private readonly times = new Map<string, number>()

  constructor(private readonly cap = 200_000) {}

  get size(): number {
    return this.times.size
  }

  /** False the first time an id is offered (and remembers it); true after. */
  has(e: Pick<TrailEvent, 'EventId' | 'time'>): boolean {
    if (this.times.has(e.EventId)) return true
    this.times.set(e.EventId, e.time)
    if (this.times.size > this.cap) this.times.delete(this.times.keys().next().value as string)
    return false
  }

  /** Forgets ids of events older than `cutoff` (a re-scan from after it cannot return them). */
  forgetBefore(cutoff: number): void {
    for (const [id, time] of this.times) if (time < cutoff) this.times.delete(id)
  }
}

export interface FollowOptions {
  /** Every matching event of [start, end] in one region or group, ascending. */
  readers: Array<(start: number, end: number, signal: AbortSignal) => AsyncIterable<TrailEvent>>
  seen: SeenIds
  clock: Clock
  pollIntervalMs: number
  lateWindowMs: number
  signal: AbortSignal
  /** Says when the next poll runs (the CLI shows it on its status line). */
  onStatus?: (text: string) => void
  /** Says how each poll went, for --debug. */
  onPoll?: (poll: { start: number; end: number; fresh: number }) => void
}

const clockTime = (ms: number) => new Date(ms).toTimeString().slice(0, 8)

/**
 * Polls until the signal aborts: every `pollIntervalMs`, re-reads the last `lateWindowMs` (events
 * arrive minutes late and out of order) and yields, in time order, each event not seen before.
 * One that is older than something already printed is still yielded; the CLI marks it late.
 */
export async function* followPolling(opts: FollowOptions): AsyncGenerator<TrailEvent> {
  const { clock, signal } = opts
  for (;;) {
    opts.onStatus?.(`next poll at ${clockTime(clock.now() + opts.pollIntervalMs)}`)
    try {
      await clock.sleep(opts.pollIntervalMs, signal)
    } catch {
      return
    }
    if (signal.aborted) return
    const end = clock.now()
    const start = end - opts.lateWindowMs
    const fresh: TrailEvent[] = []
    for (const read of opts.readers) {
      for await (const e of read(start, end, signal)) if (!opts.seen.has(e)) fresh.push(e)
    }
    opts.onPoll?.({ start, end, fresh: fresh.length })
    // a re-scan starts at `start`: ids older than that (with a poll of slack) cannot come back
    opts.seen.forgetBefore(start - opts.pollIntervalMs)
    fresh.sort((a, b) => a.time - b.time)
    for (const e of fresh) {
      if (signal.aborted) return
      yield e
    }
  }
}

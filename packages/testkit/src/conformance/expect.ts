/** Comparing what a provider yielded with the events the suite knows, with messages that say what is wrong. */

import type { LogEntry } from '@atmos-logs/core/contract'
import { indexOf, type KnownEvent, label, labels } from './events.js'
import { ConformanceError } from './failure.js'
import type { ConformanceTarget } from './target.js'
import { knownEvents } from './target.js'

export interface Identified {
  entry: LogEntry
  /** Undefined for an entry whose message carries none of this run's events. */
  event: KnownEvent | undefined
}

export function identify(target: ConformanceTarget, entries: readonly LogEntry[]): Identified[] {
  const byIndex = new Map(knownEvents(target).map((e) => [e.index, e]))
  return entries.map((entry) => {
    const index = indexOf(entry?.message, target.run)
    return { entry, event: index === undefined ? undefined : byIndex.get(index) }
  })
}

export function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms)
}

export function timeOf(entry: LogEntry): number {
  const t = entry?.timestamp as unknown
  return Object.prototype.toString.call(t) === '[object Date]' ? (t as Date).getTime() : Number.NaN
}

function snippet(entry: LogEntry): string {
  const m = typeof entry?.message === 'string' ? entry.message : String(entry?.message)
  return JSON.stringify(m.length > 80 ? `${m.slice(0, 77)}...` : m)
}

/**
 * The entries must be exactly `expected`, each once (order is the ascending check's business).
 * Every problem found is listed, so one run tells the author everything.
 */
export function expectExactly(
  target: ConformanceTarget,
  entries: readonly LogEntry[],
  expected: readonly KnownEvent[],
  what: string,
): void {
  const problems: string[] = []
  const ids = identify(target, entries)
  const strangers = ids.filter((i) => !i.event)
  if (strangers.length > 0) {
    problems.push(
      `${strangers.length} entries that are none of the seeded events (first: ${snippet(strangers[0]!.entry)}); ` +
        'setup() must give the provider a source that holds exactly the events it was passed',
    )
  }
  const counts = new Map<number, number>()
  for (const i of ids) if (i.event) counts.set(i.event.index, (counts.get(i.event.index) ?? 0) + 1)
  const repeated = [...counts].filter(([, n]) => n > 1).map(([index]) => index)
  if (repeated.length > 0) problems.push(`events yielded more than once: ${labels(repeated)}`)
  const want = new Set(expected.map((e) => e.index))
  const missing = expected.filter((e) => !counts.has(e.index))
  if (missing.length > 0) {
    problems.push(
      `missing ${missing.length} of ${expected.length} expected events: ${describeEvents(missing)}`,
    )
  }
  const extra = ids.filter((i) => i.event && !want.has(i.event.index)).map((i) => i.event!)
  if (extra.length > 0) problems.push(`events that should not be there: ${describeEvents(unique(extra))}`)
  if (problems.length > 0) {
    throw new ConformanceError(
      `${what} yielded ${entries.length} entries, expected ${expected.length}: ${problems.join('; ')}.`,
    )
  }
}

/** Non-decreasing timestamps; names the first pair out of order. */
export function expectAscending(entries: readonly LogEntry[], what: string): void {
  for (let i = 1; i < entries.length; i++) {
    const before = timeOf(entries[i - 1]!)
    const after = timeOf(entries[i]!)
    if (!(after >= before)) {
      throw new ConformanceError(
        `${what} is not in ascending time order: entry ${i} (${iso(after)}, ${snippet(entries[i]!)}) comes after ` +
          `entry ${i - 1} (${iso(before)}). Entries must be yielded oldest first, ties in any order.`,
      )
    }
  }
}

/**
 * The entries must be `count` events of `pool`, none repeated, such that no event left out is
 * on the wrong side of them: with `side: 'oldest'` nothing left out is older than the newest
 * returned; with `'newest'` nothing left out is newer than the oldest returned. Ties at the edge
 * may go either way.
 */
export function expectEdge(
  target: ConformanceTarget,
  entries: readonly LogEntry[],
  pool: readonly KnownEvent[],
  count: number,
  side: 'oldest' | 'newest',
  what: string,
): void {
  const want = Math.min(count, pool.length)
  const ids = identify(target, entries)
  const problems: string[] = []
  if (entries.length !== want) problems.push(`yielded ${entries.length} entries, expected exactly ${want}`)
  const inPool = new Set(pool.map((e) => e.index))
  const strangers = ids.filter((i) => !i.event || !inPool.has(i.event.index))
  if (strangers.length > 0) problems.push(`${strangers.length} entries outside the events asked for`)
  const got = new Set(ids.flatMap((i) => (i.event ? [i.event.index] : [])))
  if (got.size < ids.length - strangers.length) problems.push('some events are repeated')
  const returned = pool.filter((e) => got.has(e.index))
  if (returned.length > 0) {
    const times = returned.map((e) => e.timestamp)
    const edge = side === 'oldest' ? Math.max(...times) : Math.min(...times)
    const skipped = pool.filter(
      (e) => !got.has(e.index) && (side === 'oldest' ? e.timestamp < edge : e.timestamp > edge),
    )
    if (skipped.length > 0) {
      problems.push(`left out ${side === 'oldest' ? 'older' : 'newer'} events ${describeEvents(skipped)}`)
    }
  }
  if (problems.length > 0) {
    throw new ConformanceError(`${what} should yield the ${side} ${want} events: ${problems.join('; ')}.`)
  }
}

export function describeEvents(events: readonly KnownEvent[]): string {
  const shown = events.slice(0, 6).map((e) => `${label(e.index)} at ${iso(e.timestamp)}`)
  return events.length > 6 ? `${shown.join(', ')} and ${events.length - 6} more` : shown.join(', ')
}

function unique(events: KnownEvent[]): KnownEvent[] {
  return [...new Map(events.map((e) => [e.index, e])).values()]
}

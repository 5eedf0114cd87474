/** The events the suite seeds, and how it recognises them again in what a provider yields. */

/** One event the suite asks `setup` to put in the provider's backend. */
export interface ConformanceEvent {
  /** Epoch milliseconds, always a whole second so backends with second precision keep it exactly. */
  timestamp: number
  /** ASCII text without quotes or backslashes, so any encoding (NDJSON, CSV, ...) keeps it intact. */
  message: string
}

/** A seeded or appended event with its place in the run. */
export interface KnownEvent extends ConformanceEvent {
  index: number
}

const TOKEN = /conformance event #(\d{4,}) of run ([a-z0-9]+)/

export function newRunId(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0')
}

export function messageFor(run: string, index: number): string {
  return `conformance event #${String(index).padStart(4, '0')} of run ${run}: hello from the suite`
}

/**
 * `count` events one second apart, ascending, ending two minutes before `now` so that events the
 * tail checks append later are strictly newer. Two pairs share a timestamp on purpose: the first
 * two events, and the pair straddling the first page boundary (`pageSize - 1`, `pageSize`), where
 * a provider that pages by timestamp instead of by token drops or repeats events.
 */
export function seedEvents(run: string, count: number, pageSize: number, now: number): KnownEvent[] {
  const ties = new Set([1, pageSize])
  const last = Math.floor(now / 1000) * 1000 - 120_000
  const seconds: number[] = []
  let second = 0
  for (let i = 0; i < count; i++) {
    if (i > 0 && !ties.has(i)) second++
    seconds.push(second)
  }
  const first = last - second * 1000
  return seconds.map((s, index) => ({ index, timestamp: first + s * 1000, message: messageFor(run, index) }))
}

/** Events to append during a tail check: newer than anything known, one second apart. */
export function appendedEvents(run: string, firstIndex: number, count: number, now: number): KnownEvent[] {
  const start = Math.floor(now / 1000) * 1000
  return Array.from({ length: count }, (_, i) => ({
    index: firstIndex + i,
    timestamp: start + i * 1000,
    message: messageFor(run, firstIndex + i),
  }))
}

/** The index of the event an entry's message carries, or undefined for a message that is not ours. */
export function indexOf(message: unknown, run: string): number | undefined {
  if (typeof message !== 'string') return undefined
  const m = TOKEN.exec(message)
  return m && m[2] === run ? Number(m[1]) : undefined
}

export function label(index: number): string {
  return `#${String(index).padStart(4, '0')}`
}

/** "#0003, #0004 and 5 more": short enough for an assertion message. */
export function labels(indexes: number[], max = 8): string {
  const shown = indexes.slice(0, max).map(label).join(', ')
  return indexes.length > max ? `${shown} and ${indexes.length - max} more` : shown
}

import type { RawEvent } from './filter-reader.js'

/** CloudWatch accepts events up to 14 days older than their ingestion. */
const BACKDATE_MS = 14 * 86_400_000

export interface NewestParams {
  groups: Array<{ name: string; creationTime?: number }>
  lines: number
  /** Look no later than this (ms). */
  now: number
  /** Look no earlier than this (ms): --since, else the oldest group's creation. */
  earliest: number
  /** Every event of `group` with timestamp in [start, end], ascending. */
  read(group: string, start: number, end: number): AsyncIterable<RawEvent>
  initialWindowMs?: number
  growth?: number
  /**
   * True once `read` has stopped short of a window's end, having gone through as many events as
   * it may (a budget its caller keeps when `read` leaves most events out): that window is dropped,
   * being only its oldest part, and the newer windows' events are the answer.
   */
  exhausted?(): boolean
  /** Called with the end of the window dropped that way: nothing up to it was looked at whole. */
  onCut?(unreadUpTo: number): void
}

/**
 * The newest `lines` events across groups, found by reading backwards in time windows that grow
 * (30 s, 2 min, 8 min, ...) until enough are found, so a busy group is never read forward from
 * --since just to show its last lines. Each group keeps only its newest `lines` per window.
 */
export async function newestEvents(params: NewestParams): Promise<RawEvent[]> {
  const { groups, lines, now, earliest } = params
  if (lines <= 0 || groups.length === 0) return []
  const growth = params.growth ?? 4
  let windowMs = params.initialWindowMs ?? 30_000
  let end = now
  let found = 0
  const windows: RawEvent[][] = []

  while (end >= earliest && found < lines) {
    const start = Math.max(earliest, end - windowMs + 1)
    const perGroup = await Promise.all(
      groups.map(async (g) => {
        if (g.creationTime !== undefined && g.creationTime - BACKDATE_MS > end) return []
        const newest: RawEvent[] = []
        for await (const e of params.read(g.name, start, end)) {
          newest.push(e)
          // Trim in batches so trimming stays cheap.
          if (newest.length >= lines * 2) newest.splice(0, newest.length - lines)
        }
        return newest.length > lines ? newest.slice(newest.length - lines) : newest
      }),
    )
    // `read` stopped short: this window holds only its oldest events.
    if (params.exhausted?.()) {
      params.onCut?.(end)
      break
    }
    const windowEvents = perGroup.flat()
    found += windowEvents.length
    windows.push(windowEvents)
    end = start - 1
    windowMs *= growth
  }

  const all = windows.reverse().flat()
  // Stable: equal timestamps keep group order.
  all.sort((a, b) => a.timestamp - b.timestamp)
  return all.length > lines ? all.slice(all.length - lines) : all
}

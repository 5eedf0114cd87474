import { abortError } from '@atmos-logs/core/runtime'
import type { TrailEvent } from './trail-event.js'

/** A page of events newest first, and the token of the next one. */
export interface Page {
  events: TrailEvent[]
  nextToken?: string
}

/**
 * Reads one page of LookupEvents in [start, end] (epoch ms, both inclusive, whole seconds) for
 * one server-side value (undefined: no lookup attribute), continuing at `token`.
 */
export type FetchPage = (
  range: { start: number; end: number },
  value: string | undefined,
  token: string | undefined,
  signal: AbortSignal,
) => Promise<Page>

export interface SliceOptions {
  fetch: FetchPage
  /** one lookup per value; [undefined] when nothing is sent server side */
  values: Array<string | undefined>
  /** the client-side conditions */
  keep: (e: TrailEvent) => boolean
  signal: AbortSignal
  /** events one slice should hold (raw, as read); the next slice is sized from what the last held */
  target?: number
  /** kept events past which a slice is given up and read again as two halves */
  maxHeld?: number
  /** told about every slice read, for --debug */
  onSlice?: (slice: { start: number; end: number; read: number; kept: number; calls: number }) => void
}

const SECOND = 1000
const PAGE = 50
export const DEFAULT_SLICE_TARGET = 2000
export const DEFAULT_MAX_HELD = 20_000

class SliceTooBig extends Error {}

/**
 * Every matching event of [since, until] in ascending time, holding one slice at a time: the API
 * answers newest first, so each slice is read whole, reversed, and the slices are emitted oldest
 * first. The first page over the whole range tells how dense the newest end is, which sizes the
 * first slice (a range of 50 events or fewer is read in that one call); each slice's count
 * sizes the next. A repeated EventId (AWS sends one now and then) is dropped.
 */
export async function* readAscending(
  since: number,
  until: number,
  opts: SliceOptions,
): AsyncGenerator<TrailEvent> {
  // events carry whole seconds: the first one at or after `since`, the last at or before `until`
  const start = Math.ceil(since / SECOND) * SECOND
  const end = Math.floor(until / SECOND) * SECOND
  if (end < start) return
  const target = opts.target ?? DEFAULT_SLICE_TARGET

  // The probe: one page per lookup value over everything.
  const probes = await Promise.all(
    opts.values.map((v) => opts.fetch({ start, end }, v, undefined, opts.signal)),
  )
  if (probes.every((p) => !p.nextToken)) {
    const held = collect(
      probes.flatMap((p) => p.events),
      opts.keep,
    )
    opts.onSlice?.({
      start,
      end,
      read: probes.reduce((n, p) => n + p.events.length, 0),
      kept: held.length,
      calls: probes.length,
    })
    yield* held
    return
  }
  // events per ms at the newest end, summed over the lookups that have more
  let rate = 0
  for (const p of probes) {
    if (!p.nextToken || p.events.length === 0) continue
    const oldest = p.events[p.events.length - 1]!.time
    rate += p.events.length / Math.max(SECOND, end - oldest + SECOND)
  }
  let span = clampSpan(target / Math.max(rate, 1e-9), end - start + SECOND)

  let cursor = start
  while (cursor <= end) {
    if (opts.signal.aborted) throw abortError(opts.signal)
    const sliceEnd = Math.min(end, cursor + span - SECOND)
    let slice: { events: TrailEvent[]; read: number; calls: number }
    try {
      slice = await readSlice(cursor, sliceEnd, opts)
    } catch (e) {
      if (!(e instanceof SliceTooBig) || span <= SECOND) throw e
      span = Math.max(SECOND, Math.floor(span / 2 / SECOND) * SECOND)
      continue
    }
    opts.onSlice?.({
      start: cursor,
      end: sliceEnd,
      read: slice.read,
      kept: slice.events.length,
      calls: slice.calls,
    })
    yield* slice.events
    const took = sliceEnd - cursor + SECOND
    span = clampSpan(
      slice.read === 0 ? took * 8 : Math.min(took * 8, (took * target) / slice.read),
      end - sliceEnd,
    )
    cursor = sliceEnd + SECOND
  }
}

/** At least a second, whole seconds, at most `rest` (what is left of the range, at least a second). */
function clampSpan(span: number, rest: number): number {
  const whole = Math.floor(span / SECOND) * SECOND
  return Math.max(SECOND, Math.min(whole, Math.max(SECOND, rest)))
}

/** One slice, every lookup value paged through, newest first; returned ascending. */
async function readSlice(
  start: number,
  end: number,
  opts: SliceOptions,
): Promise<{ events: TrailEvent[]; read: number; calls: number }> {
  const maxHeld = opts.maxHeld ?? DEFAULT_MAX_HELD
  const newestFirst: TrailEvent[] = []
  let read = 0
  let calls = 0
  for (const value of opts.values) {
    let token: string | undefined
    do {
      const page = await opts.fetch({ start, end }, value, token, opts.signal)
      calls++
      read += page.events.length
      for (const e of page.events) if (opts.keep(e)) newestFirst.push(e)
      // A slice of a single second cannot be split further: it is held whatever its size.
      if (newestFirst.length > maxHeld && end > start) throw new SliceTooBig()
      token = page.nextToken
    } while (token)
  }
  return { events: collect(newestFirst, opts.keep), read, calls }
}

/**
 * Newest-first events (of one or several lookups) as an ascending list, each EventId once. A
 * stable sort keeps the service's order of events of the same second, reversed.
 */
function collect(newestFirst: TrailEvent[], keep: (e: TrailEvent) => boolean): TrailEvent[] {
  const seen = new Set<string>()
  const out: TrailEvent[] = []
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const e = newestFirst[i]!
    if (seen.has(e.EventId) || !keep(e)) continue
    seen.add(e.EventId)
    out.push(e)
  }
  return out.sort((a, b) => a.time - b.time)
}

/**
 * The newest `count` matching events of [since, until], ascending: pages newest first only until
 * that many are found (`tail --lines N` reads no more than it shows).
 */
export async function readNewest(
  since: number,
  until: number,
  count: number,
  opts: Pick<SliceOptions, 'fetch' | 'values' | 'keep' | 'signal'>,
): Promise<TrailEvent[]> {
  if (count <= 0) return []
  const start = Math.ceil(since / SECOND) * SECOND
  const end = Math.floor(until / SECOND) * SECOND
  if (end < start) return []
  const found: TrailEvent[] = []
  for (const value of opts.values) {
    const own: TrailEvent[] = []
    let token: string | undefined
    do {
      const page = await opts.fetch({ start, end }, value, token, opts.signal)
      for (const e of page.events) if (opts.keep(e)) own.push(e)
      token = own.length >= count ? undefined : page.nextToken
    } while (token)
    found.push(...own)
  }
  const ascending = collect(
    found.sort((a, b) => b.time - a.time),
    () => true,
  )
  return ascending.slice(Math.max(0, ascending.length - count))
}

export const LOOKUP_PAGE_SIZE = PAGE

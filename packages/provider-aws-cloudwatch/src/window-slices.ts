import type { AwsCaller } from '@atmos-logs/core/aws'
import type { Logger } from '@atmos-logs/core/contract'
import type { Clock } from '@atmos-logs/core/runtime'
import { readSlicesInOrder } from '@atmos-logs/core/stream'
import {
  EVENTS_PER_PART,
  type EventPage,
  type FilterRange,
  fetchFilterPage,
  type LookAhead,
  readPages,
} from './filter-reader.js'

/**
 * Pages a slice is sized for; it is also how many pages the slice being emitted may hold ahead of
 * the output. While that slice is read, one request at a time, the slices behind it read on and
 * keep what they read: they may hold a slice's worth of pages beside one request each in flight
 * (budget = concurrency + PAGES_PER_SLICE). With only one page each, they soon held the whole
 * budget, stopped asking, and the read fell back to the one chain of the slice being emitted.
 */
const PAGES_PER_SLICE = 3
const MAX_SLICES = 32
const MAX_CONCURRENT_SLICES = 8
/** Slices pay off when one chain would stay under this share of the rate... */
const SEQUENTIAL_SHARE = 0.8
/** ...and pages are not local-fast: each slice costs an extra, partly filled page. */
const MIN_ROUND_TRIP_MS = 100

/**
 * The FilterLogEvents rate of one read, shared by the windows (log groups) it reads at once: the
 * limiter is the account's and region's, so each window plans its slices on its share. Planned on
 * the whole rate, 3 groups at 300 ms a page each cut their windows into 4 or 5 slices, 14 token
 * chains asked for 5 requests a second, and every group held its own budget of pages.
 */
export class SharedRate {
  private open: number

  constructor(
    readonly rate: number,
    windows: number,
  ) {
    this.open = Math.max(1, windows)
  }

  /** A window needs no more requests (its first page was all of it, or it ended). */
  closed(): void {
    if (this.open > 1) this.open--
  }

  /** Requests per second one window may plan on now. */
  share(): number {
    return this.rate / this.open
  }
}

export interface WindowReadOptions {
  /** FilterLogEvents requests per second this read may make, shared with the other groups read. */
  rate: SharedRate
  clock: Clock
  logger: Logger
  /** Room for pages read ahead, shared with the other groups of the read. */
  lookAhead?: LookAhead
}

/** One part of the window: an inclusive range of milliseconds. */
export interface TimeSlice {
  startTime: number
  endTime?: number
}

/**
 * Every event of one log group in a time window, in order, as pages. One token chain alone makes
 * one request per round trip: with 300 ms pages and 5 requests/s allowed, that is two thirds of
 * the rate. So the first page is timed; when the round trip would keep the read below its rate
 * and the page suggests more pages than a slice holds, the rest of the window is cut into
 * disjoint time slices, each read by its own token chain, several at once, and emitted in slice
 * order with bounded buffering (readSlicesInOrder).
 *
 * Borders are whole milliseconds and both ends of a FilterLogEvents range are inclusive, so an
 * event belongs to exactly one slice. The first slice starts at the millisecond the first page
 * ended in; the events of that millisecond the first page already held are recognised by their
 * eventId and skipped.
 */
export async function* readWindow(
  caller: AwsCaller,
  range: FilterRange,
  signal: AbortSignal,
  opts: WindowReadOptions,
): AsyncGenerator<EventPage> {
  // A limit ends the read early; an open start has no window to cut.
  if (range.limit || range.startTime === undefined) {
    yield* readPages(caller, range, signal, { lookAhead: opts.lookAhead })
    return
  }
  // The window's own signal: its waits listen here, not on the read's signal that every group shares.
  const local = new AbortController()
  const own = AbortSignal.any([signal, local.signal])
  let open = true
  const close = () => {
    if (open) opts.rate.closed()
    open = false
  }
  try {
    const began = opts.clock.now()
    const first = await fetchFilterPage(caller, range, undefined, own)
    // What concurrent chains overlap is the service's latency: the first pages of several groups
    // also wait on their limiter, and a large page's transfer and decoding are no faster for it.
    const roundTripMs = first.latencyMs ?? opts.clock.now() - began
    const events = first.events
    // Read before the page is passed on: its reader may release it.
    const ending = first.nextToken ? lastMillisecond(events) : undefined
    if (!first.nextToken) close()
    if (events.length > 0) yield events
    if (!first.nextToken) return

    const last = ending?.at
    const rate = opts.rate.share()
    const plan =
      last === undefined ? undefined : planSlices(range, last, roundTripMs, { rate, clock: opts.clock })
    if (!plan) {
      yield* readPages(caller, range, own, { firstToken: first.nextToken, lookAhead: opts.lookAhead })
      return
    }
    opts.logger.debug(
      `FilterLogEvents ${range.logGroup}: the first page answered after ${roundTripMs} ms and reached ${iso(last!)}; ` +
        `at ${rate.toFixed(1)} requests/s (its share of ${opts.rate.rate}) one token chain falls short, so the rest of the window is read as ` +
        `${plan.slices.length} time slices, ${plan.concurrency} at a time: ${plan.slices.map(describeSlice).join(', ')}`,
    )
    const seen = ending!.ids
    yield* readSlicesInOrder(
      plan.slices,
      (slice, index) => {
        const pages = readPages(caller, { ...range, ...slice }, own, { prefetch: false })
        return index === 0 ? skipSeen(pages, last!, seen) : pages
      },
      {
        concurrency: plan.concurrency,
        lookahead: PAGES_PER_SLICE,
        budget: plan.concurrency + PAGES_PER_SLICE,
      },
    )
  } finally {
    close()
    local.abort()
  }
}

/**
 * How to read the window after a first page that ended at `last`, or undefined when one token
 * chain is enough: its round trip keeps it near the rate, or little is left.
 */
export function planSlices(
  range: FilterRange,
  last: number,
  roundTripMs: number,
  opts: { rate: number; clock: Clock },
): { slices: TimeSlice[]; concurrency: number } | undefined {
  const start = range.startTime ?? 0
  const end = range.endTime ?? opts.clock.now()
  const chainShare = 1000 / (roundTripMs * opts.rate)
  const covered = Math.max(1, last - start + 1)
  const left = end - last
  const pagesLeft = left / covered
  if (roundTripMs < MIN_ROUND_TRIP_MS || chainShare >= SEQUENTIAL_SHARE) return undefined
  if (pagesLeft < PAGES_PER_SLICE || left < 2) return undefined
  // Requests that must be in flight to keep the rate.
  const inFlight = Math.ceil((roundTripMs * opts.rate) / 1000)
  const count = Math.min(MAX_SLICES, left, Math.max(inFlight, Math.ceil(pagesLeft / PAGES_PER_SLICE)))
  const slices: TimeSlice[] = []
  for (let k = 0; k < count; k++) {
    const from = last + Math.round((k * left) / count)
    const next = last + Math.round(((k + 1) * left) / count)
    slices.push({ startTime: from, endTime: k === count - 1 ? range.endTime : next - 1 })
  }
  return { slices, concurrency: Math.min(count, MAX_CONCURRENT_SLICES, inFlight + 1) }
}

/** The last millisecond of an ascending page and the eventIds the page holds in it. */
function lastMillisecond(page: EventPage): { at: number; ids: Set<string | undefined> } | undefined {
  let at: number | undefined
  const ids = new Set<string | undefined>()
  for (let to = page.length; to > 0; to -= EVENTS_PER_PART) {
    const part = page.slice(Math.max(0, to - EVENTS_PER_PART), to)
    for (let k = part.length - 1; k >= 0; k--) {
      const t = part[k]!.timestamp
      if (t === undefined) return at === undefined ? undefined : { at, ids }
      at ??= t
      if (t !== at) return { at, ids }
      ids.add(part[k]!.eventId)
    }
  }
  return at === undefined ? undefined : { at, ids }
}

/** The pages without the events of millisecond `at` that an earlier page already held. */
async function* skipSeen(
  pages: AsyncIterable<EventPage>,
  at: number,
  seen: Set<string | undefined>,
): AsyncGenerator<EventPage> {
  let skipping = true
  for await (const page of pages) {
    if (!skipping) {
      yield page
      continue
    }
    const events = page.slice()
    page.release?.()
    const kept = events.filter((e) => e.timestamp !== at || !seen.has(e.eventId))
    if (events.some((e) => (e.timestamp ?? 0) > at)) skipping = false
    if (kept.length > 0) yield kept
  }
}

function describeSlice(s: TimeSlice): string {
  return `${iso(s.startTime)}..${s.endTime === undefined ? 'now' : iso(s.endTime)}`
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

import type { AwsCaller } from '@atmos-logs/core/aws'
import type { LogLevel } from '@atmos-logs/core/contract'
import { atOrAbove } from '@atmos-logs/core/levels'
import { logGroupLabel } from './aws-errors.js'
import {
  decodePageOurselves,
  type EventPage,
  type FilteredEvent,
  type FilterPage,
  type PageSlot,
} from './filter-page.js'
import { detectLevelAndRequestId } from './level.js'
import {
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  type FilterLogEventsCommandOutput,
} from './vendor/@aws-sdk/client-cloudwatch-logs.js'

export type { EventPage, FilteredEvent, FilterPage } from './filter-page.js'

/** Events parsed at a time from a page: a part is converted and written before the next scavenge. */
export const EVENTS_PER_PART = 1024

/** One event as FilterLogEvents returns it, with the group it came from. */
export interface RawEvent {
  logGroup: string
  logStream?: string
  timestamp: number
  ingestionTime?: number
  message: string
  eventId?: string
}

export interface FilterRange {
  logGroup: string
  startTime?: number
  endTime?: number
  filterPattern?: string
  streamPrefix?: string
  streams?: string[]
  /** Stop after this many events from this group. */
  limit?: number
  /** With a limit: it counts the events at or above this level, and those below are left out. */
  level?: LogLevel
}

/** The most events FilterLogEvents returns in one page (its `limit`'s maximum and default). */
export const MAX_PAGE_EVENTS = 10_000

/**
 * The `limit` of the next FilterLogEvents page of a read that still needs `left` events at or above
 * its level, after `read` events of which `shown` were: as many as the share shown so far says it
 * takes (four times the last page while none was), never less than the last page nor more than a
 * page holds. A read mostly below its level so reaches full pages in a few requests, where pages
 * the size of the limit would take one request per few lines shown.
 */
export function nextPageLimit(last: number, left: number, read: number, shown: number): number {
  const wanted = shown === 0 ? last * 4 : Math.ceil((left * read) / shown)
  return Math.min(MAX_PAGE_EVENTS, Math.max(last, left, wanted))
}

/** A page's events at or above `lowest`, the page itself released (parsed in parts, as readGroup). */
function atOrAboveOf(page: EventPage, lowest: LogLevel): FilteredEvent[] {
  const kept: FilteredEvent[] = []
  for (let from = 0; from < page.length; from += EVENTS_PER_PART)
    for (const e of page.slice(from, from + EVENTS_PER_PART))
      if (atOrAbove(detectLevelAndRequestId(e.message ?? '').level, lowest)) kept.push(e)
  page.release?.()
  return kept
}

/**
 * Every event of one log group in a time range, ascending, one event at a time (follow and the
 * newest-lines backfill read this way); see readPages.
 */
export async function* readGroup(
  caller: AwsCaller,
  range: FilterRange,
  signal: AbortSignal,
): AsyncGenerator<RawEvent> {
  for await (const page of readPages(caller, range, signal)) {
    for (let from = 0; from < page.length; from += EVENTS_PER_PART) {
      for (const e of page.slice(from, from + EVENTS_PER_PART)) {
        yield {
          logGroup: range.logGroup,
          logStream: e.logStreamName,
          timestamp: e.timestamp ?? 0,
          ingestionTime: e.ingestionTime,
          message: e.message ?? '',
          eventId: e.eventId,
        }
      }
    }
    page.release?.()
  }
}

/**
 * Room for pages read ahead, shared by the token chains of one read (the log groups of a source).
 * A chain always holds the page being merged; a page read ahead is one more answer held, and with
 * each of 10 groups reading its next page at once the read held 20 pages of up to 2.5 MB where
 * the merge needs 10. A chain asks for room when its page arrives, saying when that page ends:
 * room goes to the chain whose page ends first, which the merge will need next. A chain that gets
 * none reads its next page when asked for it, so no chain ever waits on another's room.
 */
export class LookAhead {
  private free: number
  private readonly waiting: { at: number; grant: () => void }[] = []

  constructor(pages: number) {
    this.free = Math.max(1, pages)
  }

  /**
   * Calls `grant` once there is room for one page ahead (at once when there is), the asker whose
   * page ends at the earliest `at` first; returns what withdraws the ask if it was not granted yet.
   */
  ask(at: number, grant: () => void): () => void {
    if (this.free > 0) {
      this.free--
      grant()
      return () => undefined
    }
    const asked = { at, grant }
    this.waiting.push(asked)
    return () => {
      const i = this.waiting.indexOf(asked)
      if (i >= 0) this.waiting.splice(i, 1)
    }
  }

  /** The room of a page read ahead comes back: that page is now its chain's own, or dropped. */
  giveBack(): void {
    let first = -1
    for (let i = 0; i < this.waiting.length; i++)
      if (first < 0 || this.waiting[i]!.at < this.waiting[first]!.at) first = i
    if (first < 0) {
      this.free++
      return
    }
    this.waiting.splice(first, 1)[0]!.grant()
  }
}

/**
 * The events of one log group in a time range as the service pages them, ascending, following
 * each nextToken (empty pages with a token are normal while CloudWatch searches; they are not
 * passed on). The next page is requested while the current one is consumed, so a single group
 * reads at the limiter's pace rather than ours; with `lookAhead` only when it has room, else when
 * the page is asked for. `prefetch: false` leaves that to the caller (a time slice is read ahead
 * by readSlicesInOrder, within its budget of pages).
 */
export async function* readPages(
  caller: AwsCaller,
  range: FilterRange,
  signal: AbortSignal,
  {
    firstToken,
    prefetch = true,
    lookAhead,
  }: { firstToken?: string; prefetch?: boolean; lookAhead?: LookAhead } = {},
): AsyncGenerator<EventPage> {
  const local = new AbortController()
  const both = AbortSignal.any([signal, local.signal])
  // Under a level the limit counts what is shown: pages start near the limit and grow while most of
  // what they hold is below the level.
  const lowest = range.limit ? range.level : undefined
  let pageLimit = range.limit ? Math.min(range.limit, MAX_PAGE_EVENTS) : undefined
  let read = 0
  let shown = 0
  const fetchPage = (nextToken: string | undefined) => {
    const p = fetchFilterPage(caller, range, nextToken, both, pageLimit)
    // The rejection is still seen by whoever awaits `p`; this only stops an unhandled warning
    // when the reader is closed before the prefetched page arrives.
    p.catch(() => undefined)
    return p
  }

  let left = range.limit ?? Number.POSITIVE_INFINITY
  let pending: Promise<FilterPage> | undefined = fetchPage(firstToken)
  try {
    while (pending) {
      const page: FilterPage = await pending
      let events: EventPage = page.events
      // An empty page (the service still searching) says nothing of the share shown.
      if (lowest && events.length > 0) {
        read += events.length
        events = atOrAboveOf(events, lowest)
        shown += events.length
        pageLimit = nextPageLimit(pageLimit!, left - events.length, read, shown)
      }
      if (events.length >= left) {
        if (events.length > left) {
          const kept = events.slice(0, left)
          events.release?.()
          yield kept
        } else yield events
        return
      }
      left -= events.length
      const next = page.nextToken
      if (!prefetch || next === undefined || events.length === 0) {
        if (events.length > 0) yield events
        pending = next === undefined ? undefined : fetchPage(next)
      } else if (!lookAhead) {
        pending = fetchPage(next)
        yield events
      } else {
        let ahead: Promise<FilterPage> | undefined
        const withdraw = lookAhead.ask(lastTimeOf(events), () => {
          ahead = fetchPage(next)
        })
        try {
          yield events
        } finally {
          withdraw()
          if (ahead) lookAhead.giveBack()
        }
        pending = ahead ?? fetchPage(next)
      }
    }
  } finally {
    local.abort()
  }
}

/** When the last event of an ascending page happened (one event parsed). */
function lastTimeOf(events: EventPage): number {
  return events.slice(events.length - 1)[0]?.timestamp ?? 0
}

/**
 * One FilterLogEvents call for a range, through the caller (limiter, retries, error wording). The
 * answer's events are located by us and parsed when read (filter-page.ts); a sender that answers
 * with plain objects (tests) is taken as it is.
 */
export async function fetchFilterPage(
  caller: AwsCaller,
  range: FilterRange,
  nextToken: string | undefined,
  signal: AbortSignal,
  pageLimit?: number,
): Promise<FilterPage> {
  const input: FilterLogEventsCommandInput = {
    logGroupName: range.logGroup,
    startTime: range.startTime,
    endTime: range.endTime,
    filterPattern: range.filterPattern || undefined,
    logStreamNamePrefix: range.streamPrefix,
    logStreamNames: range.streams,
    nextToken,
    limit: pageLimit,
  }
  const slot: PageSlot = {}
  const output = await caller.call<FilterLogEventsCommandOutput>(
    'FilterLogEvents',
    () => {
      slot.page = undefined
      return decodePageOurselves(new FilterLogEventsCommand(input), slot)
    },
    signal,
    logGroupLabel(range.logGroup),
  )
  return slot.page ?? { events: output.events ?? [], nextToken: output.nextToken }
}

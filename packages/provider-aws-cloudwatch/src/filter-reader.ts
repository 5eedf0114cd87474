import type { AwsCaller } from '@atmos-logs/core/aws'
import {
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs'
import { logGroupLabel } from './aws-errors.js'
import { decodePageOurselves, type EventPage, type FilterPage, type PageSlot } from './filter-page.js'

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
 * The events of one log group in a time range as the service pages them, ascending, following
 * each nextToken (empty pages with a token are normal while CloudWatch searches; they are not
 * passed on). The next page is requested while the current one is consumed, so a single group
 * reads at the limiter's pace rather than ours; `prefetch: false` leaves that to the caller (a
 * time slice is read ahead by readSlicesInOrder, within its budget of pages).
 */
export async function* readPages(
  caller: AwsCaller,
  range: FilterRange,
  signal: AbortSignal,
  { firstToken, prefetch = true }: { firstToken?: string; prefetch?: boolean } = {},
): AsyncGenerator<EventPage> {
  const local = new AbortController()
  const both = AbortSignal.any([signal, local.signal])
  const pageLimit = range.limit ? Math.min(range.limit, 10_000) : undefined
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
      const events = page.events
      if (events.length >= left) {
        if (events.length > left) {
          const kept = events.slice(0, left)
          events.release?.()
          yield kept
        } else yield events
        return
      }
      left -= events.length
      if (prefetch) {
        pending = page.nextToken ? fetchPage(page.nextToken) : undefined
        if (events.length > 0) yield events
      } else {
        if (events.length > 0) yield events
        pending = page.nextToken ? fetchPage(page.nextToken) : undefined
      }
    }
  } finally {
    local.abort()
  }
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

import type { AwsCaller } from '@atmos-logs/core/aws'
import {
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs'
import { logGroupLabel } from './aws-errors.js'

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
 * Every event of one log group in a time range, ascending, following each nextToken (empty pages
 * with a token are normal while CloudWatch searches). The next page is requested while the
 * current one is consumed, so a single group reads at the limiter's pace rather than ours.
 */
export async function* readGroup(
  caller: AwsCaller,
  range: FilterRange,
  signal: AbortSignal,
): AsyncGenerator<RawEvent> {
  const local = new AbortController()
  const both = AbortSignal.any([signal, local.signal])
  const pageLimit = range.limit ? Math.min(range.limit, 10_000) : undefined
  const fetchPage = (nextToken: string | undefined) => {
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
    const p = caller.call<FilterLogEventsCommandOutput>(
      'FilterLogEvents',
      () => new FilterLogEventsCommand(input),
      both,
      logGroupLabel(range.logGroup),
    )
    // The rejection is still seen by whoever awaits `p`; this only stops an unhandled warning
    // when the reader is closed before the prefetched page arrives.
    p.catch(() => undefined)
    return p
  }

  let count = 0
  let pending: Promise<FilterLogEventsCommandOutput> | undefined = fetchPage(undefined)
  try {
    while (pending) {
      const page: FilterLogEventsCommandOutput = await pending
      pending = page.nextToken ? fetchPage(page.nextToken) : undefined
      for (const e of page.events ?? []) {
        yield {
          logGroup: range.logGroup,
          logStream: e.logStreamName,
          timestamp: e.timestamp ?? 0,
          ingestionTime: e.ingestionTime,
          message: e.message ?? '',
          eventId: e.eventId,
        }
        if (range.limit && ++count >= range.limit) return
      }
    }
  } finally {
    local.abort()
  }
}

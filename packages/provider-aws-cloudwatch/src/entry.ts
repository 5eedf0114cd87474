import type { LogEntry } from '@atmos-logs/core/contract'
import type { FilteredEvent, RawEvent } from './filter-reader.js'
import { detectLevelAndRequestId } from './level.js'

/** A CloudWatch event as a LogEntry: the id is the eventId, the trailing newline dropped. */
export function toLogEntry(raw: RawEvent): LogEntry {
  return entryOf(raw.logGroup, raw.logStream, raw.timestamp, raw.ingestionTime, raw.message, raw.eventId)
}

/** A FilterLogEvents event with the group it came from. */
export type GroupEvent = FilteredEvent & { logGroup: string }

/** Events of FilterLogEvents pages as LogEntries, without an intermediate object each. */
export function groupEntries(events: GroupEvent[], from = 0, to = events.length): LogEntry[] {
  const out = new Array<LogEntry>(to - from)
  for (let i = from; i < to; i++) {
    const e = events[i]!
    out[i - from] = entryOf(
      e.logGroup,
      e.logStreamName,
      e.timestamp ?? 0,
      e.ingestionTime,
      e.message ?? '',
      e.eventId,
    )
  }
  return out
}

function entryOf(
  logGroup: string,
  logStream: string | undefined,
  timestamp: number,
  ingestionTime: number | undefined,
  text: string,
  eventId: string | undefined,
): LogEntry {
  const message = text.endsWith('\n') ? text.replace(/\r?\n$/, '') : text
  const { level, requestId } = detectLevelAndRequestId(message)
  // Every field in one literal, as metadata already is (an unknown one undefined): adding them one
  // by one gave each entry a properties store of its own, grown again when the CLI stamps it.
  return {
    timestamp: new Date(timestamp),
    message,
    metadata: { logGroup, logStream, ingestionTime },
    id: eventId || undefined,
    level: level || undefined,
    requestId: requestId || undefined,
  }
}

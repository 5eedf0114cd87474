import type { LogEntry } from '@atmos-logs/core/contract'
import type { FilteredEvent, RawEvent } from './filter-reader.js'
import { detectLevelAndRequestId } from './level.js'

/** A CloudWatch event as a LogEntry: the id is the eventId, the trailing newline dropped. */
export function toLogEntry(raw: RawEvent): LogEntry {
  return entryOf(raw.logGroup, raw.logStream, raw.timestamp, raw.ingestionTime, raw.message, raw.eventId)
}

/** Events of one FilterLogEvents page as LogEntries, without an intermediate object each. */
export function pageEntries(logGroup: string, events: FilteredEvent[]): LogEntry[] {
  const out = new Array<LogEntry>(events.length)
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    out[i] = entryOf(logGroup, e.logStreamName, e.timestamp ?? 0, e.ingestionTime, e.message ?? '', e.eventId)
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
  const entry: LogEntry = {
    timestamp: new Date(timestamp),
    message,
    metadata: { logGroup, logStream, ingestionTime },
  }
  if (eventId) entry.id = eventId
  if (level) entry.level = level
  if (requestId) entry.requestId = requestId
  return entry
}

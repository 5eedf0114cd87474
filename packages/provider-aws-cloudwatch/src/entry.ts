import type { LogEntry } from '@atmos-logs/core'
import type { RawEvent } from './filter-reader.js'
import { detectLevelAndRequestId } from './level.js'

/** A CloudWatch event as a LogEntry: the id is the eventId, the trailing newline dropped. */
export function toLogEntry(raw: RawEvent): LogEntry {
  const message = raw.message.endsWith('\n') ? raw.message.replace(/\r?\n$/, '') : raw.message
  const { level, requestId } = detectLevelAndRequestId(message)
  const entry: LogEntry = {
    timestamp: new Date(raw.timestamp),
    message,
    metadata: { logGroup: raw.logGroup, logStream: raw.logStream, ingestionTime: raw.ingestionTime },
  }
  if (raw.eventId) entry.id = raw.eventId
  if (level) entry.level = level
  if (requestId) entry.requestId = requestId
  return entry
}

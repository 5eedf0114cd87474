import type { LogEntry, LogLevel } from '@atmos-logs/core/contract'

/** A LogEntry as the Cloud Logging REST API returns it (the fields we read). */
export interface CloudLogEntry {
  logName?: string
  insertId?: string
  timestamp?: string
  receiveTimestamp?: string
  severity?: string
  resource?: { type?: string; labels?: Record<string, string> }
  labels?: Record<string, string>
  trace?: string
  spanId?: string
  httpRequest?: Record<string, unknown>
  textPayload?: string
  jsonPayload?: Record<string, unknown>
  protoPayload?: Record<string, unknown>
  operation?: Record<string, unknown>
  sourceLocation?: Record<string, unknown>
}

const LEVELS: Record<string, LogLevel> = {
  DEFAULT: 'DEBUG',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  NOTICE: 'INFO',
  WARNING: 'WARN',
  ERROR: 'ERROR',
  CRITICAL: 'ERROR',
  ALERT: 'ERROR',
  EMERGENCY: 'ERROR',
}

/** DEFAULT/DEBUG → DEBUG, INFO/NOTICE → INFO, WARNING → WARN, ERROR and above → ERROR. */
export function levelOf(severity: string | undefined): LogLevel {
  return LEVELS[severity ?? 'DEFAULT'] ?? 'DEBUG'
}

/** Milliseconds of an RFC 3339 time with up to nine fractional digits; NaN when it is not one. */
export function timeOf(timestamp: string | undefined): number {
  if (!timestamp) return Number.NaN
  // Date.parse reads three fractional digits at most: cut the rest, keeping the zone.
  return Date.parse(timestamp.replace(/(\.\d{3})\d+/, '$1'))
}

/** One line for an audit log entry: who called what on which resource, and how it ended. */
export function auditSummary(proto: Record<string, unknown>): string {
  const auth = proto.authenticationInfo as { principalEmail?: string } | undefined
  const status = proto.status as { code?: number; message?: string } | undefined
  const parts = [
    String(proto.methodName ?? proto['@type'] ?? 'protoPayload'),
    auth?.principalEmail ? `by ${auth.principalEmail}` : undefined,
    proto.resourceName ? `on ${proto.resourceName}` : undefined,
    status?.code ? `failed: ${status.message ?? `code ${status.code}`}` : undefined,
  ]
  return parts.filter(Boolean).join(' ')
}

function requestSummary(http: Record<string, unknown>): string {
  return [http.requestMethod, http.status, http.requestUrl, http.latency]
    .filter((v) => v !== undefined)
    .join(' ')
}

/** The request an entry belongs to: its trace id, else a request or execution id label. */
function requestIdOf(e: CloudLogEntry): string | undefined {
  if (e.trace) return e.trace.slice(e.trace.lastIndexOf('/') + 1) || undefined
  const labels = e.labels ?? {}
  return labels.request_id ?? labels.requestId ?? labels.execution_id ?? undefined
}

/**
 * A Cloud Logging entry as a contract entry: insertId as id, the message from textPayload,
 * jsonPayload.message (the rest kept as structured JSON in metadata) or a one-line summary of an
 * audit protoPayload or of the HTTP request; resource, labels, logName and httpRequest in metadata.
 */
export function toLogEntry(e: CloudLogEntry): LogEntry {
  const metadata: Record<string, unknown> = {}
  if (e.logName) metadata.logName = e.logName
  if (e.resource) metadata.resource = e.resource
  if (e.labels) metadata.labels = e.labels
  if (e.httpRequest) metadata.httpRequest = e.httpRequest
  if (e.trace) metadata.trace = e.trace
  if (e.severity) metadata.severity = e.severity
  let message: string
  if (typeof e.textPayload === 'string') message = e.textPayload
  else if (e.jsonPayload) {
    const { message: text, ...rest } = e.jsonPayload
    if (typeof text === 'string') {
      message = text
      if (Object.keys(rest).length > 0) metadata.jsonPayload = rest
    } else {
      message = JSON.stringify(e.jsonPayload)
      metadata.jsonPayload = e.jsonPayload
    }
  } else if (e.protoPayload) {
    message = auditSummary(e.protoPayload)
    metadata.protoPayload = e.protoPayload
  } else if (e.httpRequest) message = requestSummary(e.httpRequest)
  else message = ''
  const entry: LogEntry = {
    timestamp: new Date(timeOf(e.timestamp)),
    message,
    level: levelOf(e.severity),
    metadata,
  }
  if (e.insertId) entry.id = e.insertId
  const requestId = requestIdOf(e)
  if (requestId) entry.requestId = requestId
  return entry
}

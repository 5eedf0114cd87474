import type { LogEntry, LogLevel } from '@atmos-logs/core/contract'

const LEVELS: Record<string, LogLevel> = {
  error: 'ERROR',
  err: 'ERROR',
  fatal: 'ERROR',
  critical: 'ERROR',
  crit: 'ERROR',
  panic: 'ERROR',
  warn: 'WARN',
  warning: 'WARN',
  info: 'INFO',
  notice: 'INFO',
  debug: 'DEBUG',
  trace: 'DEBUG',
}

/** Leading ISO-8601 / RFC 3339 timestamp, as most loggers write it. */
const LEADING_TIME = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+/
const LEADING_LEVEL = /^\[?(ERROR|ERR|FATAL|CRITICAL|WARN|WARNING|INFO|NOTICE|DEBUG|TRACE)\]?[:\s]/i

export function levelOf(value: unknown): LogLevel | undefined {
  if (typeof value === 'number') {
    // pino/bunyan numeric levels
    if (value >= 50) return 'ERROR'
    if (value >= 40) return 'WARN'
    if (value >= 30) return 'INFO'
    return 'DEBUG'
  }
  return typeof value === 'string' ? LEVELS[value.toLowerCase()] : undefined
}

function timeOf(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value < 1e12 ? value * 1000 : value)
  if (typeof value === 'string') {
    const d = new Date(value)
    return Number.isNaN(d.getTime()) ? undefined : d
  }
  return undefined
}

/**
 * One line of a file as a log entry. NDJSON lines give their own time, level and message;
 * plain lines may start with a timestamp and a level word. `fallbackTime` is used when the line
 * has no time of its own.
 */
export function parseLine(
  line: string,
  format: 'auto' | 'text' | 'ndjson',
  fallbackTime: Date,
): Omit<LogEntry, 'id'> {
  if (format !== 'text' && line.startsWith('{')) {
    try {
      const obj = JSON.parse(line) as Record<string, unknown>
      const timestamp = timeOf(obj.timestamp ?? obj.time ?? obj.ts ?? obj['@timestamp']) ?? fallbackTime
      const level = levelOf(obj.level ?? obj.severity ?? obj.levelname)
      const requestId = typeof obj.requestId === 'string' ? obj.requestId : undefined
      return { timestamp, message: line, ...(level && { level }), ...(requestId && { requestId }) }
    } catch {
      if (format === 'ndjson') return { timestamp: fallbackTime, message: line }
    }
  }
  let rest = line
  let timestamp = fallbackTime
  const t = LEADING_TIME.exec(rest)
  if (t) {
    const parsed = timeOf(t[1]!.replace(' ', 'T').replace(',', '.'))
    if (parsed) {
      timestamp = parsed
      rest = rest.slice(t[0].length)
    }
  }
  const l = LEADING_LEVEL.exec(rest)
  const level = l ? levelOf(l[1]) : undefined
  return { timestamp, message: line, ...(level && { level }) }
}

import type { LogLevel } from '@atmos-logs/core'
import type { Level, Logger } from 'pino'
import type { TaggedEntry } from './tagged-entry.js'

// Apart from log-format.ts (which loads pino): only `--format log` needs pino, and loading it costs
// every other run a dozen modules.

const PINO_LEVEL: Record<LogLevel, Level> = { ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug' }

/** Writes one entry through the logger; entries without a level count as info. */
export function logEntry(logger: Logger, entry: TaggedEntry): void {
  const level = (entry.level && PINO_LEVEL[entry.level]) || 'info'
  if (!logger.isLevelEnabled(level)) return
  const time = entry.timestamp.getTime()
  const fields: Record<string, unknown> = {
    time: Number.isNaN(time) ? null : entry.timestamp.toISOString(),
    source: entry.source,
    kind: entry.kind,
  }
  if (entry.component !== null) fields.component = entry.component
  if (entry.stack !== null) fields.stack = entry.stack
  if (entry.id !== undefined) fields.id = entry.id
  if (entry.requestId !== undefined) fields.requestId = entry.requestId
  if (entry.metadata !== undefined) fields.metadata = entry.metadata
  if (entry.late) fields.late = true
  logger[level](fields, entry.message)
}

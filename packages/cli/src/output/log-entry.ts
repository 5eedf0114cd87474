import type { LogLevel } from '@atmos-logs/core'
import { LEVELS_ASCENDING } from '@atmos-logs/core/levels'
import type { Level, Logger } from 'pino'
import type { TaggedEntry } from './tagged-entry.js'

// Apart from log-format.ts (which loads pino): only `--format log` needs pino, and loading it costs
// every other run a dozen modules.

const PINO_LEVEL: Record<LogLevel, Level> = { ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug' }

/** The pino level an entry is written at: entries without a level count as info. */
function pinoLevel(entry: TaggedEntry): Level {
  return (entry.level && PINO_LEVEL[entry.level]) || 'info'
}

/** The lowest entry level the logger writes (`logs.level`), null when it writes none (Off). */
export function lowestWritten(logger: Logger): LogLevel | null {
  return LEVELS_ASCENDING.find((l) => logger.isLevelEnabled(PINO_LEVEL[l])) ?? null
}

/** Writes one entry through the logger, unless its level is below the logger's. */
export function logEntry(logger: Logger, entry: TaggedEntry): void {
  const level = pinoLevel(entry)
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

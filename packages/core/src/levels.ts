import type { LogLevel } from './contract.js'

/** The words loggers write for a level, by the level they mean. */
const LEVEL_WORDS: Record<string, LogLevel> = {
  error: 'ERROR',
  err: 'ERROR',
  fatal: 'ERROR',
  critical: 'ERROR',
  crit: 'ERROR',
  panic: 'ERROR',
  emerg: 'ERROR',
  alert: 'ERROR',
  warn: 'WARN',
  warning: 'WARN',
  info: 'INFO',
  notice: 'INFO',
  information: 'INFO',
  debug: 'DEBUG',
  trace: 'DEBUG',
  verbose: 'DEBUG',
}

// pino and bunyan write numeric levels.
function numericLevel(n: number): LogLevel | undefined {
  if (n >= 50) return 'ERROR'
  if (n >= 40) return 'WARN'
  if (n >= 30) return 'INFO'
  if (n >= 10) return 'DEBUG'
  return undefined
}

/** The level a logger's level field or word means (`warning`, `Error`, pino's 50), if any. */
export function logLevelOf(value: unknown): LogLevel | undefined {
  if (typeof value === 'number') return numericLevel(value)
  if (typeof value === 'string') return LEVEL_WORDS[value.trim().toLowerCase()]
  return undefined
}

/** The levels from lowest to highest: the one home of their order. */
export const LEVELS_ASCENDING: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR']

const RANK = Object.fromEntries(LEVELS_ASCENDING.map((level, i) => [level, i])) as Record<LogLevel, number>

/**
 * Whether an entry of `level` is at or above `lowest` (a read's `level` option): an entry without
 * a level counts as INFO, as loggers write lines that carry none.
 */
export function atOrAbove(level: LogLevel | undefined, lowest: LogLevel): boolean {
  return RANK[level ?? 'INFO'] >= RANK[lowest]
}

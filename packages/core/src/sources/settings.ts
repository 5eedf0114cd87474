/**
 * Effective logs settings: defaults < atmos.yaml `logs.settings` < component `logs.settings`.
 * CLI flags are applied by the CLI on top.
 */
import type { LogFormat, LogsSettings } from '../config/schema.js'

export interface EffectiveSettings {
  default_since: string
  format: LogFormat
  /** A Go time layout. */
  timestamp_format: string
  /** undefined: colour on a TTY unless NO_COLOR (the CLI decides). */
  colorize?: boolean
  utc: boolean
  /** Default `--lines` for tail. */
  lines: number
  limit?: number
  rate_limit?: { requests_per_second?: number; burst?: number }
  max_concurrency?: number
  /** Bound on the whole command, a duration; undefined: none. */
  timeout?: string
  /** No page read this long because of throttling or errors ends a read (not a follow); `0` is off. */
  stall_timeout: string
  /** Who describes components: ours, the Go atmos for what ours cannot compute, or always it. */
  resolver?: 'auto' | 'builtin' | 'atmos'
}

export const DEFAULT_SETTINGS: Readonly<EffectiveSettings> = Object.freeze({
  default_since: '15m',
  format: 'pretty',
  timestamp_format: '2006-01-02T15:04:05.000Z07:00',
  utc: false,
  lines: 20,
  stall_timeout: '2m',
})

/** Later layers win key by key; `rate_limit` merges field by field. */
export function effectiveSettings(...layers: (LogsSettings | null | undefined)[]): EffectiveSettings {
  const out: EffectiveSettings = { ...DEFAULT_SETTINGS }
  for (const layer of layers) {
    if (!layer) continue
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined || value === null) continue
      if (key === 'rate_limit') out.rate_limit = { ...out.rate_limit, ...(value as object) }
      else (out as unknown as Record<string, unknown>)[key] = value
    }
  }
  return out
}

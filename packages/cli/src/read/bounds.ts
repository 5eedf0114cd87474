import { type EffectiveSettings, tryParseDuration, UsageError } from '@atmos-logs/core'
import type { Bound } from './watchdog.js'

/** --timeout as given, checked before anything is read: a positive duration. */
export function timeoutFlag(value: string | undefined): Bound | undefined {
  if (value === undefined) return undefined
  const ms = tryParseDuration(value)
  if (ms === undefined || ms <= 0) {
    throw new UsageError(`--timeout "${value}" is not a positive duration.`, {
      hint: 'Give how long the whole command may take, such as 30s, 5m or 1h30m.',
    })
  }
  return { ms, setBy: '--timeout' }
}

/** The bounds of a run: --timeout over logs.settings.timeout; the stall bound from logs.settings.stall_timeout. */
export function boundsOf(
  flag: Bound | undefined,
  settings: Pick<EffectiveSettings, 'timeout' | 'stall_timeout'>,
): { timeout?: Bound; stall: Bound } {
  const setting = settings.timeout !== undefined ? tryParseDuration(settings.timeout) : undefined
  const timeout =
    flag ??
    (setting !== undefined && setting > 0 ? { ms: setting, setBy: 'logs.settings.timeout' } : undefined)
  const stallMs = tryParseDuration(settings.stall_timeout) ?? 120_000
  const stallSetBy =
    settings.stall_timeout === '2m'
      ? 'logs.settings.stall_timeout, default 2m'
      : `logs.settings.stall_timeout ${settings.stall_timeout}`
  return { timeout, stall: { ms: stallMs, setBy: stallSetBy } }
}

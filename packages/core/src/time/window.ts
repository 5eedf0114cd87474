import { UsageError } from '../errors.js'
import { formatDuration } from './duration.js'
import { parseTimeSpec } from './time-spec.js'

/** One time value and where it was given: `--since`, `logs.settings.default_since`. */
export interface TimeInput {
  value: string
  setBy: string
}

/** A read's window, checked: since not in the future, since before until, both within reason. */
export interface TimeWindow {
  since?: Date
  until?: Date
}

// Before the Unix epoch no log service stores anything (their timestamps count from it), and past
// year 9999 no date format can write it back: either end out there is a typo, not a range.
const EARLIEST = 0
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/**
 * Reads --since/--until (or a default_since) into a window and refuses, as usage errors (exit 2)
 * before anything is requested, what no read can answer. The one place these checks and their
 * words live, for every command that takes a time range.
 */
export function readTimeWindow(
  input: { since?: TimeInput; until?: TimeInput },
  opts: { now: Date },
): TimeWindow {
  const { now } = opts
  const until = input.until ? checked(input.until, now) : undefined
  const since = input.since ? checked(input.since, now) : undefined
  if (since && since.getTime() > now.getTime()) {
    throw new UsageError(
      `${input.since!.setBy} ${quote(input.since!.value)} is in the future (${roughly(since.getTime() - now.getTime())} from now); nothing has been logged there yet.`,
      { hint: 'Give a start in the past: a duration back from now (15m, 2h, 7d) or an earlier time.' },
    )
  }
  if (since && until && since.getTime() > until.getTime()) {
    throw new UsageError(
      `${input.since!.setBy} (${input.since!.value}) is after ${input.until!.setBy} (${input.until!.value}).`,
      { hint: 'Give a start before the end.' },
    )
  }
  return { since, until }
}

function checked(input: TimeInput, now: Date): Date {
  const date = parseTimeSpec(input.value, { now, flag: input.setBy })
  const ms = date.getTime()
  if (Number.isNaN(ms) || ms < EARLIEST || ms > LATEST) {
    const where = Number.isNaN(ms)
      ? 'beyond any date'
      : ms < EARLIEST
        ? `before 1970 (${roughly(now.getTime() - ms)} ago)`
        : 'after the year 9999'
    throw new UsageError(
      `${input.setBy} ${quote(input.value)} points ${where}, where no log service keeps anything.`,
      { hint: 'Give a time within the logs you keep, such as 15m, 7d or 2026-11-27T10:00:00Z.' },
    )
  }
  return date
}

/** Whole seconds: how far off a time is needs no milliseconds. */
function roughly(ms: number): string {
  return formatDuration(Math.max(1000, Math.round(ms / 1000) * 1000))
}

function quote(value: string): string {
  return `"${value}"`
}

import { describeTimeRange, parseTimeSpec, type ResolvedSource, UsageError } from '@atmos-logs/core'
import type { ReadRequest } from './request.js'

/** The time window of one run, with every relative spec read against the same `now`. */
export interface ReadRange {
  now: Date
  /** --since as given; undefined when each source's own default applies. */
  flagSince?: Date
  until?: Date
  /** Where a source starts reading: --since, else its default_since (plain tail: undefined). */
  sinceOf(source: ResolvedSource): Date | undefined
}

export function readRange(req: Pick<ReadRequest, 'operation' | 'since' | 'until'>): ReadRange {
  const now = new Date()
  const until = req.until ? parseTimeSpec(req.until, { now, flag: '--until' }) : undefined
  const flagSince = req.since ? parseTimeSpec(req.since, { now, flag: '--since' }) : undefined
  if (flagSince && until && flagSince > until) {
    throw new UsageError(`--since (${req.since}) is after --until (${req.until}).`, {
      hint: 'Give a start before the end.',
    })
  }
  // Plain tail without --since reads "the newest N", not a window; otherwise each source's own default_since.
  const sinceOf = (s: ResolvedSource): Date | undefined =>
    flagSince ??
    (req.operation === 'tail'
      ? undefined
      : parseTimeSpec(s.settings.default_since, { now, flag: 'default_since' }))
  return { now, flagSince, until, sinceOf }
}

/** " in the last 15 minutes"-style words for a notice; empty for a plain tail, which has no window. */
export function describeRange(
  range: ReadRange,
  req: Pick<ReadRequest, 'operation'>,
  source: ResolvedSource,
  utc: boolean,
): string {
  if (req.operation === 'tail' && !range.flagSince) return ''
  return ` ${describeTimeRange({ since: range.sinceOf(source), until: range.until }, { now: range.now, utc })}`
}

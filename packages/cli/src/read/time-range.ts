import { describeTimeRange, type ResolvedSource, readTimeWindow } from '@atmos-logs/core'
import type { ReadRequest } from './request.js'

/** The time window of one run, with every relative spec read against the same `now`. */
export interface ReadRange {
  now: Date
  /** --since as given; undefined when each source's own default applies. */
  flagSince?: Date
  until?: Date
  /**
   * Where a source starts reading: --since, else its default_since (plain tail: undefined).
   * `operation` is how this source is read when not as the request says (the interactive view gets
   * a kind that cannot tail).
   */
  sinceOf(source: ResolvedSource, operation?: ReadRequest['operation']): Date | undefined
}

/**
 * The flags' window, checked before anything is requested (readTimeWindow). Each source's own
 * default_since is checked the same way when `sources` are given, against the same `now`.
 */
export function readRange(
  req: Pick<ReadRequest, 'operation' | 'since' | 'until'>,
  now = new Date(),
): ReadRange {
  const { since: flagSince, until } = readTimeWindow(
    {
      since: req.since === undefined ? undefined : { value: req.since, setBy: '--since' },
      until: req.until === undefined ? undefined : { value: req.until, setBy: '--until' },
    },
    { now },
  )
  // Plain tail without --since reads "the newest N", not a window; otherwise each source's own default_since.
  const sinceOf = (s: ResolvedSource, operation = req.operation): Date | undefined =>
    flagSince ?? (operation === 'tail' ? undefined : defaultSince(s, now))
  return { now, flagSince, until, sinceOf }
}

function defaultSince(s: ResolvedSource, now: Date): Date | undefined {
  const setting = { value: s.settings.default_since, setBy: 'logs.settings.default_since' }
  return readTimeWindow({ since: setting }, { now }).since
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

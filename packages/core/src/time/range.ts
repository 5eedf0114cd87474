import { formatDuration } from './duration.js'
import { formatGoTime } from './go-layout.js'

const RANGE_LAYOUT = '2006-01-02 15:04:05Z07:00'

/**
 * The searched time range in words, for "no log entries between ..." messages:
 * `between 2026-11-27 11:45:00Z (15m ago) and now`.
 */
export function describeTimeRange(
  range: { since?: Date; until?: Date },
  opts: { now: Date; utc: boolean },
): string {
  const at = (date: Date): string => {
    const text = formatGoTime(date, RANGE_LAYOUT, { utc: opts.utc })
    const ago = opts.now.getTime() - date.getTime()
    return ago > 0 ? `${text} (${formatDuration(ago)} ago)` : text
  }
  const from = range.since ? at(range.since) : 'the earliest entry'
  const to = range.until ? at(range.until) : 'now'
  return `between ${from} and ${to}`
}

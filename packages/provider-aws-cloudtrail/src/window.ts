import { UsageError } from '@atmos-logs/core/errors'

/** LookupEvents reaches 90 days back, no further. */
export const LOOKUP_WINDOW_MS = 90 * 86_400_000
/** `--since 90d` computed a moment before we look is still inside. */
const GRACE_MS = 5 * 60_000

export interface LookupRange {
  since: number
  until: number
  /** set when --since was moved up to the window's start */
  clamped?: { from: number; to: number }
}

/**
 * The range LookupEvents can answer: [since, until] inside the last 90 days. A --since before
 * that is an error, unless an explicit --until lies inside the window: then the range is clamped
 * (the caller warns). Never a silent empty result.
 */
export function lookupRange(opts: { since?: Date; until?: Date }, now: number, source: string): LookupRange {
  const earliest = now - LOOKUP_WINDOW_MS
  const until = Math.min(opts.until?.getTime() ?? now, now)
  const since = opts.since?.getTime() ?? earliest
  if (since >= earliest - GRACE_MS) return { since: Math.max(since, earliest), until }
  const given = new Date(since).toISOString()
  const hint =
    'Give --since 90d or less; older events live only in a trail (set spec.log_group to its CloudWatch Logs group, or read its S3 bucket).'
  if (opts.until && until >= earliest)
    return { since: earliest, until, clamped: { from: since, to: earliest } }
  if (opts.until) {
    throw new UsageError(
      `--since (${given}) and --until (${opts.until.toISOString()}) are both more than 90 days ago: CloudTrail LookupEvents keeps the last 90 days only, so aws/cloudtrail source "${source}" can show nothing there.`,
      { hint },
    )
  }
  throw new UsageError(
    `--since (${given}) is more than 90 days ago: CloudTrail LookupEvents keeps the last 90 days only (since ${new Date(earliest).toISOString()}), so aws/cloudtrail source "${source}" cannot read that far back.`,
    { hint },
  )
}

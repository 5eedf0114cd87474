import type { SpecProblem } from '../errors.js'
import { formatDuration, tryParseDuration } from '../time/duration.js'

/** How a polling follow paces itself: how often it polls, and how far back each poll re-reads. */
export interface PollTimings {
  pollIntervalMs: number
  lateWindowMs: number
}

/** The shortest poll interval a spec may ask for. */
const MIN_POLL_INTERVAL_MS = 1000

/**
 * A polling provider's `poll_interval` and `late_window` spec fields (durations such as 30s or
 * 20m), with the kind's defaults for what the spec leaves out. Each poll re-reads the late window,
 * so a window shorter than the interval would skip what lies between two polls: refused.
 */
export function pollTimingsOf(
  spec: Record<string, unknown>,
  problem: SpecProblem,
  defaults: PollTimings,
): PollTimings {
  const example = `${formatDuration(defaults.pollIntervalMs)} or ${formatDuration(defaults.lateWindowMs)}`
  const duration = (field: string, fallback: number, min: number): number => {
    const value = spec[field]
    if (value === undefined) return fallback
    const ms = typeof value === 'string' ? tryParseDuration(value) : undefined
    if (ms === undefined || ms < min)
      return problem(
        field,
        `expected a duration of at least ${formatDuration(min)} such as ${example}; got ${JSON.stringify(value)}.`,
      )
    return ms
  }
  const pollIntervalMs = duration('poll_interval', defaults.pollIntervalMs, MIN_POLL_INTERVAL_MS)
  const lateWindowMs = duration('late_window', defaults.lateWindowMs, 0)
  if (lateWindowMs < pollIntervalMs)
    problem(
      'late_window',
      `${JSON.stringify(spec.late_window)} is shorter than poll_interval (${formatDuration(pollIntervalMs)}); every poll re-reads the late window, so it must reach back at least one interval.`,
    )
  return { pollIntervalMs, lateWindowMs }
}

export interface BackoffOptions {
  /** Delay ceiling of the first retry; it doubles with every further one. */
  baseMs: number
  /** The ceiling never grows past this. */
  capMs: number
  /** Random source in [0, 1); injectable for tests. */
  random?: () => number
}

/**
 * How long to wait before retry number `attempt` (1 for the first retry): exponential growth with
 * "equal jitter" — half of the ceiling fixed, half random — so many clients that failed together
 * do not retry together, yet none retries almost at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)))
  const random = options.random ?? Math.random
  return ceiling / 2 + random() * (ceiling / 2)
}

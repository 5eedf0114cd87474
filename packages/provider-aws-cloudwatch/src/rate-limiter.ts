/** Time and sleeping, injectable so tests never wait on the wall clock. */
export interface Clock {
  now(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal))
      const onAbort = () => {
        clearTimeout(timer)
        reject(abortError(signal as AbortSignal))
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

export function abortError(signal: AbortSignal): Error {
  if (signal.reason instanceof Error) return signal.reason
  const err = new Error('The operation was aborted')
  err.name = 'AbortError'
  return err
}

export interface RateLimiterOptions {
  /** Requests per second while the service does not push back. */
  ratePerSecond: number
  clock?: Clock
  /** Lowest rate throttling may push us down to. */
  minRatePerSecond?: number
  /** Random source in [0, 1) for jitter; injectable for tests. */
  random?: () => number
}

/**
 * Spaces requests evenly at a rate that halves on every throttle and creeps back up after
 * successes (additive increase, multiplicative decrease), so concurrent readers in one process
 * share the account's quota instead of fighting over it.
 */
export class AdaptiveRateLimiter {
  readonly maxRate: number
  private rate: number
  private readonly minRate: number
  private readonly clock: Clock
  private readonly random: () => number
  private nextSlot = 0
  /** Extra pause imposed after a throttle, shared by everyone waiting. */
  private pausedUntil = 0
  private consecutiveThrottles = 0

  constructor(options: RateLimiterOptions) {
    this.maxRate = options.ratePerSecond
    this.rate = options.ratePerSecond
    this.minRate = Math.min(options.minRatePerSecond ?? 0.2, options.ratePerSecond)
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
  }

  get currentRate(): number {
    return this.rate
  }

  /** Wait for this caller's turn. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now()
    const slot = Math.max(now, this.nextSlot, this.pausedUntil)
    this.nextSlot = slot + 1000 / this.rate
    const wait = slot - now
    if (wait > 0) await this.clock.sleep(wait, signal)
  }

  /** The service accepted a request: win back some rate. */
  onSuccess(): void {
    this.consecutiveThrottles = 0
    if (this.rate < this.maxRate) this.rate = Math.min(this.maxRate, this.rate + this.maxRate * 0.05)
  }

  /**
   * The service throttled a request: slow down for everyone, and return how long the caller
   * should back off before retrying (exponential with full jitter, capped at 20 s).
   */
  onThrottle(): number {
    this.consecutiveThrottles++
    this.rate = Math.max(this.minRate, this.rate / 2)
    const ceiling = Math.min(20_000, 200 * 2 ** Math.min(this.consecutiveThrottles, 10))
    const backoff = ceiling / 2 + this.random() * (ceiling / 2)
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + backoff)
    return backoff
  }
}

/** Default requests per second per API, from the CloudWatch Logs quotas. */
export const DEFAULT_RATES: Record<string, number> = {
  FilterLogEvents: 5,
  GetLogEvents: 25,
  DescribeLogGroups: 5,
  DescribeLogStreams: 5,
  StartQuery: 5,
  GetQueryResults: 5,
  StopQuery: 5,
  StartLiveTail: 5,
}

const shared = new Map<string, AdaptiveRateLimiter>()

/**
 * The one limiter for this account, region and API in the whole process. The first caller's rate
 * wins for FilterLogEvents unless a later caller asks for a lower one.
 */
export function sharedLimiter(
  account: string,
  region: string,
  api: string,
  rate?: number,
): AdaptiveRateLimiter {
  const key = `${account}\u0000${region}\u0000${api}`
  const ratePerSecond = rate ?? DEFAULT_RATES[api] ?? 5
  let limiter = shared.get(key)
  if (!limiter || ratePerSecond < limiter.maxRate) {
    limiter = new AdaptiveRateLimiter({ ratePerSecond })
    shared.set(key, limiter)
  }
  return limiter
}

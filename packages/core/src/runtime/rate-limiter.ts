import { backoffDelay } from './backoff.js'
import { type Clock, systemClock } from './clock.js'

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
   * should back off before retrying (exponential with jitter, capped at 20 s).
   */
  onThrottle(): number {
    this.consecutiveThrottles++
    this.rate = Math.max(this.minRate, this.rate / 2)
    const backoff = backoffDelay(this.consecutiveThrottles, {
      baseMs: 400,
      capMs: 20_000,
      random: this.random,
    })
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + backoff)
    return backoff
  }

  /** The service said when to come back (Retry-After, a rate-limit reset): nobody calls before then. */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time)
  }
}

const shared = new Map<string, AdaptiveRateLimiter>()

/**
 * The one limiter of the whole process for a quota, named by `key` (for example account, region
 * and API). A later caller asking for a lower rate replaces it with a slower one, so the most
 * conservative setting wins.
 */
export function sharedLimiter(key: string, ratePerSecond: number): AdaptiveRateLimiter {
  let limiter = shared.get(key)
  if (!limiter || ratePerSecond < limiter.maxRate) {
    limiter = new AdaptiveRateLimiter({ ratePerSecond })
    shared.set(key, limiter)
  }
  return limiter
}

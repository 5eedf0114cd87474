import type { Logger } from '../contract.js'
import { backoffDelay } from './backoff.js'
import { abortError, type Clock, systemClock } from './clock.js'
import type { AdaptiveRateLimiter } from './rate-limiter.js'

/** What a failed attempt means for the next one. */
export type FailureClass = 'throttle' | 'transient' | 'fatal'

export interface RetryingCallerOptions {
  /** The limiter of the quota an API draws on. */
  limiterFor(api: string): AdaptiveRateLimiter
  classify(err: unknown): FailureClass
  /** The error the user sees when an attempt fails for good (or retries run out). */
  finalError(err: unknown, api: string, resource?: string): Error
  /** Names the service and the source in the warnings printed while retrying. */
  describe: { service: string; source: string; region?: string; endpointHint: string }
  logger: Logger
  clock?: Clock
  random?: () => number
  /** Give up on one attempt after this long (a hung connection), then retry it. */
  attemptTimeoutMs?: number
  /** How many transient failures (resets, 5xx, timeouts) in a row before giving up. */
  maxTransientRetries?: number
}

/**
 * Sends one request through the shared limiter, retrying the very same request (same input, same
 * page token) until it succeeds: throttling never ends a read, and a page is never skipped or read
 * twice because nothing advances until a response arrives. Transient failures are retried a
 * bounded number of times with backoff; anything else fails at once through `finalError`.
 */
export class RetryingCaller {
  private readonly clock: Clock
  private readonly random: () => number
  constructor(private readonly options: RetryingCallerOptions) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
  }

  async call<T>(
    api: string,
    attempt: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
    resource?: string,
  ): Promise<T> {
    const { logger, describe } = this.options
    const limiter = this.options.limiterFor(api)
    const maxTransient = this.options.maxTransientRetries ?? 8
    const timeoutMs = this.options.attemptTimeoutMs ?? 30_000
    let transientFailures = 0
    let throttles = 0
    for (;;) {
      if (signal.aborted) throw abortError(signal)
      await limiter.acquire(signal)
      const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
      try {
        const out = await attempt(attemptSignal)
        limiter.onSuccess()
        return out
      } catch (err) {
        if (signal.aborted) throw abortError(signal)
        const timedOut = attemptSignal.aborted
        const failure = timedOut ? 'transient' : this.options.classify(err)
        if (failure === 'throttle') {
          const backoff = limiter.onThrottle()
          throttles++
          if (throttles === 5) {
            logger.warn(
              { api, resource },
              `${describe.service} keeps throttling ${api} for source "${describe.source}"; slowing down and retrying.`,
            )
          }
          await this.clock.sleep(backoff, signal)
          continue
        }
        if (failure === 'transient' && transientFailures < maxTransient) {
          transientFailures++
          // Retrying takes up to half a minute (a blackholed endpoint longer): say so rather than sit silent.
          if (transientFailures === 2) {
            const region = describe.region ? ` in region ${describe.region}` : ''
            const reason = timedOut ? 'no answer in time' : ((err as Error)?.message ?? String(err))
            logger.warn(
              { api, resource },
              `${api}${region} keeps failing for source "${describe.source}" (${reason}); retrying up to ${maxTransient - 1} more times before giving up. ${describe.endpointHint}, or press Ctrl-C to stop.`,
            )
          }
          logger.debug(
            { api, resource, attempt: transientFailures, error: (err as Error)?.name },
            'retrying after a transient failure',
          )
          await this.clock.sleep(
            backoffDelay(transientFailures, { baseMs: 200, capMs: 10_000, random: this.random }),
            signal,
          )
          continue
        }
        throw this.options.finalError(err, api, resource)
      }
    }
  }
}

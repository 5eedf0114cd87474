import type { Logger } from '../contract.js'
import { backoffDelay } from './backoff.js'
import { abortError, type Clock, systemClock } from './clock.js'
import type { ReadProgress } from './progress.js'
import type { AdaptiveRateLimiter } from './rate-limiter.js'

/**
 * What a failed attempt means for the next one. `unreachable`: the endpoint refused the
 * connection, does not resolve or fails TLS — it never recovers by waiting, unless it answered
 * before in this run (then it is a restart, retried like a reset).
 */
export type FailureClass = 'throttle' | 'transient' | 'unreachable' | 'fatal'

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
  /** Told about every page, throttle and retried failure (stall detection, status lines). */
  progress?: ReadProgress
  /** A failure in a few words for progress reports and warnings; default: its message's first line. */
  describeFailure?(err: unknown): string | undefined
}

/** The one quick retry an unreachable endpoint gets (a listener that was just starting). */
const UNREACHABLE_RETRY_MS = 250

/**
 * Sends one request through the shared limiter, retrying the very same request (same input, same
 * page token) until it succeeds: throttling never ends a read, and a page is never skipped or read
 * twice because nothing advances until a response arrives. Transient failures are retried a
 * bounded number of times with backoff; anything else fails at once through `finalError`.
 */
export class RetryingCaller {
  private readonly clock: Clock
  private readonly random: () => number
  /** Some request of this caller was answered: a refused connection later is a restart, not a typo. */
  private reached = false
  constructor(private readonly options: RetryingCallerOptions) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
  }

  private reasonOf(err: unknown, timedOut: boolean): string {
    if (timedOut) return 'no answer in time'
    return (
      this.options.describeFailure?.(err) ?? ((err as Error)?.message ?? String(err)).split('\n')[0]!.trim()
    )
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
    const progress = this.options.progress
    let transientFailures = 0
    let unreachableFailures = 0
    let throttles = 0
    for (;;) {
      if (signal.aborted) throw abortError(signal)
      await limiter.acquire(signal)
      const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
      try {
        const out = await attempt(attemptSignal)
        limiter.onSuccess()
        this.reached = true
        progress?.page(api)
        return out
      } catch (err) {
        if (signal.aborted) throw abortError(signal)
        const timedOut = attemptSignal.aborted
        let failure = timedOut ? 'transient' : this.options.classify(err)
        if (failure === 'unreachable') {
          if (this.reached) failure = 'transient'
          else if (unreachableFailures++ < 1) {
            progress?.failed(api, this.reasonOf(err, timedOut))
            await this.clock.sleep(UNREACHABLE_RETRY_MS, signal)
            continue
          }
        }
        if (failure === 'throttle') {
          progress?.throttled(api)
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
          const reason = this.reasonOf(err, timedOut)
          progress?.failed(api, reason)
          // Retrying takes up to half a minute (a blackholed endpoint longer): say so rather than sit silent.
          if (transientFailures === 2) {
            const region = describe.region ? ` in region ${describe.region}` : ''
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

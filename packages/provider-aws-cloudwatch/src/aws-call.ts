import type { Logger } from '@atmos-logs/core'
import { type CallContext, isThrottle, isTransient, mapAwsError } from './aws-errors.js'
import { type AdaptiveRateLimiter, abortError, type Clock, systemClock } from './rate-limiter.js'

/** The part of the SDK client we use: `send(command, {abortSignal})`. */
export interface Sender {
  send(command: any, options?: { abortSignal?: AbortSignal }): Promise<any>
}

export interface CallerOptions {
  sender: Sender
  limiterFor(api: string): AdaptiveRateLimiter
  context: Omit<CallContext, 'action' | 'logGroup'>
  logger: Logger
  clock?: Clock
  random?: () => number
  /** Give up on one attempt after this long (a hung connection), then retry it. */
  attemptTimeoutMs?: number
  /** How many transient failures (resets, 5xx, timeouts) in a row before giving up. */
  maxTransientRetries?: number
}

/**
 * Sends one API request through the shared limiter, retrying the very same request (same input,
 * same nextToken) until it succeeds: throttling never ends a read, and a page is never skipped or
 * read twice because nothing advances until a response arrives.
 */
export class Caller {
  private readonly clock: Clock
  private readonly random: () => number
  constructor(private readonly options: CallerOptions) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
  }

  get context(): CallerOptions['context'] {
    return this.options.context
  }

  async call<T>(api: string, makeCommand: () => unknown, signal: AbortSignal, logGroup?: string): Promise<T> {
    const limiter = this.options.limiterFor(api)
    const maxTransient = this.options.maxTransientRetries ?? 8
    const timeoutMs = this.options.attemptTimeoutMs ?? 30_000
    let transientFailures = 0
    let throttles = 0
    for (;;) {
      if (signal.aborted) throw abortError(signal)
      await limiter.acquire(signal)
      const attempt = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
      try {
        const out = (await this.options.sender.send(makeCommand(), { abortSignal: attempt })) as T
        limiter.onSuccess()
        return out
      } catch (err) {
        if (signal.aborted) throw abortError(signal)
        if (isThrottle(err)) {
          const backoff = limiter.onThrottle()
          throttles++
          if (throttles === 5) {
            this.options.logger.warn(
              { api, logGroup },
              `CloudWatch keeps throttling ${api} for source "${this.options.context.source}"; slowing down and retrying.`,
            )
          }
          await this.clock.sleep(backoff, signal)
          continue
        }
        const timedOut = attempt.aborted
        if ((timedOut || isTransient(err)) && transientFailures < maxTransient) {
          transientFailures++
          // Retrying takes up to half a minute (a blackholed endpoint longer): say so rather than sit silent.
          if (transientFailures === 2) {
            const region = this.options.context.region ? ` in region ${this.options.context.region}` : ''
            const reason = timedOut ? 'no answer in time' : ((err as Error)?.message ?? String(err))
            this.options.logger.warn(
              { api, logGroup },
              `${api}${region} keeps failing for source "${this.options.context.source}" (${reason}); retrying up to ${maxTransient - 1} more times before giving up. Check the network, the region and AWS_ENDPOINT_URL, or press Ctrl-C to stop.`,
            )
          }
          const ceiling = Math.min(10_000, 100 * 2 ** transientFailures)
          this.options.logger.debug(
            { api, logGroup, attempt: transientFailures, error: (err as Error)?.name },
            'retrying after a transient failure',
          )
          await this.clock.sleep(ceiling / 2 + this.random() * (ceiling / 2), signal)
          continue
        }
        throw mapAwsError(err, { ...this.options.context, action: api, logGroup })
      }
    }
  }
}

import type { Logger } from '../contract.js'
import type { Clock } from '../runtime/clock.js'
import type { ReadProgress } from '../runtime/progress.js'
import type { AdaptiveRateLimiter } from '../runtime/rate-limiter.js'
import { RetryingCaller } from '../runtime/retrying-caller.js'
import {
  type AwsCallContext,
  type AwsService,
  classifyAwsError,
  mapAwsError,
  notTheService,
} from './errors.js'

/** The part of an AWS SDK v3 client we use: `send(command, {abortSignal})`. */
export interface AwsSender {
  send(command: any, options?: { abortSignal?: AbortSignal }): Promise<any>
}

export interface AwsCallerOptions {
  service: AwsService
  sender: AwsSender
  limiterFor(api: string): AdaptiveRateLimiter
  context: Omit<AwsCallContext, 'action' | 'resource'>
  logger: Logger
  /** Explains a service-specific failure before the generic mapping; undefined to fall through. */
  explain?(err: unknown, ctx: AwsCallContext): Error | undefined
  clock?: Clock
  random?: () => number
  attemptTimeoutMs?: number
  maxTransientRetries?: number
  /** The read's progress sink (from its options), told of pages, throttles and retried failures. */
  progress?: ReadProgress
}

/**
 * An AWS SDK client behind the shared retrying caller: each command is re-created for every
 * attempt (same input, same token) and failures end as one readable error.
 */
export class AwsCaller {
  private readonly retrying: RetryingCaller
  constructor(private readonly options: AwsCallerOptions) {
    const { context, service } = options
    this.retrying = new RetryingCaller({
      limiterFor: options.limiterFor,
      classify: classifyAwsError,
      finalError: (err, action, resource) => {
        const ctx: AwsCallContext = { ...context, action, resource }
        return options.explain?.(err, ctx) ?? mapAwsError(err, service, ctx)
      },
      describe: {
        service: service.name,
        source: context.source,
        region: context.region,
        endpointHint: context.endpoint
          ? `Check ${context.endpoint.url} (set by ${context.endpoint.setBy})`
          : `Check the network, the region and ${service.endpointVariable} / AWS_ENDPOINT_URL`,
      },
      logger: options.logger,
      clock: options.clock,
      random: options.random,
      attemptTimeoutMs: options.attemptTimeoutMs,
      maxTransientRetries: options.maxTransientRetries,
      progress: options.progress,
      describeFailure: (err) => {
        const answer = notTheService(err)
        if (!answer) return undefined
        const what = [`HTTP ${answer.status}`, answer.contentType].filter(Boolean).join(', ')
        return `an answer ${service.name} would not give (${what})`
      },
    })
  }

  get context(): AwsCallerOptions['context'] {
    return this.options.context
  }

  /** `resource` names what the call is about in messages, e.g. `log group "/aws/x"`. */
  call<T>(api: string, makeCommand: () => unknown, signal: AbortSignal, resource?: string): Promise<T> {
    return this.retrying.call<T>(
      api,
      (attempt) => this.options.sender.send(makeCommand(), { abortSignal: attempt }) as Promise<T>,
      signal,
      resource,
    )
  }
}

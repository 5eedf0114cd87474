import { describe, expect, it } from '@jest/globals'
import { AwsCaller } from '../aws/caller.js'
import type { Logger } from '../contract.js'
import type { Clock } from './clock.js'
import type { ReadProgress } from './progress.js'
import { AdaptiveRateLimiter } from './rate-limiter.js'
import { type FailureClass, RetryingCaller } from './retrying-caller.js'

/** A clock whose sleeps return at once and move time on, so retries cost no wall time. */
function fakeClock(): Clock {
  let now = 0
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms
    },
  }
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => void warnings.push(String(msg ?? obj)),
    error: () => undefined,
  }
}

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })
}

function callerWith(send: () => Promise<unknown>, logger: Logger, progress?: ReadProgress) {
  const clock = fakeClock()
  const limiter = new AdaptiveRateLimiter({ ratePerSecond: 1000, clock })
  return new AwsCaller({
    service: {
      kind: 'aws/cloudwatch',
      name: 'CloudWatch Logs',
      iamPrefix: 'logs',
      endpointVariable: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
    },
    sender: { send },
    limiterFor: () => limiter,
    context: {
      source: 'function',
      region: 'us-east-1',
      identityLabel: 'the configured AWS access key',
      endpoint: { url: 'http://127.0.0.1:9', setBy: 'the AWS_ENDPOINT_URL environment variable' },
    },
    logger,
    clock,
    random: () => 0,
    progress,
  })
}

function progressLog(): ReadProgress & { events: string[] } {
  const events: string[] = []
  return {
    events,
    page: (api) => void events.push(`page ${api}`),
    throttled: (api) => void events.push(`throttled ${api}`),
    failed: (api, reason) => void events.push(`failed ${api}: ${reason}`),
  }
}

describe('AwsCaller with an endpoint that cannot be reached', () => {
  it('fails after one quick retry, naming the endpoint and what set it', async () => {
    const logger = recordingLogger()
    let attempts = 0
    const caller = callerWith(async () => {
      attempts++
      throw refused()
    }, logger)
    const failure = caller.call('FilterLogEvents', () => ({}), new AbortController().signal)
    await expect(failure).rejects.toThrow(
      'could not reach CloudWatch Logs at http://127.0.0.1:9 (set by the AWS_ENDPOINT_URL environment variable): connect ECONNREFUSED 127.0.0.1:9',
    )
    await expect(failure).rejects.toMatchObject({ exitCode: 1 })
    expect(attempts).toBe(2)
    expect(logger.warnings).toEqual([])
  })

  it('treats the same failure as a restart, retried with backoff, once the endpoint has answered', async () => {
    const logger = recordingLogger()
    const progress = progressLog()
    let attempts = 0
    const caller = callerWith(
      async () => {
        attempts++
        if (attempts === 1 || attempts > 4) return { events: [] }
        throw refused()
      },
      logger,
      progress,
    )
    const signal = new AbortController().signal
    await caller.call('FilterLogEvents', () => ({}), signal)
    await expect(caller.call('FilterLogEvents', () => ({}), signal)).resolves.toEqual({ events: [] })
    expect(attempts).toBe(5)
    expect(progress.events).toEqual([
      'page FilterLogEvents',
      'failed FilterLogEvents: connect ECONNREFUSED 127.0.0.1:9',
      'failed FilterLogEvents: connect ECONNREFUSED 127.0.0.1:9',
      'failed FilterLogEvents: connect ECONNREFUSED 127.0.0.1:9',
      'page FilterLogEvents',
    ])
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]).toMatch(/retrying up to 7 more times.*http:\/\/127\.0\.0\.1:9.*Ctrl-C/)
  })

  it('stays quiet when a single refused connection is followed by success', async () => {
    const logger = recordingLogger()
    let attempts = 0
    const caller = callerWith(async () => {
      if (attempts++ === 0) throw refused()
      return { events: [] }
    }, logger)
    await expect(caller.call('FilterLogEvents', () => ({}), new AbortController().signal)).resolves.toEqual({
      events: [],
    })
    expect(logger.warnings).toEqual([])
  })
})

/** What the SDK throws when the answer is not the service's: its hidden raw response kept. */
function answeredWith(status: number, contentType: string, name = 'SyntaxError'): Error {
  const err = Object.assign(
    new Error(
      `Unexpected token '<', "<html>" is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`,
    ),
    { name, $metadata: { httpStatusCode: status } },
  )
  Object.defineProperty(err, '$response', {
    value: { statusCode: status, headers: { 'content-type': contentType } },
    enumerable: false,
  })
  return err
}

describe('AwsCaller with an endpoint that is not the service', () => {
  it('says so in our words, once, without the SDK internals', async () => {
    let attempts = 0
    const caller = callerWith(async () => {
      attempts++
      throw answeredWith(404, 'text/html; charset=utf-8')
    }, recordingLogger())
    const failure = caller.call('FilterLogEvents', () => ({}), new AbortController().signal)
    await expect(failure).rejects.toThrow(
      'the endpoint http://127.0.0.1:9 did not answer like CloudWatch Logs (HTTP 404, text/html)',
    )
    await expect(failure).rejects.not.toThrow(/\$response|UnknownError|Deserialization/)
    expect(attempts).toBe(1)
  })

  it('retries a page whose JSON body was cut short, and reads it on the next attempt', async () => {
    let attempts = 0
    const caller = callerWith(async () => {
      if (attempts++ === 0) throw answeredWith(200, 'application/x-amz-json-1.1')
      return { events: [] }
    }, recordingLogger())
    await expect(caller.call('FilterLogEvents', () => ({}), new AbortController().signal)).resolves.toEqual({
      events: [],
    })
    expect(attempts).toBe(2)
  })
})

describe('RetryingCaller', () => {
  const throttled = () => Object.assign(new Error('Rate exceeded'), { kind: 'throttle' })
  const broken = () => Object.assign(new Error('bad input'), { kind: 'fatal' })

  function retrying(logger: Logger) {
    const clock = fakeClock()
    const limiter = new AdaptiveRateLimiter({ ratePerSecond: 1000, clock, random: () => 0 })
    return new RetryingCaller({
      limiterFor: () => limiter,
      classify: (err) => ((err as { kind?: FailureClass }).kind ?? 'fatal') as FailureClass,
      finalError: (err, api) => new Error(`${api} failed for good: ${(err as Error).message}`),
      describe: { service: 'Example', source: 'audit', endpointHint: 'Check the endpoint' },
      logger,
      clock,
      random: () => 0,
    })
  }

  it('retries a throttled request, unchanged, until it succeeds, and warns once on the fifth throttle', async () => {
    const logger = recordingLogger()
    const seen: number[] = []
    let n = 0
    const out = await retrying(logger).call(
      'LookupEvents',
      async () => {
        seen.push(n)
        if (n++ < 7) throw throttled()
        return 'page'
      },
      new AbortController().signal,
    )
    expect(out).toBe('page')
    expect(seen).toHaveLength(8)
    expect(logger.warnings).toEqual([
      'Example keeps throttling LookupEvents for source "audit"; slowing down and retrying.',
    ])
  })

  it('fails at once, through finalError, on a failure that is not worth retrying', async () => {
    let attempts = 0
    await expect(
      retrying(recordingLogger()).call(
        'LookupEvents',
        async () => {
          attempts++
          throw broken()
        },
        new AbortController().signal,
      ),
    ).rejects.toThrow('LookupEvents failed for good: bad input')
    expect(attempts).toBe(1)
  })

  it('stops with the abort reason when the caller aborts while backing off', async () => {
    const stop = new AbortController()
    const reason = Object.assign(new Error('interrupted'), { name: 'AbortError' })
    await expect(
      retrying(recordingLogger()).call(
        'LookupEvents',
        async () => {
          stop.abort(reason)
          throw throttled()
        },
        stop.signal,
      ),
    ).rejects.toBe(reason)
  })
})

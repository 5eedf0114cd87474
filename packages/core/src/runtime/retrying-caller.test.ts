import { describe, expect, it } from '@jest/globals'
import { AwsCaller } from '../aws/caller.js'
import type { Logger } from '../contract.js'
import type { Clock } from './clock.js'
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

function callerWith(send: () => Promise<unknown>, logger: Logger) {
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
    context: { source: 'function', region: 'us-east-1', identityLabel: 'the configured AWS access key' },
    logger,
    clock,
    random: () => 0,
  })
}

describe('AwsCaller with an endpoint that cannot be reached', () => {
  it('says so on stderr while it retries, once, before the final error', async () => {
    const logger = recordingLogger()
    let attempts = 0
    const caller = callerWith(async () => {
      attempts++
      throw refused()
    }, logger)

    await expect(caller.call('FilterLogEvents', () => ({}), new AbortController().signal)).rejects.toThrow(
      /failed calling FilterLogEvents in region us-east-1.*ECONNREFUSED/,
    )
    expect(attempts).toBe(9)
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]).toContain('source "function"')
    expect(logger.warnings[0]).toContain('FilterLogEvents in region us-east-1')
    expect(logger.warnings[0]).toContain('connect ECONNREFUSED 127.0.0.1:9')
    expect(logger.warnings[0]).toMatch(/retrying up to 7 more times.*Ctrl-C/)
  })

  it('stays quiet when a single transient failure is followed by success', async () => {
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

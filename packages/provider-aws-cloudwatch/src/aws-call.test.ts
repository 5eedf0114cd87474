import type { Logger } from '@atmos-logs/core'
import { describe, expect, it } from '@jest/globals'
import { Caller } from './aws-call.js'
import { AdaptiveRateLimiter, type Clock } from './rate-limiter.js'

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
  return new Caller({
    sender: { send },
    limiterFor: () => limiter,
    context: { source: 'function', region: 'us-east-1', identityLabel: 'the configured AWS access key' },
    logger,
    clock,
    random: () => 0,
  })
}

describe('Caller with an endpoint that cannot be reached', () => {
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

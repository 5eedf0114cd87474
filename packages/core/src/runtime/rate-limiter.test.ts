import type { Clock } from './clock.js'
import { AdaptiveRateLimiter, sharedLimiter } from './rate-limiter.js'

function fakeClock(): Clock & { slept: number[] } {
  let now = 0
  const slept: number[] = []
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms
    },
  }
}

describe('AdaptiveRateLimiter', () => {
  it('spaces requests at the configured rate', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveRateLimiter({ ratePerSecond: 5, clock })
    for (let i = 0; i < 6; i++) await limiter.acquire()
    // first is immediate, then one every 200 ms
    expect(clock.slept).toEqual([200, 200, 200, 200, 200])
    expect(clock.now()).toBe(1000)
  })

  it('halves the rate on throttling, backs off with jitter, and recovers on success', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveRateLimiter({ ratePerSecond: 4, clock, random: () => 0.5 })
    const backoff = limiter.onThrottle()
    expect(limiter.currentRate).toBe(2)
    // ceiling 400 ms on the first throttle: half fixed, half jittered
    expect(backoff).toBe(300)
    await limiter.acquire()
    expect(clock.now()).toBe(300)
    const second = limiter.onThrottle()
    expect(second).toBe(600)
    expect(limiter.currentRate).toBe(1)
    for (let i = 0; i < 100; i++) limiter.onSuccess()
    expect(limiter.currentRate).toBe(4)
  })

  it('never goes below the minimum rate', () => {
    const limiter = new AdaptiveRateLimiter({ ratePerSecond: 5, clock: fakeClock(), minRatePerSecond: 1 })
    for (let i = 0; i < 20; i++) limiter.onThrottle()
    expect(limiter.currentRate).toBe(1)
  })

  it('caps the backoff at 20 seconds', () => {
    const limiter = new AdaptiveRateLimiter({ ratePerSecond: 5, clock: fakeClock(), random: () => 0.999 })
    let last = 0
    for (let i = 0; i < 30; i++) last = limiter.onThrottle()
    expect(last).toBeLessThanOrEqual(20_000)
    expect(last).toBeGreaterThan(10_000)
  })
})

describe('sharedLimiter', () => {
  it('returns one limiter per quota key, and the slowest rate asked for wins', () => {
    const a = sharedLimiter('acct-test-1/us-east-1/FilterLogEvents', 5)
    expect(sharedLimiter('acct-test-1/us-east-1/FilterLogEvents', 5)).toBe(a)
    expect(sharedLimiter('acct-test-1/us-west-2/FilterLogEvents', 5)).not.toBe(a)
    expect(a.maxRate).toBe(5)
    expect(sharedLimiter('acct-test-1/us-east-1/FilterLogEvents', 10)).toBe(a)
    const slower = sharedLimiter('acct-test-1/us-east-1/FilterLogEvents', 2)
    expect(slower.maxRate).toBe(2)
    expect(sharedLimiter('acct-test-1/us-east-1/FilterLogEvents', 5)).toBe(slower)
  })
})

describe('AdaptiveRateLimiter.pauseUntil', () => {
  it('makes the next caller wait until the time the service named', async () => {
    const clock = fakeClock()
    const limiter = new AdaptiveRateLimiter({ ratePerSecond: 100, clock })
    limiter.pauseUntil(5000)
    await limiter.acquire()
    expect(clock.now()).toBe(5000)
  })
})

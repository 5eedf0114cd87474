import { describe, expect, it } from '@jest/globals'
import { backoffDelay } from './backoff.js'

describe('backoffDelay', () => {
  it('doubles the ceiling with every attempt, half fixed and half jittered', () => {
    const low = (attempt: number) => backoffDelay(attempt, { baseMs: 200, capMs: 10_000, random: () => 0 })
    const high = (attempt: number) =>
      backoffDelay(attempt, { baseMs: 200, capMs: 10_000, random: () => 0.999_999 })
    expect([1, 2, 3].map(low)).toEqual([100, 200, 400])
    expect(high(1)).toBeCloseTo(200, 0)
    expect(high(3)).toBeCloseTo(800, 0)
  })

  it('never passes the cap, however many attempts', () => {
    expect(backoffDelay(1000, { baseMs: 200, capMs: 10_000, random: () => 0.999_999 })).toBeLessThanOrEqual(
      10_000,
    )
    expect(backoffDelay(1000, { baseMs: 200, capMs: 10_000, random: () => 0 })).toBe(5000)
  })
})

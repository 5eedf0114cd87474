import { describe, expect, it } from '@jest/globals'
import { UsageError } from '../errors.js'
import { formatDuration, parseDuration, tryParseDuration } from './duration.js'

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['.5h', 1_800_000],
    ['1.h', 3_600_000],
    ['500ms', 500],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['2000000ns', 2],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1d12h', 129_600_000],
    ['1w2d3h4m5s6ms', 604_800_000 + 2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000 + 5_000 + 6],
    ['0', 0],
    ['0s', 0],
    [' 15m ', 900_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 9)
  })

  it.each([
    '',
    '15',
    '15x',
    'm',
    '1h 30m',
    '-5m',
    '+5m',
    '1.2.3s',
    'h1',
    '15M',
    '1e3s',
    'NaN',
    'five minutes',
  ])('rejects %j', (text) => {
    expect(tryParseDuration(text)).toBeUndefined()
    expect(() => parseDuration(text)).toThrow(UsageError)
  })

  it('says which value is wrong and how to write one', () => {
    try {
      parseDuration('15x')
      throw new Error('expected a UsageError')
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError)
      expect((err as UsageError).message).toBe('"15x" is not a duration.')
      expect((err as UsageError).hint).toContain('1h30m')
      expect((err as UsageError).exitCode).toBe(2)
    }
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [0.5, '0.5ms'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [900_000, '15m'],
    [5_400_000, '1h30m'],
    [172_800_000, '2d'],
    [129_600_000, '1d12h'],
    [604_800_000, '7d'],
    [3_600_000 + 1, '1h0.001s'],
    [59_999.6, '1m'],
    [-900_000, '-15m'],
  ])('%d ms is %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('round-trips through parseDuration', () => {
    for (const text of ['1h30m', '2d', '1m30s', '1.5s', '500ms', '1d12h5m']) {
      expect(formatDuration(parseDuration(text))).toBe(text)
    }
  })
})

import { runInsightsQuery } from './index.js'
import { ceilTime, floorTime, parsePeriod } from './time.js'

describe('periods', () => {
  it.each([
    ['5m', { amount: 300_000, unit: 'ms' }],
    ['30s', { amount: 30_000, unit: 'ms' }],
    ['1hr', { amount: 3_600_000, unit: 'ms' }],
    ['2hrs', { amount: 7_200_000, unit: 'ms' }],
    ['10mins', { amount: 600_000, unit: 'ms' }],
    ['250ms', { amount: 250, unit: 'ms' }],
    ['1d', { amount: 86_400_000, unit: 'ms' }],
    ['1w', { amount: 604_800_000, unit: 'ms' }],
    ['1mo', { amount: 1, unit: 'month' }],
    ['1qtr', { amount: 1, unit: 'quarter' }],
    ['1y', { amount: 1, unit: 'year' }],
  ])('%s', (text, expected) => {
    expect(parsePeriod(text)).toStrictEqual(expected)
  })

  it('rejects unknown units', () => {
    expect(parsePeriod('5parsecs')).toBeUndefined()
  })

  it('floors and ceils to calendar months, quarters and years in UTC', () => {
    const t = Date.UTC(2025, 4, 17, 13, 45)
    expect(floorTime(t, 1, 'month')).toBe(Date.UTC(2025, 4, 1))
    expect(floorTime(t, 1, 'quarter')).toBe(Date.UTC(2025, 3, 1))
    expect(floorTime(t, 1, 'year')).toBe(Date.UTC(2025, 0, 1))
    expect(ceilTime(t, 1, 'month')).toBe(Date.UTC(2025, 5, 1))
    expect(floorTime(t, 3_600_000, 'ms')).toBe(Date.UTC(2025, 4, 17, 13))
  })

  it('datefloor and bin give timestamps', () => {
    const event = {
      timestamp: Date.UTC(2025, 4, 17, 13, 45, 12, 345),
      ingestionTime: 0,
      message: 'x',
      logStream: 's',
      logGroup: 'g',
    }
    const [row] = runInsightsQuery(
      'fields datefloor(@timestamp, 1h) as hour, bin(1mo) as month, toMillis(@timestamp) as ms',
      [event],
    ).results
    expect(row).toStrictEqual([
      { field: 'hour', value: '2025-05-17 13:00:00.000' },
      { field: 'month', value: '2025-05-01 00:00:00.000' },
      { field: 'ms', value: String(event.timestamp) },
      { field: '@ptr', value: expect.any(String) },
    ])
  })
})

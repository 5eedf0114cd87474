import { describe, expect, it } from '@jest/globals'
import { describeTimeRange } from './range.js'

const now = new Date('2026-11-27T12:00:00Z')

describe('describeTimeRange', () => {
  it('names both ends, with how long ago each was', () => {
    expect(
      describeTimeRange(
        { since: new Date('2026-11-27T11:45:00Z'), until: new Date('2026-11-27T11:59:30Z') },
        { now, utc: true },
      ),
    ).toBe('between 2026-11-27 11:45:00Z (15m ago) and 2026-11-27 11:59:30Z (30s ago)')
  })

  it('says now and the earliest entry for open ends', () => {
    expect(describeTimeRange({ since: new Date('2026-11-25T12:00:00Z') }, { now, utc: true })).toBe(
      'between 2026-11-25 12:00:00Z (2d ago) and now',
    )
    expect(describeTimeRange({}, { now, utc: true })).toBe('between the earliest entry and now')
  })

  it('leaves out "ago" for a time that is not in the past', () => {
    expect(
      describeTimeRange({ since: now, until: new Date('2026-11-27T13:00:00Z') }, { now, utc: true }),
    ).toBe('between 2026-11-27 12:00:00Z and 2026-11-27 13:00:00Z')
  })
})

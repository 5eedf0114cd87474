import { describe, expect, it } from '@jest/globals'
import { generateEvents } from './generate.js'

describe('generateEvents', () => {
  it('is deterministic and spreads N events over M groups × K streams within [start, end)', () => {
    const opts = { events: 1000, groups: 2, streams: 5, start: 1_000_000, end: 2_000_000, seed: 5 }
    const a = generateEvents(opts)
    expect(generateEvents(opts)).toEqual(a)
    const groups = a.cloudwatch!.groups
    expect(groups.map((g) => g.name)).toEqual(['/atmos/generated/group-000', '/atmos/generated/group-001'])
    const events = groups.flatMap((g) => g.streams!.flatMap((s) => s.events!))
    expect(events).toHaveLength(1000)
    expect(
      groups.every((g) => g.streams!.length === 5 && g.streams!.every((s) => s.events!.length === 100)),
    ).toBe(true)
    expect(
      events.every((e) => (e.timestamp as number) >= 1_000_000 && (e.timestamp as number) < 2_000_000),
    ).toBe(true)
    const seqs = events.map((e) => Number(/seq.{1,2}?(\d+)/.exec(e.message as string)![1]))
    expect(new Set(seqs).size).toBe(1000)
    expect(generateEvents({ ...opts, seed: 6 })).not.toEqual(a)
  })
})

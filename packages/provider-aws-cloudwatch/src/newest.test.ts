import type { RawEvent } from './filter-reader.js'
import { newestEvents } from './newest.js'

function ev(logGroup: string, timestamp: number): RawEvent {
  return { logGroup, logStream: 's', timestamp, message: `${logGroup}@${timestamp}` }
}

describe('newestEvents', () => {
  const data: Record<string, RawEvent[]> = {
    a: [ev('a', 1_000), ev('a', 50_000), ev('a', 990_000), ev('a', 999_000)],
    b: [ev('b', 2_000), ev('b', 995_000), ev('b', 999_000)],
  }
  const calls: Array<[string, number, number]> = []
  const read = async function* (group: string, start: number, end: number) {
    calls.push([group, start, end])
    for (const e of data[group]) if (e.timestamp >= start && e.timestamp <= end) yield e
  }

  beforeEach(() => {
    calls.length = 0
  })

  it('returns the newest lines across groups in ascending order, reading only recent windows', async () => {
    const out = await newestEvents({
      groups: [{ name: 'a' }, { name: 'b' }],
      lines: 3,
      now: 1_000_000,
      earliest: 0,
      read,
    })
    expect(out.map((e) => e.message)).toEqual(['b@995000', 'a@999000', 'b@999000'])
    // one 30 s window per group was enough: nothing older was read
    expect(calls).toEqual([
      ['a', 970_001, 1_000_000],
      ['b', 970_001, 1_000_000],
    ])
  })

  it('widens the window backwards until enough are found or the earliest time is reached', async () => {
    const out = await newestEvents({
      groups: [{ name: 'a' }, { name: 'b' }],
      lines: 100,
      now: 1_000_000,
      earliest: 0,
      read,
    })
    expect(out).toHaveLength(7)
    expect(out.map((e) => e.timestamp)).toEqual([1_000, 2_000, 50_000, 990_000, 995_000, 999_000, 999_000])
    // windows never overlap and reach back to `earliest`
    const aWindows = calls.filter((c) => c[0] === 'a')
    for (let i = 1; i < aWindows.length; i++) expect(aWindows[i][2]).toBe(aWindows[i - 1][1] - 1)
    expect(aWindows.at(-1)?.[1]).toBe(0)
  })

  it('answers with the newer windows when the read stops short in an older one', async () => {
    // A budget of 3 events read: the 30 s window holds two, the window that reaches back to 0 is
    // cut after its first (a@1000, its oldest): it is dropped, a@1000 and a@50000 with it.
    let budget = 3
    const cuts: number[] = []
    const out = await newestEvents({
      groups: [{ name: 'a' }],
      lines: 10,
      now: 1_000_000,
      earliest: 0,
      read: async function* (group, start, end) {
        for await (const e of read(group, start, end)) {
          if (budget === 0) return
          budget--
          yield e
        }
      },
      exhausted: () => budget === 0,
      onCut: (end) => cuts.push(end),
    })
    expect(out.map((e) => e.message)).toEqual(['a@990000', 'a@999000'])
    // the dropped window ends where the last whole one began: nothing at or before it was read whole
    expect(cuts).toEqual([calls.at(-1)![2]])
  })

  it('skips groups created more than 14 days after a window', async () => {
    await newestEvents({
      groups: [{ name: 'a' }, { name: 'b', creationTime: 14 * 86_400_000 + 980_000 }],
      lines: 100,
      now: 1_000_000,
      earliest: 900_000,
      read,
    })
    expect(calls.filter((c) => c[0] === 'b')).toEqual([['b', 970_001, 1_000_000]])
  })
})

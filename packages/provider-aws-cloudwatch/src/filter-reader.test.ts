import type { AwsCaller } from '@atmos-logs/core/aws'
import { type FilterRange, LookAhead, MAX_PAGE_EVENTS, nextPageLimit, readPages } from './filter-reader.js'

describe('LookAhead', () => {
  it('grants room at once while it has some, then to the waiting chain whose page ends first', () => {
    const room = new LookAhead(1)
    const granted: string[] = []
    room.ask(50, () => granted.push('a'))
    room.ask(30, () => granted.push('late'))
    room.ask(10, () => granted.push('early'))
    room.ask(20, () => granted.push('middle'))
    expect(granted).toEqual(['a'])
    room.giveBack()
    expect(granted).toEqual(['a', 'early'])
    room.giveBack()
    room.giveBack()
    expect(granted).toEqual(['a', 'early', 'middle', 'late'])
  })

  it('never grants a withdrawn ask, and keeps room given back with no one waiting', () => {
    const room = new LookAhead(1)
    const granted: string[] = []
    room.ask(1, () => granted.push('a'))
    const withdraw = room.ask(2, () => granted.push('withdrawn'))
    withdraw()
    room.giveBack()
    expect(granted).toEqual(['a'])
    room.ask(3, () => granted.push('b'))
    expect(granted).toEqual(['a', 'b'])
    // Withdrawing a granted ask changes nothing: its room comes back through giveBack.
    const late = room.ask(4, () => granted.push('c'))
    late()
    room.giveBack()
    expect(granted).toEqual(['a', 'b'])
    room.ask(5, () => granted.push('d'))
    expect(granted).toEqual(['a', 'b', 'd'])
  })
})

describe('nextPageLimit', () => {
  it('grows fourfold while nothing was shown, then by the share shown, within one page of 10,000', () => {
    expect(nextPageLimit(10, 10, 10, 0)).toBe(40)
    expect(nextPageLimit(2_560, 10, 3_410, 0)).toBe(MAX_PAGE_EVENTS)
    // 2 of 400 shown: 8 more take about 1,600 events.
    expect(nextPageLimit(400, 8, 400, 2)).toBe(1_600)
    // Everything shown: the page stays the size it was, at least what is left.
    expect(nextPageLimit(10, 5, 5, 5)).toBe(10)
    expect(nextPageLimit(3, 20, 3, 3)).toBe(20)
  })
})

describe('readPages under a level', () => {
  /** One group as FilterLogEvents pages it: `limit` events a page, the token the next index. */
  function group(messages: string[]) {
    const limits: Array<number | undefined> = []
    const caller = {
      call: async (_api: string, make: () => unknown) => {
        const { input } = make() as { input: { limit?: number; nextToken?: string } }
        limits.push(input.limit)
        const from = Number(input.nextToken ?? 0)
        const to = Math.min(messages.length, from + (input.limit ?? MAX_PAGE_EVENTS))
        const events = messages.slice(from, to).map((message, i) => ({
          timestamp: from + i,
          message,
          eventId: String(from + i),
        }))
        return { events, nextToken: to < messages.length ? String(to) : undefined }
      },
    } as unknown as AwsCaller
    return { caller, limits }
  }
  const read = async (caller: AwsCaller, range: Omit<FilterRange, 'logGroup'>) => {
    const out: string[] = []
    for await (const page of readPages(caller, { logGroup: '/g', ...range }, new AbortController().signal))
      for (const e of page.slice()) out.push(e.message ?? '')
    return out
  }

  it('asks for a page the size of the limit when what it holds is shown', async () => {
    const messages = Array.from({ length: 500 }, (_, i) => `INFO line ${i}`)
    const { caller, limits } = group(messages)
    expect(await read(caller, { limit: 10, level: 'INFO' })).toEqual(messages.slice(0, 10))
    expect(limits).toEqual([10])
  })

  it('leaves out what is below the level, counts the limit over the rest, and grows its pages', async () => {
    // One INFO line in 1,000, the rest DEBUG: pages the size of the limit would take 1,000 requests.
    const messages = Array.from({ length: 30_000 }, (_, i) =>
      i % 1_000 === 999 ? `INFO ${i}` : `DEBUG ${i}`,
    )
    const { caller, limits } = group(messages)
    const got = await read(caller, { limit: 10, level: 'INFO' })
    expect(got).toEqual(messages.filter((m) => m.startsWith('INFO')).slice(0, 10))
    // 10, 40, 160, 640, 2,560, then what 7 more take at 3 in 3,410: 6 requests, not 1,000.
    expect(limits).toEqual([10, 40, 160, 640, 2_560, 7_957])
  })

  it('without a level still counts every event', async () => {
    const messages = Array.from({ length: 50 }, (_, i) => (i % 2 ? `INFO ${i}` : `DEBUG ${i}`))
    const { caller, limits } = group(messages)
    expect(await read(caller, { limit: 7 })).toEqual(messages.slice(0, 7))
    expect(limits).toEqual([7])
  })
})

import { type FetchPage, readAscending, readNewest } from './slices.js'
import type { TrailEvent } from './trail-event.js'

const event = (i: number, time: number): TrailEvent => ({
  EventId: `e${i}`,
  time,
  ResourceType: [],
  ResourceName: [],
  record: {},
})

/** A LookupEvents stand-in over `events`: newest first, 50 a page, [start, end] inclusive. */
function pages(events: TrailEvent[]) {
  const calls: Array<{ start: number; end: number; token?: string }> = []
  const fetch: FetchPage = async (range, _value, token) => {
    calls.push({ ...range, token })
    const matching = events
      .filter((e) => e.time >= range.start && e.time <= range.end)
      .sort((a, b) => b.time - a.time)
    const from = token ? Number(token) : 0
    const page = matching.slice(from, from + 50)
    return { events: page, nextToken: from + 50 < matching.length ? String(from + 50) : undefined }
  }
  return { fetch, calls }
}

const signal = new AbortController().signal
const all = async (it: AsyncIterable<TrailEvent>) => {
  const out: TrailEvent[] = []
  for await (const e of it) out.push(e)
  return out
}

describe('reading in time slices', () => {
  it('gives up a slice that holds too much and reads it again as halves, oldest first', async () => {
    // dense at the old end, sparse at the new: the first slice, sized from the newest page, overflows
    const events = [
      ...Array.from({ length: 600 }, (_, i) => event(i, 1_000_000 + i * 1000)),
      ...Array.from({ length: 60 }, (_, i) => event(600 + i, 10_000_000 + i * 60_000)),
    ]
    const { fetch, calls } = pages(events)
    const slices: Array<{ start: number; end: number; kept: number }> = []
    const out = await all(
      readAscending(0, 20_000_000, {
        fetch,
        values: [undefined],
        keep: () => true,
        signal,
        target: 100,
        maxHeld: 150,
        onSlice: (s) => slices.push(s),
      }),
    )
    expect(out.map((e) => e.EventId)).toStrictEqual(events.map((e) => e.EventId))
    for (const s of slices) expect(s.kept).toBeLessThanOrEqual(150)
    for (let i = 1; i < slices.length; i++) expect(slices[i]!.start).toBe(slices[i - 1]!.end + 1000)
    // a slice was given up: the same start asked for again with an earlier end
    // (the first call is the probe over the whole range)
    const firstPages = calls.slice(1).filter((c) => !c.token)
    const retried = firstPages.some((c, i) =>
      firstPages.slice(i + 1).some((d) => d.start === c.start && d.end < c.end),
    )
    expect(retried).toBe(true)
  })

  it('reads the newest N and stops paging once it has them', async () => {
    const events = Array.from({ length: 500 }, (_, i) => event(i, 1_000_000 + i * 1000))
    const { fetch, calls } = pages(events)
    const newest = await readNewest(0, 10_000_000, 70, {
      fetch,
      values: [undefined],
      keep: () => true,
      signal,
    })
    expect(newest.map((e) => e.EventId)).toStrictEqual(events.slice(-70).map((e) => e.EventId))
    expect(calls).toHaveLength(2)
  })
})

describe('a --since inside a second', () => {
  it('leaves out the events of that second, which lie before it', async () => {
    const events = [event(0, 5000), event(1, 6000), event(2, 7000)]
    const { fetch } = pages(events)
    const opts = { fetch, values: [undefined], keep: () => true, signal }
    expect((await all(readAscending(6001, 7000, opts))).map((e) => e.EventId)).toEqual(['e2'])
    expect((await readNewest(6001, 7000, 5, opts)).map((e) => e.EventId)).toEqual(['e2'])
    expect((await all(readAscending(6000, 7000, opts))).map((e) => e.EventId)).toEqual(['e1', 'e2'])
  })
})

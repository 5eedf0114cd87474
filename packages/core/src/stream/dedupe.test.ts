import { describe, expect, it } from '@jest/globals'
import { dedupeById, RecentIds, RepeatsInOrder } from './dedupe.js'

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of source) out.push(item)
  return out
}

describe('RecentIds', () => {
  it('reports repeats and forgets the least recently seen id past its capacity', () => {
    const recent = new RecentIds(2)
    expect(recent.seen('a')).toBe(false)
    expect(recent.seen('b')).toBe(false)
    expect(recent.seen('a')).toBe(true) // refreshes a, so b is now the oldest
    expect(recent.seen('c')).toBe(false) // evicts b
    expect(recent.size).toBe(2)
    expect(recent.seen('a')).toBe(true)
    expect(recent.seen('b')).toBe(false)
  })

  it('stays exact over many evictions and refreshes: it remembers the last ids seen, no others', () => {
    const recent = new RecentIds(3)
    for (let i = 0; i < 1000; i++) {
      expect(recent.seen(`id${i}`)).toBe(false)
      if (i > 0 && i % 7 === 0) expect(recent.seen(`id${i - 1}`)).toBe(true) // refreshes the previous one
    }
    expect(recent.size).toBe(3)
    expect(['id997', 'id998', 'id999'].map((id) => recent.seen(id))).toEqual([true, true, true])
    expect(recent.seen('id996')).toBe(false)
  })

  it('refuses a capacity below one', () => {
    expect(() => new RecentIds(0)).toThrow('at least 1')
  })
})

describe('RepeatsInOrder', () => {
  it('reports an id that came before in the same millisecond, however many came in between', () => {
    const repeats = new RepeatsInOrder()
    const seen = (ids: string[], at: number) => ids.map((id) => repeats.seen(id, at))
    expect(seen(['a', 'b', 'c', 'a', 'c', 'b'], 10)).toEqual([false, false, false, true, true, true])
    expect(seen(['d', 'd'], 11)).toEqual([false, true])
    // The same id at a later time is another event.
    expect(seen(['d', 'e', 'e'], 12)).toEqual([false, false, true])
  })

  it('keeps the recent ids once the read steps back in time', () => {
    const repeats = new RepeatsInOrder(100)
    expect(repeats.seen('a', 20)).toBe(false)
    expect(repeats.seen('b', 20)).toBe(false)
    expect(repeats.seen('c', 10)).toBe(false)
    // Repeats of the millisecond it stepped back from, and of what came after, are still caught.
    expect(['a', 'b', 'c'].map((id) => repeats.seen(id, 30))).toEqual([true, true, true])
    expect(repeats.seen('d', 40)).toBe(false)
    expect(repeats.seen('d', 50)).toBe(true)
  })
})

describe('dedupeById', () => {
  it('drops repeated ids and passes items without an id', async () => {
    const items = [
      { id: '1' },
      { id: '2' },
      { id: '1' },
      { message: 'no id' },
      { message: 'no id' },
      { id: '3' },
    ]
    expect(await collect(dedupeById(from(items)))).toEqual([
      { id: '1' },
      { id: '2' },
      { message: 'no id' },
      { message: 'no id' },
      { id: '3' },
    ])
  })

  it('uses a custom key and a bounded memory', async () => {
    const items = [
      { source: 'a', id: '1' },
      { source: 'b', id: '1' },
      { source: 'a', id: '2' },
      { source: 'a', id: '3' },
      { source: 'a', id: '1' },
    ]
    const out = await collect(dedupeById(from(items), { idOf: (i) => `${i.source}/${i.id}`, capacity: 2 }))
    // a/1 was evicted by the time it came again, so it passes a second time.
    expect(out).toEqual(items)
    const roomy = await collect(dedupeById(from(items), { idOf: (i) => `${i.source}/${i.id}` }))
    expect(roomy).toEqual(items.slice(0, 4))
  })

  it('closes its source when the consumer stops', async () => {
    let closed = false
    async function* source() {
      try {
        yield { id: '1' }
        yield { id: '2' }
      } finally {
        closed = true
      }
    }
    for await (const item of dedupeById(source())) {
      expect(item.id).toBe('1')
      break
    }
    expect(closed).toBe(true)
  })
})

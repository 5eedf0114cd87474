import { describe, expect, it } from '@jest/globals'
import { dedupeById, RecentIds } from './dedupe.js'

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

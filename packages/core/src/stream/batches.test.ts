import { describe, expect, it } from '@jest/globals'
import { BATCHES, batched, batchesOf, flatten } from './batches.js'
import { mergeBatchesByTime } from './merge.js'

interface Item {
  t: number
  label: string
}

const timeOf = (i: Item) => i.t
const item = (t: number, label: string): Item => ({ t, label })

/** A stream of arrays that records how many arrays were pulled and whether it was closed. */
function pages(...arrays: Item[][]) {
  const state = { pulled: 0, closed: false }
  const iterable: AsyncIterable<Item[]> = {
    [Symbol.asyncIterator]: () => ({
      next: async () =>
        state.pulled < arrays.length
          ? { done: false, value: arrays[state.pulled++]! }
          : { done: true, value: undefined },
      return: async () => {
        state.closed = true
        return { done: true, value: undefined }
      },
    }),
  }
  return { iterable, state }
}

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = []
  for await (const b of batches) out.push(b)
  return out
}

describe('batches', () => {
  it('reads a batched stream either way, in the same order', async () => {
    const source = batched(async function* () {
      yield [item(1, 'a'), item(2, 'b')]
      yield [item(3, 'c')]
    })
    const items: string[] = []
    for await (const i of source) items.push(i.label)
    expect(items).toEqual(['a', 'b', 'c'])
    expect((await collect(batchesOf(source))).map((b) => b.map((i) => i.label))).toEqual([['a', 'b'], ['c']])
    expect(typeof source[BATCHES]).toBe('function')
  })

  it('wraps a plain stream one item per array, and closing it closes the stream', async () => {
    const { iterable, state } = pages([item(1, 'x')], [item(2, 'y')])
    const plain = flatten(iterable)
    const arrays = batchesOf(plain)[Symbol.asyncIterator]()
    expect((await arrays.next()).value).toEqual([item(1, 'x')])
    await arrays.return?.()
    expect(state.closed).toBe(true)
  })
})

describe('mergeBatchesByTime', () => {
  it('merges arrays across their borders in time order, ties to the lower source', async () => {
    const a = pages([item(1, 'a1'), item(3, 'a3'), item(5, 'a5')], [item(5, 'a5b'), item(9, 'a9')])
    const b = pages([item(2, 'b2'), item(5, 'b5')], [item(6, 'b6')])
    const out = (await collect(mergeBatchesByTime([a.iterable, b.iterable], timeOf))).flat()
    expect(out.map((i) => i.label)).toEqual(['a1', 'b2', 'a3', 'a5', 'a5b', 'b5', 'b6', 'a9'])
  })

  it("passes one source's arrays on as they are", async () => {
    const page1 = [item(1, 'a'), item(2, 'b')]
    const page2 = [item(2, 'c')]
    const a = pages(page1, [], page2)
    const out = await collect(mergeBatchesByTime([a.iterable], timeOf))
    expect(out).toEqual([page1, page2])
    expect(out[0]).toBe(page1)
  })

  it('stops inside an array at the limit and closes every source', async () => {
    const a = pages([item(1, 'a1'), item(3, 'a3'), item(5, 'a5')])
    const b = pages([item(2, 'b2'), item(4, 'b4')])
    const out = (await collect(mergeBatchesByTime([a.iterable, b.iterable], timeOf, { limit: 4 }))).flat()
    expect(out.map((i) => i.label)).toEqual(['a1', 'b2', 'a3', 'b4'])
    expect(a.state.closed && b.state.closed).toBe(true)
  })

  it('pulls a source only when its array is used up', async () => {
    const a = pages([item(1, 'a1'), item(2, 'a2')], [item(10, 'a10')], [item(20, 'a20')])
    const b = pages([item(3, 'b3')], [item(30, 'b30')])
    const merged = mergeBatchesByTime([a.iterable, b.iterable], timeOf)[Symbol.asyncIterator]()
    expect(((await merged.next()).value as Item[]).map((i) => i.label)).toEqual(['a1', 'a2'])
    expect(a.state.pulled).toBe(1)
    await merged.return?.(undefined)
    expect(a.state.closed && b.state.closed).toBe(true)
  })
})

describe('batched, read one item at a time', () => {
  it('hands out nothing more once its signal aborts, even from an array already read', async () => {
    const stop = new AbortController()
    const stream = batched(async function* () {
      yield [1, 2, 3]
      yield [4]
    }, stop.signal)
    const seen: number[] = []
    for await (const n of stream) {
      seen.push(n)
      if (n === 1) stop.abort()
    }
    expect(seen).toEqual([1])
  })
})

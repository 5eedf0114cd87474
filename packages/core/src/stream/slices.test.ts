import { describe, expect, it } from '@jest/globals'
import { readSlicesInOrder } from './slices.js'

/** A slice reader fed by hand: next() takes what the test released, or waits for it. */
class ManualSlice implements AsyncIterable<number[]> {
  pulled = 0
  closed = false
  private queued: Array<IteratorResult<number[]> | Error> = []
  private waiting: ((r: IteratorResult<number[]> | Error) => void) | undefined

  private give(r: IteratorResult<number[]> | Error): void {
    const wake = this.waiting
    this.waiting = undefined
    if (wake) wake(r)
    else this.queued.push(r)
  }
  release(value: number[]): void {
    this.give({ done: false, value })
  }
  end(): void {
    this.give({ done: true, value: undefined })
  }
  fail(error: Error): void {
    this.give(error)
  }
  get pending(): boolean {
    return this.waiting !== undefined
  }

  [Symbol.asyncIterator](): AsyncIterator<number[]> {
    return {
      next: async () => {
        this.pulled++
        const r =
          this.queued.shift() ??
          (await new Promise<IteratorResult<number[]> | Error>((resolve) => {
            this.waiting = resolve
          }))
        if (r instanceof Error) throw r
        return r
      },
      return: async () => {
        this.closed = true
        return { done: true, value: undefined }
      },
    }
  }
}

const settle = () => new Promise((r) => setImmediate(r))

describe('readSlicesInOrder', () => {
  it('emits slice by slice in order, whichever slice answers first', async () => {
    const slices = [new ManualSlice(), new ManualSlice(), new ManualSlice()]
    const out: number[][] = []
    const run = (async () => {
      for await (const b of readSlicesInOrder(slices, (s) => s, { concurrency: 3, lookahead: 2 })) out.push(b)
    })()
    await settle()
    // The last slice answers first, then the middle one, then the first.
    slices[2]!.release([5, 6])
    await settle()
    slices[2]!.end()
    slices[1]!.release([3])
    await settle()
    expect(out).toEqual([])
    slices[1]!.release([4])
    await settle()
    slices[1]!.end()
    slices[0]!.release([1, 2])
    await settle()
    expect(out).toEqual([[1, 2]])
    slices[0]!.end()
    await run
    expect(out).toEqual([[1, 2], [3], [4], [5, 6]])
  })

  it('holds at most `lookahead` arrays per slice and opens at most `concurrency` slices', async () => {
    const slices = [new ManualSlice(), new ManualSlice(), new ManualSlice()]
    const out: number[][] = []
    const run = (async () => {
      for await (const b of readSlicesInOrder(slices, (s) => s, { concurrency: 2, lookahead: 2 })) out.push(b)
    })()
    await settle()
    expect(slices[2]!.pulled).toBe(0)
    slices[1]!.release([10])
    await settle()
    slices[1]!.release([11])
    await settle()
    // Slice 1 is full: it waits for room instead of asking for a third array.
    expect(slices[1]!.pulled).toBe(2)
    expect(slices[1]!.pending).toBe(false)
    slices[0]!.end()
    await settle()
    expect(out).toEqual([[10], [11]])
    expect(slices[1]!.pulled).toBe(3)
    // Slice 0 is done and emitted, so the third slice opens.
    expect(slices[2]!.pulled).toBe(1)
    slices[1]!.end()
    slices[2]!.end()
    await run
  })

  it('holds at most `budget` arrays behind the slice being emitted, read or being read', async () => {
    const slices = [new ManualSlice(), new ManualSlice(), new ManualSlice(), new ManualSlice()]
    const out: number[][] = []
    const run = (async () => {
      for await (const b of readSlicesInOrder(slices, (s) => s, { concurrency: 4, lookahead: 2, budget: 2 }))
        out.push(b)
    })()
    await settle()
    // Slices 1 and 2 are being read: the budget is spent, so slice 3 waits.
    expect(slices.map((s) => s.pulled)).toEqual([1, 1, 1, 0])
    slices[1]!.release([10])
    await settle()
    // Slice 1 holds its array and slice 2 still reads: nobody behind the head asks for more.
    expect(slices.map((s) => s.pulled)).toEqual([1, 1, 1, 0])
    // The slice being emitted is never held back by the budget.
    slices[0]!.release([1])
    await settle()
    expect(slices[0]!.pulled).toBe(2)
    expect(out).toEqual([[1]])
    slices[0]!.end()
    await settle()
    // Slice 1 leads now: its array is out, it reads on, and slice 3 gets the room it left.
    expect(out).toEqual([[1], [10]])
    expect(slices.map((s) => s.pulled)).toEqual([2, 2, 1, 1])
    slices[3]!.release([30])
    slices[2]!.release([20])
    slices[1]!.end()
    await settle()
    slices[2]!.end()
    slices[3]!.end()
    await run
    expect(out).toEqual([[1], [10], [20], [30]])
  })

  it('ends with the first failure of any slice and closes the open ones', async () => {
    const slices = [new ManualSlice(), new ManualSlice()]
    const run = (async () => {
      for await (const _ of readSlicesInOrder(slices, (s) => s, { concurrency: 2, lookahead: 2 })) {
        // nothing
      }
    })()
    await settle()
    slices[1]!.fail(new Error('AccessDenied'))
    await expect(run).rejects.toThrow('AccessDenied')
    expect(slices[0]!.closed).toBe(true)
  })

  it('closes every open slice when the consumer stops early', async () => {
    const slices = [new ManualSlice(), new ManualSlice()]
    const iterator = readSlicesInOrder(slices, (s) => s, { concurrency: 2, lookahead: 2 })
    const first = iterator.next()
    await settle()
    slices[0]!.release([1])
    expect((await first).value).toEqual([1])
    await iterator.return(undefined)
    expect(slices[0]!.closed && slices[1]!.closed).toBe(true)
  })
})

import { describe, expect, it } from '@jest/globals'
import { mergeByTime } from './merge.js'

interface Item {
  t: number
  label: string
}

/** A bounded source that records how far it was pulled and whether it was closed. */
class ArraySource implements AsyncIterable<Item> {
  pulled = 0
  closed = false
  constructor(
    private readonly items: Item[],
    private readonly failAt?: { index: number; error: Error },
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Item> {
    return {
      next: async () => {
        if (this.failAt && this.pulled === this.failAt.index) {
          this.pulled++
          throw this.failAt.error
        }
        const item = this.items[this.pulled]
        if (item === undefined) return { done: true, value: undefined }
        this.pulled++
        return { done: false, value: item }
      },
      return: async () => {
        this.closed = true
        return { done: true, value: undefined }
      },
    }
  }
}

/** A live source the test feeds by hand: next() waits until the test pushes, ends or fails it. */
class Channel implements AsyncIterable<Item> {
  closed = false
  private queue: Item[] = []
  private waiting: ((r: IteratorResult<Item>) => void) | undefined
  private failWaiting: ((e: unknown) => void) | undefined
  private ended = false

  push(t: number, label: string): void {
    const item = { t, label }
    if (this.waiting) {
      const wake = this.waiting
      this.waiting = undefined
      wake({ done: false, value: item })
    } else this.queue.push(item)
  }

  end(): void {
    this.ended = true
    this.waiting?.({ done: true, value: undefined })
    this.waiting = undefined
  }

  fail(error: Error): void {
    this.failWaiting?.(error)
    this.waiting = undefined
  }

  [Symbol.asyncIterator](): AsyncIterator<Item> {
    return {
      next: () => {
        const queued = this.queue.shift()
        if (queued) return Promise.resolve({ done: false, value: queued })
        if (this.ended || this.closed) return Promise.resolve({ done: true, value: undefined })
        return new Promise((resolve, reject) => {
          this.waiting = resolve
          this.failWaiting = reject
        })
      },
      return: async () => {
        this.closed = true
        this.waiting?.({ done: true, value: undefined })
        return { done: true, value: undefined }
      },
    }
  }
}

/** A clock that moves only when the test says so; sleepers wake when it passes their deadline. */
class ManualClock {
  private time = 0
  private sleepers: { until: number; wake: () => void }[] = []
  now = (): number => this.time
  sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      this.sleepers.push({ until: this.time + ms, wake: resolve })
      signal.addEventListener('abort', () => resolve(), { once: true })
    })
  /** Lets whatever is ready arrive at the current time, then moves the clock. */
  async advance(ms: number): Promise<void> {
    await settle()
    this.time += ms
    const due = this.sleepers.filter((s) => s.until <= this.time)
    this.sleepers = this.sleepers.filter((s) => s.until > this.time)
    for (const s of due) s.wake()
    await settle()
  }
}

/** Lets every pending promise chain run (no time passes on the injected clock). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

const item = (t: number, label: string): Item => ({ t, label })
const timeOf = (i: Item) => i.t
const labels = (items: Item[]) => items.map((i) => i.label)

async function collect(source: AsyncIterable<Item>): Promise<Item[]> {
  const out: Item[] = []
  for await (const i of source) out.push(i)
  return out
}

/** Consumes a merged stream in the background so the test can inspect what came out so far. */
function consume(source: AsyncIterable<Item>) {
  const out: Item[] = []
  let error: unknown
  const done = (async () => {
    try {
      for await (const i of source) out.push(i)
    } catch (err) {
      error = err
    }
  })()
  return { out, done, error: () => error }
}

describe('mergeByTime (bounded)', () => {
  it('interleaves sorted sources into one time-ordered stream', async () => {
    const a = new ArraySource([item(1, 'a1'), item(4, 'a4'), item(9, 'a9')])
    const b = new ArraySource([item(2, 'b2'), item(3, 'b3'), item(10, 'b10')])
    const c = new ArraySource([item(5, 'c5')])
    expect(labels(await collect(mergeByTime([a, b, c], timeOf)))).toEqual([
      'a1',
      'b2',
      'b3',
      'a4',
      'c5',
      'a9',
      'b10',
    ])
  })

  it('breaks ties by source index and keeps each source in its own order', async () => {
    const a = new ArraySource([item(5, 'a-first'), item(5, 'a-second')])
    const b = new ArraySource([item(1, 'b1'), item(5, 'b5')])
    const c = new ArraySource([item(5, 'c5')])
    expect(labels(await collect(mergeByTime([c, b, a], timeOf)))).toEqual([
      'b1',
      'c5',
      'b5',
      'a-first',
      'a-second',
    ])
  })

  it('handles no sources and empty sources', async () => {
    expect(await collect(mergeByTime([], timeOf))).toEqual([])
    expect(await collect(mergeByTime([new ArraySource([]), new ArraySource([])], timeOf))).toEqual([])
  })

  it('pulls lazily: at most one pending item per source beyond what was consumed', async () => {
    const many = (prefix: string, offset: number) =>
      new ArraySource(Array.from({ length: 1000 }, (_, k) => item(2 * k + offset, `${prefix}${k}`)))
    const a = many('a', 0)
    const b = many('b', 1)
    const merged = mergeByTime([a, b], timeOf)
    const firstFour: string[] = []
    for await (const i of merged) {
      firstFour.push(i.label)
      if (firstFour.length === 4) break
    }
    expect(firstFour).toEqual(['a0', 'b0', 'a1', 'b1'])
    expect(a.pulled + b.pulled).toBeLessThanOrEqual(4 + 2)
  })

  it('stops after the limit over the merged stream and closes every source', async () => {
    const a = new ArraySource([item(1, 'a1'), item(3, 'a3'), item(5, 'a5')])
    const b = new ArraySource([item(2, 'b2'), item(4, 'b4')])
    expect(labels(await collect(mergeByTime([a, b], timeOf, { limit: 3 })))).toEqual(['a1', 'b2', 'a3'])
    expect(a.closed).toBe(true)
    expect(b.closed).toBe(true)
  })

  it('a limit that does not count a source: the counted ones stop at it, that one reads to its end', async () => {
    const a = new ArraySource([item(1, 'a1'), item(3, 'a3'), item(5, 'a5'), item(7, 'a7')])
    const b = new ArraySource([item(2, 'b2'), item(4, 'b4'), item(6, 'b6'), item(8, 'b8')])
    const c = new ArraySource([item(2.5, 'c2'), item(9, 'c9')])
    const merged = mergeByTime([a, b, c], timeOf, { limit: 3, counted: (i) => i !== 1 })
    expect(labels(await collect(merged))).toEqual(['a1', 'b2', 'c2', 'a3', 'b4', 'b6', 'b8'])
    expect(a.closed).toBe(true)
    expect(c.closed).toBe(true)
    expect(a.pulled).toBeLessThan(4)
    // No source counted: the limit bounds nothing.
    const only = new ArraySource([item(1, 'x1'), item(2, 'x2'), item(3, 'x3')])
    expect(labels(await collect(mergeByTime([only], timeOf, { limit: 1, counted: () => false })))).toEqual([
      'x1',
      'x2',
      'x3',
    ])
  })

  it('yields nothing for limit 0 and still closes the sources', async () => {
    const a = new ArraySource([item(1, 'a1')])
    expect(await collect(mergeByTime([a], timeOf, { limit: 0 }))).toEqual([])
    expect(a.pulled).toBe(0)
    expect(a.closed).toBe(true)
  })

  it('closes every source iterator when the consumer stops early', async () => {
    const a = new ArraySource([item(1, 'a1'), item(3, 'a3')])
    const b = new ArraySource([item(2, 'b2'), item(4, 'b4')])
    for await (const i of mergeByTime([a, b], timeOf)) {
      if (i.label === 'a1') break
    }
    expect(a.closed).toBe(true)
    expect(b.closed).toBe(true)
  })

  it('does not close a source that has already finished', async () => {
    const a = new ArraySource([item(1, 'a1')])
    const b = new ArraySource([item(2, 'b2'), item(4, 'b4')])
    for await (const i of mergeByTime([a, b], timeOf)) {
      if (i.label === 'b2') break
    }
    expect(a.closed).toBe(false)
    expect(b.closed).toBe(true)
  })

  it('throws the first failure and closes the other sources when no onError is given', async () => {
    const boom = new Error('ThrottlingException from api/function-logs')
    const a = new ArraySource([item(1, 'a1'), item(5, 'a5')], { index: 1, error: boom })
    const b = new ArraySource([item(2, 'b2'), item(3, 'b3')])
    const seen: string[] = []
    await expect(
      (async () => {
        for await (const i of mergeByTime([a, b], timeOf)) seen.push(i.label)
      })(),
    ).rejects.toBe(boom)
    expect(seen).toEqual(['a1'])
    expect(b.closed).toBe(true)
  })

  it('reports a failing source through onError and goes on with the others', async () => {
    const boom = new Error('source b failed')
    const a = new ArraySource([item(1, 'a1'), item(3, 'a3'), item(5, 'a5')])
    const b = new ArraySource([item(2, 'b2'), item(4, 'b4')], { index: 1, error: boom })
    const errors: [number, unknown][] = []
    const out = await collect(mergeByTime([a, b], timeOf, { onError: (i, e) => errors.push([i, e]) }))
    expect(labels(out)).toEqual(['a1', 'b2', 'a3', 'a5'])
    expect(errors).toEqual([[1, boom]])
  })

  it('ends the merge when onError rethrows', async () => {
    const a = new ArraySource([item(1, 'a1'), item(3, 'a3')])
    const b = new ArraySource([], { index: 0, error: new Error('credentials expired') })
    const merged = mergeByTime([a, b], timeOf, {
      onError: (i, e) => {
        throw new Error(`source ${i}: ${(e as Error).message}`)
      },
    })
    await expect(collect(merged)).rejects.toThrow('source 1: credentials expired')
    expect(a.closed).toBe(true)
  })

  it('ends quietly when the signal aborts, even while a source is stuck in next()', async () => {
    const live = new Channel()
    const a = new ArraySource([item(1, 'a1')])
    const controller = new AbortController()
    const run = consume(mergeByTime([a, live], timeOf, { signal: controller.signal }))
    await settle()
    expect(run.out).toEqual([])
    controller.abort()
    await run.done
    expect(run.error()).toBeUndefined()
    expect(run.out).toEqual([])
    expect(a.closed).toBe(true)
    expect(live.closed).toBe(true)
  })

  it('treats errors after an abort as the abort, not as failures', async () => {
    const controller = new AbortController()
    const live = new Channel()
    const errors: unknown[] = []
    const run = consume(
      mergeByTime([live], timeOf, { signal: controller.signal, onError: (_, e) => errors.push(e) }),
    )
    await settle()
    controller.abort()
    live.fail(Object.assign(new Error('aborted'), { name: 'AbortError' }))
    await run.done
    expect(run.error()).toBeUndefined()
    expect(errors).toEqual([])
  })

  it('yields nothing when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const a = new ArraySource([item(1, 'a1')])
    expect(await collect(mergeByTime([a], timeOf, { signal: controller.signal }))).toEqual([])
    expect(a.pulled).toBe(0)
  })
})

describe('mergeByTime (follow)', () => {
  const follow = (clock: ManualClock, extra: { maxBuffered?: number } = {}) => ({
    reorderWindowMs: 100,
    now: clock.now,
    sleep: clock.sleep,
    ...extra,
  })

  it('holds items for the reorder window so a late source still lands in order', async () => {
    const clock = new ManualClock()
    const fast = new Channel()
    const slow = new Channel()
    const run = consume(mergeByTime([fast, slow], timeOf, { follow: follow(clock) }))
    fast.push(1000, 'fast-1000')
    await settle()
    expect(labels(run.out)).toEqual([])
    await clock.advance(40)
    slow.push(990, 'slow-990')
    await settle()
    expect(labels(run.out)).toEqual([])
    await clock.advance(59)
    expect(labels(run.out)).toEqual([])
    await clock.advance(1)
    // fast-1000 has waited its window; slow-990 is earlier, so it goes first.
    expect(labels(run.out)).toEqual(['slow-990', 'fast-1000'])
    fast.end()
    slow.end()
    await run.done
  })

  it('releases in time order, not arrival order, within a window', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const b = new Channel()
    const c = new Channel()
    const run = consume(mergeByTime([a, b, c], timeOf, { follow: follow(clock) }))
    a.push(30, 'a30')
    b.push(10, 'b10')
    c.push(20, 'c20')
    a.push(40, 'a40')
    await clock.advance(100)
    expect(labels(run.out)).toEqual(['b10', 'c20', 'a30', 'a40'])
    a.end()
    b.end()
    c.end()
    await run.done
  })

  it('keeps a later item back until its own window has passed', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const b = new Channel()
    const run = consume(mergeByTime([a, b], timeOf, { follow: follow(clock) }))
    a.push(10, 'a10')
    await clock.advance(50)
    b.push(20, 'b20')
    await clock.advance(50)
    expect(labels(run.out)).toEqual(['a10'])
    await clock.advance(49)
    expect(labels(run.out)).toEqual(['a10'])
    await clock.advance(1)
    expect(labels(run.out)).toEqual(['a10', 'b20'])
    a.end()
    b.end()
    await run.done
  })

  it('emits an item that arrives after later ones were released at once instead of dropping it', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const b = new Channel()
    const run = consume(mergeByTime([a, b], timeOf, { follow: follow(clock) }))
    a.push(500, 'a500')
    await clock.advance(100)
    expect(labels(run.out)).toEqual(['a500'])
    b.push(400, 'b400-late')
    await settle()
    expect(labels(run.out)).toEqual(['a500', 'b400-late'])
    a.end()
    b.end()
    await run.done
  })

  it('flushes everything in order as soon as every source has ended', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const b = new Channel()
    const run = consume(mergeByTime([a, b], timeOf, { follow: follow(clock) }))
    a.push(2, 'a2')
    b.push(1, 'b1')
    a.end()
    b.end()
    await run.done
    expect(labels(run.out)).toEqual(['b1', 'a2'])
  })

  it('applies the limit to the merged stream and closes the live sources', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const b = new Channel()
    const run = consume(mergeByTime([a, b], timeOf, { limit: 2, follow: follow(clock) }))
    a.push(1, 'a1')
    b.push(2, 'b2')
    a.push(3, 'a3')
    await clock.advance(100)
    await run.done
    expect(labels(run.out)).toEqual(['a1', 'b2'])
    expect(a.closed).toBe(true)
    expect(b.closed).toBe(true)
  })

  it('follow: a source the limit does not count goes on after the counted ones were closed', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const b = new Channel()
    const run = consume(
      mergeByTime([a, b], timeOf, { limit: 2, counted: (i) => i === 0, follow: follow(clock) }),
    )
    a.push(1, 'a1')
    b.push(2, 'b2')
    a.push(3, 'a3')
    b.push(4, 'b4')
    await clock.advance(100)
    expect(labels(run.out)).toEqual(['a1', 'b2', 'a3', 'b4'])
    expect(a.closed).toBe(true)
    expect(b.closed).toBe(false)
    a.push(5, 'a5')
    b.push(6, 'b6')
    b.end()
    await run.done
    expect(labels(run.out)).toEqual(['a1', 'b2', 'a3', 'b4', 'b6'])
  })

  it('releases the oldest item at once when the buffer is full', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const run = consume(mergeByTime([a], timeOf, { follow: follow(clock, { maxBuffered: 2 }) }))
    a.push(1, 'a1')
    await settle()
    expect(labels(run.out)).toEqual([])
    a.push(2, 'a2')
    a.push(3, 'a3')
    await settle()
    expect(labels(run.out)).toEqual(['a1', 'a2'])
    await clock.advance(100)
    expect(labels(run.out)).toEqual(['a1', 'a2', 'a3'])
    a.end()
    await run.done
  })

  it('goes on with the other sources when one fails and onError is given', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const b = new Channel()
    const errors: number[] = []
    const run = consume(
      mergeByTime([a, b], timeOf, { follow: follow(clock), onError: (i) => errors.push(i) }),
    )
    await settle()
    b.fail(new Error('stream reset'))
    a.push(1, 'a1')
    await clock.advance(100)
    expect(errors).toEqual([1])
    expect(labels(run.out)).toEqual(['a1'])
    a.end()
    await run.done
    expect(run.error()).toBeUndefined()
  })

  it('throws a failure to the consumer when no onError is given, and closes the others', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const b = new Channel()
    const boom = new Error('stream reset')
    const run = consume(mergeByTime([a, b], timeOf, { follow: follow(clock) }))
    await settle()
    b.fail(boom)
    await run.done
    expect(run.error()).toBe(boom)
    expect(a.closed).toBe(true)
  })

  it('ends quietly when the signal aborts while waiting', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const controller = new AbortController()
    const run = consume(mergeByTime([a], timeOf, { follow: follow(clock), signal: controller.signal }))
    a.push(1, 'a1')
    await settle()
    controller.abort()
    await run.done
    expect(run.error()).toBeUndefined()
    expect(run.out).toEqual([])
    expect(a.closed).toBe(true)
  })

  it('closes every live source when the consumer stops', async () => {
    const clock = new ManualClock()
    const a = new Channel()
    const b = new Channel()
    const merged = mergeByTime([a, b], timeOf, { follow: follow(clock) })
    a.push(1, 'a1')
    const first = merged.next()
    await clock.advance(100)
    expect((await first).value).toEqual(item(1, 'a1'))
    await merged.return(undefined)
    expect(a.closed).toBe(true)
    expect(b.closed).toBe(true)
  })

  it('does not wait for a generator source stuck in a live wait, which ends when its signal aborts', async () => {
    const clock = new ManualClock()
    const provider = new AbortController()
    let finished = false
    async function* tail(): AsyncGenerator<Item> {
      try {
        yield item(1, 'tail1')
        await new Promise((resolve) => provider.signal.addEventListener('abort', resolve, { once: true }))
      } finally {
        finished = true
      }
    }
    const merged = mergeByTime([tail()], timeOf, { follow: follow(clock) })
    const first = merged.next()
    await clock.advance(100)
    expect((await first).value).toEqual(item(1, 'tail1'))
    await settle()
    await merged.return(undefined)
    expect(finished).toBe(false)
    provider.abort()
    await settle()
    expect(finished).toBe(true)
  })
})

describe('mergeByTime with async generator sources', () => {
  it("runs every generator's cleanup when the consumer stops", async () => {
    const cleaned: string[] = []
    async function* source(name: string, times: number[]): AsyncGenerator<Item> {
      try {
        for (const t of times) yield item(t, `${name}${t}`)
      } finally {
        cleaned.push(name)
      }
    }
    const out: string[] = []
    for await (const i of mergeByTime([source('a', [1, 3, 5]), source('b', [2, 4])], timeOf)) {
      out.push(i.label)
      if (out.length === 3) break
    }
    expect(out).toEqual(['a1', 'b2', 'a3'])
    expect(cleaned.sort()).toEqual(['a', 'b'])
  })
})

import { batchesOf, flatten } from './batches.js'
import { MinHeap } from './min-heap.js'

export interface FollowMergeOptions {
  /** How long an item is held after it arrives, so that earlier items from slower sources can overtake it. */
  reorderWindowMs: number
  /** Clock, in ms. Injected by tests. */
  now?: () => number
  /** Waits `ms` or until the signal aborts. Injected by tests together with `now`. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  /** Items held at most; past this the oldest is released at once and sources wait. Default 10000. */
  maxBuffered?: number
}

export interface MergeOptions {
  /** Stop after this many merged items (and close every source). */
  limit?: number
  /**
   * Whether `limit` counts source i's items (default: every source's). A source it does not count
   * bounds itself; once the counted items reach the limit the counted sources are closed and the
   * others go on to their own end.
   */
  counted?: (sourceIndex: number) => boolean
  /** When it aborts, the merged stream ends quietly and closes its sources; check `signal.aborted` after. */
  signal?: AbortSignal
  /**
   * Called when a source fails; the merge then goes on with the others. Without it the first
   * failure closes every source and is thrown to the consumer. Throwing from here also ends the merge.
   */
  onError?: (sourceIndex: number, error: unknown) => void
  /** Live sources that never end: hold items for a reorder window instead of waiting on every source. */
  follow?: FollowMergeOptions
}

interface Held<T> {
  time: number
  source: number
  item: T
  seq: number
  arrivedAt: number
  released: boolean
}

const ABORTED = Symbol('aborted')

/** Ends the merge from inside a pull when the caller's signal aborts. */
class MergeAborted extends Error {}

/**
 * Merges several time-ordered streams into one, in time order, ties going to the lower source
 * index. Bounded sources are pulled lazily with one pending item each, so memory stays flat
 * however long the streams are. Closing the merged iterator closes every source.
 */
export function mergeByTime<T>(
  sources: AsyncIterable<T>[],
  timeOf: (item: T) => number,
  opts: MergeOptions = {},
): AsyncGenerator<T, void, undefined> {
  return flatten(mergeBatchesByTime(sources.map(batchesOf), timeOf, opts))
}

/**
 * mergeByTime over streams of arrays (see batches.ts): the same order, limit, abort and failure
 * rules, but the sources are pulled one array at a time and the merged stream comes out in
 * arrays, so the cost per item is a comparison, not an async step. Items of one source are never
 * reordered; a run of them that comes before every other source's next item is passed on whole.
 */
export function mergeBatchesByTime<T>(
  sources: AsyncIterable<T[]>[],
  timeOf: (item: T) => number,
  opts: MergeOptions = {},
): AsyncGenerator<T[], void, undefined> {
  return opts.follow
    ? mergeFollowing(sources, timeOf, opts, opts.follow)
    : mergeBounded(sources, timeOf, opts)
}

/** Where one source stands: its current array, the next item's index, and that item's time. */
interface Cursor<T> {
  source: number
  batch: T[]
  pos: number
  time: number
}

async function* mergeBounded<T>(
  sources: AsyncIterable<T[]>[],
  timeOf: (item: T) => number,
  opts: MergeOptions,
): AsyncGenerator<T[], void, undefined> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]())
  const closer = new SourceCloser(iterators)
  const finished = new Set<number>()
  const heap = new MinHeap<Cursor<T>>((a, b) => a.time < b.time || (a.time === b.time && a.source < b.source))

  /** Fetches source i's next non-empty array into the heap, or marks it finished. */
  const pull = async (i: number): Promise<void> => {
    for (;;) {
      let result: IteratorResult<T[]> | typeof ABORTED
      try {
        // One abort race per array, not per item.
        result = await raceAbort(closer.track(i, iterators[i]!.next()), opts.signal)
      } catch (error) {
        closer.finished(i)
        finished.add(i)
        if (opts.signal?.aborted) throw new MergeAborted()
        if (!opts.onError) throw error
        opts.onError(i, error)
        return
      }
      if (result === ABORTED) throw new MergeAborted()
      if (result.done) {
        closer.finished(i)
        finished.add(i)
        return
      }
      const batch = result.value
      if (batch.length === 0) continue
      heap.push({ source: i, batch, pos: 0, time: timeOf(batch[0]!) })
      return
    }
  }

  const limits = limitCounter(iterators.length, opts.limit ?? Number.POSITIVE_INFINITY, opts.counted)
  try {
    if (limits.reachedAtStart()) return
    if (opts.signal?.aborted) return
    await Promise.all(iterators.map((_, i) => (limits.stopped(i) ? undefined : pull(i))))
    let out: T[] = []
    for (let cursor = heap.pop(); cursor; cursor = heap.pop()) {
      if (limits.stopped(cursor.source)) continue
      // Take this source's items up to the next other source's head (ties: lower index first).
      const next = heap.peek()
      const { batch } = cursor
      const counted = limits.counts(cursor.source)
      const from = cursor.pos
      let to = from
      let time = cursor.time
      for (;;) {
        if (next && (time > next.time || (time === next.time && cursor.source > next.source))) break
        to++
        if ((counted && limits.left() <= to - from) || to === batch.length) break
        time = timeOf(batch[to]!)
      }
      if (out.length === 0 && from === 0 && to === batch.length) out = batch
      else for (let k = from; k < to; k++) out.push(batch[k]!)
      if (counted && limits.add(to - from)) {
        // The counted sources are done; the others, if any are left, go on.
        await Promise.all(limits.stop().map((i) => closer.close(i)))
        yield out
        out = []
        if (limits.uncountedLeft(finished) === 0) return
        continue
      }
      if (to < batch.length) {
        cursor.pos = to
        cursor.time = time
        heap.push(cursor)
        continue
      }
      // This source's array is used up: pass on what is merged so far, then refill it.
      yield out
      out = []
      if (opts.signal?.aborted) return
      await pull(cursor.source)
    }
    if (out.length > 0) yield out
  } catch (error) {
    if (!(error instanceof MergeAborted)) throw error
  } finally {
    await closer.closeAll()
  }
}

async function* mergeFollowing<T>(
  sources: AsyncIterable<T[]>[],
  timeOf: (item: T) => number,
  opts: MergeOptions,
  follow: FollowMergeOptions,
): AsyncGenerator<T[], void, undefined> {
  const now = follow.now ?? Date.now
  const sleep = follow.sleep ?? sleepFor
  const windowMs = follow.reorderWindowMs
  const maxBuffered = Math.max(1, follow.maxBuffered ?? 10_000)
  const iterators = sources.map((source) => source[Symbol.asyncIterator]())
  const closer = new SourceCloser(iterators)
  const finished = new Set<number>()

  const heap = new MinHeap<Held<T>>(
    (a, b) =>
      a.time < b.time ||
      (a.time === b.time && (a.source < b.source || (a.source === b.source && a.seq < b.seq))),
  )
  // The same items in arrival order: their arrival times only grow, so the head expires first.
  const arrivals = new Queue<Held<T>>()
  // Items at or before this time are safe to release: an item that arrived at least a window ago
  // has a time this large, and anything that comes later with an earlier time is late regardless.
  let watermark = Number.NEGATIVE_INFINITY
  let seq = 0
  // Sources still pumping (a source stopped by the limit no longer counts, even while its step is pending).
  const active = new Set(iterators.map((_, i) => i))
  let failure: { error: unknown } | undefined
  let closed = false
  const changed = new Notifier()
  const roomFreed = new Notifier()
  const stopSleeping = new AbortController()

  const pump = async (i: number): Promise<void> => {
    try {
      for (;;) {
        // A whole array is taken in at once, so the buffer may pass maxBuffered by one array.
        while (heap.size >= maxBuffered && !closed) await roomFreed.wait()
        if (closed || limits.stopped(i)) return
        const result = await closer.track(i, iterators[i]!.next())
        if (result.done) {
          closer.finished(i)
          finished.add(i)
          return
        }
        if (closed || limits.stopped(i)) return
        const arrivedAt = now()
        for (const item of result.value) {
          const held: Held<T> = {
            time: timeOf(item),
            source: i,
            item,
            seq: seq++,
            arrivedAt,
            released: false,
          }
          heap.push(held)
          arrivals.push(held)
        }
        if (result.value.length > 0) changed.notify()
      }
    } catch (error) {
      closer.finished(i)
      finished.add(i)
      if (closed || limits.stopped(i) || opts.signal?.aborted) return
      if (!opts.onError) {
        failure ??= { error }
        return
      }
      try {
        opts.onError(i, error)
      } catch (rethrown) {
        failure ??= { error: rethrown }
      }
    } finally {
      active.delete(i)
      changed.notify()
    }
  }

  const nextReleasable = (time: number): Held<T> | undefined => {
    for (let head = arrivals.peek(); head; head = arrivals.peek()) {
      if (!head.released && head.arrivedAt + windowMs > time) break
      arrivals.shift()
      if (!head.released && head.time > watermark) watermark = head.time
    }
    const first = heap.peek()
    if (!first) return undefined
    // With every source finished nothing can overtake, and a full buffer must drain.
    if (first.time <= watermark || active.size === 0 || heap.size >= maxBuffered) {
      heap.pop()
      first.released = true
      return first
    }
    return undefined
  }

  const limits = limitCounter(iterators.length, opts.limit ?? Number.POSITIVE_INFINITY, opts.counted)
  try {
    if (limits.reachedAtStart()) return
    if (opts.signal?.aborted) return
    for (let i = 0; i < iterators.length; i++) {
      if (limits.stopped(i)) active.delete(i)
      else void pump(i)
    }
    for (;;) {
      if (failure) throw failure.error
      if (opts.signal?.aborted) return
      const time = now()
      const out: T[] = []
      let reached = false
      for (let held = nextReleasable(time); held; held = nextReleasable(time)) {
        if (limits.stopped(held.source)) continue
        out.push(held.item)
        if (limits.counts(held.source) && limits.add(1)) {
          reached = true
          break
        }
      }
      if (reached) {
        // The counted sources are done; the others, if any are left, go on.
        const stopped = limits.stop()
        for (const i of stopped) active.delete(i)
        await Promise.all(stopped.map((i) => closer.close(i)))
        roomFreed.notify()
        changed.notify()
        if (limits.uncountedLeft(finished) === 0) {
          if (out.length > 0) yield out
          return
        }
      }
      if (out.length > 0) {
        roomFreed.notify()
        yield out
        continue
      }
      if (active.size === 0 && heap.size === 0) return
      const woken = changed.wait()
      const oldest = arrivals.peek()
      let waited: Promise<unknown> = woken
      let stopTimer: AbortController | undefined
      if (oldest) {
        stopTimer = new AbortController()
        const onStop = () => stopTimer!.abort()
        stopSleeping.signal.addEventListener('abort', onStop, { once: true })
        const delay = Math.max(0, oldest.arrivedAt + windowMs - now())
        waited = Promise.race([woken, sleep(delay, stopTimer.signal)]).finally(() =>
          stopSleeping.signal.removeEventListener('abort', onStop),
        )
      }
      const outcome = await raceAbort(waited, opts.signal)
      stopTimer?.abort()
      if (outcome === ABORTED) return
    }
  } finally {
    closed = true
    stopSleeping.abort()
    roomFreed.notify()
    await closer.closeAll()
  }
}

/**
 * Closes source iterators once. A source that is in the middle of `next()` is asked to close but not
 * awaited: an async generator queues `return()` behind the pending step, which for a live tail only
 * ends when its own signal aborts.
 */
class SourceCloser<T> {
  private readonly done = new Set<number>()
  private readonly busy = new Set<number>()

  constructor(private readonly iterators: AsyncIterator<T>[]) {}

  /** Marks source i busy until its pending step settles. */
  track<R>(i: number, step: Promise<R>): Promise<R> {
    this.busy.add(i)
    const idle = () => this.busy.delete(i)
    step.then(idle, idle)
    return step
  }

  finished(i: number): void {
    this.done.add(i)
  }

  /** Closes source i, waiting for it unless it is in the middle of a step. */
  async close(i: number): Promise<void> {
    const iterator = this.iterators[i]!
    if (this.done.has(i)) return
    this.done.add(i)
    if (!iterator.return) return
    const closing = Promise.resolve()
      .then(() => iterator.return!())
      .catch(() => undefined)
    if (!this.busy.has(i)) await closing
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.iterators.map((_, i) => this.close(i)))
  }
}

/**
 * Counts merged items against a limit, only those of the sources it counts. Once the limit is
 * reached the counted sources are stopped; the uncounted ones bound themselves.
 */
function limitCounter(sources: number, limit: number, counted?: (sourceIndex: number) => boolean) {
  const counts = (i: number) => (counted ? counted(i) : true)
  const all = Array.from({ length: sources }, (_, i) => i)
  const uncounted = all.filter((i) => !counts(i))
  const stopped = new Set<number>()
  let emitted = 0
  const stop = (): number[] => {
    const now = all.filter((i) => counts(i) && !stopped.has(i))
    for (const i of now) stopped.add(i)
    return now
  }
  return {
    counts,
    /** A limit of 0: nothing counted is read; true when nothing else is left either. */
    reachedAtStart(): boolean {
      if (limit > 0) return false
      stop()
      return uncounted.length === 0
    },
    /** Counted items still allowed. */
    left: () => limit - emitted,
    /** Adds n counted items; true once the limit is reached. */
    add(n: number): boolean {
      emitted += n
      return emitted >= limit
    },
    stop,
    stopped: (i: number) => stopped.has(i),
    uncountedLeft: (finished: Set<number>) => uncounted.filter((i) => !finished.has(i)).length,
  }
}

/** Settles with the step's result, or ABORTED as soon as the signal aborts, without piling listeners up. */
function raceAbort<V>(step: Promise<V>, signal: AbortSignal | undefined): Promise<V | typeof ABORTED> {
  if (!signal) return step
  if (signal.aborted) {
    step.catch(() => undefined)
    return Promise.resolve(ABORTED)
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED)
    signal.addEventListener('abort', onAbort, { once: true })
    step.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      resolve()
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** Wakes everyone waiting when something changes. */
class Notifier {
  private waiters: (() => void)[] = []

  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  notify(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}

/** FIFO queue with O(1) shift. */
class Queue<E> {
  private items: E[] = []
  private head = 0

  push(item: E): void {
    this.items.push(item)
  }

  peek(): E | undefined {
    return this.items[this.head]
  }

  shift(): E | undefined {
    const item = this.items[this.head]
    if (item === undefined) return undefined
    this.head++
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }
}

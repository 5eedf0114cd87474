export interface SliceReadOptions {
  /** Slices read at the same time, the one being emitted included. */
  concurrency: number
  /** Arrays a slice may hold, not yet emitted, before its reader waits. */
  lookahead: number
  /**
   * Arrays all the slices behind the one being emitted may hold together, those being read
   * counted: what bounds memory when many slices are open. The slice being emitted always reads
   * up to its lookahead, so the stream never waits on itself. Default: no bound beyond the others.
   */
  budget?: number
}

interface Slot<B> {
  iterator: AsyncIterator<B>
  buffer: B[]
  done: boolean
  /** An array is being read (it will count against the budget once it arrives). */
  reading: boolean
  /** Wakes the slot's reader when it waits for room. */
  room?: () => void
}

/**
 * Reads the arrays of consecutive slices (disjoint parts of one ordered stream, for example time
 * slices of a window) with several slices in flight, and emits them in slice order: every array of
 * slice 0, then of slice 1, and so on. An "array" is anything with a length (a lazily parsed page
 * too); empty ones are dropped. Memory is bounded: a slice holds at most `lookahead` arrays
 * that were not emitted yet, the slices behind the one being emitted at most `budget` together,
 * and at most `concurrency` slices are open (read or not yet emitted). The first failure
 * of any slice ends the stream with that error; closing the stream closes every open slice.
 */
export async function* readSlicesInOrder<S, B extends { readonly length: number }>(
  slices: readonly S[],
  read: (slice: S, index: number) => AsyncIterable<B>,
  opts: SliceReadOptions,
): AsyncGenerator<B, void, undefined> {
  const concurrency = Math.max(1, opts.concurrency)
  const lookahead = Math.max(1, opts.lookahead)
  const budget = Math.max(1, opts.budget ?? Number.POSITIVE_INFINITY)
  const slots: Slot<B>[] = []
  let head = 0
  let closed = false
  let failure: { error: unknown } | undefined
  let wake: (() => void) | undefined
  const changed = () => {
    const w = wake
    wake = undefined
    w?.()
  }

  /** Arrays held or being read by the slices behind the head. */
  const heldBehind = () => {
    let held = 0
    for (let i = head + 1; i < slots.length; i++)
      held += slots[i]!.buffer.length + (slots[i]!.reading ? 1 : 0)
    return held
  }
  const mayRead = (slot: Slot<B>) =>
    slot.buffer.length < lookahead && (slot === slots[head] || heldBehind() < budget)
  /** Room may have opened for any waiting slice: each checks again. */
  const wakeReaders = () => {
    for (let i = head; i < slots.length; i++) {
      const room = slots[i]!.room
      slots[i]!.room = undefined
      room?.()
    }
  }

  const pump = async (slot: Slot<B>): Promise<void> => {
    try {
      for (;;) {
        while (!closed && !mayRead(slot)) {
          await new Promise<void>((resolve) => {
            slot.room = resolve
          })
        }
        if (closed) return
        slot.reading = true
        const result = await slot.iterator.next()
        slot.reading = false
        if (closed) return
        if (result.done) break
        if (result.value.length > 0) slot.buffer.push(result.value)
        // An empty array gave its share of the budget back.
        else wakeReaders()
        changed()
      }
    } catch (error) {
      failure ??= { error }
    }
    slot.reading = false
    slot.done = true
    wakeReaders()
    changed()
  }

  const open = (index: number) => {
    const slot: Slot<B> = {
      iterator: read(slices[index]!, index)[Symbol.asyncIterator](),
      buffer: [],
      done: false,
      reading: false,
    }
    slots.push(slot)
    void pump(slot)
  }

  try {
    for (;;) {
      while (slots.length < slices.length && slots.length - head < concurrency) open(slots.length)
      if (failure) throw failure.error
      const slot = slots[head]
      if (!slot) return
      const batch = slot.buffer.shift()
      if (batch) {
        wakeReaders()
        yield batch
        continue
      }
      if (slot.done) {
        head++
        wakeReaders()
        continue
      }
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
  } finally {
    closed = true
    for (const slot of slots) {
      slot.room?.()
      // A slice busy in next() is asked to close, not awaited (its own signal ends it).
      if (!slot.done) void Promise.resolve(slot.iterator.return?.()).catch(() => undefined)
    }
  }
}

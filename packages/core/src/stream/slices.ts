export interface SliceReadOptions {
  /** Slices read at the same time, the one being emitted included. */
  concurrency: number
  /** Arrays a slice may hold, not yet emitted, before its reader waits. */
  lookahead: number
}

interface Slot<B> {
  iterator: AsyncIterator<B>
  buffer: B[]
  done: boolean
  /** Wakes the slot's reader when it waits for room. */
  room?: () => void
}

/**
 * Reads the arrays of consecutive slices (disjoint parts of one ordered stream, for example time
 * slices of a window) with several slices in flight, and emits them in slice order: every array of
 * slice 0, then of slice 1, and so on. An "array" is anything with a length (a lazily parsed page
 * too); empty ones are dropped. Memory is bounded: a slice holds at most `lookahead` arrays
 * that were not emitted yet, and at most `concurrency` slices are open (read or not yet emitted). The first failure
 * of any slice ends the stream with that error; closing the stream closes every open slice.
 */
export async function* readSlicesInOrder<S, B extends { readonly length: number }>(
  slices: readonly S[],
  read: (slice: S, index: number) => AsyncIterable<B>,
  opts: SliceReadOptions,
): AsyncGenerator<B, void, undefined> {
  const concurrency = Math.max(1, opts.concurrency)
  const lookahead = Math.max(1, opts.lookahead)
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

  const pump = async (slot: Slot<B>): Promise<void> => {
    try {
      for (;;) {
        while (slot.buffer.length >= lookahead && !closed) {
          await new Promise<void>((resolve) => {
            slot.room = resolve
          })
        }
        if (closed) return
        const result = await slot.iterator.next()
        if (closed) return
        if (result.done) break
        if (result.value.length > 0) slot.buffer.push(result.value)
        changed()
      }
    } catch (error) {
      failure ??= { error }
    }
    slot.done = true
    changed()
  }

  const open = (index: number) => {
    const slot: Slot<B> = {
      iterator: read(slices[index]!, index)[Symbol.asyncIterator](),
      buffer: [],
      done: false,
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
        slot.room?.()
        yield batch
        continue
      }
      if (slot.done) {
        head++
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

/**
 * Arrays of items inside the read pipeline. A provider's public contract stays
 * `AsyncIterable<LogEntry>`, but one async step per entry costs more than reading the entry: a
 * stream that already holds its items in pages (an API page, a merged run) can also hand them
 * out whole through this symbol, and every stage between the provider and the writer passes the
 * arrays along.
 */
export const BATCHES: unique symbol = Symbol.for('atmos-logs.batches')

/** An async iterable of items that can also be read as arrays of items, in the same order. */
export interface Batched<T> extends AsyncIterable<T> {
  [BATCHES](): AsyncIterable<T[]>
}

/**
 * Wraps a stream of arrays as both: `for await` still sees one item at a time. With a signal, that
 * one-at-a-time view stops at the first item after it aborts, as the provider contract asks (the
 * rest of an array already read is not handed out).
 */
export function batched<T>(batches: () => AsyncIterable<T[]>, signal?: AbortSignal): Batched<T> {
  return {
    [BATCHES]: batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) {
        for (const item of batch) {
          if (signal?.aborted) return
          yield item
        }
      }
    },
  }
}

/**
 * The stream as arrays: its own when it has them, otherwise one array per item. Closing the
 * arrays closes the stream at once, even while one of its steps is pending.
 */
export function batchesOf<T>(source: AsyncIterable<T>): AsyncIterable<T[]> {
  const own = (source as Partial<Batched<T>>)[BATCHES]
  if (typeof own === 'function') return own.call(source)
  return {
    [Symbol.asyncIterator](): AsyncIterator<T[]> {
      const items = source[Symbol.asyncIterator]()
      return {
        next: () =>
          items.next().then((r): IteratorResult<T[]> => (r.done ? r : { done: false, value: [r.value] })),
        return: async (): Promise<IteratorResult<T[]>> => {
          await items.return?.()
          return { done: true, value: undefined }
        },
      }
    },
  }
}

/** The items of a stream of arrays, one by one. */
export async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T, void, undefined> {
  for await (const batch of batches) yield* batch
}

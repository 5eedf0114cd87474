/**
 * The ids seen most recently, at most `capacity` of them: enough to drop the repeats a live tail
 * produces when polls overlap, without remembering every event of a long session.
 */
export class RecentIds {
  private readonly ids = new Set<string>()
  /**
   * Walks the set in insertion order, oldest first, and is kept: a fresh `values()` per eviction
   * would step over every deleted slot from the start, tens of microseconds per id at capacity.
   * A refreshed id is deleted and added again, so the walk meets it again at its new place.
   */
  private readonly oldest = this.ids.values()

  constructor(readonly capacity = 10_000) {
    if (!(capacity >= 1)) throw new RangeError(`RecentIds capacity must be at least 1, got ${capacity}`)
  }

  get size(): number {
    return this.ids.size
  }

  /** True when the id was seen recently (and refreshes it); otherwise remembers it and returns false. */
  seen(id: string): boolean {
    if (this.ids.has(id)) {
      this.ids.delete(id)
      this.ids.add(id)
      return true
    }
    this.ids.add(id)
    if (this.ids.size > this.capacity) this.ids.delete(this.oldest.next().value as string)
    return false
  }
}

/**
 * The repeats of a read that comes in time order (anything but a follow): an event and its repeat
 * share their timestamp, and no entry of a millisecond comes after a later one, so only the
 * current millisecond's ids are kept (usually one) instead of thousands of recent ones. Should the
 * read step back in time after all, the recent ids are kept from there on.
 */
export class RepeatsInOrder {
  private at = Number.NEGATIVE_INFINITY
  private first: string | undefined
  private more: Set<string> | undefined
  private recent: RecentIds | undefined

  constructor(readonly capacity = 10_000) {}

  /** True when the id came before at this time (or among the recent ids, once out of order). */
  seen(id: string, at: number): boolean {
    if (this.recent) return this.recent.seen(id)
    if (at !== this.at) {
      if (at < this.at) {
        this.recent = new RecentIds(this.capacity)
        if (this.first !== undefined) this.recent.seen(this.first)
        for (const kept of this.more ?? []) this.recent.seen(kept)
        return this.recent.seen(id)
      }
      this.at = at
      this.first = id
      this.more = undefined
      return false
    }
    if (id === this.first) return true
    this.more ??= new Set()
    if (this.more.has(id)) return true
    this.more.add(id)
    return false
  }
}

export interface DedupeOptions<T> {
  /** The key to compare; items without one always pass. Default: the item's string `id`. */
  idOf?: (item: T) => string | undefined
  /** How many recent ids to remember. Default 10000. */
  capacity?: number
}

const defaultIdOf = (item: unknown): string | undefined => {
  const id = (item as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : undefined
}

/** Passes each item through once, dropping any whose id was among the recent ids. */
export async function* dedupeById<T>(
  source: AsyncIterable<T>,
  opts: DedupeOptions<T> = {},
): AsyncGenerator<T, void, undefined> {
  const idOf = opts.idOf ?? defaultIdOf
  const recent = new RecentIds(opts.capacity)
  for await (const item of source) {
    const id = idOf(item)
    if (id !== undefined && recent.seen(id)) continue
    yield item
  }
}

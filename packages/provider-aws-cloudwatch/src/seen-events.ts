import { createHash } from 'node:crypto'

/** What identifies an event's content: Live Tail events carry no eventId, so this is the key. */
export interface KeyedEvent {
  logGroup: string
  logStream?: string
  timestamp: number
  message: string
}

/** A Map that forgets its oldest entries beyond `capacity`, so memory stays bounded. */
class BoundedMap<V> {
  private readonly map = new Map<string, V>()
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    return this.map.get(key)
  }
  has(key: string): boolean {
    return this.map.has(key)
  }
  set(key: string, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string
      this.map.delete(oldest)
    }
  }
  get size(): number {
    return this.map.size
  }
}

function contentKey(e: KeyedEvent): string {
  return createHash('sha1')
    .update(e.logGroup)
    .update('\u0000')
    .update(e.logStream ?? '')
    .update('\u0000')
    .update(String(e.timestamp))
    .update('\u0000')
    .update(e.message)
    .digest('base64')
}

/**
 * The events already printed in follow mode, by content and occurrence: the n-th identical event
 * (same group, stream, millisecond and text) that one reader sees is the same event as the n-th
 * that another reader sees. Each reader (a backfill scan, a Live Tail session, one poll) asks
 * through its own `reader()`, which counts its occurrences.
 */
export class SeenEvents {
  private readonly seen: BoundedMap<true>

  constructor(private readonly capacity = 200_000) {
    this.seen = new BoundedMap(capacity)
  }

  get size(): number {
    return this.seen.size
  }

  /** A check for one reader: true the first time an event is offered across all readers. */
  reader(): (event: KeyedEvent) => boolean {
    const occurrences = new BoundedMap<number>(Math.min(this.capacity, 50_000))
    return (event) => {
      const base = contentKey(event)
      const n = (occurrences.get(base) ?? 0) + 1
      occurrences.set(base, n)
      const key = `${base}#${n}`
      if (this.seen.has(key)) return false
      this.seen.set(key, true)
      return true
    }
  }
}

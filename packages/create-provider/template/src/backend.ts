/**
 * A stand-in for the service your provider reads: an in-memory log store with the kind of API most
 * logging services have (pages of events oldest first with a next-page token, the newest N events,
 * and the events that arrived after a position).
 * Replace this file with your service's client; the provider only needs these few calls.
 */

export interface StoredEvent {
  /** Unique and stable, as a service's event id: the CLI prints an event once per source and id. */
  id: string
  /** Epoch milliseconds. */
  timestamp: number
  message: string
  level?: string
}

export interface EventQuery {
  /** Inclusive bounds, epoch milliseconds. */
  since?: number
  until?: number
  /** Only events whose message contains this text: the service filters, not the provider. */
  contains?: string
  pageSize: number
  nextToken?: string
}

export interface EventPage {
  events: StoredEvent[]
  /** Present when more events match: pass it back to read the next page. */
  nextToken?: string
}

export interface NewEvents {
  /** In arrival order, which need not be time order: a late event arrives after newer ones. */
  events: StoredEvent[]
  /** Pass it back to read what arrives next. */
  position: string
}

export class MemoryStream {
  /** In time order. */
  private readonly events: StoredEvent[] = []
  /** In arrival order. */
  private readonly arrivals: StoredEvent[] = []
  private sequence = 0

  constructor(readonly name: string) {}

  /** Adds events, keeping the stream in time order (an event may arrive late, as in real services). */
  append(events: Array<{ timestamp: number; message: string; level?: string }>): void {
    for (const e of events) {
      const stored = { id: `${this.name}:${++this.sequence}`, ...e }
      let at = this.events.length
      while (at > 0 && this.events[at - 1]!.timestamp > e.timestamp) at--
      this.events.splice(at, 0, stored)
      this.arrivals.push(stored)
    }
  }

  /** Where the stream ends now: `readNew` from here gives what arrives after this moment. */
  async position(): Promise<string> {
    return String(this.arrivals.length)
  }

  /** Events that arrived after `position`, at most `pageSize` of them. */
  async readNew(query: { position: string; contains?: string; pageSize: number }): Promise<NewEvents> {
    const events: StoredEvent[] = []
    let at = Number(query.position)
    for (; at < this.arrivals.length && events.length < query.pageSize; at++) {
      if (matches(this.arrivals[at]!, query.contains)) events.push(this.arrivals[at]!)
    }
    return { events, position: String(at) }
  }

  /** One page of the events within the bounds, oldest first. The token is the position to go on from. */
  async readPage(query: EventQuery): Promise<EventPage> {
    const since = query.since ?? Number.NEGATIVE_INFINITY
    const until = query.until ?? Number.POSITIVE_INFINITY
    let start = query.nextToken === undefined ? 0 : Number(query.nextToken)
    while (start < this.events.length && this.events[start]!.timestamp < since) start++
    const events: StoredEvent[] = []
    let at = start
    for (; at < this.events.length && events.length < query.pageSize; at++) {
      const e = this.events[at]!
      if (e.timestamp > until) return { events }
      if (matches(e, query.contains)) events.push(e)
    }
    const more = at < this.events.length && this.events[at]!.timestamp <= until
    return more ? { events, nextToken: String(at) } : { events }
  }

  /** The newest `count` events (that contain `contains`, when given), oldest first. */
  async newest(count: number, contains?: string): Promise<StoredEvent[]> {
    const found: StoredEvent[] = []
    for (let at = this.events.length - 1; at >= 0 && found.length < count; at--) {
      if (matches(this.events[at]!, contains)) found.unshift(this.events[at]!)
    }
    return found
  }

  get size(): number {
    return this.events.length
  }
}

function matches(e: StoredEvent, contains: string | undefined): boolean {
  return contains === undefined || e.message.includes(contains)
}

const streams = new Map<string, MemoryStream>()

/** The stream called `name`, created when `create` is set; undefined when there is none. */
export function openStream(name: string, create = false): MemoryStream | undefined {
  let stream = streams.get(name)
  if (!stream && create) {
    stream = new MemoryStream(name)
    streams.set(name, stream)
  }
  return stream
}

export function deleteStream(name: string): void {
  streams.delete(name)
}

import type { Clock } from '../clock.js'
import { identifiesIn, type LogGroupIdentifier, logGroupArn, REGION } from './arn.js'

/**
 * The in-memory log store: regions → groups → streams → events kept sorted by (timestamp,
 * sequence) so that time bounds are binary searches. Writers append; a stream re-sorts lazily on
 * its next read when an event arrived out of order (bulk seeds of 200,000 events stay cheap).
 * CloudWatch Logs is regional: a group lives in one region, and a region's requests see only its
 * groups. The operations always pass the request's region; tests and seeds may leave it to REGION.
 */
export interface StoredEvent {
  timestamp: number
  ingestionTime: number
  message: string
  /** Global insertion order; breaks timestamp ties and makes every event's position unique. */
  seq: number
  eventId: string
  /** Message bytes plus the service's 26 bytes of overhead, as page-size limits count them. */
  bytes: number
  /**
   * This event as FilterLogEvents answers it, serialised and encoded once when it is put, after a
   * comma: a page is these bytes copied one after the other (the first without its comma). The
   * events of one put share one buffer, in order.
   */
  filterJson: Buffer
}

export interface LogStreamRecord {
  name: string
  groupName: string
  creationTime: number
  lastIngestionTime?: number
  uploadSequence: number
  storedBytes: number
  /** Read through `eventsOf(stream)`, which restores the sort order first. */
  events: StoredEvent[]
  sorted: boolean
}

export interface LogGroupRecord {
  name: string
  region: string
  creationTime: number
  retentionInDays?: number
  ordinal: number
  streams: Map<string, LogStreamRecord>
  storedBytes: number
}

/** An event as written: a timestamp (defaults to now) and a message. */
export interface EventInput {
  timestamp?: number
  message: string
}

/** An event just ingested, as Live Tail sessions see it. */
export interface IngestedEvent extends StoredEvent {
  region: string
  logGroupName: string
  logStreamName: string
}

export type IngestListener = (events: IngestedEvent[]) => void

/** The key events are ordered by; also what pagination cursors hold. */
export interface EventKey {
  timestamp: number
  seq: number
}

export const compareKeys = (a: EventKey, b: EventKey) => a.timestamp - b.timestamp || a.seq - b.seq

/**
 * A 56-digit decimal id, as the real service's event ids look: timestamp, group, stream and a
 * sequence number, so ids are unique, stable for a given seed, and sort like the events.
 */
function makeEventId(timestamp: number, groupOrdinal: number, streamOrdinal: number, seq: number): string {
  const ts = String(Math.max(0, Math.trunc(timestamp)))
    .padStart(16, '0')
    .slice(-16)
  return `${ts}${String(groupOrdinal).padStart(8, '0')}${String(streamOrdinal).padStart(8, '0')}${String(seq).padStart(24, '0')}`
}

export class CloudWatchStore {
  /** Groups by name, per region. Sequence numbers and ordinals are shared, so event ids stay unique. */
  private readonly regions = new Map<string, Map<string, LogGroupRecord>>()
  private readonly streamOrdinals = new Map<LogStreamRecord, number>()
  private readonly listeners = new Set<IngestListener>()
  private nextSeq = 1
  private nextGroupOrdinal = 1
  private nextStreamOrdinal = 1

  constructor(private readonly clock: Clock) {}

  reset(): void {
    this.regions.clear()
    this.streamOrdinals.clear()
    this.nextSeq = 1
    this.nextGroupOrdinal = 1
    this.nextStreamOrdinal = 1
  }

  onIngest(listener: IngestListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private groupsOf(region: string): Map<string, LogGroupRecord> {
    let groups = this.regions.get(region)
    if (!groups) {
      groups = new Map()
      this.regions.set(region, groups)
    }
    return groups
  }

  getGroup(name: string, region: string = REGION): LogGroupRecord | undefined {
    return this.regions.get(region)?.get(name)
  }

  /** The group a logGroupIdentifier names in `region`; undefined for an ARN of another region or account. */
  findGroup(id: LogGroupIdentifier, region: string): LogGroupRecord | undefined {
    return identifiesIn(id, region) ? this.getGroup(id.name, region) : undefined
  }

  /** Every group of the region, sorted by name as DescribeLogGroups lists them. */
  listGroups(region: string = REGION): LogGroupRecord[] {
    return [...(this.regions.get(region)?.values() ?? [])].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )
  }

  createGroup(
    name: string,
    opts: { region?: string; creationTime?: number; retentionInDays?: number } = {},
  ): LogGroupRecord {
    const region = opts.region ?? REGION
    const groups = this.groupsOf(region)
    const existing = groups.get(name)
    if (existing) return existing
    const group: LogGroupRecord = {
      name,
      region,
      creationTime: opts.creationTime ?? this.clock.now(),
      retentionInDays: opts.retentionInDays,
      ordinal: this.nextGroupOrdinal++,
      streams: new Map(),
      storedBytes: 0,
    }
    groups.set(name, group)
    return group
  }

  deleteGroup(name: string, region: string = REGION): boolean {
    return this.regions.get(region)?.delete(name) ?? false
  }

  createStream(
    groupName: string,
    streamName: string,
    opts: { region?: string; creationTime?: number } = {},
  ): LogStreamRecord {
    const group = this.createGroup(groupName, { region: opts.region })
    const existing = group.streams.get(streamName)
    if (existing) return existing
    const stream: LogStreamRecord = {
      name: streamName,
      groupName,
      creationTime: opts.creationTime ?? this.clock.now(),
      uploadSequence: 0,
      storedBytes: 0,
      events: [],
      sorted: true,
    }
    group.streams.set(streamName, stream)
    this.streamOrdinals.set(stream, this.nextStreamOrdinal++)
    return stream
  }

  /**
   * Appends events to a stream, creating the group and stream when missing. Ingestion time is the
   * clock's now unless given (seeds backdate it to look realistic).
   */
  putEvents(
    groupName: string,
    streamName: string,
    events: EventInput[],
    opts: { region?: string; ingestionTime?: (timestamp: number) => number } = {},
  ): StoredEvent[] {
    const group = this.createGroup(groupName, { region: opts.region })
    const stream =
      group.streams.get(streamName) ?? this.createStream(groupName, streamName, { region: group.region })
    const now = this.clock.now()
    const ordinal = this.streamOrdinals.get(stream)!
    const stored: StoredEvent[] = []
    // The answers of one put are encoded into one buffer, one after the other: a page of events
    // put together is then copied in one piece, not ten thousand.
    const prepared = events.map((input, i) => {
      const timestamp = input.timestamp ?? now
      const ingestionTime = opts.ingestionTime ? opts.ingestionTime(timestamp) : now
      const eventId = makeEventId(timestamp, group.ordinal, ordinal, this.nextSeq + i)
      const text = `,${JSON.stringify({ logStreamName: streamName, timestamp, message: input.message, ingestionTime, eventId })}`
      return { timestamp, ingestionTime, eventId, text }
    })
    const encoded = Buffer.allocUnsafe(prepared.reduce((sum, p) => sum + Buffer.byteLength(p.text), 0))
    let at = 0
    for (const [i, input] of events.entries()) {
      const { timestamp, ingestionTime, eventId, text } = prepared[i]!
      const seq = this.nextSeq++
      // The service counts 26 bytes of overhead per event in its size limits.
      const bytes = Buffer.byteLength(input.message) + 26
      const length = encoded.write(text, at)
      const event: StoredEvent = {
        timestamp,
        ingestionTime,
        message: input.message,
        seq,
        eventId,
        bytes,
        filterJson: encoded.subarray(at, at + length),
      }
      at += length
      const last = stream.events[stream.events.length - 1]
      if (last && compareKeys(last, event) > 0) stream.sorted = false
      stream.events.push(event)
      stream.storedBytes += bytes
      group.storedBytes += bytes
      stream.lastIngestionTime = Math.max(stream.lastIngestionTime ?? 0, event.ingestionTime)
      stored.push(event)
    }
    if (events.length > 0) stream.uploadSequence++
    if (stored.length > 0 && this.listeners.size > 0) {
      const ingested = stored.map((e) => ({
        ...e,
        region: group.region,
        logGroupName: groupName,
        logStreamName: streamName,
      }))
      for (const listener of this.listeners) listener(ingested)
    }
    return stored
  }

  /** The stream's events in (timestamp, seq) order. */
  eventsOf(stream: LogStreamRecord): StoredEvent[] {
    if (!stream.sorted) {
      stream.events.sort(compareKeys)
      stream.sorted = true
    }
    return stream.events
  }

  firstEventTimestamp(stream: LogStreamRecord): number | undefined {
    return this.eventsOf(stream)[0]?.timestamp
  }

  lastEventTimestamp(stream: LogStreamRecord): number | undefined {
    const events = this.eventsOf(stream)
    return events[events.length - 1]?.timestamp
  }

  arnOf(group: LogGroupRecord): string {
    return logGroupArn(group.name, group.region)
  }

  /** Total number of events in every region, for stats and tests. */
  countEvents(): number {
    let n = 0
    for (const groups of this.regions.values())
      for (const g of groups.values()) for (const s of g.streams.values()) n += s.events.length
    return n
  }
}

/** Index of the first event whose key is > key (or >= when inclusive). */
export function lowerBound(events: StoredEvent[], key: EventKey, inclusive: boolean): number {
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const c = compareKeys(events[mid]!, key)
    if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the first event with timestamp >= t. */
export function firstAtOrAfter(events: StoredEvent[], t: number): number {
  return lowerBound(events, { timestamp: t, seq: 0 }, true)
}

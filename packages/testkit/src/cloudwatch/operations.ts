import { AwsServiceError, invalidParameter, resourceNotFound } from '../aws-error.js'
import { RawJson } from '../aws-json.js'
import type { Clock } from '../clock.js'
import { DAY, HOUR } from '../durations.js'
import { Params } from '../params.js'
import { logGroupArn, logStreamArn, parseLogGroupIdentifier } from './arn.js'
import { compileFilterPattern } from './filter-pattern/index.js'
import type { QueryManager } from './queries.js'
import {
  type CloudWatchStore,
  compareKeys,
  type EventKey,
  firstAtOrAfter,
  type LogGroupRecord,
  type LogStreamRecord,
  lowerBound,
  type StoredEvent,
} from './store.js'
import { decodeStreamToken, decodeToken, encodeStreamToken, encodeToken } from './tokens.js'

/** The request/response (non-streaming) CloudWatch Logs operations, by X-Amz-Target name. */
export interface CloudWatchService {
  store: CloudWatchStore
  clock: Clock
  queries: QueryManager
  /** Events FilterLogEvents examines per page before answering with what it found and a nextToken. */
  filterScanLimit: number
}

/** One request's view of the service: the region its signature names is the one it sees. */
export interface CloudWatchContext extends CloudWatchService {
  region: string
}

type Operation = (ctx: CloudWatchContext, p: Params) => unknown

const MAX_PAGE_EVENTS = 10_000
const PAGE_HEAD = Buffer.from('{"events":[')
const MAX_PAGE_BYTES = 1_048_576
/** The service counts each event's message bytes plus 26 bytes toward the 1 MB page size. */
const EVENT_OVERHEAD = 26

export function resolveGroup(ctx: CloudWatchContext, p: Params): LogGroupRecord {
  const name = p.string('logGroupName', { min: 1, max: 512 })
  const identifier = p.string('logGroupIdentifier', { min: 1, max: 2048 })
  if (name !== undefined && identifier !== undefined) {
    throw invalidParameter('LogGroupName and LogGroupIdentifier are mutually exclusive parameters.')
  }
  if (name === undefined && identifier === undefined) {
    throw invalidParameter('Either LogGroupName or LogGroupIdentifier must be specified.')
  }
  const id = name !== undefined ? { name } : parseLogGroupIdentifier(identifier!)
  if (id === undefined)
    throw invalidParameter(`The log group identifier ${identifier} is not a log group name or ARN.`)
  // An ARN of another region names a group this region does not hold: not found, as for any name.
  const group = ctx.store.findGroup(id, ctx.region)
  if (!group) throw resourceNotFound('The specified log group does not exist.')
  return group
}

function describeGroup(g: LogGroupRecord) {
  return {
    logGroupName: g.name,
    creationTime: g.creationTime,
    ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: `${logGroupArn(g.name, g.region)}:*`,
    storedBytes: g.storedBytes,
    logGroupClass: 'STANDARD',
    logGroupArn: logGroupArn(g.name, g.region),
  }
}

const describeLogGroups: Operation = (ctx, p) => {
  const prefix = p.string('logGroupNamePrefix', { min: 1, max: 512 })
  const pattern = p.string('logGroupNamePattern', { min: 0, max: 512 })
  const identifiers = p.strings('logGroupIdentifiers', { min: 1, max: 50 })
  const limit = p.number('limit', { min: 1, max: 50 }) ?? 50
  if (prefix !== undefined && pattern !== undefined) {
    throw invalidParameter('LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.')
  }
  if (identifiers && (prefix !== undefined || pattern !== undefined)) {
    throw invalidParameter(
      'LogGroupIdentifiers cannot be combined with LogGroupNamePrefix or LogGroupNamePattern.',
    )
  }
  const wanted = identifiers?.map(parseLogGroupIdentifier)
  const needle = pattern?.toLowerCase()
  let groups = ctx.store.listGroups(ctx.region).filter((g) => {
    if (prefix !== undefined && !g.name.startsWith(prefix)) return false
    if (needle && !g.name.toLowerCase().includes(needle)) return false
    if (wanted && !wanted.some((id) => id && ctx.store.findGroup(id, ctx.region) === g)) return false
    return true
  })
  const token = p.string('nextToken', { min: 1 })
  if (token !== undefined) {
    const decoded = decodeToken('groups', token)
    const after = decoded.after
    if (typeof after !== 'string' || decoded.region !== ctx.region)
      throw invalidParameter('The specified nextToken is invalid.')
    groups = groups.filter((g) => g.name > after)
  }
  const page = groups.slice(0, limit)
  return {
    logGroups: page.map(describeGroup),
    ...(groups.length > limit
      ? { nextToken: encodeToken('groups', { region: ctx.region, after: page[page.length - 1]!.name }) }
      : {}),
  }
}

const describeLogStreams: Operation = (ctx, p) => {
  const group = resolveGroup(ctx, p)
  const prefix = p.string('logStreamNamePrefix', { min: 1, max: 512 })
  const orderBy = p.string('orderBy') ?? 'LogStreamName'
  const descending = p.boolean('descending') ?? false
  const limit = p.number('limit', { min: 1, max: 50 }) ?? 50
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw invalidParameter(
      `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
    )
  }
  if (prefix !== undefined && orderBy === 'LastEventTime') {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.')
  }
  const lastEvent = (s: LogStreamRecord) => ctx.store.lastEventTimestamp(s) ?? s.creationTime
  const streams = [...group.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix))
  streams.sort((a, b) =>
    orderBy === 'LastEventTime'
      ? lastEvent(a) - lastEvent(b) || (a.name < b.name ? -1 : 1)
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0,
  )
  if (descending) streams.reverse()
  const token = p.string('nextToken', { min: 1 })
  let offset = 0
  if (token !== undefined) {
    const decoded = decodeToken('streams', token)
    if (typeof decoded.offset !== 'number' || decoded.group !== group.name || decoded.region !== ctx.region) {
      throw invalidParameter('The specified nextToken is invalid.')
    }
    offset = decoded.offset
  }
  const page = streams.slice(offset, offset + limit)
  const hasMore = offset + limit < streams.length
  return {
    logStreams: page.map((s) => {
      const first = ctx.store.firstEventTimestamp(s)
      const last = ctx.store.lastEventTimestamp(s)
      return {
        logStreamName: s.name,
        creationTime: s.creationTime,
        ...(first !== undefined ? { firstEventTimestamp: first, lastEventTimestamp: last } : {}),
        ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
        uploadSequenceToken: String(s.uploadSequence).padStart(56, '4'),
        arn: logStreamArn(group.region, group.name, s.name),
        storedBytes: 0,
      }
    }),
    ...(hasMore
      ? {
          nextToken: encodeToken('streams', {
            region: ctx.region,
            group: group.name,
            offset: offset + limit,
          }),
        }
      : {}),
  }
}

/** A min-heap cursor over several sorted streams: the k-way merge FilterLogEvents pages through. */
class MergeCursor {
  private readonly heap: Array<{ events: StoredEvent[]; pos: number; end: number; stream: string }> = []

  add(stream: string, events: StoredEvent[], pos: number, end: number): void {
    if (pos < end) this.push({ events, pos, end, stream })
  }

  /** The next event, without an object per call: a page walks 10,000 of them. */
  peek(): StoredEvent | undefined {
    const top = this.heap[0]
    return top ? top.events[top.pos] : undefined
  }

  advance(): void {
    const top = this.heap[0]!
    top.pos++
    if (top.pos >= top.end) {
      const last = this.heap.pop()!
      if (this.heap.length > 0) {
        this.heap[0] = last
        this.down(0)
      }
    } else {
      this.down(0)
    }
  }

  private key(i: number): StoredEvent {
    const h = this.heap[i]!
    return h.events[h.pos]!
  }

  private push(item: (typeof this.heap)[number]): void {
    this.heap.push(item)
    let i = this.heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (compareKeys(this.key(i), this.key(parent)) >= 0) break
      ;[this.heap[i], this.heap[parent]] = [this.heap[parent]!, this.heap[i]!]
      i = parent
    }
  }

  private down(i: number): void {
    const n = this.heap.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let smallest = i
      if (l < n && compareKeys(this.key(l), this.key(smallest)) < 0) smallest = l
      if (r < n && compareKeys(this.key(r), this.key(smallest)) < 0) smallest = r
      if (smallest === i) return
      ;[this.heap[i], this.heap[smallest]] = [this.heap[smallest]!, this.heap[i]!]
      i = smallest
    }
  }
}

const filterLogEvents: Operation = (ctx, p) => {
  const group = resolveGroup(ctx, p)
  const names = p.strings('logStreamNames', { min: 1, max: 100 })
  const prefix = p.string('logStreamNamePrefix', { min: 1, max: 512 })
  if (names && prefix !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.')
  }
  const startTime = p.number('startTime', { min: 0 }) ?? 0
  const endTime = p.number('endTime', { min: 0 })
  if (endTime !== undefined && endTime < startTime) {
    throw invalidParameter('The endTime parameter must be later than or equal to the startTime parameter.')
  }
  const limit = p.number('limit', { min: 1, max: MAX_PAGE_EVENTS }) ?? MAX_PAGE_EVENTS
  const matches = compileFilterPattern(p.string('filterPattern', { min: 0, max: 1024 }))
  p.boolean('interleaved')
  p.boolean('unmask')
  const token = p.string('nextToken', { min: 1 })
  let after: EventKey | undefined
  if (token !== undefined) {
    const decoded = decodeToken('filter', token)
    if (
      decoded.group !== group.name ||
      decoded.region !== ctx.region ||
      typeof decoded.t !== 'number' ||
      typeof decoded.s !== 'number'
    ) {
      throw invalidParameter('The specified nextToken is invalid.')
    }
    after = { timestamp: decoded.t, seq: decoded.s }
  }

  const cursor = new MergeCursor()
  for (const stream of group.streams.values()) {
    if (names && !names.includes(stream.name)) continue
    if (prefix !== undefined && !stream.name.startsWith(prefix)) continue
    const events = ctx.store.eventsOf(stream)
    const from = Math.max(firstAtOrAfter(events, startTime), after ? lowerBound(events, after, false) : 0)
    // endTime is inclusive for FilterLogEvents
    const to = endTime === undefined ? events.length : firstAtOrAfter(events, endTime + 1)
    cursor.add(stream.name, events, from, to)
  }

  // Pages are built from each event's answer, serialised and encoded once: a 1 MB page is a copy of
  // bytes, not 10,000 objects to stringify, nor a 1 MB string to measure and encode, on every call.
  // Events that sit one after the other in the same buffer (put together) are copied as one run.
  const out: Buffer[] = [PAGE_HEAD]
  let run: Buffer | undefined
  let runStart = 0
  let runEnd = 0
  let count = 0
  let bytes = 0
  let scanned = 0
  let last: EventKey | undefined
  for (let next = cursor.peek(); next; next = cursor.peek()) {
    if (count >= limit || scanned >= ctx.filterScanLimit) break
    const event = next
    if (matches(event.message)) {
      if (bytes + event.bytes > MAX_PAGE_BYTES && count > 0) break
      bytes += event.bytes
      const json = event.filterJson
      if (run !== undefined && json.buffer === run.buffer && json.byteOffset === runEnd) runEnd += json.length
      else {
        if (run !== undefined) out.push(Buffer.from(run.buffer, runStart, runEnd - runStart))
        run = json
        // The first event of the page goes without its comma.
        runStart = json.byteOffset + (count === 0 ? 1 : 0)
        runEnd = json.byteOffset + json.length
      }
      count++
    }
    scanned++
    last = event
    cursor.advance()
  }
  if (run !== undefined) out.push(Buffer.from(run.buffer, runStart, runEnd - runStart))
  const more = cursor.peek() !== undefined
  const nextToken =
    more && last
      ? encodeToken('filter', { region: ctx.region, group: group.name, t: last.timestamp, s: last.seq })
      : undefined
  out.push(
    Buffer.from(`],"searchedLogStreams":[]${nextToken ? `,"nextToken":${JSON.stringify(nextToken)}` : ''}}`),
  )
  return new RawJson(Buffer.concat(out))
}

const getLogEvents: Operation = (ctx, p) => {
  const group = resolveGroup(ctx, p)
  const streamName = p.requiredString('logStreamName', { max: 512 })
  const stream = group.streams.get(streamName)
  if (!stream) throw resourceNotFound('The specified log stream does not exist.')
  const startTime = p.number('startTime', { min: 0 })
  const endTime = p.number('endTime', { min: 0 })
  const limit = p.number('limit', { min: 1, max: MAX_PAGE_EVENTS }) ?? MAX_PAGE_EVENTS
  const startFromHead = p.boolean('startFromHead') ?? false
  p.boolean('unmask')
  const token = p.string('nextToken', { min: 1 })
  const events = ctx.store.eventsOf(stream)
  // endTime is exclusive for GetLogEvents
  const lo = startTime === undefined ? 0 : firstAtOrAfter(events, startTime)
  const hi = endTime === undefined ? events.length : firstAtOrAfter(events, endTime)

  let from: number
  let to: number
  let forward: boolean
  if (token !== undefined) {
    const { direction, key } = decodeStreamToken(token)
    forward = direction === 'f'
    if (forward) {
      from = Math.max(lo, lowerBound(events, key, false))
      to = hi
    } else {
      from = lo
      to = Math.min(hi, lowerBound(events, key, true))
    }
  } else {
    forward = startFromHead
    from = lo
    to = Math.max(lo, hi)
  }
  const page = takePage(events, from, to, limit, forward)
  if (page.length === 0) {
    // At either end the service hands back the token it was given, so paginators can stop.
    const key: EventKey =
      token !== undefined
        ? decodeStreamToken(token).key
        : (events[forward ? to - 1 : from] ?? { timestamp: 0, seq: 0 })
    return {
      events: [],
      nextForwardToken: encodeStreamToken('f', key),
      nextBackwardToken: encodeStreamToken('b', key),
    }
  }
  return {
    events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: encodeStreamToken('f', page[page.length - 1]!),
    nextBackwardToken: encodeStreamToken('b', page[0]!),
  }
}

/** Up to `limit` events and 1 MB from the start (forward) or the end (backward) of events[from, to). */
function takePage(
  events: StoredEvent[],
  from: number,
  to: number,
  limit: number,
  forward: boolean,
): StoredEvent[] {
  let bytes = 0
  if (forward) {
    let i = from
    for (; i < to && i - from < limit; i++) {
      bytes += Buffer.byteLength(events[i]!.message) + EVENT_OVERHEAD
      if (bytes > MAX_PAGE_BYTES && i > from) break
    }
    return events.slice(from, i)
  }
  let i = to
  for (; i > from && to - i < limit; i--) {
    bytes += Buffer.byteLength(events[i - 1]!.message) + EVENT_OVERHEAD
    if (bytes > MAX_PAGE_BYTES && i < to) break
  }
  return events.slice(i, to)
}

const createLogGroup: Operation = (ctx, p) => {
  const name = p.requiredString('logGroupName', { max: 512 })
  if (!/^[\w\-/.#]+$/.test(name)) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
    )
  }
  if (ctx.store.getGroup(name, ctx.region))
    throw new AwsServiceError('ResourceAlreadyExistsException', 'The specified log group already exists')
  ctx.store.createGroup(name, { region: ctx.region })
  return {}
}

const createLogStream: Operation = (ctx, p) => {
  const groupName = p.requiredString('logGroupName', { max: 512 })
  const streamName = p.requiredString('logStreamName', { max: 512 })
  if (streamName.includes(':') || streamName.includes('*')) {
    throw invalidParameter(
      `1 validation error detected: Value '${streamName}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
    )
  }
  const group = ctx.store.getGroup(groupName, ctx.region)
  if (!group) throw resourceNotFound('The specified log group does not exist.')
  if (group.streams.has(streamName))
    throw new AwsServiceError('ResourceAlreadyExistsException', 'The specified log stream already exists')
  ctx.store.createStream(groupName, streamName, { region: ctx.region })
  return {}
}

const deleteLogGroup: Operation = (ctx, p) => {
  const name = p.requiredString('logGroupName', { max: 512 })
  if (!ctx.store.deleteGroup(name, ctx.region))
    throw resourceNotFound('The specified log group does not exist.')
  return {}
}

const putLogEvents: Operation = (ctx, p) => {
  const groupName = p.requiredString('logGroupName', { max: 512 })
  const streamName = p.requiredString('logStreamName', { max: 512 })
  const raw = p.raw.logEvents
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 10_000) {
    throw invalidParameter('logEvents must hold between 1 and 10,000 events.')
  }
  const group = ctx.store.getGroup(groupName, ctx.region)
  if (!group) throw resourceNotFound('The specified log group does not exist.')
  if (!group.streams.has(streamName)) throw resourceNotFound('The specified log stream does not exist.')
  const events = raw.map((e, i) => {
    const ev = e as { timestamp?: unknown; message?: unknown }
    if (typeof ev?.timestamp !== 'number' || typeof ev.message !== 'string' || ev.message.length === 0) {
      throw invalidParameter(`logEvents[${i}] needs a numeric timestamp and a non-empty message.`)
    }
    return { timestamp: ev.timestamp, message: ev.message }
  })
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.timestamp < events[i - 1]!.timestamp) {
      throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.')
    }
  }
  // Events more than 14 days old or 2 hours ahead are rejected by the service, not stored.
  const now = ctx.clock.now()
  const tooOld = events.findLastIndex((e) => e.timestamp < now - 14 * DAY)
  const tooNew = events.findIndex((e) => e.timestamp > now + 2 * HOUR)
  const accepted = events.filter((_, i) => i > tooOld && (tooNew < 0 || i < tooNew))
  ctx.store.putEvents(groupName, streamName, accepted, { region: ctx.region })
  const rejected = {
    ...(tooOld >= 0 ? { tooOldLogEventEndIndex: tooOld + 1 } : {}),
    ...(tooNew >= 0 ? { tooNewLogEventStartIndex: tooNew } : {}),
  }
  return {
    nextSequenceToken: String(group.streams.get(streamName)!.uploadSequence).padStart(56, '4'),
    ...(Object.keys(rejected).length ? { rejectedLogEventsInfo: rejected } : {}),
  }
}

const startQuery: Operation = (ctx, p) => ctx.queries.start(p, ctx.region)
const getQueryResults: Operation = (ctx, p) => ctx.queries.results(p, ctx.region)
const stopQuery: Operation = (ctx, p) => ctx.queries.stop(p, ctx.region)
const describeQueries: Operation = (ctx, p) => ctx.queries.describe(p, ctx.region)

export const cloudWatchOperations: Record<string, Operation> = {
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  FilterLogEvents: filterLogEvents,
  GetLogEvents: getLogEvents,
  CreateLogGroup: createLogGroup,
  CreateLogStream: createLogStream,
  DeleteLogGroup: deleteLogGroup,
  PutLogEvents: putLogEvents,
  StartQuery: startQuery,
  GetQueryResults: getQueryResults,
  StopQuery: stopQuery,
  DescribeQueries: describeQueries,
}

export function runCloudWatchOperation(
  ctx: CloudWatchContext,
  operation: string,
  input: Record<string, unknown>,
): unknown {
  const op = cloudWatchOperations[operation]
  if (!op)
    throw new AwsServiceError(
      'UnknownOperationException',
      `The CloudWatch Logs emulator does not implement ${operation}.`,
    )
  return op(ctx, new Params(input))
}

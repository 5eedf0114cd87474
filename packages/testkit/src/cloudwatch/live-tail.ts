import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec'
import { fromUtf8, toUtf8 } from '@smithy/util-utf8'
import { AwsServiceError, invalidParameter, resourceNotFound } from '../aws-error.js'
import type { Params } from '../params.js'
import { ACCOUNT_ID, parseLogGroupIdentifier } from './arn.js'
import { compileFilterPattern } from './filter-pattern/index.js'
import type { CloudWatchStore, IngestedEvent } from './store.js'

/**
 * StartLiveTail: an `application/vnd.amazon.eventstream` response holding a `sessionStart` event,
 * then a `sessionUpdate` every interval with the events ingested meanwhile (at most 500, sampled
 * above that), and finally a SessionTimeoutException when the session has lasted its length.
 * A client that goes away ends the session. A session is regional: it tails groups of the region
 * its request was signed for, and counts against that region's quota of sessions. Groups are named
 * by ARN only (API reference: "Specify each log group by its ARN"), 1 to 10 of them.
 */
export interface LiveTailOptions {
  /** Session length before SessionTimeoutException (the service: 3 hours). */
  sessionMs: number
  /** Time between sessionUpdate events (the service: 1 second). */
  intervalMs: number
}

const MAX_EVENTS_PER_UPDATE = 500
const MAX_CONCURRENT_SESSIONS = 15

const codec = new EventStreamCodec(toUtf8, fromUtf8)

function frame(headers: Record<string, string>, body: unknown): Uint8Array {
  const message: Message = {
    headers: Object.fromEntries(Object.entries(headers).map(([k, value]) => [k, { type: 'string', value }])),
    body: fromUtf8(JSON.stringify(body)),
  }
  return codec.encode(message)
}

const eventFrame = (eventType: string, body: unknown) =>
  frame({ ':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json' }, body)

const exceptionFrame = (exceptionType: string, message: string) =>
  frame(
    { ':message-type': 'exception', ':exception-type': exceptionType, ':content-type': 'application/json' },
    { message },
  )

/** Keeps `max` events spread evenly over the second, as a sample of what matched. */
function sample<T>(events: T[], max: number): T[] {
  if (events.length <= max) return events
  const step = events.length / max
  return Array.from({ length: max }, (_, i) => events[Math.floor(i * step)]!)
}

/** The model's pattern of a logGroupIdentifiers member: no `*`, so an ARN ending `:*` fails it. */
const IDENTIFIER_PATTERN = /^[\w#+=/:,.@-]*$/

/**
 * The model's checks of each logGroupIdentifiers member (length 1 to 2048, the pattern), worded as
 * the service words a constraint on the members of a list.
 */
function checkIdentifierMembers(identifiers: string[]): void {
  const broken = (constraint: string) =>
    invalidParameter(
      `1 validation error detected: Value '[${identifiers.join(', ')}]' at 'logGroupIdentifiers' failed to satisfy constraint: Member must satisfy constraint: [${constraint}]`,
    )
  if (identifiers.some((id) => id.length < 1))
    throw broken('Member must have length greater than or equal to 1')
  if (identifiers.some((id) => id.length > 2048))
    throw broken('Member must have length less than or equal to 2048')
  if (identifiers.some((id) => !IDENTIFIER_PATTERN.test(id)))
    throw broken('Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*')
}

export class LiveTailManager {
  private readonly sessions = new Map<() => void, { res: ServerResponse; region: string }>()

  constructor(
    private readonly store: CloudWatchStore,
    private readonly options: LiveTailOptions,
  ) {}

  get activeSessions(): number {
    return this.sessions.size
  }

  /** Validates the request (throwing AwsServiceError before any byte is written) and runs the session. */
  start(res: ServerResponse, p: Params, region: string): void {
    const identifiers = p.strings('logGroupIdentifiers', { required: true, min: 1, max: 10 })!
    checkIdentifierMembers(identifiers)
    const groupNames = identifiers.map((id) => {
      // The model lets a bare name through; the service then asks for ARNs.
      const parsed = id.startsWith('arn:') ? parseLogGroupIdentifier(id) : undefined
      if (!parsed)
        throw invalidParameter(`Invalid log group identifier ${id}: specify each log group by its ARN.`)
      const group = this.store.findGroup(parsed, region)
      if (!group) throw resourceNotFound(`The specified log group does not exist: ${id}`)
      return group.name
    })
    const streamNames = p.strings('logStreamNames', { min: 1, max: 100 })
    const prefixes = p.strings('logStreamNamePrefixes', { min: 1, max: 100 })
    if (streamNames && prefixes) {
      throw invalidParameter('logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.')
    }
    if ((streamNames || prefixes) && groupNames.length !== 1) {
      throw invalidParameter(
        'logStreamNames and logStreamNamePrefixes can only be used with exactly one log group.',
      )
    }
    const pattern = p.string('logEventFilterPattern', { min: 0, max: 1024 })
    const matches = compileFilterPattern(pattern)
    const open = [...this.sessions.values()].filter((s) => s.region === region).length
    if (open >= MAX_CONCURRENT_SESSIONS) {
      throw new AwsServiceError(
        'LimitExceededException',
        `You have reached the maximum number of concurrent Live Tail sessions (${MAX_CONCURRENT_SESSIONS}).`,
      )
    }

    const wantedGroups = new Set(groupNames)
    const selected = (e: IngestedEvent) =>
      e.region === region &&
      wantedGroups.has(e.logGroupName) &&
      (!streamNames || streamNames.includes(e.logStreamName)) &&
      (!prefixes || prefixes.some((prefix) => e.logStreamName.startsWith(prefix))) &&
      matches(e.message)

    let buffer: IngestedEvent[] = []
    const unsubscribe = this.store.onIngest((events) => {
      for (const e of events) if (selected(e)) buffer.push(e)
    })

    const requestId = randomUUID()
    res.writeHead(200, {
      'Content-Type': 'application/vnd.amazon.eventstream',
      'x-amzn-RequestId': requestId,
      'Transfer-Encoding': 'chunked',
    })
    res.write(
      eventFrame('sessionStart', {
        requestId,
        sessionId: randomUUID(),
        logGroupIdentifiers: identifiers,
        ...(streamNames ? { logStreamNames: streamNames } : {}),
        ...(prefixes ? { logStreamNamePrefixes: prefixes } : {}),
        ...(pattern ? { logEventFilterPattern: pattern } : {}),
      }),
    )

    const update = setInterval(() => {
      const pending = buffer
      buffer = []
      const chosen = sample(pending, MAX_EVENTS_PER_UPDATE)
      res.write(
        eventFrame('sessionUpdate', {
          sessionMetadata: { sampled: pending.length > MAX_EVENTS_PER_UPDATE },
          sessionResults: chosen.map((e) => ({
            logStreamName: e.logStreamName,
            logGroupIdentifier: `${ACCOUNT_ID}:${e.logGroupName}`,
            message: e.message,
            timestamp: e.timestamp,
            ingestionTime: e.ingestionTime,
          })),
        }),
      )
    }, this.options.intervalMs)

    const timeout = setTimeout(() => {
      res.end(exceptionFrame('SessionTimeoutException', 'Session timed out.'))
      stop()
    }, this.options.sessionMs)

    const stop = () => {
      clearInterval(update)
      clearTimeout(timeout)
      unsubscribe()
      this.sessions.delete(stop)
    }
    this.sessions.set(stop, { res, region })
    // The client aborting (or the server closing) ends the session.
    res.on('close', stop)
  }

  /** Ends every session (reset or shutdown): the stream closes and the client's iteration ends. */
  closeAll(): void {
    for (const [stop, { res }] of [...this.sessions]) {
      stop()
      res.end()
    }
  }
}

/**
 * An in-memory stand-in for the CloudWatch Logs client, for unit tests of the provider's logic
 * (paging, throttling, Live Tail hand-over). The HTTP emulator in @atmos-logs/testkit is what the
 * integration tests use; this one lets a test decide exactly when a session drops.
 */
import type { AwsSender } from '@atmos-logs/core/aws'

export interface FakeEvent {
  eventId: string
  logStreamName: string
  timestamp: number
  ingestionTime: number
  message: string
}

interface FakeGroup {
  name: string
  arn: string
  creationTime: number
  events: FakeEvent[]
}

interface LiveSession {
  groups: string[]
  pattern?: string
  items: unknown[]
  wake?: () => void
  ended: boolean
}

function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, $fault: 'client' })
}

export class FakeCloudWatch implements AwsSender {
  readonly groups = new Map<string, FakeGroup>()
  readonly calls: Array<{ op: string; input: Record<string, unknown> }> = []
  /** Fraction of requests answered with ThrottlingException (deterministic: every n-th). */
  throttleEvery = 0
  /** Fraction of FilterLogEvents pages with no events but a token. */
  emptyPageEvery = 0
  pageSize = 3
  liveTailError?: string
  /** DescribeLogGroups leaves out both ARN fields (an endpoint that does not send them). */
  withoutArns = false
  private sessions: LiveSession[] = []
  private nextId = 1
  private requestCount = 0

  put(group: string, stream: string, events: Array<{ timestamp: number; message: string }>, deliverLive = true): void {
    let g = this.groups.get(group)
    if (!g) {
      g = { name: group, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}`, creationTime: 0, events: [] }
      this.groups.set(group, g)
    }
    const added: FakeEvent[] = events.map((e) => ({
      eventId: String(this.nextId++).padStart(10, '0'),
      logStreamName: stream,
      timestamp: e.timestamp,
      ingestionTime: Date.now(),
      message: e.message,
    }))
    g.events.push(...added)
    g.events.sort((a, b) => a.timestamp - b.timestamp)
    if (!deliverLive) return
    for (const s of this.sessions) {
      if (s.ended || !s.groups.includes(group)) continue
      const matching = added.filter((e) => !s.pattern || e.message.includes(s.pattern))
      if (matching.length === 0) continue
      s.items.push({
        sessionUpdate: {
          sessionMetadata: { sampled: false },
          sessionResults: matching.map((e) => ({
            logGroupIdentifier: g.arn,
            logStreamName: e.logStreamName,
            timestamp: e.timestamp,
            ingestionTime: e.ingestionTime,
            message: e.message,
          })),
        },
      })
      s.wake?.()
    }
  }

  /** Delivers these results to every open session as they are: a service naming groups oddly. */
  pushLive(results: Array<Record<string, unknown>>): void {
    for (const s of this.sessions) {
      if (s.ended) continue
      s.items.push({ sessionUpdate: { sessionMetadata: { sampled: false }, sessionResults: results } })
      s.wake?.()
    }
  }

  get activeSessions(): number {
    return this.sessions.filter((s) => !s.ended).length
  }

  /** End every open Live Tail session the way the service does after 3 hours. */
  timeoutSessions(): void {
    for (const s of this.sessions) {
      if (s.ended) continue
      s.items.push({ SessionTimeoutException: { message: 'session timed out' } })
      s.ended = true
      s.wake?.()
    }
  }

  async send(command: { input: Record<string, unknown>; constructor: { name: string } }, options?: { abortSignal?: AbortSignal }) {
    const op = command.constructor.name.replace(/Command$/, '')
    const input = command.input
    this.calls.push({ op, input })
    this.requestCount++
    if (this.throttleEvery && this.requestCount % this.throttleEvery === 0) {
      throw awsError('ThrottlingException', 'Rate exceeded')
    }
    switch (op) {
      case 'DescribeLogGroups':
        return this.describeLogGroups(input)
      case 'FilterLogEvents':
        return this.filterLogEvents(input)
      case 'StartLiveTail':
        return this.startLiveTail(input, options?.abortSignal)
      default:
        throw awsError('UnknownOperationException', `no ${op}`)
    }
  }

  private describeLogGroups(input: Record<string, unknown>) {
    const prefix = (input.logGroupNamePrefix as string | undefined) ?? ''
    const all = [...this.groups.values()].filter((g) => g.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name))
    const start = Number(input.nextToken ?? 0)
    const limit = 2
    const page = all.slice(start, start + limit)
    return {
      logGroups: page.map((g) => ({
        logGroupName: g.name,
        ...(this.withoutArns ? {} : { arn: `${g.arn}:*`, logGroupArn: g.arn }),
        creationTime: g.creationTime,
      })),
      nextToken: start + limit < all.length ? String(start + limit) : undefined,
    }
  }

  private filterLogEvents(input: Record<string, unknown>) {
    const g = this.groups.get(input.logGroupName as string)
    if (!g) throw awsError('ResourceNotFoundException', 'The specified log group does not exist.')
    const startTime = (input.startTime as number | undefined) ?? Number.NEGATIVE_INFINITY
    const endTime = (input.endTime as number | undefined) ?? Number.POSITIVE_INFINITY
    const pattern = input.filterPattern as string | undefined
    const prefix = input.logStreamNamePrefix as string | undefined
    const matching = g.events.filter(
      (e) =>
        e.timestamp >= startTime &&
        e.timestamp <= endTime &&
        (!pattern || e.message.includes(pattern)) &&
        (!prefix || e.logStreamName.startsWith(prefix)),
    )
    const token = input.nextToken ? JSON.parse(input.nextToken as string) : { offset: 0, page: 0 }
    const page = token.page + 1
    if (this.emptyPageEvery && page % this.emptyPageEvery === 0 && token.offset < matching.length) {
      return { events: [], nextToken: JSON.stringify({ offset: token.offset, page }) }
    }
    const size = Math.min(this.pageSize, (input.limit as number | undefined) ?? this.pageSize)
    const events = matching.slice(token.offset, token.offset + size)
    const offset = token.offset + events.length
    return { events, nextToken: offset < matching.length ? JSON.stringify({ offset, page }) : undefined }
  }

  private startLiveTail(input: Record<string, unknown>, abortSignal?: AbortSignal) {
    if (this.liveTailError) throw awsError(this.liveTailError, 'User is not authorized to perform: logs:StartLiveTail')
    const arns = input.logGroupIdentifiers as string[]
    const groups = arns.map((a) => [...this.groups.values()].find((g) => g.arn === a || g.name === a)?.name ?? a)
    const session: LiveSession = {
      groups,
      pattern: input.logEventFilterPattern as string | undefined,
      items: [{ sessionStart: { sessionId: `s${this.sessions.length}`, logGroupIdentifiers: arns } }],
      ended: false,
    }
    this.sessions.push(session)
    const stream = async function* () {
      for (;;) {
        if (abortSignal?.aborted) {
          session.ended = true
          throw Object.assign(new Error('aborted'), { name: 'AbortError' })
        }
        const item = session.items.shift()
        if (item) {
          yield item
          continue
        }
        if (session.ended) return
        await new Promise<void>((resolve) => {
          session.wake = resolve
          abortSignal?.addEventListener('abort', () => resolve(), { once: true })
        })
      }
    }
    return { responseStream: stream() }
  }
}

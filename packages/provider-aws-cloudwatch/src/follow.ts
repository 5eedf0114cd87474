import {
  type AwsCallContext,
  type AwsSender,
  isAccessDenied,
  isThrottle,
  isTransient,
  isUnreachable,
} from '@atmos-logs/core/aws'
import type { Logger } from '@atmos-logs/core/contract'
import { ExitCode, exitCodeOf, ProviderError } from '@atmos-logs/core/errors'
import { type AdaptiveRateLimiter, abortError, backoffDelay, type Clock } from '@atmos-logs/core/runtime'
import { mergeByTime } from '@atmos-logs/core/stream'
import { cloudWatchError, type UserInput } from './aws-errors.js'
import { EventQueue } from './event-queue.js'
import type { FilterRange, RawEvent } from './filter-reader.js'
import { type LogGroupInfo, parseGroupArn } from './log-groups.js'
import type { SeenEvents } from './seen-events.js'
import type { FollowMode } from './spec.js'
import {
  StartLiveTailCommand,
  type StartLiveTailCommandInput,
  type StartLiveTailCommandOutput,
} from './vendor/@aws-sdk/client-cloudwatch-logs.js'

/** Live Tail takes at most 10 log groups per session. */
export const GROUPS_PER_SESSION = 10

export interface FollowParams {
  groups: LogGroupInfo[]
  mode: FollowMode
  filterPattern?: string
  streamPrefix?: string
  streams?: string[]
  /** Where following takes over from the backfill (ms). */
  startAt: number
  /** Events at or before this timestamp were deliberately left out by the backfill. */
  floor: number
  seen: SeenEvents
  queue: EventQueue<RawEvent>
  read(range: FilterRange, signal: AbortSignal): AsyncIterable<RawEvent>
  sender: AwsSender
  limiterFor(api: string): AdaptiveRateLimiter
  context: Omit<AwsCallContext, 'action' | 'resource'>
  /** What the user typed (the filter pattern), so Live Tail refusing it is blamed on them. */
  input?: UserInput
  logger: Logger
  clock: Clock
  signal: AbortSignal
  timings: FollowTimings
}

/** How follow mode paces itself (ms); tests shorten them. */
export interface FollowTimings {
  /** Between two FilterLogEvents polls when Live Tail is not used. */
  pollIntervalMs: number
  /** Each poll re-reads this much before its previous start, for late-arriving events. */
  rescanMs: number
  /** A (re)connected session first re-reads this much before the last event it printed. */
  gapOverlapMs: number
  /** FilterLogEvents lags ingestion slightly: re-read a session's gap once more after this long. */
  settleMs: number
  /** With more than one session, how long events are held to be released in time order. */
  sessionReorderMs: number
  /**
   * Longest a gap read's event newer than its session's start waits for Live Tail to reach its
   * time (Live Tail delivers such events too, and in order with their neighbours).
   */
  liveCatchUpMs: number
}

export const DEFAULT_FOLLOW_TIMINGS: FollowTimings = {
  pollIntervalMs: 1000,
  rescanMs: 15_000,
  gapOverlapMs: 30_000,
  settleMs: 5000,
  // Live Tail sends an update every second; events of several sessions are reordered over a bit more.
  sessionReorderMs: 1500,
  liveCatchUpMs: 3000,
}

/** An event a gap read found that Live Tail should deliver too; held so both release in order. */
interface Early {
  event: RawEvent
  firstTime: (e: RawEvent) => boolean
  heldSince: number
}

/**
 * Live Tail cannot follow these groups faithfully (no ARN to ask for one, or events of a group it
 * was not asked for); FilterLogEvents, which reads by name, still can.
 */
class LiveTailUnusable extends ProviderError {
  constructor(
    readonly reason: string,
    source: string,
  ) {
    const hint = 'Set spec.follow_mode to auto or poll to follow by polling FilterLogEvents instead.'
    super(
      `The aws/cloudwatch source "${source}" cannot follow with Live Tail (spec.follow_mode: live): ${reason}. ${hint}`,
      { hint },
    )
  }
}

/** Why Live Tail could not be used, when the answer is "poll instead" rather than "fail". */
function liveTailUnavailable(err: unknown): string | undefined {
  if (err instanceof LiveTailUnusable) return err.reason
  if (isAccessDenied(err)) return 'Live Tail is not allowed for these credentials (logs:StartLiveTail denied)'
  if (isThrottle(err)) return 'Live Tail is throttled or at its concurrent session limit'
  const e = (err ?? {}) as {
    name?: string
    code?: string
    $metadata?: { httpStatusCode?: number }
    message?: string
  }
  const status = e.$metadata?.httpStatusCode
  if (
    status === 404 ||
    status === 501 ||
    /UnknownOperation|UnsupportedOperation|InvalidAction|NotImplemented/i.test(e.name ?? '')
  ) {
    return 'this endpoint does not support Live Tail'
  }
  if (isTransient(err) || isUnreachable(err))
    return `Live Tail could not be reached (${e.code ?? e.name ?? 'network error'})`
  if (e.name === 'ResourceNotFoundException' || e.name === 'AbortError') return undefined
  if (/Credentials|Token|Signature|UnrecognizedClient/i.test(e.name ?? '')) return undefined
  return `Live Tail failed (${e.name ?? 'error'}: ${e.message ?? ''})`
}

/**
 * The identifiers a Live Tail result may name each asked-for group by (the service sends
 * `account:name`; the API reference allows the name or the ARN), to the group's name. An
 * identifier outside this map is a group the session did not ask for.
 */
export function liveIdentifiers(groups: Array<{ name: string; arn: string }>): Map<string, string> {
  const byIdentifier = new Map<string, string>()
  for (const g of groups) {
    const account = parseGroupArn(g.arn)?.account
    byIdentifier.set(g.name, g.name)
    byIdentifier.set(g.arn, g.name)
    byIdentifier.set(`${g.arn}:*`, g.name)
    if (account) byIdentifier.set(`${account}:${g.name}`, g.name)
  }
  return byIdentifier
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Follow the groups until the signal aborts, pushing each event exactly once into the queue:
 * Live Tail sessions of at most 10 groups, each (re)connection first backfilling its gap with
 * FilterLogEvents; polling FilterLogEvents with a trailing re-scan window when Live Tail is not
 * available (auto) or not wanted (poll).
 */
export async function follow(params: FollowParams): Promise<void> {
  const chunks = chunk(params.groups, GROUPS_PER_SESSION)
  if (chunks.length <= 1) {
    await Promise.all(chunks.map((groups) => new ChunkFollower(params, groups).run()))
    return
  }
  // Each session delivers on its own once-a-second cadence, so an event of one session can arrive
  // after a later event of another: hold events a little longer than that cadence and release
  // them in time order.
  const queues = chunks.map(() => new EventQueue<RawEvent>())
  const runs = chunks.map((groups, i) =>
    new ChunkFollower({ ...params, queue: queues[i]! }, groups).run().then(
      () => queues[i]!.close(),
      (err) => queues[i]!.fail(err),
    ),
  )
  try {
    const merged = mergeByTime(queues, (e) => e.timestamp, {
      signal: params.signal,
      follow: { reorderWindowMs: params.timings.sessionReorderMs },
    })
    for await (const event of merged) await params.queue.push(event)
  } finally {
    for (const q of queues) q.close()
    await Promise.all(runs)
  }
}

class ChunkFollower {
  /** Local time up to which a Live Tail session was known to be delivering: a gap starts here. */
  private lastHeard: number
  private lastSampledWarning = Number.NEGATIVE_INFINITY
  /** The ARNs Live Tail is asked for; undefined when a group has none (Live Tail takes only ARNs). */
  private readonly arns: string[] | undefined
  private readonly nameByIdentifier: Map<string, string>
  private readonly t: FollowTimings

  constructor(
    private readonly p: FollowParams,
    private readonly groups: LogGroupInfo[],
  ) {
    this.lastHeard = p.startAt
    this.t = p.timings
    const withArns = groups.flatMap((g) => (g.arn ? [{ name: g.name, arn: g.arn }] : []))
    this.arns = withArns.length === groups.length ? withArns.map((g) => g.arn) : undefined
    this.nameByIdentifier = liveIdentifiers(withArns)
  }

  async run(): Promise<void> {
    if (this.p.mode === 'poll') return this.poll()
    let failuresInARow = 0
    while (!this.p.signal.aborted) {
      try {
        const started = await this.liveSession()
        if (started) failuresInARow = 0
      } catch (err) {
        if (this.p.signal.aborted) return
        // A pattern the service refuses is refused by FilterLogEvents too: no polling instead.
        const refused =
          err instanceof LiveTailUnusable
            ? err
            : cloudWatchError(err, { ...this.p.context, action: 'StartLiveTail' }, this.p.input)
        if (exitCodeOf(refused) === ExitCode.USAGE) throw refused
        const reason = liveTailUnavailable(err)
        // A refused connection once a session ran is a restart of the service: reconnect.
        const transient = isTransient(err) || isUnreachable(err)
        failuresInARow++
        if (reason && this.p.mode === 'auto' && (!transient || failuresInARow > 3)) {
          this.p.logger.warn(
            { logGroups: this.groups.map((g) => g.name) },
            `Source "${this.p.context.source}": ${reason}; following by polling FilterLogEvents every ${this.t.pollIntervalMs / 1000}s instead.`,
          )
          return this.poll()
        }
        if (!transient || failuresInARow > 8) throw refused
        await this.p.clock.sleep(backoffDelay(failuresInARow, { baseMs: 500, capMs: 10_000 }), this.p.signal)
      }
    }
  }

  private wanted(event: RawEvent): boolean {
    if (event.timestamp <= this.p.floor) return false
    if (this.p.streams && !this.p.streams.includes(event.logStream ?? '')) return false
    if (this.p.streamPrefix && !(event.logStream ?? '').startsWith(this.p.streamPrefix)) return false
    return true
  }

  private async emit(event: RawEvent, firstTime: (e: RawEvent) => boolean): Promise<void> {
    if (!this.wanted(event) || !firstTime(event)) return
    await this.p.queue.push(event)
  }

  /**
   * Read [from, now] of every group in this chunk with FilterLogEvents and push what is new, in
   * time order. Events newer than `liveFrom` (when a Live Tail session delivers everything ingested
   * from then on) go to `early` instead: Live Tail delivers them as well, together with events of
   * other groups that were ingested after this read and are older than them, so they are released
   * with Live Tail's updates rather than ahead of those older events.
   */
  private async fill(
    from: number,
    liveFrom = Number.POSITIVE_INFINITY,
    early?: Early[],
    upTo = Number.POSITIVE_INFINITY,
  ): Promise<void> {
    const firstTime = this.p.seen.reader()
    const readers = this.groups.map((g) =>
      this.p.read(
        {
          logGroup: g.name,
          startTime: Math.max(0, from),
          filterPattern: this.p.filterPattern,
          streamPrefix: this.p.streamPrefix,
          streams: this.p.streams,
        },
        this.p.signal,
      ),
    )
    for await (const event of mergeByTime(readers, (e) => e.timestamp)) {
      // Not offered to `firstTime`, so the next read takes it again (see poll()).
      if (event.timestamp > upTo) continue
      if (early && event.timestamp > liveFrom) {
        if (this.wanted(event)) early.push({ event, firstTime, heldSince: this.p.clock.now() })
      } else await this.emit(event, firstTime)
    }
  }

  /**
   * Pushes one Live Tail update in time order, together with the held gap-read events it has caught
   * up with (at or before its newest event) and those held longer than `liveCatchUp`. Each event
   * is offered to the reader that found it, so one found by both is pushed once.
   */
  private async release(live: RawEvent[], liveFirstTime: (e: RawEvent) => boolean, early: Early[]) {
    const newest = live.reduce((max, e) => Math.max(max, e.timestamp), Number.NEGATIVE_INFINITY)
    const now = this.p.clock.now()
    const batch: Array<{ event: RawEvent; firstTime: (e: RawEvent) => boolean }> = live.map((event) => ({
      event,
      firstTime: liveFirstTime,
    }))
    let kept = 0
    for (const held of early) {
      if (held.event.timestamp <= newest || now - held.heldSince >= this.t.liveCatchUpMs) batch.push(held)
      else early[kept++] = held
    }
    early.length = kept
    // Stable: equal times keep Live Tail's order, then the gap read's.
    batch.sort((a, b) => a.event.timestamp - b.event.timestamp)
    for (const { event, firstTime } of batch) await this.emit(event, firstTime)
  }

  /** One Live Tail session; returns whether it started (so reconnect backoff can reset). */
  private async liveSession(): Promise<boolean> {
    if (!this.arns) {
      const missing = this.groups.find((g) => !g.arn)!.name
      throw new LiveTailUnusable(
        `DescribeLogGroups gave no ARN for log group "${missing}", and Live Tail takes log groups by ARN only`,
        this.p.context.source,
      )
    }
    const single = this.groups.length === 1
    const input: StartLiveTailCommandInput = {
      logGroupIdentifiers: this.arns,
      logEventFilterPattern: this.p.filterPattern || undefined,
      // Stream filters are only accepted with a single group; with more we filter locally.
      logStreamNames: single ? this.p.streams : undefined,
      logStreamNamePrefixes: single && this.p.streamPrefix ? [this.p.streamPrefix] : undefined,
    }
    const session = new AbortController()
    const signal = AbortSignal.any([this.p.signal, session.signal])
    await this.p.limiterFor('StartLiveTail').acquire(signal)
    const response: StartLiveTailCommandOutput = await this.p.sender.send(new StartLiveTailCommand(input), {
      abortSignal: signal,
    })
    if (!response.responseStream)
      throw Object.assign(new Error('Live Tail answered without an event stream'), {
        name: 'UnsupportedOperation',
      })
    const firstTime = this.p.seen.reader()
    // Gap-read events newer than the session's start, waiting for Live Tail to catch up with them.
    // Left over when the session ends, they are not lost: the next session's gap read (or the
    // poller) re-reads from before `lastHeard`, which is before all of them.
    const early: Early[] = []
    let started = false
    let settleFill: Promise<void> | undefined
    try {
      for await (const item of response.responseStream) {
        if (item.sessionStart) {
          started = true
          const from = this.lastHeard - this.t.gapOverlapMs
          // Live Tail was listening before it said so: it delivers what is ingested from here on.
          const liveFrom = this.p.clock.now()
          this.lastHeard = liveFrom
          // Updates wait in the stream meanwhile, so nothing of Live Tail is pushed before the gap.
          await this.fill(from, liveFrom, early)
          // A second pass picks up events that were ingested but not yet searchable.
          settleFill = this.p.clock
            .sleep(this.t.settleMs, signal)
            .then(() => this.fill(from, liveFrom, early))
            .catch((err) => {
              if (!signal.aborted) this.p.logger.debug({ err }, 'settle backfill failed')
            })
        } else if (item.sessionUpdate) {
          const update = item.sessionUpdate
          const live = (update.sessionResults ?? []).map((r): RawEvent => {
            const identifier = r.logGroupIdentifier ?? ''
            const logGroup = this.nameByIdentifier.get(identifier)
            // Shown under one of our groups it would be a wrong event; nothing of this update is
            // pushed, and polling (or the next session) re-reads from before it.
            if (logGroup === undefined)
              throw new LiveTailUnusable(
                `Live Tail sent events of log group ${JSON.stringify(identifier)}, which the session did not ask for (it asked for ${this.arns!.join(', ')})`,
                this.p.context.source,
              )
            return {
              logGroup,
              logStream: r.logStreamName,
              timestamp: r.timestamp ?? 0,
              ingestionTime: r.ingestionTime,
              message: r.message ?? '',
            }
          })
          this.lastHeard = this.p.clock.now()
          if (update.sessionMetadata?.sampled) this.warnSampled()
          await this.release(live, firstTime, early)
        } else if (item.SessionTimeoutException || item.SessionStreamingException) {
          this.p.logger.debug(
            { reason: item.SessionTimeoutException ? 'timeout' : 'streaming error' },
            'Live Tail session ended; reconnecting',
          )
          break
        }
      }
    } catch (err) {
      if (this.p.signal.aborted) throw abortError(this.p.signal)
      // A session that ran and then dropped is reconnected like a timeout.
      if (started && !(err instanceof LiveTailUnusable)) {
        this.p.logger.debug({ error: (err as Error)?.name }, 'Live Tail stream dropped; reconnecting')
        return true
      }
      throw err
    } finally {
      session.abort()
      await settleFill
    }
    return started
  }

  private warnSampled(): void {
    const now = this.p.clock.now()
    if (now - this.lastSampledWarning < 60_000) return
    this.lastSampledWarning = now
    this.p.logger.warn(
      { logGroups: this.groups.map((g) => g.name) },
      `Source "${this.p.context.source}": more than 500 events per second match; Live Tail is showing a sample. Narrow --filter to see every event.`,
    )
  }

  private async poll(): Promise<void> {
    // Start where Live Tail (if any) was last heard from; then each poll re-reads `rescan` before
    // the previous poll started, so events that arrive late still show up once.
    let previousStart = this.lastHeard
    while (!this.p.signal.aborted) {
      const cycleStart = this.p.clock.now()
      // The groups are read one after another: an event put into a group already read this cycle
      // could be older than one found in a group read later. Only events from before the cycle
      // started are released now; newer ones are released, in order, by the next cycle.
      await this.fill(previousStart - this.t.rescanMs, undefined, undefined, cycleStart)
      previousStart = cycleStart
      const elapsed = this.p.clock.now() - cycleStart
      if (elapsed < this.t.pollIntervalMs)
        await this.p.clock.sleep(this.t.pollIntervalMs - elapsed, this.p.signal)
    }
  }
}

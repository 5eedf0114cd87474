import {
  AwsCaller,
  type AwsClientConfig,
  type AwsSender,
  awsClientConfig,
  awsLimiterKey,
  sdkClientSettings,
} from '@atmos-logs/core/aws'
import type {
  Capability,
  GetLogsOptions,
  LogEntry,
  LogLevel,
  LogSourceInfo,
  ProviderContext,
  QueryProvider,
  StreamingProvider,
  TailOptions,
} from '@atmos-logs/core/contract'
import { atOrAbove } from '@atmos-logs/core/levels'
import {
  AdaptiveRateLimiter,
  type Clock,
  readProgressOf,
  SpecProvider,
  sharedLimiter,
} from '@atmos-logs/core/runtime'
import { type Batched, batched, mergeBatchesByTime } from '@atmos-logs/core/stream'
import { CLOUDWATCH_LOGS, explainCloudWatchError, logGroupLabel, type UserInput } from './aws-errors.js'
import { type GroupEvent, groupEntries, toLogEntry } from './entry.js'
import { EventQueue } from './event-queue.js'
import { EVENTS_PER_PART, type FilterRange, LookAhead, type RawEvent, readGroup } from './filter-reader.js'
import { DEFAULT_FOLLOW_TIMINGS, type FollowTimings, follow } from './follow.js'
import { type QueryProgress, runInsightsQuery } from './insights.js'
import { type LogGroupInfo, resolveGroups } from './log-groups.js'
import { newestEvents } from './newest.js'
import { SeenEvents } from './seen-events.js'
import { type CloudWatchSpec, parseSpec } from './spec.js'
import {
  CloudWatchLogsClient,
  type CloudWatchLogsClientConfig,
  DescribeLogStreamsCommand,
  type DescribeLogStreamsCommandOutput,
} from './vendor/@aws-sdk/client-cloudwatch-logs.js'
import { readWindow, SharedRate } from './window-slices.js'

export const KIND = 'aws/cloudwatch'
export const CAPABILITIES: Capability[] = ['list', 'get', 'tail', 'query']

/** Knobs tests and the CLI may pass; none are needed in normal use. */
export interface CloudWatchProviderOptions {
  /** Use this instead of a real SDK client (tests). */
  sender?: AwsSender
  clock?: Clock
  env?: NodeJS.ProcessEnv
  /** Follow-mode timings; unset ones keep their defaults. */
  follow?: Partial<FollowTimings>
  queryPollIntervalMs?: number
}

/** Default requests per second per API, from the CloudWatch Logs quotas. */
export const DEFAULT_RATES: Record<string, number> = {
  FilterLogEvents: 5,
  GetLogEvents: 25,
  DescribeLogGroups: 5,
  DescribeLogStreams: 5,
  StartQuery: 5,
  GetQueryResults: 5,
  StopQuery: 5,
  StartLiveTail: 5,
}

/** Extra keys of GetLogsOptions / TailOptions this provider understands. */
export interface CloudWatchReadOptions {
  /** FilterLogEvents requests per second, from logs.settings (spec.rate_limit, when set, wins). */
  rateLimit?: number
  /** tailLogs: false stops after the newest `lines` (plain `tail` without --follow). */
  follow?: boolean
  /** executeQuery: called on every poll of GetQueryResults. */
  onProgress?: (progress: QueryProgress) => void
  /** The flag `filter` came from (`--filter`, `--query`, `--filter-for`), for an error that blames it. */
  filterFlag?: string
  /** executeQuery: the flag the query came from (`--insights`), likewise. */
  queryFlag?: string
}

const DEFAULT_TAIL_LINES = 20
/** Events a tail under a level reads back at most to find its lines (~10 pages, ~2 s at 5 requests/s). */
const SCAN_BUDGET = 100_000
/** Events a group's part holds at least, however many groups are merged. */
const MIN_GROUP_PART = 64
/** Entries made at a time: fewer than a scavenge's worth even while the young generation is small. */
const ENTRIES_AT_ONCE = 128
/** Pages the groups of one read may have read ahead of the merge, together. */
const PAGES_AHEAD = 2
const DEFAULT_QUERY_WINDOW_MS = 15 * 60_000
const BACKDATE_MS = 14 * 86_400_000

export class CloudWatchProvider
  extends SpecProvider<CloudWatchSpec, CloudWatchProviderOptions>
  implements StreamingProvider, QueryProvider
{
  readonly kind = KIND
  readonly capabilities = CAPABILITIES
  readonly queryLanguage = 'CloudWatch Logs Insights'

  private config?: AwsClientConfig
  private client?: CloudWatchLogsClient
  private sender?: AwsSender

  constructor(ctx: ProviderContext, options: CloudWatchProviderOptions = {}) {
    super(ctx, options, parseSpec)
    this.sender = options.sender
  }

  private get clientConfig(): AwsClientConfig {
    this.config ??= awsClientConfig(
      CLOUDWATCH_LOGS,
      this.spec,
      this.ctx.credentials,
      this.options.env,
      this.name,
    )
    return this.config
  }

  private getSender(): AwsSender {
    if (this.sender) return this.sender
    const config: CloudWatchLogsClientConfig = sdkClientSettings(this.clientConfig)
    // Live Tail otherwise prefixes the host (`streaming-<host>`), which a custom endpoint lacks.
    if (this.clientConfig.endpointOverridden) config.disableHostPrefix = true
    this.client = new CloudWatchLogsClient(config)
    this.sender = this.client
    return this.client
  }

  private readonly ownLimiters = new Map<string, AdaptiveRateLimiter>()

  /**
   * The limiter of one API for this source's account and region, shared by the whole process.
   * `readRate` (logs.settings, per read) caps FilterLogEvents unless the source's own
   * spec.rate_limit, being more specific, says otherwise.
   */
  private limiterFor(api: string, readRate: number | undefined): AdaptiveRateLimiter {
    const c = this.clientConfig
    const rate =
      (api === 'FilterLogEvents' ? (this.spec.rateLimit ?? readRate) : undefined) ?? DEFAULT_RATES[api] ?? 5
    if (!this.options.clock) return sharedLimiter(awsLimiterKey(c, c.region, api), rate)
    // An injected clock (tests) gets limiters of its own, on that clock.
    let limiter = this.ownLimiters.get(api)
    if (!limiter) {
      limiter = new AdaptiveRateLimiter({ ratePerSecond: rate, clock: this.clock })
      this.ownLimiters.set(api, limiter)
    }
    return limiter
  }

  /** A caller for one read; its options may carry a rate from logs.settings. */
  private caller(opts?: GetLogsOptions): AwsCaller {
    const readRate = readRateOf(opts)
    return new AwsCaller({
      service: CLOUDWATCH_LOGS,
      sender: this.getSender(),
      limiterFor: (api) => this.limiterFor(api, readRate),
      context: this.callContext(),
      explain: (err, ctx) => explainCloudWatchError(err, ctx, userInputOf(opts)),
      logger: this.ctx.logger,
      clock: this.clock,
      progress: readProgressOf(opts),
    })
  }

  private callContext() {
    const c = this.clientConfig
    return {
      source: this.name,
      region: c.region,
      identityLabel: c.identityLabel,
      identity: c.identity,
      endpoint: c.endpointInfo,
    }
  }

  private range(logGroup: string, opts: GetLogsOptions): FilterRange {
    return {
      logGroup,
      startTime: opts.since?.getTime(),
      endTime: opts.until?.getTime(),
      filterPattern: opts.filter,
      streamPrefix: this.spec.streamPrefix,
      streams: this.spec.streams,
      limit: opts.limit,
      level: opts.level,
    }
  }

  async listSources(opts: { signal: AbortSignal }): Promise<LogSourceInfo[]> {
    const caller = this.caller()
    const groups = await resolveGroups(caller, this.spec.logGroups, opts.signal, { describeExact: true })
    const out: LogSourceInfo[] = []
    for (const g of groups) {
      const prefix = this.spec.streamPrefix
      // DescribeLogStreams cannot order by event time and filter by prefix at once.
      const page = await caller.call<DescribeLogStreamsCommandOutput>(
        'DescribeLogStreams',
        () =>
          new DescribeLogStreamsCommand(
            prefix
              ? { logGroupName: g.name, logStreamNamePrefix: prefix, limit: 50 }
              : { logGroupName: g.name, orderBy: 'LastEventTime', descending: true, limit: 50 },
          ),
        opts.signal,
        logGroupLabel(g.name),
      )
      let streams = (page.logStreams ?? []).map((s) => ({
        name: s.logStreamName,
        lastEventTimestamp: s.lastEventTimestamp,
        firstEventTimestamp: s.firstEventTimestamp,
      }))
      if (this.spec.streams) streams = streams.filter((s) => this.spec.streams?.includes(s.name ?? ''))
      streams.sort((a, b) => (b.lastEventTimestamp ?? 0) - (a.lastEventTimestamp ?? 0))
      out.push({
        name: g.name,
        description: `CloudWatch log group ${g.name}`,
        metadata: {
          logGroup: g.name,
          arn: g.arn,
          creationTime: g.creationTime,
          storedBytes: g.storedBytes,
          retentionInDays: g.retentionInDays,
          streams,
        },
      })
    }
    return out
  }

  getLogs(opts: GetLogsOptions): Batched<LogEntry> {
    return batched(() => this.logPages(opts), opts.signal)
  }

  /**
   * getLogs a page at a time: each group's parsed events, merged by time when there are several
   * groups, made entries in output order. What the merge holds stays about one part whatever the
   * number of groups: with interleaved groups each group's part waits for the others' parts, so a
   * part is a share of EVENTS_PER_PART, and entries (object literals, which V8 puts straight in
   * old space once most of those it made outlive a scavenge) are made after the merge, a few at a
   * time, where a part made entries before it lived as long as the merge took to reach its end.
   */
  private async *logPages(opts: GetLogsOptions): AsyncGenerator<LogEntry[]> {
    const caller = this.caller(opts)
    const groups = await resolveGroups(caller, this.spec.logGroups, opts.signal, { describeExact: false })
    const part = Math.max(MIN_GROUP_PART, Math.ceil(EVENTS_PER_PART / groups.length))
    const lookAhead = new LookAhead(PAGES_AHEAD)
    const rate = new SharedRate(this.limiterFor('FilterLogEvents', readRateOf(opts)).maxRate, groups.length)
    const readers = groups.map((g) => this.groupEvents(caller, g.name, opts, { part, lookAhead, rate }))
    // Under a level the groups leave out what is below it (readPages): the limit counts what is shown.
    const merged = mergeBatchesByTime(readers, (e) => e.timestamp ?? 0, { limit: opts.limit })
    for await (const events of merged) {
      for (let from = 0; from < events.length; from += ENTRIES_AT_ONCE)
        yield groupEntries(events, from, Math.min(events.length, from + ENTRIES_AT_ONCE))
    }
  }

  /** One group's events in parts, each event marked with the group (a part's events are parsed afresh). */
  private async *groupEvents(
    caller: AwsCaller,
    group: string,
    opts: GetLogsOptions,
    { part, lookAhead, rate }: { part: number; lookAhead: LookAhead; rate: SharedRate },
  ): AsyncGenerator<GroupEvent[]> {
    const window = readWindow(caller, this.range(group, opts), opts.signal, {
      rate,
      clock: this.clock,
      logger: this.ctx.logger,
      lookAhead,
    })
    for await (const page of window) {
      // A page holds up to 10,000 events: parsed and passed on in parts, the events of one part
      // are written and gone before the next scavenge, instead of surviving into old space.
      for (let from = 0; from < page.length; from += part) {
        const events = page.slice(from, from + part) as GroupEvent[]
        for (const e of events) e.logGroup = group
        yield events
      }
      page.release?.()
    }
  }

  async *tailLogs(opts: TailOptions): AsyncGenerator<LogEntry> {
    const caller = this.caller(opts)
    const signal = opts.signal
    const groups = await resolveGroups(caller, this.spec.logGroups, signal, { describeExact: true })
    const startAt = this.clock.now()
    const lines = Math.max(0, opts.lines ?? DEFAULT_TAIL_LINES)
    // CloudWatch accepts events up to 14 days older than their ingestion, so a group can hold
    // events from before it was created.
    const earliest =
      opts.since?.getTime() ?? Math.min(...groups.map((g) => g.creationTime ?? 0), startAt) - BACKDATE_MS
    const lowest = opts.level
    // Below the level the backward search may read a long way for a few lines (a function logging
    // DEBUG by the thousand and INFO now and then): it stops after SCAN_BUDGET events and says so.
    const scan = { read: 0, budget: SCAN_BUDGET, cut: false }
    // Up to here the search gave up: the follow must not bring up what it never looked at.
    let unreadUpTo = Number.NEGATIVE_INFINITY
    const backfill = await newestEvents({
      groups,
      lines,
      now: startAt,
      earliest,
      read: (group, start, end) => {
        const events = readGroup(
          caller,
          { ...this.range(group, opts), startTime: start, endTime: end, limit: undefined },
          signal,
        )
        // The newest lines are counted over the entries the output shows.
        return lowest ? shownOnly(events, lowest, scan) : events
      },
      exhausted: () => scan.cut,
      onCut: (end) => {
        unreadUpTo = end
      },
    })
    if (scan.cut) {
      const where = groups.map((g) => g.name).join(', ')
      this.ctx.logger.warn(
        `tail: ${backfill.length} of the ${lines} lines asked for are at or above ${lowest} in ${where} from ${new Date(unreadUpTo + 1).toISOString()} on; looking further back stopped after ${scan.read.toLocaleString('en-US')} events were read (view --since reads further back).`,
      )
    }
    const seen = new SeenEvents()
    const firstTime = seen.reader()
    for (const raw of backfill) {
      if (signal.aborted) return
      firstTime(raw)
      yield toLogEntry(raw)
    }
    if ((opts as CloudWatchReadOptions).follow === false || signal.aborted) return

    // What the backfill left out on purpose must not show up later: older than its oldest line
    // when it was cut at `lines`, or anything before now when no lines were asked for.
    const floor = Math.max(
      earliest - 1,
      unreadUpTo,
      lines === 0 ? startAt : backfill.length >= lines ? backfill[0].timestamp : Number.NEGATIVE_INFINITY,
    )
    const stop = new AbortController()
    const all = AbortSignal.any([signal, stop.signal])
    const queue = new EventQueue<RawEvent>()
    const onAbort = () => queue.close()
    all.addEventListener('abort', onAbort, { once: true })
    const following = follow({
      groups,
      mode: this.spec.followMode,
      filterPattern: opts.filter,
      streamPrefix: this.spec.streamPrefix,
      streams: this.spec.streams,
      startAt,
      floor,
      seen,
      queue,
      read: (range, s) => readGroup(caller, range, s),
      sender: this.getSender(),
      limiterFor: (api) => this.limiterFor(api, undefined),
      context: this.callContext(),
      input: userInputOf(opts),
      logger: this.ctx.logger,
      clock: this.clock,
      signal: all,
      timings: { ...DEFAULT_FOLLOW_TIMINGS, ...this.options.follow },
    }).then(
      () => queue.close(),
      (err) => (all.aborted ? queue.close() : queue.fail(err)),
    )
    try {
      for await (const raw of queue) {
        if (signal.aborted) return
        yield toLogEntry(raw)
      }
    } finally {
      all.removeEventListener('abort', onAbort)
      stop.abort()
      await following
    }
  }

  async *executeQuery(query: string, opts: GetLogsOptions): AsyncGenerator<Record<string, unknown>> {
    const caller = this.caller(opts)
    const groups: LogGroupInfo[] = await resolveGroups(caller, this.spec.logGroups, opts.signal, {
      describeExact: false,
    })
    const endTime = opts.until?.getTime() ?? this.clock.now()
    yield* runInsightsQuery({
      caller,
      logGroups: groups.map((g) => g.name),
      query,
      startTime: opts.since?.getTime() ?? endTime - DEFAULT_QUERY_WINDOW_MS,
      endTime,
      limit: opts.limit,
      signal: opts.signal,
      clock: this.clock,
      onProgress: (opts as CloudWatchReadOptions).onProgress,
      pollIntervalMs: this.options.queryPollIntervalMs,
    })
  }

  async close(): Promise<void> {
    this.client?.destroy()
    this.client = undefined
  }
}

/**
 * Events whose entries are at or above `lowest`, until `scan.budget` events have been read: with
 * more to read past it, `scan.cut` says the read stopped short.
 */
async function* shownOnly(
  events: AsyncIterable<RawEvent>,
  lowest: LogLevel,
  scan: { read: number; budget: number; cut: boolean },
): AsyncGenerator<RawEvent> {
  for await (const e of events) {
    if (scan.read >= scan.budget) {
      scan.cut = true
      return
    }
    scan.read++
    if (atOrAbove(toLogEntry(e).level, lowest)) yield e
  }
}

/** What the user typed into a read's calls (see explainCloudWatchError). */
function userInputOf(opts: GetLogsOptions | undefined): UserInput {
  const o = opts as (GetLogsOptions & CloudWatchReadOptions) | undefined
  return { filter: o?.filter, filterFlag: o?.filterFlag, queryFlag: o?.queryFlag }
}

/** The FilterLogEvents rate a read's options ask for (logs.settings), if any. */
function readRateOf(opts: GetLogsOptions | undefined): number | undefined {
  const requested = (opts as CloudWatchReadOptions | undefined)?.rateLimit
  return typeof requested === 'number' && requested > 0 ? requested : undefined
}

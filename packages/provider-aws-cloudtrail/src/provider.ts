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
  ProviderEvent,
  StreamingProvider,
  TailOptions,
} from '@atmos-logs/core/contract'
import { atOrAbove } from '@atmos-logs/core/levels'
import {
  AdaptiveRateLimiter,
  type Clock,
  type ReadProgress,
  readProgressOf,
  SpecProvider,
  sharedLimiter,
} from '@atmos-logs/core/runtime'
import { mergeByTime } from '@atmos-logs/core/stream'
import {
  type Constraint,
  describeConstraint,
  type LookupPlan,
  matches,
  parseFilterTerms,
  planLookup,
  specConstraints,
} from './attributes.js'
import { CLOUDTRAIL, explainTrailError, TRAIL_LOGS } from './aws-errors.js'
import { jsonFilterPattern, readDataEvents } from './data-events.js'
import { followPolling, SeenIds } from './follow.js'
import { type FetchPage, LOOKUP_PAGE_SIZE, readAscending, readNewest } from './slices.js'
import { ATTRIBUTE_FIELDS, type CloudTrailSpec, parseSpec } from './spec.js'
import { fromLookupEvent, levelOf, type TrailEvent, toLogEntry } from './trail-event.js'
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from './vendor/@aws-sdk/client-cloudtrail.js'
import { lookupRange } from './window.js'

/** What a read looks up, and (the `level` option) the lowest level it keeps. */
type ReadPlan = LookupPlan & { lowest?: LogLevel }

export const KIND = 'aws/cloudtrail'
export const CAPABILITIES: Capability[] = ['list', 'get', 'tail']

/** Knobs tests may pass; none are needed in normal use. */
export interface CloudTrailProviderOptions {
  /** Use these instead of real SDK clients (tests): one per region and service. */
  senderFor?: (service: 'cloudtrail' | 'logs', region: string | undefined) => AwsSender
  clock?: Clock
  env?: NodeJS.ProcessEnv
}

/** Extra keys of GetLogsOptions / TailOptions this provider understands. */
export interface CloudTrailReadOptions {
  /** tailLogs: false stops after the newest `lines` (plain `tail` without --follow). */
  follow?: boolean
  /** What the provider reports beside its entries: in follow mode, when the next poll runs. */
  onEvent?: (event: ProviderEvent) => void
}

const DEFAULT_TAIL_LINES = 20
/** LookupEvents: 2 requests a second per account and region. */
const LOOKUP_RATE = 2
/** FilterLogEvents' quota, shared with aws/cloudwatch sources of the same account and region. */
const FILTER_RATE = 5
const FIELD_OF = Object.fromEntries(Object.entries(ATTRIBUTE_FIELDS).map(([f, k]) => [k, f]))
const HOUR = 3_600_000
/** How far back `tail` looks in a trail's log group for the newest lines when no --since is given. */
const DATA_EVENTS_LOOKBACK_MS = 30 * 86_400_000

export class CloudTrailProvider
  extends SpecProvider<CloudTrailSpec, CloudTrailProviderOptions>
  implements StreamingProvider
{
  readonly kind = KIND
  readonly capabilities = CAPABILITIES

  private config?: AwsClientConfig
  private readonly clients: Array<{ destroy(): void }> = []
  private readonly ownLimiters = new Map<string, AdaptiveRateLimiter>()

  constructor(ctx: ProviderContext, options: CloudTrailProviderOptions = {}) {
    super(ctx, options, parseSpec)
  }

  private get clientConfig(): AwsClientConfig {
    const service = this.spec.logGroup ? TRAIL_LOGS : CLOUDTRAIL
    this.config ??= awsClientConfig(
      service,
      { region: this.spec.regions?.[0], endpoint: this.spec.endpoint },
      this.ctx.credentials,
      this.options.env,
      this.name,
    )
    return this.config
  }

  /** The regions read: the spec's list, else the client's one region (undefined: the SDK says what is missing). */
  private get regions(): Array<string | undefined> {
    return this.spec.regions ?? [this.clientConfig.region]
  }

  private async sender(service: 'cloudtrail' | 'logs', region: string | undefined): Promise<AwsSender> {
    if (this.options.senderFor) return this.options.senderFor(service, region)
    const config = sdkClientSettings(this.clientConfig, region)
    if (service === 'cloudtrail') {
      const client = new CloudTrailClient(config)
      this.clients.push(client)
      return client
    }
    const { CloudWatchLogsClient } = await import('./vendor/@aws-sdk/client-cloudwatch-logs.js')
    const client = new CloudWatchLogsClient(config)
    this.clients.push(client)
    return client
  }

  /** One limiter per account, region and API for the whole process, shared with aws/cloudwatch sources. */
  private limiter(region: string | undefined, api: string, rate: number): AdaptiveRateLimiter {
    const key = awsLimiterKey(this.clientConfig, region, api)
    if (!this.options.clock) return sharedLimiter(key, rate)
    // An injected clock (tests) gets limiters of its own, on that clock.
    let limiter = this.ownLimiters.get(key)
    if (!limiter) {
      limiter = new AdaptiveRateLimiter({ ratePerSecond: rate, clock: this.clock })
      this.ownLimiters.set(key, limiter)
    }
    return limiter
  }

  private async caller(
    service: 'cloudtrail' | 'logs',
    region: string | undefined,
    progress: ReadProgress | undefined,
  ): Promise<AwsCaller> {
    const c = this.clientConfig
    return new AwsCaller({
      service: service === 'cloudtrail' ? CLOUDTRAIL : TRAIL_LOGS,
      sender: await this.sender(service, region),
      limiterFor: (api) => this.limiter(region, api, api === 'LookupEvents' ? LOOKUP_RATE : FILTER_RATE),
      context: {
        source: this.name,
        region,
        identityLabel: c.identityLabel,
        identity: c.identity,
        endpoint: c.endpointInfo,
      },
      explain: explainTrailError,
      logger: this.ctx.logger,
      clock: this.clock,
      progress,
    })
  }

  /** The spec's conditions and --filter's, split into the server-side one and the client-side rest. */
  private plan(filter: string | undefined): ReadPlan {
    const constraints: Constraint[] = [
      ...specConstraints(this.spec.attributes, (k) => FIELD_OF[k] ?? k),
      ...parseFilterTerms(filter),
    ]
    const plan = planLookup(constraints)
    const server = plan.server ? describeConstraint(plan.server) : 'nothing'
    const rest = plan.client.filter((c) => c !== plan.server).map(describeConstraint)
    if (this.spec.errorsOnly) rest.push('errors only (spec.errors_only)')
    if (!this.spec.logGroup) {
      this.ctx.logger.debug(
        `source "${this.name}": LookupEvents sends ${server} as its lookup attribute; checked on each event: ${rest.length > 0 ? rest.join(', ') : 'nothing'}.`,
      )
    }
    return plan
  }

  private keep(plan: ReadPlan): (e: TrailEvent) => boolean {
    const errorsOnly = this.spec.errorsOnly
    const lowest = plan.lowest
    return (e) =>
      matches(e, plan.client) &&
      (!errorsOnly || e.errorCode !== undefined) &&
      (!lowest || atOrAbove(levelOf(e), lowest))
  }

  /** A LookupEvents page reader for one region, each request retried alike until it is answered. */
  private async lookupFetcher(
    region: string | undefined,
    plan: ReadPlan,
    progress: ReadProgress | undefined,
  ): Promise<FetchPage> {
    const caller = await this.caller('cloudtrail', region, progress)
    const key = plan.server?.key
    return async (range, value, token, signal) => {
      const input = {
        ...(key && value !== undefined
          ? { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] }
          : {}),
        StartTime: new Date(range.start),
        EndTime: new Date(range.end),
        MaxResults: LOOKUP_PAGE_SIZE,
        ...(token ? { NextToken: token } : {}),
      }
      // No resource: a lookup is about the region, which the caller's context already names.
      const out = await caller.call<LookupEventsCommandOutput>(
        'LookupEvents',
        () => new LookupEventsCommand(input),
        signal,
      )
      return { events: (out.Events ?? []).map(fromLookupEvent), nextToken: out.NextToken }
    }
  }

  /** The trail's log group as a reader of [start, end], ascending, the pushable conditions sent as a pattern. */
  private async dataEventReader(plan: ReadPlan, signal: AbortSignal, progress: ReadProgress | undefined) {
    const caller = await this.caller('logs', this.regions[0], progress)
    const filterPattern = jsonFilterPattern(plan.client, this.spec.errorsOnly)
    const logGroup = this.spec.logGroup as string
    this.ctx.logger.debug(
      `source "${this.name}": FilterLogEvents on log group "${logGroup}" sends the filter pattern ${filterPattern ?? '(none)'}; every condition is checked again on each record.`,
    )
    const keep = this.keep(plan)
    return async function* (start: number, end: number): AsyncGenerator<TrailEvent> {
      for await (const e of readDataEvents(caller, { logGroup, start, end, filterPattern }, signal))
        if (keep(e)) yield e
    }
  }

  private regionValues(plan: ReadPlan): Array<string | undefined> {
    return plan.server ? plan.server.values : [undefined]
  }

  async listSources(opts: { signal: AbortSignal }): Promise<LogSourceInfo[]> {
    const now = this.clock.now()
    const counts = new Map<string, { count: number; regions: Set<string> }>()
    for await (const entry of this.getLogs({
      since: new Date(now - HOUR),
      until: new Date(now),
      signal: opts.signal,
    })) {
      const record = entry.metadata as { eventSource?: string; awsRegion?: string }
      const name = record.eventSource ?? 'unknown'
      const seen = counts.get(name) ?? { count: 0, regions: new Set<string>() }
      seen.count++
      if (record.awsRegion) seen.regions.add(record.awsRegion)
      counts.set(name, seen)
    }
    return [...counts]
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .map(([name, s]) => ({
        name,
        description: `${s.count} CloudTrail event${s.count === 1 ? '' : 's'} in the last hour`,
        metadata: { eventSource: name, count: s.count, regions: [...s.regions].sort() },
      }))
  }

  async *getLogs(opts: GetLogsOptions): AsyncGenerator<LogEntry> {
    // Entries below the level are left out, so the limit counts the ones the output shows.
    const plan = { ...this.plan(opts.filter), lowest: opts.level }
    const now = this.clock.now()
    let readers: AsyncIterable<TrailEvent>[]
    if (this.spec.logGroup) {
      const read = await this.dataEventReader(plan, opts.signal, readProgressOf(opts))
      readers = [read(opts.since?.getTime() ?? now - HOUR, opts.until?.getTime() ?? now)]
    } else {
      const range = this.lookupRange(opts, now)
      readers = await Promise.all(
        this.regions.map(async (region) =>
          readAscending(range.since, range.until, {
            fetch: await this.lookupFetcher(region, plan, readProgressOf(opts)),
            values: this.regionValues(plan),
            keep: this.keep(plan),
            signal: opts.signal,
            onSlice: (s) =>
              this.ctx.logger.debug(
                `source "${this.name}"${region ? ` ${region}` : ''}: slice ${new Date(s.start).toISOString()}..${new Date(s.end).toISOString()} read ${s.read} events in ${s.calls} calls, kept ${s.kept}.`,
              ),
          }),
        ),
      )
    }
    let count = 0
    for await (const e of mergeByTime(readers, (x) => x.time)) {
      // a slice already read is handed out one event at a time: nothing more once aborted
      if (opts.signal.aborted) return
      yield toLogEntry(e)
      if (opts.limit && ++count >= opts.limit) return
    }
  }

  /** --since/--until inside LookupEvents' 90 days, with a warning when --since was moved up. */
  private lookupRange(opts: { since?: Date; until?: Date }, now: number) {
    const range = lookupRange(opts, now, this.name)
    if (range.clamped) {
      this.ctx.logger.warn(
        `aws/cloudtrail source "${this.name}": --since ${new Date(range.clamped.from).toISOString()} is more than 90 days ago; LookupEvents keeps 90 days, so reading from ${new Date(range.clamped.to).toISOString()}.`,
      )
    }
    return range
  }

  async *tailLogs(opts: TailOptions): AsyncGenerator<LogEntry> {
    const read = opts as TailOptions & CloudTrailReadOptions
    const lines = Math.max(0, opts.lines ?? DEFAULT_TAIL_LINES)
    // A tail counts its newest lines over the entries the output shows (the level option).
    const plan = { ...this.plan(opts.filter), lowest: opts.level }
    const signal = opts.signal
    const now = this.clock.now()
    const windowReaders = await this.windowReaders(plan, signal, readProgressOf(opts))
    const seen = new SeenIds()

    let backfill: TrailEvent[]
    if (read.follow === false) {
      backfill = await this.newest(plan, opts, now, lines, signal)
    } else {
      // Everything visible in the late window now is printed or skipped now, never later; only
      // what is delivered after this moment can show up in a poll.
      const lateStart = now - this.spec.lateWindowMs
      const inWindow: TrailEvent[] = []
      for (const readWindow of windowReaders) {
        for await (const e of readWindow(lateStart, now, signal)) {
          if (seen.has(e)) continue
          inWindow.push(e)
          // only the newest `lines` are kept; the rest are remembered by id alone
          if (inWindow.length > lines * 2 + 100) keepNewest(inWindow, lines)
        }
      }
      keepNewest(inWindow, lines)
      const since = opts.since?.getTime()
      const floor = since ?? Number.NEGATIVE_INFINITY
      backfill = inWindow.filter((e) => e.time >= floor)
      if (backfill.length < lines && (since === undefined || since < lateStart)) {
        const older = await this.newest(
          plan,
          { ...opts, until: new Date(lateStart - 1000) },
          now,
          lines - backfill.length,
          signal,
        )
        backfill = [...older, ...backfill]
      }
    }
    for (const e of backfill) {
      if (signal.aborted) return
      yield toLogEntry(e)
    }
    if (read.follow === false || signal.aborted) return

    for await (const e of followPolling({
      readers: windowReaders,
      seen,
      clock: this.clock,
      pollIntervalMs: this.spec.pollIntervalMs,
      lateWindowMs: this.spec.lateWindowMs,
      signal,
      onStatus: read.onEvent ? (message) => read.onEvent?.({ type: 'status', message }) : undefined,
      onPoll: (p) =>
        this.ctx.logger.debug(
          `source "${this.name}": polled ${new Date(p.start).toISOString()}..${new Date(p.end).toISOString()}, ${p.fresh} new.`,
        ),
    })) {
      yield toLogEntry(e)
    }
  }

  /** Per region (or the one log group): every matching event of [start, end], ascending. */
  private async windowReaders(plan: ReadPlan, signal: AbortSignal, progress: ReadProgress | undefined) {
    if (this.spec.logGroup) {
      const read = await this.dataEventReader(plan, signal, progress)
      return [(start: number, end: number) => read(start, end)]
    }
    return Promise.all(
      this.regions.map(async (region) => {
        const fetch = await this.lookupFetcher(region, plan, progress)
        return (start: number, end: number, s: AbortSignal) =>
          readAscending(Math.max(start, end - 90 * 86_400_000), end, {
            fetch,
            values: this.regionValues(plan),
            keep: this.keep(plan),
            signal: s,
          })
      }),
    )
  }

  /** The newest `count` matching events up to opts.until (or now), over every region, ascending. */
  private async newest(
    plan: ReadPlan,
    opts: GetLogsOptions,
    now: number,
    count: number,
    signal: AbortSignal,
  ): Promise<TrailEvent[]> {
    if (count <= 0) return []
    const until = Math.min(opts.until?.getTime() ?? now, now)
    let found: TrailEvent[] = []
    if (this.spec.logGroup) {
      const read = await this.dataEventReader(plan, signal, readProgressOf(opts))
      // FilterLogEvents reads forward only: look back in growing steps until enough are found.
      const earliest = opts.since?.getTime() ?? now - DATA_EVENTS_LOOKBACK_MS
      let end = until
      let step = HOUR
      while (found.length < count && end >= earliest) {
        const start = Math.max(earliest, end - step + 1)
        const chunk: TrailEvent[] = []
        for await (const e of read(start, end)) chunk.push(e)
        found = [...chunk, ...found]
        end = start - 1
        step *= 4
      }
    } else {
      const range = this.lookupRange({ since: opts.since, until: new Date(until) }, now)
      for (const region of this.regions) {
        const fetch = await this.lookupFetcher(region, plan, readProgressOf(opts))
        found.push(
          ...(await readNewest(range.since, range.until, count, {
            fetch,
            values: this.regionValues(plan),
            keep: this.keep(plan),
            signal,
          })),
        )
      }
    }
    found.sort((a, b) => a.time - b.time)
    return found.slice(Math.max(0, found.length - count))
  }

  async close(): Promise<void> {
    for (const c of this.clients.splice(0)) c.destroy()
  }
}

/** Drops all but the newest `count` of an ascending-or-nearly list, in place. */
function keepNewest(events: TrailEvent[], count: number): void {
  events.sort((a, b) => a.time - b.time)
  events.splice(0, Math.max(0, events.length - count))
}

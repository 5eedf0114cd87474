import type {
  Capability,
  GetLogsOptions,
  GoogleCredentials,
  LogEntry,
  LogLevel,
  LogSourceInfo,
  ProviderContext,
  ProviderEvent,
  QueryProvider,
  StreamingProvider,
  TailOptions,
} from '@atmos-logs/core/contract'
import { ConfigError } from '@atmos-logs/core/errors'
import { atOrAbove } from '@atmos-logs/core/levels'
import { type Clock, type ReadProgress, readProgressOf, SpecProvider } from '@atmos-logs/core/runtime'
import {
  adcTokenSource,
  ENDPOINT_VARIABLE,
  type Endpoint,
  emulatorTokenSource,
  identityTokenSource,
  type ListRequest,
  LoggingApi,
  resolveEndpoint,
  type TokenSource,
} from './client.js'
import { type CloudLogEntry, timeOf, toLogEntry } from './entry.js'
import { buildFilter } from './filter.js'
import { type GcpLoggingSpec, parseSpec } from './spec.js'
import { connectStream, resolveGrpcEndpoint, type StreamFollower, StreamingUnavailable } from './stream.js'

export const KIND = 'gcp/logging'
export const CAPABILITIES: Capability[] = ['list', 'get', 'tail', 'query']
export const QUERY_LANGUAGE = 'Cloud Logging query language'

/** Knobs tests may pass; none are needed in normal use. */
export interface GcpLoggingProviderOptions {
  clock?: Clock
  env?: NodeJS.ProcessEnv
  /** Sign requests with this instead of ADC or the emulator token (tests). */
  tokens?: TokenSource
}

/** Extra keys of GetLogsOptions / TailOptions this provider understands. */
export interface GcpReadOptions {
  /** tailLogs: false stops after the newest `lines` (plain `tail` without --follow). */
  follow?: boolean
  onEvent?: (event: ProviderEvent) => void
}

const DEFAULT_TAIL_LINES = 20
const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 19)
const suppressionWords = (reason: string) =>
  reason === 'RATE_LIMIT'
    ? 'entries over its live-tailing rate limit'
    : reason === 'NOT_CONSUMED'
      ? 'entries not read fast enough'
      : `entries (${reason})`

/** An entry's identity for de-duplication: insertId is unique within a log and a timestamp. */
const keyOf = (e: CloudLogEntry) => `${e.logName ?? ''}\u0000${e.insertId ?? ''}\u0000${e.timestamp ?? ''}`
/** Whether an entry is at or above a read's `level` option (none: every entry). */
const shown = (e: CloudLogEntry, lowest: LogLevel | undefined) =>
  !lowest || atOrAbove(toLogEntry(e).level, lowest)

const googleOf = (ctx: ProviderContext): GoogleCredentials | undefined =>
  ctx.credentials?.type === 'google' ? ctx.credentials : undefined

/** A source that names nowhere reads its identity's project, as gcloud would with it. */
function withIdentityProject(
  spec: Record<string, unknown>,
  google: GoogleCredentials | undefined,
): Record<string, unknown> {
  const where = ['project', 'projects', 'folder', 'organization']
  const project = google?.project
  return project && where.every((k) => spec[k] === undefined) ? { ...spec, project } : spec
}

export class GcpLoggingProvider
  extends SpecProvider<GcpLoggingSpec, GcpLoggingProviderOptions>
  implements StreamingProvider, QueryProvider
{
  readonly kind = KIND
  readonly capabilities = CAPABILITIES
  readonly queryLanguage = QUERY_LANGUAGE

  private resolved?: Endpoint
  private client?: LoggingApi

  constructor(ctx: ProviderContext, options: GcpLoggingProviderOptions = {}) {
    super(ctx, options, (spec, source) => parseSpec(withIdentityProject(spec, googleOf(ctx)), source))
  }

  /** Google credentials from the source's gcp/* identity, if it names one. */
  private get google(): GoogleCredentials | undefined {
    return googleOf(this.ctx)
  }

  private get endpoint(): Endpoint {
    const env = this.options.env ?? process.env
    // The identity's endpoint (an emulator identity) beats the environment's; the spec beats both.
    const fromIdentity = this.google?.endpoints?.[ENDPOINT_VARIABLE]
    this.resolved ??= resolveEndpoint(
      this.spec.endpoint,
      fromIdentity ? { ...env, [ENDPOINT_VARIABLE]: fromIdentity } : env,
      this.name,
    )
    return this.resolved
  }

  override validate(): void {
    super.validate()
    void this.endpoint
    this.grpcEndpoint()
    const credentials = this.ctx.credentials
    if (credentials?.type === 'aws' || credentials?.type === 'github') {
      throw new ConfigError(
        `The gcp/logging source "${this.name}" names an identity that gives ${credentials.type === 'aws' ? 'AWS' : 'GitHub'} credentials; gcp/logging signs in with a gcp/* identity or Google's Application Default Credentials.`,
        {
          yamlPath: 'identity',
          hint: 'Give the source a gcp/* identity (such as kind gcp/service-account), or remove identity and run `gcloud auth application-default login`.',
        },
      )
    }
  }

  private grpcEndpoint() {
    return resolveGrpcEndpoint(
      this.spec.grpcEndpoint,
      this.options.env ?? process.env,
      this.endpoint,
      this.name,
    )
  }

  private get api(): LoggingApi {
    const endpoint = this.endpoint
    this.client ??= new LoggingApi({
      source: this.name,
      endpoint,
      tokens: this.options.tokens ?? this.tokenSource(endpoint),
      logger: this.ctx.logger,
      clock: this.clock,
      ownLimiters: this.options.clock !== undefined,
    })
    return this.client
  }

  /**
   * An identity's token or file signs every request, an emulator's too (it stays on this machine);
   * otherwise a loopback emulator gets its placeholder, so ADC is never looked up for it.
   */
  private tokenSource(endpoint: Endpoint): TokenSource {
    const env = this.options.env ?? process.env
    const google = this.google
    if (google && (google.accessToken || google.credentialsFile || !endpoint.emulator))
      return identityTokenSource(this.name, google, env, () => this.clock.now())
    return endpoint.emulator ? emulatorTokenSource() : adcTokenSource(this.name, env)
  }

  private request(filter: string, orderBy: ListRequest['orderBy'], pageSize: number): ListRequest {
    this.ctx.logger.debug(
      `source "${this.name}": entries.list on ${this.spec.resourceNames.join(', ')} with filter ${filter || '(none)'}, ${orderBy}.`,
    )
    return { resourceNames: this.spec.resourceNames, filter, orderBy, pageSize }
  }

  /** Every matching entry of one request, page after page, as the service orders them. */
  private async *pages(
    req: ListRequest,
    signal: AbortSignal,
    progress: ReadProgress | undefined,
  ): AsyncGenerator<CloudLogEntry> {
    let pageToken: string | undefined
    do {
      const page = await this.api.listPage({ ...req, ...(pageToken ? { pageToken } : {}) }, signal, progress)
      for (const e of page.entries) {
        if (signal.aborted) return
        yield e
      }
      pageToken = page.nextPageToken
    } while (pageToken && !signal.aborted)
  }

  async listSources(opts: { signal: AbortSignal }): Promise<LogSourceInfo[]> {
    const out: LogSourceInfo[] = []
    for (const parent of this.spec.resourceNames) {
      for (const logName of await this.api.listLogs(parent, opts.signal)) {
        const id = decodeURIComponent(logName.slice(logName.indexOf('/logs/') + '/logs/'.length))
        if (this.spec.logIds.length > 0 && !this.spec.logIds.includes(id)) continue
        out.push({ name: id, description: `log ${id} in ${parent}`, metadata: { logName, parent } })
      }
    }
    return out
  }

  async *getLogs(opts: GetLogsOptions): AsyncGenerator<LogEntry> {
    const filter = buildFilter(this.spec, opts)
    const pageSize = opts.limit ? Math.min(this.spec.pageSize, opts.limit) : this.spec.pageSize
    let count = 0
    for await (const e of this.pages(
      this.request(filter, 'timestamp asc', pageSize),
      opts.signal,
      readProgressOf(opts),
    )) {
      // The service left out what is below the level (buildFilter); the limit counts what is shown.
      if (!shown(e, opts.level)) continue
      yield toLogEntry(e)
      if (opts.limit && ++count >= opts.limit) return
    }
  }

  async *executeQuery(query: string, opts: GetLogsOptions): AsyncGenerator<Record<string, unknown>> {
    for await (const entry of this.getLogs({ ...opts, filter: query })) {
      const m = entry.metadata as { logName?: string; severity?: string; resource?: { type?: string } }
      yield {
        timestamp: entry.timestamp.toISOString(),
        severity: m.severity ?? 'DEFAULT',
        logName: m.logName,
        resourceType: m.resource?.type,
        message: entry.message,
        insertId: entry.id,
      }
    }
  }

  /** The newest `count` matching entries (up to `until`), ascending. */
  private async newest(
    opts: { filter?: string; since?: Date; until?: Date; level?: LogLevel },
    count: number,
    signal: AbortSignal,
    progress: ReadProgress | undefined,
  ): Promise<CloudLogEntry[]> {
    if (count <= 0) return []
    const found: CloudLogEntry[] = []
    const req = this.request(
      buildFilter(this.spec, opts),
      'timestamp desc',
      Math.min(count, this.spec.pageSize),
    )
    for await (const e of this.pages(req, signal, progress)) {
      if (!shown(e, opts.level)) continue
      found.push(e)
      if (found.length >= count) break
    }
    return found.reverse()
  }

  async *tailLogs(opts: TailOptions): AsyncGenerator<LogEntry> {
    const read = opts as TailOptions & GcpReadOptions
    const lines = Math.max(0, opts.lines ?? DEFAULT_TAIL_LINES)
    const { signal } = opts
    const progress = readProgressOf(opts)
    const now = this.clock.now()
    if (read.follow === false) {
      for (const e of await this.newest(
        { filter: opts.filter, since: opts.since, level: opts.level },
        lines,
        signal,
        progress,
      )) {
        if (signal.aborted) return
        yield toLogEntry(e)
      }
      return
    }

    // The stream opens before the backlog is read, so what is written meanwhile comes through it;
    // everything in the late window now is printed or skipped now, never later, and the follow
    // (stream or polls) yields only what it has not seen: the hand-over neither repeats nor loses.
    const stream = await this.openStream(opts.filter, signal)
    try {
      const seen = new Map<string, number>()
      const lateStart = now - this.spec.lateWindowMs
      const windowSince = new Date(Math.max(lateStart, opts.since?.getTime() ?? lateStart))
      const inWindow: CloudLogEntry[] = []
      const windowReq = this.request(
        buildFilter(this.spec, { filter: opts.filter, since: windowSince, until: new Date(now) }),
        'timestamp asc',
        this.spec.pageSize,
      )
      for await (const e of this.pages(windowReq, signal, progress)) {
        seen.set(keyOf(e), timeOf(e.timestamp))
        // below the level: seen, so never printed later either
        if (shown(e, opts.level)) inWindow.push(e)
      }
      let backfill = inWindow.slice(Math.max(0, inWindow.length - lines))
      const since = opts.since?.getTime()
      if (backfill.length < lines && (since === undefined || since < lateStart)) {
        const older = await this.newest(
          {
            filter: opts.filter,
            since: opts.since,
            until: new Date(windowSince.getTime() - 1),
            level: opts.level,
          },
          lines - backfill.length,
          signal,
          progress,
        )
        backfill = [...older, ...backfill]
      }
      for (const e of backfill) {
        if (signal.aborted) return
        yield toLogEntry(e)
      }

      if (stream) {
        try {
          for await (const e of stream.entries(seen, keyOf)) yield toLogEntry(e)
          return
        } catch (err) {
          if (!(err instanceof StreamingUnavailable)) throw err
          this.ctx.logger.debug(
            `source "${this.name}": streaming is not available (${err.message}); following by polling entries.list every ${this.spec.pollIntervalMs / 1000}s.`,
          )
        }
      }
      yield* this.poll(opts, seen, now, progress)
    } finally {
      stream?.close()
    }
  }

  /** A TailLogEntries stream with its first session open, or undefined (logged) when there is none to have. */
  private async openStream(
    filter: string | undefined,
    signal: AbortSignal,
  ): Promise<StreamFollower | undefined> {
    const endpoint = this.grpcEndpoint()
    const polling = `following by polling entries.list every ${this.spec.pollIntervalMs / 1000}s`
    if (!endpoint) {
      this.ctx.logger.debug(
        `source "${this.name}": the emulator at ${this.endpoint.url} has no gRPC endpoint set (spec.grpc_endpoint or ATMOS_LOGS_GCP_GRPC_ENDPOINT), so no TailLogEntries stream; ${polling}.`,
      )
      return undefined
    }
    const api = this.api
    let lastNotice = Number.NEGATIVE_INFINITY
    const suppressed = new Map<string, number>()
    try {
      const stream = await connectStream({
        source: this.name,
        endpoint,
        tokens: this.options.tokens ?? this.tokenSource({ ...this.endpoint, emulator: !endpoint.secure }),
        request: {
          resourceNames: this.spec.resourceNames,
          filter: buildFilter(this.spec, { filter }),
          bufferWindow: `${this.spec.bufferWindowMs / 1000}s`,
        },
        bufferWindowMs: this.spec.bufferWindowMs,
        lateWindowMs: this.spec.lateWindowMs,
        logger: this.ctx.logger,
        clock: this.clock,
        signal,
        catchUp: (since, until) =>
          this.pages(
            this.request(
              buildFilter(this.spec, { filter, since, until }),
              'timestamp asc',
              this.spec.pageSize,
            ),
            signal,
            undefined,
          ),
        explain: (err) => api.explain(err, 'TailLogEntries', this.spec.resourceNames),
        onSuppressed: (reason, count) => {
          suppressed.set(reason, (suppressed.get(reason) ?? 0) + count)
          const at = this.clock.now()
          if (at - lastNotice < 60_000) return
          lastNotice = at
          this.ctx.logger.warn(
            { suppressed: Object.fromEntries(suppressed) },
            `Source "${this.name}": Cloud Logging left ${[...suppressed].map(([r, n]) => `${n} ${suppressionWords(r)}`).join(' and ')} out of the stream. Narrow --filter to see every entry.`,
          )
          suppressed.clear()
        },
      })
      await stream.open()
      return stream
    } catch (err) {
      if (!(err instanceof StreamingUnavailable)) throw err
      this.ctx.logger.debug(`source "${this.name}": streaming is not available (${err.message}); ${polling}.`)
      return undefined
    }
  }

  /** --follow without a stream: entries.list every poll interval over the late window, deduplicated. */
  private async *poll(
    opts: TailOptions,
    seen: Map<string, number>,
    from: number,
    progress: ReadProgress | undefined,
  ): AsyncGenerator<LogEntry> {
    const read = opts as TailOptions & GcpReadOptions
    const { signal } = opts
    const since = opts.since?.getTime()
    let polled = from
    while (!signal.aborted) {
      read.onEvent?.({
        type: 'status',
        message: `next poll at ${clockTime(this.clock.now() + this.spec.pollIntervalMs)}`,
      })
      try {
        await this.clock.sleep(this.spec.pollIntervalMs, signal)
      } catch {
        return
      }
      if (signal.aborted) return
      const end = this.clock.now()
      // Re-read the late window: Cloud Logging takes entries written with earlier timestamps.
      const start = Math.max(end - this.spec.lateWindowMs, since ?? Number.NEGATIVE_INFINITY)
      const fresh: CloudLogEntry[] = []
      const req = this.request(
        buildFilter(this.spec, { filter: opts.filter, since: new Date(start), until: new Date(end) }),
        'timestamp asc',
        this.spec.pageSize,
      )
      for await (const e of this.pages(req, signal, progress)) {
        const key = keyOf(e)
        if (seen.has(key)) continue
        seen.set(key, timeOf(e.timestamp))
        fresh.push(e)
      }
      this.ctx.logger.debug(
        `source "${this.name}": polled ${new Date(start).toISOString()}..${new Date(end).toISOString()}, ${fresh.length} new (last poll ${clockTime(polled)}).`,
      )
      polled = end
      // a later poll starts after this one's start: ids older than that cannot come back
      for (const [key, time] of seen) if (time < start - this.spec.pollIntervalMs) seen.delete(key)
      for (const e of fresh) {
        if (signal.aborted) return
        yield toLogEntry(e)
      }
    }
  }

  async close(): Promise<void> {
    // fetch keeps no connection of ours open; nothing to release
  }
}

import { setMaxListeners } from 'node:events'
import {
  type AtmosConfig,
  exitCodeOf,
  type ProviderEvent,
  ProviderManager,
  type ResolvedSource,
} from '@atmos-logs/core'
import type {
  FollowHandle,
  FollowQuery,
  FollowSink,
  StreamChoice,
  TuiBackend,
  TuiSource,
} from '@atmos-logs/tui'
import { credentialsFor } from '../credentials.js'
import { pluginLoggers } from '../plugin-logger.js'
import { mergedRead } from '../read/merged-read.js'
import type { ReadRequest } from '../read/request.js'
import { GROUPED_KIND, groupRequests } from '../read/request-groups.js'
import { readRange } from '../read/time-range.js'
import type { RunnerHost } from '../runner-host.js'
import { checkSourceSpecs, requireKinds, whereOf } from '../selection.js'
import { BACKFILL_LINES } from './flag.js'
import { entryRenderer, sourceKey } from './renderer.js'
import { narrowTo, streamChoices } from './streams.js'

export interface InteractiveContext {
  config: AtmosConfig
  /** Every source of the selection, in list mode (all of a component's sources). */
  sources: ResolvedSource[]
  host: RunnerHost
  color: boolean
  /** --utc / --local; else each read's first source's setting. */
  utc?: boolean
}

/**
 * The interactive view's backend: the same resolution, credentials, provider manager, tagging and
 * merge as `tail --follow` (mergedRead), delivering batches to the view instead of stdout.
 */
export class CliTuiBackend implements TuiBackend {
  private readonly byKey = new Map<string, ResolvedSource>()
  private readonly credentialsOf: ReturnType<typeof credentialsFor>

  constructor(private readonly ctx: InteractiveContext) {
    for (const s of ctx.sources) this.byKey.set(sourceKey(s), s)
    this.credentialsOf = credentialsFor(ctx.config, ctx.host)
  }

  async sources(): Promise<TuiSource[]> {
    return this.ctx.sources.map((s) => this.toTui(s))
  }

  toTui(s: ResolvedSource): TuiSource {
    const registration = this.ctx.host.registry.get(s.kind)?.registration
    return {
      key: sourceKey(s),
      stack: s.stack,
      component: s.component,
      name: s.name,
      kind: s.kind,
      identity: s.identity,
      isDefault: s.default,
      installed: registration !== undefined,
      canList: registration?.capabilities.includes('list') ?? false,
      readsOnly: registration !== undefined && readsOnly(registration.capabilities),
      groupsRequests: s.kind === GROUPED_KIND,
    }
  }

  private resolved(sources: readonly TuiSource[]): ResolvedSource[] {
    return sources.map((t) => {
      const s = this.byKey.get(t.key)
      if (!s) throw new Error(`unknown source ${t.key}`)
      return s
    })
  }

  renderer(sources: readonly TuiSource[]) {
    const resolved = this.resolved(sources)
    const settings = resolved[0]?.settings
    return entryRenderer(resolved, {
      color: this.ctx.color,
      utc: this.ctx.utc ?? settings?.utc ?? false,
      timestampFormat: settings?.timestamp_format,
      scrub: this.ctx.host.scrub,
    })
  }

  follow(query: FollowQuery, sink: FollowSink): FollowHandle {
    const controller = new AbortController()
    const signal = AbortSignal.any([controller.signal, this.ctx.host.signal])
    setMaxListeners(0, signal)
    void this.read(query, sink, signal)
    return { stop: () => controller.abort() }
  }

  private async read(query: FollowQuery, sink: FollowSink, signal: AbortSignal): Promise<void> {
    const host = this.ctx.host
    const sources = this.resolved(query.sources).map((s) =>
      query.narrow && sourceKey(s) === query.narrow.sourceKey ? narrowTo(s, query.narrow) : s,
    )
    const req: ReadRequest = {
      operation: 'tail',
      follow: true,
      selection: {},
      since: query.sinceMs !== undefined ? new Date(Date.now() - query.sinceMs).toISOString() : undefined,
      filter: query.filter,
      lines: BACKFILL_LINES,
      extra: query.narrow ? narrowExtra(query.narrow) : {},
    }
    // A kind that cannot tail is read with get over the view's range (a preset, else its
    // default_since, as `logs view` reads it), beside the sources that follow; Ctrl-R reads it again.
    const getOnly = new Set(query.sources.filter((s) => s.readsOnly).map((s) => s.key))
    const problem = (source: ResolvedSource | undefined, err: unknown) => {
      const e = err as Error & { hint?: string }
      sink.failed({
        sourceKey: source ? sourceKey(source) : (query.sources[0]?.key ?? ''),
        message: host.scrub(e?.message ?? String(err)),
        hint: e?.hint ? host.scrub(e.hint) : undefined,
        exitCode: exitCodeOf(err),
      })
    }
    try {
      // Each source checked on its own: one refused kind or spec badges that source, and the
      // others are read all the same, as when a source fails mid-read.
      const readable: ResolvedSource[] = []
      for (const source of sources) {
        try {
          requireKinds([source], host.registry, host.addSecret)
          await checkSourceSpecs([source], host.registry)
          readable.push(source)
        } catch (err) {
          problem(source, err)
        }
      }
      if (readable.length === 0) {
        sink.ended()
        return
      }
      const events = (source: ResolvedSource) => (event: ProviderEvent) => {
        if (event.type === 'notice') sink.notice(host.scrub(`${source.name}: ${event.message}`))
        else sink.status(sourceKey(source), host.scrub(event.message), false)
      }
      const batches = mergedRead({
        req,
        config: this.ctx.config,
        sources: readable,
        range: readRange(req),
        operationOf: (s) => (getOnly.has(sourceKey(s)) ? 'get' : 'tail'),
        host: { ...host, signal },
        hooks: {
          progressOf: (source) => ({
            page: () => sink.healthy(sourceKey(source)),
            throttled: (api) => sink.status(sourceKey(source), `throttled on ${api}, retrying`, true),
            failed: (api, reason) =>
              sink.status(sourceKey(source), host.scrub(`${api}: ${reason}, retrying`), true),
          }),
          eventsOf: events,
          // One source failing leaves the others on screen: its badge says why.
          onSourceError: (source, error) => problem(source, error),
        },
      })
      for await (const batch of query.groupRequests ? groupRequests(batches, { follow: true }) : batches) {
        if (signal.aborted) return
        sink.entries(batch)
      }
      if (!signal.aborted) sink.ended()
    } catch (err) {
      if (signal.aborted) return
      problem(undefined, err)
      // Nothing of this read goes on: the screen must not wait for entries from it.
      sink.ended()
    }
  }

  async streams(source: TuiSource, signal: AbortSignal): Promise<StreamChoice[]> {
    const [resolved] = this.resolved([source])
    const s = resolved!
    requireKinds([s], this.ctx.host.registry, this.ctx.host.addSecret)
    await checkSourceSpecs([s], this.ctx.host.registry)
    const manager = new ProviderManager(this.ctx.host.registry, pluginLoggers(this.ctx.host.logger))
    const provider = await manager.open({ ...s, where: whereOf(s) }, await this.credentialsOf(s), 'get')
    try {
      return streamChoices(source.key, s.kind, await provider.listSources({ signal }))
    } finally {
      await provider.close().catch(() => {})
    }
  }
}

/** The kind reads (get) but cannot follow (no tail). */
function readsOnly(capabilities: readonly string[]): boolean {
  return capabilities.includes('get') && !capabilities.includes('tail')
}

function narrowExtra(choice: StreamChoice): Record<string, unknown> {
  return choice.extra ?? {}
}

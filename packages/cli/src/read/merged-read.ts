import { setMaxListeners } from 'node:events'
import {
  type AtmosConfig,
  atOrAbove,
  LEVELS_ASCENDING,
  type LogLevel,
  mergeBatchesByTime,
  type ProviderEvent,
  ProviderManager,
  type ReadProgress,
  type ResolvedSource,
  type TailOptions,
} from '@atmos-logs/core'
import { credentialsFor } from '../credentials.js'
import type { TaggedEntry } from '../output/index.js'
import { pluginLoggers } from '../plugin-logger.js'
import type { RunnerHost } from '../runner-host.js'
import { whereOf } from '../selection.js'
import type { SourceFilter } from './filters.js'
import { markLate } from './late.js'
import type { ReadRequest } from './request.js'
import { tagged } from './tag.js'
import type { ReadRange } from './time-range.js'

/**
 * How long follow mode holds an entry so that a slower source's earlier entries still land first.
 * A single source needs no hold: providers follow in time order themselves (the contract's
 * ascending order), so its entries are printed as they arrive.
 */
const FOLLOW_REORDER_WINDOW_MS = 500

/** What whoever consumes a read hears beside the entries. */
export interface ReadHooks {
  /** The progress sink of one source's read (pages, throttling, retried failures). */
  progressOf?(source: ResolvedSource): ReadProgress
  /** What a provider reports beside its entries (status, notices, steps). */
  eventsOf(source: ResolvedSource): (event: ProviderEvent) => void
  /** The filter a source reads with (read/filters.ts); without it, every source gets req.filter. */
  filterOf?(source: ResolvedSource): SourceFilter | undefined
  /** A source's stream failed; the others go on. Without it, the first failure ends the read. */
  onSourceError?(source: ResolvedSource, error: unknown): void
}

/** One read: what was asked, over which sources and range, for which host, heard by which hooks. */
export interface MergedReadInput {
  req: ReadRequest
  config: AtmosConfig
  sources: ResolvedSource[]
  range: ReadRange
  host: RunnerHost
  hooks: ReadHooks
  /**
   * How a source is read when not as req.operation: the interactive view reads a kind that cannot
   * tail with `get` over its range, beside the sources it follows.
   */
  operationOf?(source: ResolvedSource): 'get' | 'tail'
  /**
   * The lowest level the output shows (formatter's `level`: `--format log` leaves out entries below
   * `logs.level`; null: none). The others are dropped before the merge, so `--limit` counts what is
   * shown, and the providers are told, so their `limit` and newest `lines` count lines shown.
   */
  level?: LogLevel | null
}

/**
 * The entries of a read, from sign-in to one time-ordered stream: per source its credentials, its
 * provider (opened only when the merge pulls), its entries tagged with their origin, then the
 * merge over all sources and, when following, late entries marked. Whoever consumes the stream
 * decides where the entries go: runRead prints them, the interactive view shows them.
 */
export function mergedRead(read: MergedReadInput): AsyncIterable<TaggedEntry[]> {
  const { req, sources, host, hooks } = read
  const ending = exitStatusEnding(req, sources, host)
  const streams = openStreams({ ...read, host: { ...host, signal: ending.signal } }).map((stream, i) =>
    ending.watch(i, stream),
  )
  const onSourceError = hooks.onSourceError
  const merged = mergeBatchesByTime(streams, (e) => e.timestamp.getTime(), {
    limit: req.limit,
    // A kind whose limit counts something else (github/actions: runs) bounds its own read.
    counted: (i) => countsEntries(sources[i]!, host),
    signal: host.signal,
    onError: onSourceError ? (index, error) => onSourceError(sources[index]!, error) : undefined,
    ...(req.follow ? { follow: { reorderWindowMs: sources.length > 1 ? FOLLOW_REORDER_WINDOW_MS : 0 } } : {}),
  })
  return req.follow ? markLate(merged) : merged
}

/** Whether --limit counts this source's entries (github/actions: runs, which it bounds itself). */
function countsEntries(source: ResolvedSource, host: RunnerHost): boolean {
  return (host.registry.get(source.kind)?.registration.limitCounts ?? 'entries') === 'entries'
}

/** A source's batches without the entries the output would not show. */
async function* shownOnly(
  batches: AsyncIterable<TaggedEntry[]>,
  shown: (entry: TaggedEntry) => boolean,
): AsyncGenerator<TaggedEntry[]> {
  for await (const batch of batches) {
    const kept = batch.filter(shown)
    if (kept.length > 0) yield kept
  }
}

/**
 * tail --follow --exit-status: a source whose kind declares `exitStatus` ends its follow by itself
 * (its run completed, or failed and threw). Once every such source has ended, the other sources'
 * signal aborts so their follows end quietly; the merge itself keeps the caller's signal, so what
 * it already holds is still printed, and a failure still reaches the caller's error handling.
 */
function exitStatusEnding(
  req: ReadRequest,
  sources: ResolvedSource[],
  host: RunnerHost,
): { signal: AbortSignal; watch<E>(i: number, stream: AsyncIterable<E>): AsyncIterable<E> } {
  const finishing = new Set(
    req.follow && req.extra.exitStatus === true
      ? sources.flatMap((s, i) => (host.registry.get(s.kind)?.registration.exitStatus === true ? [i] : []))
      : [],
  )
  if (finishing.size === 0 || finishing.size === sources.length)
    return { signal: host.signal, watch: (_, stream) => stream }
  const ended = new AbortController()
  const signal = AbortSignal.any([host.signal, ended.signal])
  // Like the caller's signal, every pending read of every source listens to it.
  setMaxListeners(0, signal)
  return {
    signal,
    watch: (i, stream) =>
      finishing.has(i)
        ? (async function* () {
            try {
              yield* stream
            } finally {
              finishing.delete(i)
              if (finishing.size === 0) ended.abort()
            }
          })()
        : stream,
  }
}

/** One tagged stream per source: credentials, then its provider, opened only when the merge pulls. */
function openStreams({
  req,
  config,
  sources,
  range,
  host,
  hooks,
  operationOf,
  level: lowest,
}: MergedReadInput): AsyncIterable<TaggedEntry[]>[] {
  // At the lowest level every entry is shown (one without a level counts as INFO): nothing to leave
  // out, so the providers are read as without one, each with its own limit.
  const level = lowest === LEVELS_ASCENDING[0] ? undefined : lowest
  const shown =
    level === undefined ? undefined : (e: TaggedEntry) => level !== null && atOrAbove(e.level, level)
  const manager = new ProviderManager(host.registry, pluginLoggers(host.logger))
  const credentialsOf = credentialsFor(config, host)
  return sources.map((source) => {
    const origin = host.registry.get(source.kind)?.origin
    const operation = operationOf?.(source) ?? req.operation
    // A source read with get in a follow ends when its range is read, like any get.
    const follow = req.follow && operation === 'tail'
    // Third-party reads that are not a follow must come in time order; a follow may yield late events.
    const ordered = !follow && origin !== undefined && origin.type !== 'core'
    // With entries left out after the provider's read, --limit counts the shown ones: the merge
    // stops pulling once it has enough. A first-party provider is told the level with the limit and
    // counts the same way, reading no more than that; a plugin's may ignore the level and stop short
    // at `limit` entries, so it gets none and the merge alone ends its read.
    // Under logs.level Off nothing is shown: the providers' own limit still ends the read.
    const limit =
      shown && level !== null && countsEntries(source, host) && origin?.type !== 'core'
        ? undefined
        : req.limit
    const filter = hooks.filterOf
      ? hooks.filterOf(source)
      : req.filter
        ? { expression: req.filter, flag: req.filterFlag }
        : undefined
    const stream = tagged(
      source,
      async function* () {
        const credentials = await credentialsOf(source)
        yield* manager.streamBatches({ ...source, where: whereOf(source) }, credentials, operation, {
          ...readOptions({ ...req, operation, follow, limit }, source, range, host.signal),
          filter: filter?.expression,
          // the flag the filter came from, so a provider refusing it can name it
          filterFlag: filter?.flag,
          ...(level ? { level } : {}),
          progress: hooks.progressOf?.(source),
          // what a provider reports beside its entries: status (when it polls next), notices, steps
          onEvent: hooks.eventsOf(source),
        })
      },
      { plugin: origin?.plugin, ordered, follow },
    )
    return shown ? shownOnly(stream, shown) : stream
  })
}

/** The provider options for one source: the shared flags, its own defaults, and provider-specific extras. */
function readOptions(
  req: ReadRequest,
  source: ResolvedSource,
  range: ReadRange,
  signal: AbortSignal,
): TailOptions {
  return {
    since: range.sinceOf(source, req.operation),
    until: range.until,
    limit: req.limit,
    lines: req.lines ?? source.settings.lines,
    follow: req.follow,
    signal,
    // logs.settings.rate_limit: requests per second to the provider's read API.
    rateLimit: source.settings.rate_limit?.requests_per_second,
    // A range the user asked for, not a default: github/actions then reads every run in it.
    sinceFromFlag: req.since !== undefined,
    ...req.extra,
  }
}

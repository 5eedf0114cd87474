import path from 'node:path'
import {
  type AtmosConfig,
  AtmosLogsError,
  type Credentials,
  createCredentialResolver,
  describeTimeRange,
  ExitCode,
  exitCodeOf,
  type LogEntry,
  type Logger,
  listSources,
  loadAtmosConfig,
  mergeByTime,
  ProviderError,
  ProviderManager,
  type ProviderRegistry,
  parseTimeSpec,
  type ResolvedSource,
  resolveSources,
  secretValues,
  UsageError,
} from '@atmos-logs/core'
import {
  createFormatter,
  createLogFormatLogger,
  createStatusLine,
  decideColor,
  type OutputFormat,
  type PrefixMode,
  prefixLabel,
  type TaggedEntry,
} from './output/index.js'
import { StdoutWriter } from './stdout-writer.js'

export interface Selection {
  stack?: string
  component?: string
  allComponents?: boolean
  source?: string
}

export interface ReadRequest {
  operation: 'get' | 'tail'
  follow: boolean
  selection: Selection
  since?: string
  until?: string
  limit?: number
  filter?: string
  lines?: number
  format?: string
  utc?: boolean
  color?: boolean
  expand?: boolean
  /** Provider-specific flags (runId, job, step), passed through as extra option keys. */
  extra: Record<string, unknown>
}

export interface RunnerHost {
  registry: ProviderRegistry
  signal: AbortSignal
  notice(message: string): void
  /** Every secret the run learns goes here, so that nothing printed can carry it. */
  addSecret(value: string): void
  /** Removes every secret learned so far from a text about to be written. */
  scrub(text: string): string
  logger: Logger
  /** The reader of stdout went away (`| head`) somewhere the command cannot see: stop quietly. */
  outputClosed?(): void
}

/**
 * How long follow mode holds an entry so that a slower source's earlier entries still land first.
 * A single source needs no hold: providers follow in time order themselves (the contract's
 * ascending order), so its entries are printed as they arrive.
 */
const FOLLOW_REORDER_WINDOW_MS = 500

/** Reads the atmos configuration once and resolves the sources a selection names. */
export async function resolveSelection(
  selection: Selection,
  host: Pick<RunnerHost, 'notice'>,
  mode: 'read' | 'list' = 'read',
): Promise<{ config: AtmosConfig; sources: ResolvedSource[] }> {
  const config = await loadAtmosConfig()
  for (const w of config.warnings) host.notice(`Warning: ${w}`)
  const resolve = mode === 'list' ? listSources : resolveSources
  const sources = await resolve(config, selection, { notice: (m) => host.notice(m) })
  return { config, sources }
}

/**
 * An unknown kind is a configuration error (exit 2): report it before any credentials are asked
 * for, so that a missing plugin never shows up as a sign-in problem or as one failed source of many.
 */
export function requireKinds(sources: ResolvedSource[], registry: ProviderRegistry): void {
  for (const source of sources) registry.require(source.kind, `source '${source.name}' of ${whereOf(source)}`)
}

/** Credentials per source: one resolution per identity for the whole run. */
export function credentialsFor(config: AtmosConfig, host: RunnerHost) {
  const resolver = createCredentialResolver({
    auth: { ...config.auth, file: config.file },
    env: process.env,
    logger: host.logger,
    cwd: config.file ? path.dirname(config.file) : config.cwd,
    selfPath: process.argv[1],
  })
  return async (source: ResolvedSource): Promise<Credentials | undefined> => {
    // The resolver applies the default identity itself, and only to kinds that sign in with it: a
    // local/file source must not need an AWS sign-in because some identity is the default.
    const creds = await resolver.resolveFor(
      source.identityFromDefault ? { ...source, identity: null } : source,
    )
    if (creds) for (const s of secretValues(creds)) host.addSecret(s)
    return creds
  }
}

/**
 * view and tail: every source streams through its provider, the streams merge into one
 * time-ordered stream, and each entry is printed as it arrives.
 */
export async function runRead(req: ReadRequest, host: RunnerHost): Promise<void> {
  const { config, sources } = await resolveSelection(req.selection, host)
  requireKinds(sources, host.registry)
  warnUnusedProviderFlags(req.extra, sources, host)
  const now = new Date()
  const until = req.until ? parseTimeSpec(req.until, { now, flag: '--until' }) : undefined
  const flagSince = req.since ? parseTimeSpec(req.since, { now, flag: '--since' }) : undefined
  if (flagSince && until && flagSince > until) {
    throw new UsageError(`--since (${req.since}) is after --until (${req.until}).`, {
      hint: 'Give a start before the end.',
    })
  }
  // Plain tail without --since reads "the newest N", not a window; otherwise each source's own default_since.
  const sinceOf = (s: ResolvedSource): Date | undefined =>
    flagSince ??
    (req.operation === 'tail'
      ? undefined
      : parseTimeSpec(s.settings.default_since, { now, flag: 'default_since' }))

  const settings = sources[0]!.settings
  const format = (req.format ?? settings.format) as OutputFormat
  const prefixes = prefixModeFor(sources)
  const formatter = createFormatter({
    format,
    color: decideColor({
      flag: req.color,
      setting: settings.colorize,
      env: process.env,
      isTTY: process.stdout.isTTY === true,
    }),
    utc: req.utc ?? settings.utc,
    timestampFormat: settings.timestamp_format,
    expandJson: req.expand,
    prefixes,
    knownLabels: sources.flatMap((s) => prefixLabel(asTagged(s), prefixes) ?? []),
    logger:
      format === 'log'
        ? createLogFormatLogger({
            level: config.logs.level,
            file: config.logs.file,
            env: process.env,
            scrub: host.scrub,
            // pino writes to fd 1 itself, so process.stdout never sees the EPIPE of `| head`.
            onBrokenPipe: () => host.outputClosed?.(),
          })
        : undefined,
  })

  const manager = new ProviderManager(host.registry, host.logger)
  const credentialsOf = credentialsFor(config, host)
  const streams = sources.map((source) =>
    tagged(source, async function* () {
      const credentials = await credentialsOf(source)
      yield* manager.stream({ ...source, where: whereOf(source) }, credentials, req.operation, {
        since: sinceOf(source),
        until,
        filter: req.filter,
        limit: req.limit,
        lines: req.lines ?? settings.lines,
        follow: req.follow,
        signal: host.signal,
        // logs.settings.rate_limit: requests per second to the provider's read API.
        rateLimit: source.settings.rate_limit?.requests_per_second,
        ...req.extra,
      })
    }),
  )

  // Only when the output is on the terminal too: behind `| less` the status would corrupt the pager's screen.
  const status =
    format === 'pretty'
      ? createStatusLine(process.stderr, { enabled: process.stdout.isTTY === true })
      : undefined
  status?.update(`Reading ${describeSources(sources)}…`)
  const writer = new StdoutWriter(process.stdout, undefined, host.scrub)
  const failures: Array<{ source: ResolvedSource; error: unknown }> = []
  let printed = 0
  try {
    const merged = mergeByTime(streams, (e) => e.timestamp.getTime(), {
      limit: req.limit,
      signal: host.signal,
      // With several sources, one failing must not hide the others' entries: report it at the end.
      onError:
        sources.length > 1
          ? (index, error) => void failures.push({ source: sources[index]!, error })
          : undefined,
      ...(req.follow
        ? { follow: { reorderWindowMs: sources.length > 1 ? FOLLOW_REORDER_WINDOW_MS : 0 } }
        : {}),
    })
    for await (const entry of merged) {
      if (printed === 0) status?.clear()
      printed++
      const text = formatter.format(entry)
      if (text !== undefined) await writer.write(text)
    }
  } finally {
    status?.done()
    await writer.flush()
    formatter.flush?.()
  }
  if (host.signal.aborted) return
  if (failures.length > 0) {
    const first = failures[0]!.error
    const summary =
      failures.length === sources.length
        ? `All ${sources.length} sources failed`
        : `${failures.length} of ${sources.length} sources failed (the others were printed)`
    const message = `${summary}: ${failures
      .map((f) => `${f.source.name}: ${f.error instanceof Error ? f.error.message : String(f.error)}`)
      .join('; ')}`
    const options = {
      hint: (first as { hint?: string }).hint ?? 'Run again with --debug for details.',
      cause: first,
    }
    // Sources that all failed the same way keep that exit code (3: sign in again), so a script can
    // tell an expired identity from a failing API; a mix of failures is a provider failure.
    const codes = new Set(failures.map((f) => exitCodeOf(f.error)))
    const [only = ExitCode.PROVIDER] = codes
    throw codes.size === 1 && only !== ExitCode.PROVIDER
      ? new AtmosLogsError(message, only, options)
      : new ProviderError(message, options)
  }
  // `tail --lines 0` asked for nothing and got it: no "nothing found" notice.
  const askedForNothing = req.operation === 'tail' && !req.follow && (req.lines ?? settings.lines) === 0
  if (printed === 0 && !askedForNothing) {
    const range =
      req.operation === 'tail' && !flagSince
        ? ''
        : ` ${describeTimeRange({ since: sinceOf(sources[0]!), until }, { now, utc: req.utc ?? settings.utc })}`
    host.notice(`No log entries found in ${describeSources(sources)}${range}.`)
  }
}

const GITHUB_FLAGS: Record<string, string> = { runId: '--run-id', job: '--job', step: '--step' }

/** --run-id/--job/--step mean something to github/actions sources only; say so rather than ignore them silently. */
function warnUnusedProviderFlags(
  extra: Record<string, unknown>,
  sources: ResolvedSource[],
  host: Pick<RunnerHost, 'notice'>,
) {
  const flags = Object.keys(extra)
    .map((k) => GITHUB_FLAGS[k])
    .filter(Boolean)
  if (flags.length > 0 && !sources.some((s) => s.kind === 'github/actions')) {
    host.notice(
      `Note: ${flags.join(', ')} only apply to github/actions sources; none is selected, so they are ignored.`,
    )
  }
}

/** `[component]` when each component has one source, `[component/source]` when one has several, `[source]` in direct mode. */
function prefixModeFor(sources: ResolvedSource[]): PrefixMode {
  if (sources.length < 2) return 'none'
  if (sources.every((s) => s.component === null)) return 'source'
  const components = new Set(sources.map((s) => `${s.stack}/${s.component}`))
  return components.size < sources.length ? 'component/source' : 'component'
}

/** The fields of a printed entry that name where it came from. */
function asTagged(source: ResolvedSource): TaggedEntry {
  return {
    timestamp: new Date(0),
    message: '',
    source: source.name,
    kind: source.kind,
    component: source.component,
    stack: source.stack,
  }
}

function tagged(source: ResolvedSource, open: () => AsyncGenerator<LogEntry>): AsyncIterable<TaggedEntry> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const e of open()) {
        yield {
          ...e,
          source: source.name,
          kind: source.kind,
          component: source.component,
          stack: source.stack,
        }
      }
    },
  }
}

export function whereOf(s: ResolvedSource): string {
  return s.component ? `component ${s.component} in stack ${s.stack}` : 'atmos.yaml logs.sources'
}

export function describeSources(sources: ResolvedSource[]): string {
  const names = sources.map((s) => (s.component ? `${s.component}/${s.name}` : s.name))
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
}

import {
  type AtmosConfig,
  isQueryProvider,
  ProviderManager,
  type ResolvedSource,
  type SourceSelector,
  UsageError,
} from '@atmos-logs/core'
import { credentialsFor } from './credentials.js'
import { createStatusLine } from './output/index.js'
import { pluginLoggers } from './plugin-logger.js'
import { boundsOf, timeoutFlag } from './read/bounds.js'
import { readRange } from './read/time-range.js'
import { ReadWatchdog } from './read/watchdog.js'
import type { RunnerHost } from './runner-host.js'
import { checkSourceSpecs, requireKinds, resolveSelection, whereOf } from './selection.js'
import { StdoutWriter } from './stdout-writer.js'
import { renderTable } from './table.js'

export interface QueryRequest {
  selection: SourceSelector
  query: string
  since?: string
  until?: string
  limit?: number
  timeout?: string
  format?: string
  extra: Record<string, unknown>
}

interface QueryProgress {
  status?: string
  recordsScanned?: number
  bytesScanned?: number
  recordsMatched?: number
}

/**
 * `logs search --insights`: runs the query on one source's QueryProvider and prints the rows,
 * as a table (pretty) or one JSON object per line (json). Progress goes to stderr on a terminal.
 */
export async function runQuery(req: QueryRequest, host: RunnerHost): Promise<void> {
  const timeout = timeoutFlag(req.timeout)
  const now = new Date()
  const flags = readRange({ operation: 'get', since: req.since, until: req.until }, now)
  const { config, sources } = await resolveSelection(req.selection, host)
  if (sources.length !== 1) {
    throw new UsageError(`--insights runs on one source, but the selection resolved ${sources.length}.`, {
      hint: 'Name one component and one source with --component and --source.',
    })
  }
  const source = sources[0]!
  requireKinds(sources, host.registry, host.addSecret, host.brokenPlugins)
  await checkSourceSpecs(sources, host.registry)
  const settings = source.settings
  const since = flags.sinceOf(source)!
  const until = flags.until ?? now
  const watchdog = new ReadWatchdog({
    command: host.command,
    follow: false,
    ...boundsOf(timeout, settings),
    startedAt: host.startedAt,
    notice: host.notice,
  })
  const signal = AbortSignal.any([host.signal, watchdog.signal])
  watchdog.start()
  try {
    await query(req, host, { config, source, since, until, signal, watchdog })
  } catch (err) {
    // Ended by the watchdog: its report is the error, not the abort the provider saw.
    throw watchdog.outcome?.error ?? err
  } finally {
    watchdog.stop()
  }
  if (!host.signal.aborted && watchdog.outcome?.error) throw watchdog.outcome.error
}

async function query(
  req: QueryRequest,
  host: RunnerHost,
  run: {
    config: AtmosConfig
    source: ResolvedSource
    since: Date
    until: Date
    signal: AbortSignal
    watchdog: ReadWatchdog
  },
): Promise<void> {
  const { config, source, since, until, signal, watchdog } = run
  const settings = source.settings
  const manager = new ProviderManager(host.registry, pluginLoggers(host.logger))
  const credentials = await credentialsFor(config, host)(source)
  const provider = await manager.open({ ...source, where: whereOf(source) }, credentials, 'query')
  if (!isQueryProvider(provider)) throw new UsageError(`Source ${source.name} cannot run queries.`)
  const format = req.format ?? settings.format
  // Progress only where a person watches pretty output: never into a pipe, never among json lines.
  const status = createStatusLine(process.stderr, {
    enabled: process.stdout.isTTY === true && format !== 'json' && format !== 'raw',
  })
  const rows: Record<string, unknown>[] = []
  const writer = new StdoutWriter(process.stdout, undefined, host.scrub)
  try {
    status.update(`Running ${provider.queryLanguage} query on ${source.name}…`)
    const results = provider.executeQuery(req.query, {
      since,
      until,
      limit: req.limit,
      signal,
      // so a provider refusing the query can name the flag
      queryFlag: '--insights',
      progress: watchdog.forSource(source.name),
      onProgress: (p: QueryProgress) =>
        status.update(
          `Query ${p.status ?? 'running'}: ${p.recordsScanned ?? 0} records, ${formatBytes(p.bytesScanned ?? 0)} scanned`,
        ),
      ...req.extra,
    })
    for await (const row of results) {
      if (format === 'json') {
        status.clear()
        await writer.write(`${JSON.stringify(row)}\n`)
      } else rows.push(row)
    }
  } finally {
    status.done()
    await provider.close().catch(() => {})
  }
  if (format !== 'json') {
    if (rows.length === 0) {
      host.notice(
        `The query returned no rows (${source.name}, since ${req.since ?? settings.default_since}).`,
      )
    } else {
      const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))]
      await writer.write(
        renderTable(
          headers,
          rows.map((r) => headers.map((h) => cell(r[h]))),
        ),
      )
    }
  }
  await writer.flush()
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return ''
  return (typeof v === 'string' ? v : JSON.stringify(v)).replace(/\n/g, ' ')
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

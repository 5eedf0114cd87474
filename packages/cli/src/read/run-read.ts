import { setMaxListeners } from 'node:events'
import { UsageError } from '@atmos-logs/core/errors'
import type { RunnerHost } from '../runner-host.js'
import { checkSourceSpecs, describeSources, requireKinds, resolveSelection } from '../selection.js'
import { StdoutWriter } from '../stdout-writer.js'
import { boundsOf, timeoutFlag } from './bounds.js'
import { providerEvents } from './events.js'
import { failuresError, type SourceFailure } from './failures.js'
import { filtersFor } from './filters.js'
import { colorOf, formatterFor } from './formatter.js'
import { mergedRead } from './merged-read.js'
import { warnUnusedProviderFlags } from './provider-flags.js'
import type { ReadRequest } from './request.js'
import { GROUPED_KIND, groupRequests } from './request-groups.js'
import { summaryFormat, writeSummary } from './summary-output.js'
import { describeRange, readRange } from './time-range.js'
import { ReadWatchdog } from './watchdog.js'
import { statusLineFor, writeEntries } from './write.js'

/**
 * view and tail: resolve the sources, sign in per source, open each source's provider, tag its
 * entries with their origin, merge the streams into one time-ordered stream, format and write
 * each entry as it arrives. Entries travel in arrays (a provider's page, a merged run), not one
 * async step each.
 */
export async function runRead(req: ReadRequest, host: RunnerHost): Promise<void> {
  // Flags are checked before the configuration is read, and everything before any request.
  const timeout = timeoutFlag(req.timeout)
  if (req.summary) summaryFormat(req.format)
  if (req.summary && req.groupRequests)
    throw new UsageError('--summary counts entries; --group-requests orders the entries it prints.', {
      hint: 'Use one of them.',
    })
  // A follow has no end to put a time on: it would show the newest entries up to --until and then
  // follow past it all the same.
  if (req.follow && req.until !== undefined)
    throw new UsageError('--until ends a read at a time; --follow keeps reading new entries with no end.', {
      hint: 'Leave out --follow to read up to --until, or bound the follow with --timeout (for example --timeout 10m).',
    })
  const range = readRange(req)
  const { config, sources } = await resolveSelection(req.selection, host)
  requireKinds(sources, host.registry, host.addSecret, host.brokenPlugins)
  await checkSourceSpecs(sources, host.registry)
  for (const source of sources) range.sinceOf(source)
  const filters = await filtersFor(req, sources, host.registry)
  warnUnusedProviderFlags(req.extra, sources, host)
  if (req.groupRequests && !sources.some((s) => s.kind === GROUPED_KIND))
    host.notice(`Note: --group-requests groups Lambda lines of ${GROUPED_KIND} sources; none is read here.`)
  const { format, formatter } = await formatterFor(
    req.summary ? { ...req, format: summaryFormat(req.format, sources[0]!.settings.format) } : req,
    config,
    sources,
    host,
  )
  if (req.logFile && format !== 'log')
    host.notice('Note: --log-file applies to --format log only; it is ignored.')
  const status = statusLineFor(format)
  const watchdog = new ReadWatchdog({
    command: host.command,
    follow: req.follow,
    ...boundsOf(timeout, sources[0]!.settings),
    startedAt: host.startedAt,
    status: status ? (text) => status.update(text) : undefined,
    notice: host.notice,
  })
  const signal = AbortSignal.any([host.signal, watchdog.signal])
  // Every source's pending reads listen to this one signal: a dozen listeners is normal, not a leak.
  setMaxListeners(0, signal)

  // Follow on a terminal: what each source says about its next poll, shown while waiting.
  const polls = req.follow && status ? new Map<string, string>() : undefined
  const pollStatus = () => (polls && polls.size > 0 ? [...polls.values()].join('; ') : undefined)
  const onStatus = polls
    ? (source: string) => (text: string) => {
        polls.set(source, text)
        status?.update(pollStatus() as string)
      }
    : undefined
  const writer = new StdoutWriter(process.stdout, undefined, host.scrub)
  const eventsOf = providerEvents({ format, writer, status }, host, { steps: req.steps === true, onStatus })

  const failures: SourceFailure[] = []
  const merged = mergedRead({
    req,
    config,
    sources,
    range,
    host: { ...host, signal },
    level: formatter.level,
    hooks: {
      progressOf: (source) => watchdog.forSource(source.name),
      filterOf: (source) => filters.get(source),
      eventsOf,
      // With several sources, one failing must not hide the others' entries: report it at the end.
      onSourceError:
        sources.length > 1 ? (source, error) => void failures.push({ source, error }) : undefined,
    },
  })
  watchdog.start()
  let printed: number
  try {
    printed = req.summary
      ? await writeSummary(merged, sources, {
          format,
          color: colorOf(req, sources),
          utc: req.utc ?? sources[0]!.settings.utc,
          timestampFormat: sources[0]!.settings.timestamp_format,
          within: describeRange(range, req, sources[0]!, req.utc ?? sources[0]!.settings.utc),
          range,
          status,
          onEntries: (n) => watchdog.entry(n),
          writer,
          signal,
        })
      : await writeEntries(
          req.groupRequests ? groupRequests(merged, { follow: req.follow }) : merged,
          {
            formatter,
            reading: describeSources(sources),
            status,
            onEntries: (n) => watchdog.entry(n),
            statusBetweenEntries: pollStatus,
            writer,
          },
          host,
        )
  } finally {
    watchdog.stop()
  }

  if (host.signal.aborted) return
  const ended = watchdog.outcome
  if (ended?.error) throw ended.error
  if (ended?.notice) {
    host.notice(ended.notice)
    return
  }
  if (failures.length > 0) throw failuresError(failures, sources.length)
  const settings = sources[0]!.settings
  // `tail --lines 0` asked for nothing and got it: no "nothing found" notice.
  const askedForNothing = req.operation === 'tail' && !req.follow && (req.lines ?? settings.lines) === 0
  // A summary says "0 entries" itself.
  if (printed === 0 && !askedForNothing && !req.summary) {
    const within = describeRange(range, req, sources[0]!, req.utc ?? settings.utc)
    // --format log under logs.level: the entries below it were read, just not shown.
    const level = formatter.level
    const shown =
      level === undefined ? '' : level === null ? ' to write (logs.level is Off)' : ` at or above ${level}`
    host.notice(`No log entries${shown} found in ${describeSources(sources)}${within}.`)
  }
}

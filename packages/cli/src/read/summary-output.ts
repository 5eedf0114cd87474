import { type ResolvedSource, UsageError } from '@atmos-logs/core'
import { Chalk, supportsColor } from 'chalk'
import type { OutputFormat, StatusLine, TaggedEntry } from '../output/index.js'
import { summaryJson, summaryText } from '../output/summary.js'
import { describeSources } from '../selection.js'
import type { StdoutWriter } from '../stdout-writer.js'
import { SummaryTally } from './summary.js'
import type { ReadRange } from './time-range.js'

/**
 * The format a summary prints in: pretty or json. --format raw or log is refused (exit 2); a
 * `format` setting of raw or log means pretty here, json stays json.
 */
export function summaryFormat(flag: string | undefined, setting?: string): 'pretty' | 'json' {
  if (flag !== undefined && flag !== 'pretty' && flag !== 'json') {
    throw new UsageError(`--summary prints pretty or json, not --format ${flag}.`, {
      hint: 'Drop --summary to print the entries themselves, or use --format json.',
    })
  }
  return (flag ?? setting) === 'json' ? 'json' : 'pretty'
}

/**
 * Counts every entry of the run (nothing else is printed while reading), then prints one summary;
 * returns how many entries were read.
 */
export async function writeSummary(
  batches: AsyncIterable<TaggedEntry[]>,
  sources: ResolvedSource[],
  out: {
    format: OutputFormat
    color: boolean
    utc: boolean
    timestampFormat?: string
    /** ` between ... and now`: the window in words, for the heading. */
    within: string
    range: ReadRange
    status?: StatusLine
    onEntries?: (count: number) => void
    writer: StdoutWriter
    /** Aborted (Ctrl-C, --timeout): the counts are partial, so nothing is printed. */
    signal: AbortSignal
  },
): Promise<number> {
  const reading = describeSources(sources)
  out.status?.update(`Reading ${reading} for a summary…`)
  const tally = new SummaryTally(sources)
  let read = 0
  try {
    for await (const batch of batches) {
      out.onEntries?.(batch.length)
      read += batch.length
      for (const entry of batch) tally.add(entry)
    }
  } finally {
    out.status?.done()
  }
  if (out.signal.aborted) return read
  const header = {
    reading,
    within: out.within,
    since: out.range.sinceOf(sources[0]!),
    until: out.range.until ?? out.range.now,
  }
  const level = out.color ? Math.max(1, supportsColor ? supportsColor.level : 1) : 0
  await out.writer.write(
    out.format === 'json'
      ? summaryJson(header, tally.result())
      : summaryText(header, tally.result(), {
          chalk: new Chalk({ level: level as 0 | 1 | 2 | 3 }),
          utc: out.utc,
          timestampFormat: out.timestampFormat,
        }),
  )
  await out.writer.flush()
  return read
}

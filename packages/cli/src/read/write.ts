import {
  createStatusLine,
  type Formatter,
  type OutputFormat,
  type StatusLine,
  type TaggedEntry,
} from '../output/index.js'
import type { RunnerHost } from '../runner-host.js'
import { StdoutWriter } from '../stdout-writer.js'

/**
 * The status line of a run: pretty output on a terminal only; behind `| less` a status would
 * corrupt the pager's screen, and in a pipe no one can erase it.
 */
export function statusLineFor(format: OutputFormat): StatusLine | undefined {
  if (format !== 'pretty') return undefined
  const status = createStatusLine(process.stderr, { enabled: process.stdout.isTTY === true })
  return status.enabled ? status : undefined
}

/**
 * Formats and writes each entry as it arrives; returns how many came. While nothing has come yet,
 * the status line (when there is one) says what is being read; it is erased before every entry.
 */
export async function writeEntries(
  entries: AsyncIterable<TaggedEntry>,
  output: { formatter: Formatter; reading: string; status?: StatusLine; onEntry?: () => void },
  host: Pick<RunnerHost, 'scrub'>,
): Promise<number> {
  const status = output.status
  status?.update(`Reading ${output.reading}…`)
  const writer = new StdoutWriter(process.stdout, undefined, host.scrub)
  let printed = 0
  try {
    for await (const entry of entries) {
      status?.clear()
      output.onEntry?.()
      printed++
      const text = output.formatter.format(entry)
      if (text !== undefined) await writer.write(text)
    }
  } finally {
    status?.done()
    await writer.flush()
    output.formatter.flush?.()
  }
  return printed
}

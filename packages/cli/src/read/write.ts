import {
  createStatusLine,
  type Formatter,
  type OutputFormat,
  type StatusLine,
  type TaggedEntry,
} from '../output/index.js'
import type { RunnerHost } from '../runner-host.js'
import { StdoutWriter } from '../stdout-writer.js'

const CHUNK_CHARS = 32 * 1024

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
 * Formats and writes each array of entries as it arrives, as one chunk; returns how many entries
 * came. While nothing has come yet, the status line (when there is one) says what is being read;
 * it is erased before every chunk.
 */
export async function writeEntries(
  batches: AsyncIterable<TaggedEntry[]>,
  output: {
    formatter: Formatter
    reading: string
    status?: StatusLine
    onEntries?: (count: number) => void
    /** Follow mode: what the status line shows again after each chunk (a provider's next poll). */
    statusBetweenEntries?: () => string | undefined
    /** Shared with whatever else writes to stdout during the read (provider events). */
    writer?: StdoutWriter
  },
  host: Pick<RunnerHost, 'scrub'>,
): Promise<number> {
  const status = output.status
  status?.update(`Reading ${output.reading}…`)
  const writer = output.writer ?? new StdoutWriter(process.stdout, undefined, host.scrub)
  const formatter = output.formatter
  let printed = 0
  try {
    for await (const batch of batches) {
      if (batch.length === 0) continue
      status?.clear()
      output.onEntries?.(batch.length)
      printed += batch.length
      let text = ''
      for (const entry of batch) {
        text += formatter.format(entry) ?? ''
        // Chunks stay young-generation sized: a page-sized string would live until a full GC.
        if (text.length >= CHUNK_CHARS) {
          await writer.write(text)
          text = ''
        }
      }
      if (text) await writer.write(text)
      const between = output.statusBetweenEntries?.()
      if (between) status?.update(between)
    }
  } finally {
    status?.done()
    await writer.flush()
    output.formatter.flush?.()
  }
  return printed
}

import { createStatusLine, type Formatter, type OutputFormat, type TaggedEntry } from '../output/index.js'
import type { RunnerHost } from '../runner-host.js'
import { StdoutWriter } from '../stdout-writer.js'

/**
 * Formats and writes each entry as it arrives; returns how many came. While nothing has come yet,
 * a pretty run on a terminal shows what it is reading on stderr.
 */
export async function writeEntries(
  entries: AsyncIterable<TaggedEntry>,
  output: { format: OutputFormat; formatter: Formatter; reading: string },
  host: Pick<RunnerHost, 'scrub'>,
): Promise<number> {
  // Only when the output is on the terminal too: behind `| less` the status would corrupt the pager's screen.
  const status =
    output.format === 'pretty'
      ? createStatusLine(process.stderr, { enabled: process.stdout.isTTY === true })
      : undefined
  status?.update(`Reading ${output.reading}…`)
  const writer = new StdoutWriter(process.stdout, undefined, host.scrub)
  let printed = 0
  try {
    for await (const entry of entries) {
      if (printed === 0) status?.clear()
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

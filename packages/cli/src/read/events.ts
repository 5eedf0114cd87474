import type { ProviderEvent, ResolvedSource } from '@atmos-logs/core'
import { formatJsonLine, type OutputFormat, type StatusLine } from '../output/index.js'
import type { RunnerHost } from '../runner-host.js'
import type { StdoutWriter } from '../stdout-writer.js'
import { originOf } from './tag.js'

/** Where a read prints: the output format, stdout's writer, and the status line when there is one. */
export interface ReadOutput {
  format: OutputFormat
  writer: StdoutWriter
  status?: StatusLine
}

/**
 * What providers report beside their entries (the `onEvent` option): waits and step progress on
 * the terminal's status line, lasting notices (a run's conclusion) on stderr, and step records in
 * `--format json` when `--steps` asks for them.
 */
export function providerEvents(
  output: ReadOutput,
  host: Pick<RunnerHost, 'notice' | 'logger'>,
  opts: {
    steps: boolean
    /** Follow on a terminal: the status line's per-source "what I wait for", shown between entries. */
    onStatus?: (source: string) => (text: string) => void
  },
): (source: ResolvedSource) => (event: ProviderEvent) => void {
  const { status, writer } = output
  const show = (text: string) => {
    if (!status?.enabled) return
    // Entries still buffered for stdout go first, so the status never lands in the middle of one.
    void writer.flush().then(() => status.update(text))
  }
  return (source) => (event) => {
    switch (event.type) {
      case 'status':
        if (opts.onStatus) opts.onStatus(source.name)(`${source.name}: ${event.message}`)
        else show(`${source.name}: ${event.message}`)
        return
      case 'notice':
        status?.clear()
        void writer.flush().then(() => host.notice(`${source.name}: ${event.message}`))
        return
      case 'step':
        show(`${source.name}: ${event.message}`)
        if (opts.steps && output.format === 'json') {
          const line = formatJsonLine({
            timestamp: event.timestamp,
            message: event.message,
            metadata: event.metadata,
            ...originOf(source),
          })
          void writer.write(`{"type":"step",${line.slice(1)}`)
        }
        return
    }
  }
}

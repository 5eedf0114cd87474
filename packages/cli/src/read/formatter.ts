import type { AtmosConfig, ResolvedSource } from '@atmos-logs/core'
import {
  createFormatter,
  decideColor,
  type Formatter,
  type OutputFormat,
  prefixLabel,
} from '../output/index.js'
import type { RunnerHost } from '../runner-host.js'
import type { ReadRequest } from './request.js'
import { originOf, prefixModeFor } from './tag.js'

/**
 * The formatter a run prints with: flags first, then the settings of the first source (settings
 * that shape the whole output cannot differ per source). pino is loaded for `--format log` only.
 */
export async function formatterFor(
  req: ReadRequest,
  config: AtmosConfig,
  sources: ResolvedSource[],
  host: Pick<RunnerHost, 'scrub' | 'outputClosed'>,
): Promise<{ format: OutputFormat; formatter: Formatter }> {
  const settings = sources[0]!.settings
  const format = (req.format ?? settings.format) as OutputFormat
  const prefixes = prefixModeFor(sources)
  const terminal = process.stdout.isTTY === true
  const formatter = createFormatter({
    format,
    terminal,
    color: colorOf(req, sources),
    utc: req.utc ?? settings.utc,
    timestampFormat: settings.timestamp_format,
    expandJson: req.expand,
    prefixes,
    knownLabels: sources.flatMap(
      (s) => prefixLabel({ timestamp: new Date(0), message: '', ...originOf(s) }, prefixes) ?? [],
    ),
    logger:
      format === 'log'
        ? (await import('../output/log-format.js')).createLogFormatLogger({
            level: config.logs.level,
            file: config.logs.file,
            flag: req.logFile,
            env: process.env,
            scrub: host.scrub,
            // pino writes to fd 1 itself, so process.stdout never sees the EPIPE of `| head`.
            onBrokenPipe: () => host.outputClosed?.(),
          })
        : undefined,
  })
  return { format, formatter }
}

/** Whether this run colours its output: --color/--no-color, NO_COLOR, FORCE_COLOR, colorize, a terminal. */
export function colorOf(req: Pick<ReadRequest, 'color'>, sources: ResolvedSource[]): boolean {
  const terminal = process.stdout.isTTY === true
  return decideColor({
    flag: req.color,
    setting: sources[0]!.settings.colorize,
    env: process.env,
    isTTY: terminal,
  })
}

import type { LogLevel } from '@atmos-logs/core'
import { Chalk, supportsColor } from 'chalk'
import type { Logger } from 'pino'
import { formatJsonLine, formatRawLine } from './json.js'
import { logEntry, lowestWritten } from './log-entry.js'
import { type PrefixMode, PrettyFormatter } from './pretty.js'
import type { TaggedEntry } from './tagged-entry.js'
import { forTerminal } from './terminal-text.js'

export type OutputFormat = 'pretty' | 'json' | 'raw' | 'log'

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['pretty', 'json', 'raw', 'log']

export interface FormatterOptions {
  format: OutputFormat
  /** From decideColor(); only pretty uses colour. */
  color: boolean
  /** Colour depth when colour is on: 1 = 16 colours, 2 = 256, 3 = truecolor. Default: what the terminal supports, at least 1. */
  colorLevel?: 1 | 2 | 3
  /** Pretty timestamps in UTC instead of local time (json is always UTC). */
  utc: boolean
  /** Go layout or Go layout name for pretty timestamps. */
  timestampFormat?: string
  /** Pretty-print JSON messages over several lines. */
  expandJson?: boolean
  prefixes: PrefixMode
  /** The prefix labels of the sources being read, so the first lines are padded like the rest. */
  knownLabels?: readonly string[]
  /** Required for `log`: from createLogFormatLogger(). */
  logger?: Logger
  /**
   * Output goes to a terminal: raw then neutralises escape sequences as pretty does (keeping colour
   * when `color`); into a pipe or a file raw stays byte-exact.
   */
  terminal?: boolean
}

export interface Formatter {
  /**
   * The text to write for one entry, ending in a newline, or undefined when the format wrote it
   * itself (log). Write each result whole: that is what keeps a JSON line from being cut in two.
   */
  format(entry: TaggedEntry): string | undefined
  /** Pushes out anything the format buffers; call before exit. */
  flush?(): void
  /**
   * Present when the format leaves out entries below a level (log: `logs.level`): the lowest level
   * it shows, null when it shows none (Off). A read drops the others before `--limit` and
   * `--lines` count, so they count lines shown.
   */
  level?: LogLevel | null
}

export function createFormatter(opts: FormatterOptions): Formatter {
  switch (opts.format) {
    case 'json':
      return { format: formatJsonLine }
    case 'raw': {
      if (!opts.terminal) return { format: formatRawLine }
      const keepColour = opts.color
      return {
        format: (entry) => formatRawLine({ ...entry, message: forTerminal(entry.message, { keepColour }) }),
      }
    }
    case 'log': {
      const logger = opts.logger
      if (!logger)
        throw new Error('createFormatter: the log format needs a logger from createLogFormatLogger()')
      return {
        format(entry) {
          logEntry(logger, entry)
          return undefined
        },
        flush() {
          logger.flush()
        },
        // DEBUG is the lowest level an entry has: a logger that writes it writes every entry.
        ...(logger.isLevelEnabled('debug') ? {} : { level: lowestWritten(logger) }),
      }
    }
    case 'pretty': {
      const level = opts.color ? (opts.colorLevel ?? Math.max(1, supportsColor ? supportsColor.level : 1)) : 0
      const pretty = new PrettyFormatter({
        chalk: new Chalk({ level: level as 0 | 1 | 2 | 3 }),
        utc: opts.utc,
        timestampFormat: opts.timestampFormat,
        expandJson: opts.expandJson,
        prefixes: opts.prefixes,
        knownLabels: opts.knownLabels,
      })
      return { format: (entry) => pretty.format(entry) }
    }
  }
}

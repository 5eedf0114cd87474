export { type ColorDecisionInput, decideColor } from './color.js'
export {
  createFormatter,
  type Formatter,
  type FormatterOptions,
  OUTPUT_FORMATS,
  type OutputFormat,
} from './formatter.js'
export { formatJsonLine, formatRawLine } from './json.js'
export { isJsonDocument, relayoutJson } from './json-text.js'
// log-format.js (createLogFormatLogger) is imported where `--format log` is chosen: it loads pino.
export { logEntry } from './log-entry.js'
export { PrefixColors } from './prefix-colors.js'
export { DEFAULT_PRETTY_LAYOUT, type PrefixMode, PrettyFormatter, prefixLabel } from './pretty.js'
export { createStatusLine, type StatusLine } from './status-line.js'
export type { Invocation, TaggedEntry } from './tagged-entry.js'
export { forTerminal } from './terminal-text.js'

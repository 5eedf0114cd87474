import { compileGoLayout, type LogLevel } from '@atmos-logs/core'
import type { ChalkInstance } from 'chalk'
import { ciLine } from './ci-lines.js'
import { isJsonDocument, relayoutJson } from './json-text.js'
import { PrefixColors } from './prefix-colors.js'
import { readableJson, withoutRepeatedHead } from './readable-message.js'
import type { Invocation, TaggedEntry } from './tagged-entry.js'
import { forTerminal } from './terminal-text.js'

export type PrefixMode =
  | 'none'
  | 'component'
  | 'component/source'
  | 'source'
  | 'stack/component'
  | 'stack/component/source'

/** Local time with its offset (`2026-11-27 12:00:01.234+01:00`); in UTC the offset prints as `Z`. */
export const DEFAULT_PRETTY_LAYOUT = '2006-01-02 15:04:05.000Z07:00'

export interface PrettyOptions {
  chalk: ChalkInstance
  utc: boolean
  /** A Go layout or a Go layout name; default DEFAULT_PRETTY_LAYOUT. */
  timestampFormat?: string
  /** Pretty-print JSON messages over several lines instead of one compact line. */
  expandJson?: boolean
  prefixes: PrefixMode
  /** Prefix labels known before the first entry (the sources being read): the column starts that wide. */
  knownLabels?: readonly string[]
}

const LEVEL_WIDTH = 5
const LATE = 'late'
const GROUP_MEMBER = '│'
const GROUP_LAST = '└'
const NO_LEVEL = ' '.repeat(LEVEL_WIDTH)
const JSON_INDENT = 2
const TRAILING_NEWLINES = /[\r\n]+$/

/**
 * The terminal format: `[prefix] timestamp LEVEL message`, continuation lines indented under the
 * message's first line. Prefixes are padded to the widest known label (or seen so far), so the
 * columns line up.
 */
export class PrettyFormatter {
  private readonly formatTime: (date: Date) => string
  private readonly prefixColors: PrefixColors
  private readonly levelPaint: Record<LogLevel, (text: string) => string>
  private prefixWidth = 0

  constructor(private readonly opts: PrettyOptions) {
    const layout = compileGoLayout(opts.timestampFormat ?? DEFAULT_PRETTY_LAYOUT)
    const timeOpts = { utc: opts.utc }
    this.formatTime = (date) => (Number.isNaN(date.getTime()) ? 'invalid time' : layout(date, timeOpts))
    this.prefixColors = new PrefixColors(opts.chalk)
    // Known labels take their colours in the sources' order, so a source keeps its colour from run
    // to run whichever of them logs first.
    for (const label of opts.knownLabels ?? []) {
      this.prefixWidth = Math.max(this.prefixWidth, label.length + 2)
      this.prefixColors.indexOf(label)
    }
    const c = opts.chalk
    this.levelPaint = {
      ERROR: (t) => c.red(t),
      WARN: (t) => c.yellow(t),
      INFO: (t) => c.green(t),
      DEBUG: (t) => c.gray(t),
    }
  }

  format(entry: TaggedEntry): string {
    const { chalk } = this.opts
    const ci = ciLine(entry)
    if (ci?.style === 'hidden') return ''
    let head = ''
    let headWidth = 0
    const label = prefixLabel(entry, this.opts.prefixes)
    if (label !== undefined) {
      const bracketed = `[${label}]`
      if (bracketed.length > this.prefixWidth) this.prefixWidth = bracketed.length
      const padding = ' '.repeat(this.prefixWidth - bracketed.length + 1)
      head += this.prefixColors.paint(label, bracketed) + padding
      headWidth += this.prefixWidth + 1
    }
    if (ci) {
      // After the component prefix: which job and step of the run the line comes from.
      const ciLabel = this.clean(ci.label)
      head += `${chalk.cyan(`[${ciLabel}]`)} `
      headWidth += ciLabel.length + 3
    }
    const time = this.formatTime(entry.timestamp)
    head += `${chalk.dim(time)} `
    headWidth += time.length + 1
    const message = ci ? { text: ci.message } : this.readable(entry)
    const level = entry.level ?? message.level
    head += `${level ? (this.levelPaint[level]?.(level.padEnd(LEVEL_WIDTH)) ?? level.padEnd(LEVEL_WIDTH)) : NO_LEVEL} `
    headWidth += Math.max(LEVEL_WIDTH, level?.length ?? 0) + 1
    // Arrived after newer entries were printed (follow mode): said before the message.
    if (entry.late) {
      head += `${chalk.yellow(LATE)} `
      headWidth += LATE.length + 1
    }
    // --group-requests: the later lines of an invocation hang under its first.
    if (entry.grouped) {
      head += `${chalk.dim(entry.grouped === 'last' ? GROUP_LAST : GROUP_MEMBER)} `
      headWidth += 2
    }

    const lines = this.messageLines(message.text)
    if (message.fields) lines[lines.length - 1] += message.fields
    if (entry.invocation) lines[0] += this.invocationText(entry.invocation)
    if (ci?.style === 'header') lines[0] = chalk.bold(`▸ ${lines[0]}`)
    if (ci?.style === 'command') for (let i = 0; i < lines.length; i++) lines[i] = chalk.dim(lines[i]!)
    if (lines.length === 1) return `${head}${lines[0]}\n`
    const indent = ' '.repeat(headWidth)
    let out = head + lines[0]
    for (let i = 1; i < lines.length; i++) out += lines[i] === '' ? '\n' : `\n${indent}${lines[i]}`
    return `${out}\n`
  }

  /** On an invocation's first line: the REPORT's numbers, or why they are missing. */
  private invocationText(invocation: Invocation): string {
    const c = this.opts.chalk
    const parts: string[] = []
    if (invocation.open) parts.push(c.yellow(OPEN_REASONS[invocation.open]))
    else {
      if (invocation.durationMs !== undefined) parts.push(`${invocation.durationMs} ms`)
      if (invocation.maxMemoryUsedMB !== undefined)
        parts.push(
          invocation.memorySizeMB === undefined
            ? `max memory ${invocation.maxMemoryUsedMB} MB`
            : `max memory ${invocation.maxMemoryUsedMB} of ${invocation.memorySizeMB} MB`,
        )
      if (invocation.initDurationMs !== undefined) parts.push(`init ${invocation.initDurationMs} ms`)
    }
    if (invocation.status !== undefined && invocation.status !== 'success')
      parts.push(c.red(this.clean(invocation.status)))
    if (!invocation.started) parts.push('began before the lines read')
    return parts.length === 0 ? '' : ` ${c.cyan('—')} ${parts.map((p) => c.cyan(p)).join(c.cyan(', '))}`
  }

  /** A label from a provider, with nothing in it that could drive the terminal. */
  private clean(text: string): string {
    return forTerminal(text, { keepColour: false }).replace(/\n/g, ' ')
  }

  /**
   * A structured (JSON object) message as its message then dim key=value fields, without what the
   * line's columns show; a plain one without a repeat of the line's timestamp and level. --expand
   * shows JSON indented instead.
   */
  private readable(entry: TaggedEntry): { text: string; level?: LogLevel; fields?: string } {
    const structured = this.opts.expandJson ? undefined : readableJson(entry.message)
    // In an invocation's group the request id is said once, by the group.
    const groupId =
      entry.grouped || entry.invocation ? (entry.invocation?.requestId ?? entry.requestId) : undefined
    if (!structured) {
      const plain = withoutRepeatedHead(entry.message, entry.timestamp, entry.level)
      if (plain.requestId === undefined || plain.requestId === groupId) return { text: plain.text }
      return {
        text: plain.text,
        fields: ` ${this.opts.chalk.dim(this.clean(`request_id=${plain.requestId}`))}`,
      }
    }
    const fields = structured.fields
      .filter(([, value]) => groupId === undefined || value !== groupId)
      .map(([key, value]) => ` ${this.opts.chalk.dim(this.clean(`${key}=${value}`))}`)
      .join('')
    return { text: structured.message, level: structured.level, fields }
  }

  private messageLines(message: string): string[] {
    let text = message.replace(TRAILING_NEWLINES, '')
    text = forTerminal(text, { keepColour: this.opts.chalk.level > 0 })
    if (isJsonDocument(text)) text = relayoutJson(text, this.opts.expandJson ? JSON_INDENT : 0)
    return text.split(/\r?\n/)
  }
}

const OPEN_REASONS: Record<NonNullable<Invocation['open']>, string> = {
  end: 'no REPORT before the read ended',
  held: 'still running (no REPORT yet); its later lines print as they come',
  crowded: 'no REPORT yet (too many invocations open); its later lines print as they come',
}

/** The text inside a line's `[...]` prefix, or undefined when prefixes are off. */
export function prefixLabel(entry: TaggedEntry, mode: PrefixMode): string | undefined {
  switch (mode) {
    case 'none':
      return undefined
    case 'source':
      return entry.source
    case 'component':
      return entry.component ?? entry.source
    case 'component/source':
      return entry.component === null ? entry.source : `${entry.component}/${entry.source}`
    case 'stack/component':
      return entry.component === null ? entry.source : `${entry.stack}/${entry.component}`
    case 'stack/component/source':
      return entry.component === null ? entry.source : `${entry.stack}/${entry.component}/${entry.source}`
  }
}

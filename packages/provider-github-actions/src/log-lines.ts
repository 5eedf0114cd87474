/**
 * GitHub job log text, line by line: a byte-order mark at the start, each line prefixed with a UTC
 * timestamp carrying 7 fractional digits (`2026-11-27T10:00:01.1234567Z `), runner markers such as
 * `##[group]`, `##[endgroup]`, `##[error]`, `##[warning]`, `##[debug]` and `##[command]` inside.
 */
import type { LogLevel } from '@atmos-logs/core/contract'

export interface LogLine {
  /** 1-based line number in the job log: with run, attempt and job, the line's stable id. */
  number: number
  /** Milliseconds since the epoch (the 100 ns digits below the millisecond are dropped). */
  time: number
  /** The line as GitHub stored it, minus the timestamp prefix. */
  text: string
  level: LogLevel
  /** The `##[group]` the line sits in (a group header names its own group). */
  group?: string
}

const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z ?/
const BOM = '\uFEFF'

export function levelOf(text: string): LogLevel {
  if (text.startsWith('##[error]')) return 'ERROR'
  if (text.startsWith('##[warning]')) return 'WARN'
  if (text.startsWith('##[debug]')) return 'DEBUG'
  return 'INFO'
}

/**
 * Splits log text into lines. `complete` false (a running job's partial log) keeps back a last
 * line without its newline: the next fetch will have it whole.
 */
export function parseLogText(body: string, complete: boolean): LogLine[] {
  return [...logLines(body, complete)]
}

/** parseLogText one line at a time: a long log is read without holding its lines. */
export function* logLines(body: string, complete: boolean): Generator<LogLine, void, undefined> {
  let text = body.startsWith(BOM) ? body.slice(1) : body
  if (!complete) {
    const end = text.lastIndexOf('\n')
    text = end < 0 ? '' : text.slice(0, end + 1)
  }
  let lastTime = 0
  let group: string | undefined
  // Consecutive lines mostly share their second: parse each second once.
  let second = ''
  let secondMs = Number.NaN
  let number = 0
  for (let at = 0; at < text.length; ) {
    const newline = text.indexOf('\n', at)
    const stop = newline < 0 ? text.length : newline
    const line = text.slice(at, stop > at && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop)
    at = stop + 1
    const m = STAMP.exec(line)
    let time = lastTime
    let rest = line
    if (m) {
      if (m[1] !== second) {
        second = m[1]!
        secondMs = Date.parse(`${second}Z`)
      }
      if (!Number.isNaN(secondMs)) {
        time = secondMs + Number((m[2] ?? '0').padEnd(3, '0').slice(0, 3))
        rest = line.slice(m[0].length)
      }
    }
    lastTime = time
    if (rest.startsWith('##[group]')) group = rest.slice('##[group]'.length)
    const entry: LogLine = { number: ++number, time, text: rest, level: levelOf(rest) }
    if (group !== undefined) entry.group = group
    yield entry
    if (rest.startsWith('##[endgroup]')) group = undefined
  }
}

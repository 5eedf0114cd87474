import { type LogLevel, logLevelOf } from '@atmos-logs/core'
import { relayoutJson, skipSpace } from './json-text.js'

/**
 * What pretty output shows of a structured log line (Lambda Powertools, pino, bunyan, zap, logrus,
 * Go slog, ECS): its message first, then the other fields as key=value. The fields the line's own
 * columns already show (timestamp, level, message) are dropped.
 */
export interface ReadableMessage {
  /** The level the object states, for a line whose provider found none. */
  level?: LogLevel
  message: string
  /** key and value text, in the order logged; values as logged (numbers not rounded). */
  fields: Array<[string, string]>
}

const MESSAGE_KEYS = ['message', 'msg']
const LEVEL_KEYS = ['level', 'log.level', 'severity', 'levelname', 'lvl', 'log_level', 'loglevel']
const TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', 'datetime']
const SHOWN = new Set([...MESSAGE_KEYS, ...LEVEL_KEYS, ...TIME_KEYS])

/** A JSON object message with a message field, made readable; undefined for anything else. */
export function readableJson(text: string): ReadableMessage | undefined {
  const members = topLevelMembers(text)
  if (!members) return undefined
  const byKey = new Map(members)
  const messageKey = MESSAGE_KEYS.find((k) => byKey.get(k)?.startsWith('"'))
  if (messageKey === undefined) return undefined
  let level: LogLevel | undefined
  for (const key of LEVEL_KEYS) {
    const raw = byKey.get(key)
    if (raw === undefined) continue
    level = logLevelOf(JSON.parse(raw))
    if (level) break
  }
  return {
    level,
    message: JSON.parse(byKey.get(messageKey)!) as string,
    fields: members.filter(([key]) => !SHOWN.has(key)).map(([key, raw]) => [key, valueText(raw)]),
  }
}

/** A value as key=value shows it: plain words bare, strings with spaces, quotes or `=` quoted, the rest compact JSON. */
function valueText(raw: string): string {
  if (!raw.startsWith('"')) return relayoutJson(raw, 0)
  const value = JSON.parse(raw) as string
  return value !== '' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)
}

/** The members of a JSON object as [key, raw value text], or undefined when the text is not one. */
function topLevelMembers(text: string): Array<[string, string]> | undefined {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{')) return undefined
  try {
    if (typeof JSON.parse(trimmed) !== 'object') return undefined
  } catch {
    return undefined
  }
  const out: Array<[string, string]> = []
  let i = skipSpace(trimmed, 1)
  while (trimmed[i] === '"') {
    const keyEnd = stringEnd(trimmed, i)
    const key = JSON.parse(trimmed.slice(i, keyEnd)) as string
    const valueStart = skipSpace(trimmed, skipSpace(trimmed, keyEnd) + 1) // past the colon
    const valueEnd = valueEndAt(trimmed, valueStart)
    out.push([key, trimmed.slice(valueStart, valueEnd).trim()])
    i = skipSpace(trimmed, valueEnd)
    if (trimmed[i] === ',') i = skipSpace(trimmed, i + 1)
  }
  return out
}

/** The index just past the string that starts at `start`. */
function stringEnd(text: string, start: number): number {
  let j = start + 1
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
  return j + 1
}

/** Where a value that starts at `start` ends: the `,` or `}` that closes it at depth 0. */
function valueEndAt(text: string, start: number): number {
  let depth = 0
  let j = start
  while (j < text.length) {
    const c = text[j]!
    if (c === '"') {
      j = stringEnd(text, j)
      continue
    }
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      if (depth === 0) return j
      depth--
    } else if (c === ',' && depth === 0) return j
    j++
  }
  return j
}

// `2026-12-02T04:41:58.007Z INFO ` or `[2026-12-02 04:41:58,007] [WARN]: ` at the start of a line.
const LEADING_TIME_AND_LEVEL =
  /^\[?(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?\]?[ \t]+\[?([A-Za-z]{3,11})\]?:?[ \t]+/
// The Lambda runtimes' own head: `2026-12-02T04:41:58.007Z<TAB><request id><TAB>INFO<TAB>`.
const LAMBDA_RUNTIME_HEAD =
  /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z\t([0-9a-fA-F-]{8,}|undefined)\t\[?([A-Za-z]{3,11})\]?\t/

export interface PlainMessage {
  text: string
  /** The request id a Lambda runtime head carried, kept when the head is dropped. */
  requestId?: string
}

/**
 * A plain-text message without the timestamp and level it starts with, when they are the ones the
 * line already shows (the same instant to the precision written, the same level); else unchanged.
 * A Lambda runtime head also names the request, which is handed back apart from the text.
 */
export function withoutRepeatedHead(
  message: string,
  timestamp: Date,
  level: LogLevel | undefined,
): PlainMessage {
  if (level === undefined) return { text: message }
  const lambda = LAMBDA_RUNTIME_HEAD.exec(message)
  if (lambda) {
    const [head, day, time, digits, requestId, stated] = lambda
    if (logLevelOf(stated) !== level || !sameInstant(timestamp, day!, time!, digits)) return { text: message }
    const text = message.slice(head.length)
    return requestId === 'undefined' ? { text } : { text, requestId }
  }
  const m = LEADING_TIME_AND_LEVEL.exec(message)
  if (!m || logLevelOf(m[5]) !== level || !sameInstant(timestamp, m[1]!, m[2]!, m[3], m[4])) {
    return { text: message }
  }
  return { text: message.slice(m[0].length) }
}

/** Whether a written day, time, fraction and zone name `timestamp`, to the precision written. */
function sameInstant(timestamp: Date, day: string, time: string, fraction = '', zoneText = 'Z'): boolean {
  const zone = zoneText.replace(/^([+-]\d\d)(\d\d)$/, '$1:$2')
  const stamp = Date.parse(
    `${day}T${time}${fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : ''}${zone}`,
  )
  if (Number.isNaN(stamp)) return false
  const unit = fraction.length >= 3 ? 1 : 10 ** (3 - fraction.length)
  const behind = timestamp.getTime() - stamp
  return behind >= 0 && behind < unit
}

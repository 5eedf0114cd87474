import type { LogLevel } from '@atmos-logs/core/contract'
import { logLevelOf } from '@atmos-logs/core/levels'

export interface Detected {
  level?: LogLevel
  requestId?: string
}

const levelOf = logLevelOf

const LAMBDA_LIFECYCLE = /^(START|END|REPORT) RequestId: ([0-9a-fA-F-]{8,})/
// `[ERROR] ...`, `ERROR: ...`, `WARN - ...`, `level=info ...` at the start of the message.
const LEADING_WORD = /^\s*\[?([A-Za-z]{3,11})\]?(?=[\s:\]-]|$)/
// Many loggers put their own timestamp first: `2026-01-01T00:00:00.000Z INFO ...`, `[2026-01-01 00:00:00,123] WARN`.
const LEADING_TIME = /^\s*\[?\d{4}-\d\d-\d\d[T ][\d:.,]+(?:Z|[+-]\d\d:?\d\d)?\]?\s+/
const LOGFMT_LEVEL = /(?:^|\s)(?:level|lvl|severity)=("?)([A-Za-z]+)\1(?=\s|$)/
const INLINE_REQUEST_ID = /\bRequestId: ([0-9a-fA-F-]{36})\b/

const JSON_LEVEL_KEYS = ['level', 'severity', 'levelname', 'log_level', 'loglevel', 'lvl']
const JSON_REQUEST_KEYS = [
  'requestId',
  'request_id',
  'RequestId',
  'requestID',
  'AWSRequestId',
  'aws_request_id',
  'function_request_id', // AWS Lambda Powertools
]

function fromJson(message: string): Detected | undefined {
  const trimmed = message.trimStart()
  if (!trimmed.startsWith('{')) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch {
    return undefined
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  const obj = parsed as Record<string, unknown>
  const detected: Detected = {}
  for (const key of JSON_LEVEL_KEYS) {
    const level = levelOf(obj[key])
    if (level) {
      detected.level = level
      break
    }
  }
  for (const key of JSON_REQUEST_KEYS) {
    const id = obj[key]
    if (typeof id === 'string' && id !== '') {
      detected.requestId = id
      break
    }
  }
  return detected
}

/** The level and request id a log line carries, judged from its text alone. */
export function detectLevelAndRequestId(message: string): Detected {
  const json = fromJson(message)
  if (json) return json

  const lifecycle = LAMBDA_LIFECYCLE.exec(message)
  if (lifecycle) return { level: 'INFO', requestId: lifecycle[2] }

  const tabs = lambdaTabs(message)
  if (tabs) return tabs

  const detected: Detected = {}
  const leading = LEADING_WORD.exec(message.replace(LEADING_TIME, ''))
  if (leading) detected.level = levelOf(leading[1])
  if (!detected.level) {
    const logfmt = LOGFMT_LEVEL.exec(message)
    if (logfmt) detected.level = levelOf(logfmt[2])
  }
  const inline = INLINE_REQUEST_ID.exec(message)
  if (inline) detected.requestId = inline[1]
  return detected
}

const TAB = 9
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9]

/**
 * Lambda's runtime format, `2024-01-01T00:00:00.000Z\t<request id>\tLEVEL\tmessage` (the level
 * may be in brackets, the id may be `undefined`), read by position: most lines of a Lambda
 * function's group are in it, and a regular expression's match is several objects per line.
 */
function lambdaTabs(m: string): Detected | undefined {
  // \d{4}-\d\d-\d\dT (past the end, charCodeAt is NaN and every test fails)
  if (m.charCodeAt(4) !== 0x2d || m.charCodeAt(7) !== 0x2d || m.charCodeAt(10) !== 0x54) return undefined
  for (const at of DATE_DIGITS) if (!isDigit(m.charCodeAt(at))) return undefined
  // [\d:.]+Z\t
  let i = 11
  while (i < m.length && (isDigit(m.charCodeAt(i)) || m.charCodeAt(i) === 0x3a || m.charCodeAt(i) === 0x2e))
    i++
  if (i === 11 || m.charCodeAt(i) !== 0x5a || m.charCodeAt(i + 1) !== TAB) return undefined
  // ([0-9a-fA-F-]{8,}|undefined)\t
  const idStart = i + 2
  let j = idStart
  while (j < m.length && isIdChar(m.charCodeAt(j))) j++
  let requestId: string | undefined
  if (j - idStart >= 8 && m.charCodeAt(j) === TAB) requestId = m.slice(idStart, j)
  else if (m.startsWith('undefined\t', idStart)) j = idStart + 9
  else return undefined
  // \[?([A-Za-z]+)\]?\t
  let k = j + 1
  if (m.charCodeAt(k) === 0x5b) k++
  const wordStart = k
  while (k < m.length && isLetter(m.charCodeAt(k))) k++
  if (k === wordStart) return undefined
  const wordEnd = k
  if (m.charCodeAt(k) === 0x5d) k++
  if (m.charCodeAt(k) !== TAB) return undefined
  return { level: upperCaseLevel(m, wordStart, wordEnd) ?? levelOf(m.slice(wordStart, wordEnd)), requestId }
}

/** The runtime's own words (`INFO`, `ERROR`, ...), compared in place: no word, no lower-case copy. */
function upperCaseLevel(m: string, start: number, end: number): LogLevel | undefined {
  for (const [word, level] of UPPER_CASE_WORDS)
    if (word.length === end - start && m.startsWith(word, start)) return level
  return undefined
}

// The words Lambda's runtimes write; what each means is core's to say (levelOf), not a second table here.
const UPPER_CASE_WORDS: [string, LogLevel][] = ['INFO', 'ERROR', 'WARN', 'DEBUG', 'TRACE', 'FATAL'].map(
  (word) => [word, levelOf(word)!],
)

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
}

function isIdChar(c: number): boolean {
  return isDigit(c) || c === 0x2d || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
}

import type { LogLevel } from '@atmos-logs/core/contract'
import { logLevelOf } from '@atmos-logs/core/levels'

export interface Detected {
  level?: LogLevel
  requestId?: string
}

const levelOf = logLevelOf

const LAMBDA_LIFECYCLE = /^(START|END|REPORT) RequestId: ([0-9a-fA-F-]{8,})/
// Lambda's runtime format: `2024-01-01T00:00:00.000Z\t<request id>\tLEVEL\tmessage`.
const LAMBDA_TABS = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t([0-9a-fA-F-]{8,}|undefined)\t\[?([A-Za-z]+)\]?\t/
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

  const tabs = LAMBDA_TABS.exec(message)
  if (tabs) {
    const requestId = tabs[1] === 'undefined' ? undefined : tabs[1]
    return { level: levelOf(tabs[2]), requestId }
  }

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

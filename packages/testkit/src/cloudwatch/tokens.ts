import { AwsServiceError } from '../aws-error.js'
import type { EventKey } from './store.js'

/**
 * Opaque pagination tokens. They carry a cursor, never an offset that shifts when events arrive,
 * and are rejected with InvalidParameterException when they do not decode.
 */
export function encodeToken(kind: string, payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ k: kind, ...payload })).toString('base64url')
}

export function decodeToken(kind: string, token: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (parsed && typeof parsed === 'object' && parsed.k === kind) return parsed
  } catch {
    // fall through
  }
  throw new AwsServiceError('InvalidParameterException', 'The specified nextToken is invalid.')
}

const KEY_DIGITS = { timestamp: 20, seq: 36 }

/** GetLogEvents tokens look like the service's: `f/<56 digits>/s` and `b/<56 digits>/s`. */
export function encodeStreamToken(direction: 'f' | 'b', key: EventKey): string {
  const ts = String(Math.max(0, key.timestamp)).padStart(KEY_DIGITS.timestamp, '0')
  return `${direction}/${ts}${String(key.seq).padStart(KEY_DIGITS.seq, '0')}/s`
}

export function decodeStreamToken(token: string): { direction: 'f' | 'b'; key: EventKey } {
  const m = /^([fb])\/(\d{20})(\d{36})\/s$/.exec(token)
  if (!m) throw new AwsServiceError('InvalidParameterException', 'The specified nextToken is invalid.')
  return { direction: m[1] as 'f' | 'b', key: { timestamp: Number(m[2]), seq: Number(m[3]) } }
}

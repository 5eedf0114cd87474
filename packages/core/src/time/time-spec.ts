import { UsageError } from '../errors.js'
import { tryParseDuration } from './duration.js'

export interface TimeSpecOptions {
  /** The reference for `now` and for durations. */
  now: Date
  /** Where the value came from, for the error message: `--since`, `logs.settings.default_since`. */
  flag: string
  /** Which way a bare duration points from now: `past` (default) is now minus it, `future` now plus it. */
  mode?: 'past' | 'future'
}

/** The accepted forms, for error hints and `--help`. */
export const TIME_SPEC_FORMS =
  'a duration back from now (90s, 15m, 1h30m, 1.5h, 500ms, 2d, 1w, 1d12h; a leading + or - picks the ' +
  'direction explicitly), an RFC 3339 or ISO 8601 time (2026-11-27T12:00:00Z, 2026-11-27T12:00:00+01:00, ' +
  '2026-11-27 12:00; without a zone it is local time), a date (2026-11-27, local midnight), `now`, or ' +
  'epoch seconds or milliseconds (1795780800, 1795780800000)'

// Date, optional time (T, t or space), optional fraction, optional zone (Z or ±hh[:mm] / ±hhmm).
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/

const EPOCH = /^(\d+)(?:\.(\d+))?$/

// Below this, a bare number is far more likely a duration missing its unit than a 1970s epoch.
const MIN_EPOCH_DIGITS = 9
// Epoch values from 1e11 up are milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
const EPOCH_MS_FROM = 1e11
// Past 1e14 it would be microseconds or nanoseconds, which we do not guess at.
const EPOCH_MAX = 1e14

/**
 * Reads a --since/--until value into a Date. Throws UsageError naming the flag and listing the
 * accepted forms when the value is none of them.
 */
export function parseTimeSpec(value: string, opts: TimeSpecOptions): Date {
  const text = value.trim()
  const reject = (why?: string): never => {
    throw new UsageError(`${opts.flag} "${value}" is not a time I can read${why ? `: ${why}` : ''}.`, {
      hint: `Use ${TIME_SPEC_FORMS}.`,
    })
  }
  if (text === '') reject('it is empty')
  if (text.toLowerCase() === 'now') return new Date(opts.now.getTime())

  const signed = /^([+-])(.*)$/.exec(text)
  const durationText = signed ? signed[2]! : text
  const duration = tryParseDuration(durationText)
  if (duration !== undefined) {
    const direction = signed ? (signed[1] === '-' ? -1 : 1) : opts.mode === 'future' ? 1 : -1
    return new Date(opts.now.getTime() + direction * duration)
  }
  if (signed) reject()

  const epoch = EPOCH.exec(text)
  if (epoch) {
    if (epoch[1]!.length < MIN_EPOCH_DIGITS) {
      reject(
        'a bare number is read as epoch seconds or milliseconds, and this one is too small to be either; ' +
          `for a duration add a unit, e.g. ${text}s or ${text}m`,
      )
    }
    const n = Number(text)
    if (n >= EPOCH_MAX) reject('it is too large for epoch seconds or milliseconds')
    if (n >= EPOCH_MS_FROM) {
      if (epoch[2] !== undefined) reject('epoch milliseconds take no fraction')
      return new Date(n)
    }
    return new Date(Math.round(n * 1000))
  }

  const iso = ISO.exec(text)
  if (iso) return isoToDate(iso, reject)
  return reject()
}

function isoToDate(m: RegExpExecArray, reject: (why?: string) => never): Date {
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4] ?? 0)
  const minute = Number(m[5] ?? 0)
  const second = Number(m[6] ?? 0)
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3))
  if (month < 1 || month > 12) reject(`month ${m[2]} does not exist`)
  if (day < 1 || day > daysInMonth(year, month)) reject(`day ${m[3]} does not exist in ${m[1]}-${m[2]}`)
  if (hour > 23) reject(`hour ${m[4]} is out of range (00-23)`)
  if (minute > 59) reject(`minute ${m[5]} is out of range (00-59)`)
  if (second > 59) reject(`second ${m[6]} is out of range (00-59)`)

  if (m[8] !== undefined || m[9] !== undefined) {
    let offsetMinutes = 0
    if (m[9] !== undefined) {
      const oh = Number(m[10])
      const om = Number(m[11] ?? 0)
      if (oh > 23 || om > 59) reject(`zone offset ${m[9]}${m[10]}${m[11] ? `:${m[11]}` : ''} is out of range`)
      offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om)
    }
    const utc = new Date(0)
    utc.setUTCFullYear(year, month - 1, day)
    utc.setUTCHours(hour, minute, second, millis)
    return new Date(utc.getTime() - offsetMinutes * 60_000)
  }
  // No zone: local time of the process (TZ), as the flag's help says.
  const local = new Date(0)
  local.setFullYear(year, month - 1, day)
  local.setHours(hour, minute, second, millis)
  return local
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Sprig's date functions over Go's time.Time (go-time.ts): layouts, zones, durations. */

import type { FuncSpec } from './functions.js'
import { formatDuration, GoTime, loadZone, parseDuration, parseTime, zeroTime } from './go-time.js'
import { goTypeName, kindOf, toNumber } from './values.js'

/** Sprig's date argument: a time.Time, or an int of Unix seconds; anything else is now. */
function toTime(date: unknown): GoTime {
  if (date instanceof GoTime) return date
  if (kindOf(date) === 'int') return new GoTime(toNumber(date) * 1000, { id: 'Local' })
  return new GoTime(Date.now(), { id: 'Local' })
}

function dateInZone(layout: string, date: unknown, zone: string): string {
  const z = loadZone(zone) ?? { id: 'UTC' }
  return toTime(date).in(z).format(layout)
}

function timeArg(v: unknown): GoTime {
  if (v instanceof GoTime) return v
  if (v === null || v === undefined) throw new Error('invalid value; expected time.Time')
  throw new Error(`wrong type for value; expected time.Time; got ${goTypeName(v)}`)
}

function local() {
  return loadZone('Local')!
}

function durationRound(v: unknown): string {
  let d = 0
  if (typeof v === 'string') {
    try {
      d = parseDuration(v)
    } catch {
      d = 0
    }
  } else if (v instanceof GoTime) d = (Date.now() - v.ms) * 1e6
  const u = Math.abs(d)
  const second = 1e9
  const minute = 60 * second
  const hour = 60 * minute
  const day = 24 * hour
  const month = 30 * day
  const year = 365 * day
  if (u > year) return `${Math.floor(u / year)}y`
  if (u > month) return `${Math.floor(u / month)}mo`
  if (u > day) return `${Math.floor(u / day)}d`
  if (u > hour) return `${Math.floor(u / hour)}h`
  if (u > minute) return `${Math.floor(u / minute)}m`
  if (u > second) return `${Math.floor(u / second)}s`
  return '0s'
}

function toDate(layout: string, value: string, must: boolean): GoTime {
  try {
    return parseTime(layout, value, local())
  } catch (err) {
    if (must) throw err
    return zeroTime()
  }
}

function dateModify(spec: string, date: unknown, must: boolean): GoTime {
  const t = timeArg(date)
  let d: number
  try {
    d = parseDuration(spec)
  } catch (err) {
    if (must) throw err
    return t
  }
  const ms = Math.floor(d / 1e6)
  return new GoTime(t.ms + ms, t.zone)
}

const s = 'string' as const
const any = 'any' as const

export const sprigDates: Record<string, FuncSpec> = {
  now: { params: [], call: () => new GoTime(Date.now(), local()) },
  date: { params: [s, any], call: (layout: string, d) => dateInZone(layout, d, 'Local') },
  date_in_zone: { params: [s, any, s], call: dateInZone },
  dateInZone: { params: [s, any, s], call: dateInZone },
  htmlDate: { params: [any], call: (d) => dateInZone('2006-01-02', d, 'Local') },
  htmlDateInZone: { params: [any, s], call: (d, z: string) => dateInZone('2006-01-02', d, z) },
  dateModify: { params: [s, any], call: (m: string, d) => dateModify(m, d, false) },
  date_modify: { params: [s, any], call: (m: string, d) => dateModify(m, d, false) },
  mustDateModify: { params: [s, any], call: (m: string, d) => dateModify(m, d, true) },
  must_date_modify: { params: [s, any], call: (m: string, d) => dateModify(m, d, true) },
  toDate: { params: [s, s], call: (l: string, v: string) => toDate(l, v, false) },
  mustToDate: { params: [s, s], call: (l: string, v: string) => toDate(l, v, true) },
  unixEpoch: { params: [any], call: (d) => String(timeArg(d).unix()) },
  ago: {
    params: [any],
    call: (d) => formatDuration(Math.round((Date.now() - toTime(d).ms) / 1000) * 1e9),
  },
  // Sprig's duration reads only int64 and strings; a template's ints are Go ints, so they give 0s
  duration: {
    params: [any],
    call: (v) => formatDuration((typeof v === 'string' ? (/^[+-]?\d+$/.test(v) ? Number(v) : 0) : 0) * 1e9),
  },
  durationRound: { params: [any], call: durationRound },
}

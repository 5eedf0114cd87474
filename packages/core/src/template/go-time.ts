/**
 * Go's time.Time for templates: an instant plus the zone it is shown in. Layouts are Go's
 * reference-time layouts, chunked and printed by ../time/go-layout.ts (the one home for them);
 * this module adds reading a time with a layout (time.ParseInLocation) and time.Duration's own
 * syntax, which is stricter than the extended durations the CLI accepts. Times carry
 * milliseconds, as JavaScript dates do.
 */
import {
  formatGoTime,
  type GoLayoutField,
  type GoTimeZoneOption,
  goLayoutChunks,
  LONG_DAYS,
  LONG_MONTHS,
} from '../time/go-layout.js'
import type { FuncSpec } from './functions.js'
import { GoStruct } from './values.js'

/** `UTC`, `Local` (the process's zone, TZ) or an IANA name. */
export interface Zone {
  id: string
}

/** time.LoadLocation: undefined for an unknown name. */
export function loadZone(name: string): Zone | undefined {
  if (name === '' || name === 'UTC') return { id: 'UTC' }
  if (name === 'Local') return { id: 'Local' }
  if (!/^[A-Za-z]/.test(name)) return undefined
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return { id: name }
  } catch {
    return undefined
  }
}

function zoneOption(zone: Zone): GoTimeZoneOption {
  if (zone.id === 'UTC') return { utc: true }
  if (zone.id === 'Local') return { utc: false }
  return { utc: false, timeZone: zone.id }
}

/** The zone's offset east of UTC, in seconds, at an instant. */
function offsetAt(ms: number, zone: Zone): number {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(formatGoTime(new Date(ms), '-0700', zoneOption(zone)))!
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60)
}

/** An instant (milliseconds since the epoch) shown in a zone. */
export class GoTime extends GoStruct {
  constructor(
    readonly ms: number,
    readonly zone: Zone,
  ) {
    super(
      'time.Time',
      timeMethods(() => this),
      () => this.format('2006-01-02 15:04:05.999999999 -0700 MST'),
    )
  }

  in(zone: Zone): GoTime {
    return new GoTime(this.ms, zone)
  }

  format(layout: string): string {
    return formatGoTime(new Date(this.ms), layout, zoneOption(this.zone))
  }

  unix(): number {
    return Math.floor(this.ms / 1000)
  }
}

function timeMethods(self: () => GoTime): Record<string, FuncSpec> {
  const num = (layout: string) => () => Number(self().format(layout))
  return {
    Unix: { params: [], call: () => self().unix() },
    Format: { params: ['string'], call: (layout: string) => self().format(layout) },
    UTC: { params: [], call: () => self().in({ id: 'UTC' }) },
    Local: { params: [], call: () => self().in({ id: 'Local' }) },
    Year: { params: [], call: num('2006') },
    Day: { params: [], call: num('2') },
    Hour: { params: [], call: num('15') },
    Minute: { params: [], call: num('4') },
    Second: { params: [], call: num('5') },
    IsZero: { params: [], call: () => self().ms === ZERO_MS },
  }
}

/** time.Time{}: January 1, year 1, 00:00:00 UTC. */
const ZERO_MS = (() => {
  const d = new Date(0)
  d.setUTCFullYear(1, 0, 1)
  return d.getTime()
})()

export function zeroTime(): GoTime {
  return new GoTime(ZERO_MS, { id: 'UTC' })
}

function parseError(value: string, layout: string, rest: string, elem: string, extra = ''): Error {
  const q = (s: string) => JSON.stringify(s)
  if (extra) return new Error(`parsing time ${q(value)}${extra}`)
  return new Error(`parsing time ${q(value)} as ${q(layout)}: cannot parse ${q(rest)} as ${q(elem)}`)
}

/** The text Go's parse errors quote for a layout element. */
const elementText: Record<string, string> = {
  longMonth: 'January',
  month: 'Jan',
  numMonth: '1',
  zeroMonth: '01',
  longWeekDay: 'Monday',
  weekDay: 'Mon',
  day: '2',
  underDay: '_2',
  zeroDay: '02',
  underYearDay: '__2',
  zeroYearDay: '002',
  hour: '15',
  hour12: '3',
  zeroHour12: '03',
  minute: '4',
  zeroMinute: '04',
  second: '5',
  zeroSecond: '05',
  longYear: '2006',
  year: '06',
  PM: 'PM',
  pm: 'pm',
  tz: 'MST',
}

type NumericPart = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'
const TWO_DIGITS = /^\d{2}/
const ONE_OR_TWO_DIGITS = /^\d{1,2}/

/** Layout fields read as a plain number: the part of the time each sets and the digits it takes. */
const NUMERIC_FIELDS: Partial<Record<GoLayoutField['name'], { part: NumericPart; digits: RegExp }>> = {
  longYear: { part: 'year', digits: /^\d{4}/ },
  zeroMonth: { part: 'month', digits: TWO_DIGITS },
  numMonth: { part: 'month', digits: ONE_OR_TWO_DIGITS },
  zeroDay: { part: 'day', digits: TWO_DIGITS },
  day: { part: 'day', digits: ONE_OR_TWO_DIGITS },
  hour: { part: 'hour', digits: ONE_OR_TWO_DIGITS },
  zeroHour12: { part: 'hour', digits: TWO_DIGITS },
  hour12: { part: 'hour', digits: ONE_OR_TWO_DIGITS },
  zeroMinute: { part: 'minute', digits: TWO_DIGITS },
  minute: { part: 'minute', digits: ONE_OR_TWO_DIGITS },
  zeroSecond: { part: 'second', digits: TWO_DIGITS },
  second: { part: 'second', digits: ONE_OR_TWO_DIGITS },
}

/** time.ParseInLocation: the layout's fields read from `value`, in `zone` unless it names one. */
export function parseTime(layout: string, value: string, zone: Zone): GoTime {
  let rest = value
  const t: Record<NumericPart, number> = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0 }
  let millis = 0
  let pm: boolean | undefined
  let offset: number | undefined
  const element = (f: GoLayoutField) =>
    f.name === 'zone' ? 'Z07:00' : f.name === 'fraction' ? `.${'0'.repeat(f.digits)}` : elementText[f.name]
  const take = (re: RegExp, f: GoLayoutField): string => {
    const m = re.exec(rest)
    if (!m) throw parseError(value, layout, rest, element(f))
    rest = rest.slice(m[0].length)
    return m[0]
  }
  const name = (names: string[], f: GoLayoutField): number => {
    const idx = names.findIndex((n) => rest.toLowerCase().startsWith(n.toLowerCase()))
    if (idx < 0) throw parseError(value, layout, rest, element(f))
    rest = rest.slice(names[idx].length)
    return idx
  }
  for (const chunk of goLayoutChunks(layout)) {
    if (typeof chunk === 'string') {
      if (!rest.startsWith(chunk)) throw parseError(value, layout, rest, chunk)
      rest = rest.slice(chunk.length)
      continue
    }
    const numeric = NUMERIC_FIELDS[chunk.name]
    if (numeric) {
      t[numeric.part] = Number(take(numeric.digits, chunk))
      continue
    }
    switch (chunk.name) {
      case 'fraction': {
        const m = /^[.,](\d+)/.exec(rest)
        if (m) {
          millis = Number(m[1].slice(0, 3).padEnd(3, '0'))
          rest = rest.slice(m[0].length)
        } else if (!chunk.trim) throw parseError(value, layout, rest, element(chunk))
        break
      }
      case 'year': {
        const y = Number(take(TWO_DIGITS, chunk))
        t.year = y >= 69 ? 1900 + y : 2000 + y
        break
      }
      case 'longMonth':
        t.month = name(LONG_MONTHS, chunk) + 1
        break
      case 'month':
        t.month =
          name(
            LONG_MONTHS.map((n) => n.slice(0, 3)),
            chunk,
          ) + 1
        break
      case 'longWeekDay':
        name(LONG_DAYS, chunk)
        break
      case 'weekDay':
        name(
          LONG_DAYS.map((n) => n.slice(0, 3)),
          chunk,
        )
        break
      case 'underDay':
        if (rest.startsWith(' ')) rest = rest.slice(1)
        t.day = Number(take(ONE_OR_TWO_DIGITS, chunk))
        break
      case 'PM':
      case 'pm':
        pm = take(/^(AM|PM|am|pm)/, chunk).toUpperCase() === 'PM'
        break
      case 'tz': {
        const abbr = take(/^(?:[A-Z]{3,5}|[+-]\d{2,4})/, chunk)
        if (abbr === 'UTC' || abbr === 'GMT') offset = 0
        break
      }
      case 'zone': {
        if (chunk.style.zForUtc && rest.startsWith('Z')) {
          offset = 0
          rest = rest.slice(1)
          break
        }
        const m = /^([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?/.exec(take(/^[+-]\d{2}(?::?\d{2}){0,2}/, chunk))!
        offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0))
        break
      }
      default:
        throw parseError(value, layout, rest, element(chunk))
    }
  }
  if (rest !== '') throw parseError(value, layout, rest, '', `: extra text: ${JSON.stringify(rest)}`)
  const range = (what: string) => parseError(value, layout, rest, '', `: ${what} out of range`)
  if (pm !== undefined) {
    if (t.hour > 12) throw range('hour')
    if (pm && t.hour < 12) t.hour += 12
    else if (!pm && t.hour === 12) t.hour = 0
  }
  const leap = (t.year % 4 === 0 && t.year % 100 !== 0) || t.year % 400 === 0
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  if (t.month < 1 || t.month > 12) throw range('month')
  if (t.day < 1 || t.day > monthDays[t.month - 1]) throw range('day')
  if (t.hour > 23) throw range('hour')
  if (t.minute > 59) throw range('minute')
  if (t.second > 59) throw range('second')
  const d = new Date(0)
  d.setUTCFullYear(t.year, t.month - 1, t.day)
  d.setUTCHours(t.hour, t.minute, t.second, millis)
  const wall = d.getTime()
  if (offset !== undefined) return new GoTime(wall - offset * 1000, offset === 0 ? { id: 'UTC' } : zone)
  // a wall-clock time in the zone: correct by the zone's offset at that instant
  const guess = wall - offsetAt(wall, zone) * 1000
  return new GoTime(wall - offsetAt(guess, zone) * 1000, zone)
}

const units: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
}

/** time.ParseDuration, in nanoseconds. */
export function parseDuration(s: string): number {
  const q = JSON.stringify(s)
  let rest = s
  let sign = 1
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest[0] === '-' ? -1 : 1
    rest = rest.slice(1)
  }
  if (rest === '0') return 0
  if (rest === '') throw new Error(`time: invalid duration ${q}`)
  let total = 0
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(rest)!
    if (m[0] === '' || m[0] === '.') throw new Error(`time: invalid duration ${q}`)
    rest = rest.slice(m[0].length)
    const u = /^[^\d.]+/.exec(rest)?.[0]
    if (!u) throw new Error(`time: missing unit in duration ${q}`)
    if (!(u in units)) throw new Error(`time: unknown unit ${JSON.stringify(u)} in duration ${q}`)
    rest = rest.slice(u.length)
    total += Number(`${m[1] || '0'}.${m[2] || '0'}`) * units[u]
  }
  return sign * Math.round(total)
}

/** time.Duration.String. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s'
  const neg = ns < 0
  let u = Math.abs(ns)
  let out: string
  if (u < 1e9) {
    const [unit, scale] = u < 1e3 ? ['ns', 1] : u < 1e6 ? ['µs', 1e3] : ['ms', 1e6]
    out = `${trimFrac(u / (scale as number))}${unit}`
  } else {
    const h = Math.floor(u / 3600e9)
    u -= h * 3600e9
    const m = Math.floor(u / 60e9)
    u -= m * 60e9
    const secs = `${trimFrac(u / 1e9)}s`
    out = h > 0 ? `${h}h${m}m${secs}` : m > 0 ? `${m}m${secs}` : secs
  }
  return neg ? `-${out}` : out
}

function trimFrac(n: number): string {
  return Number(n.toFixed(9)).toString()
}

import { DAY, HOUR, MINUTE, SECOND, UNIT_MS, WEEK } from '../../durations.js'
import type { CalendarUnit } from './ast.js'

/** Insights' spellings of each fixed unit (plurals are handled by the parser). */
const MS: Record<string, number> = {
  ...UNIT_MS,
  msec: 1,
  millisecond: 1,
  sec: SECOND,
  second: SECOND,
  min: MINUTE,
  minute: MINUTE,
  hr: HOUR,
  hour: HOUR,
  day: DAY,
  week: WEEK,
}

const CALENDAR: Record<string, CalendarUnit> = {
  mo: 'month',
  mon: 'month',
  month: 'month',
  q: 'quarter',
  qtr: 'quarter',
  quarter: 'quarter',
  y: 'year',
  yr: 'year',
  year: 'year',
}

/**
 * Reads a bin/datefloor period such as `5m`, `1hr`, `2days`, `1mo`. Fixed units become
 * milliseconds; months, quarters and years stay calendar units. Undefined for an unknown unit.
 */
export function parsePeriod(text: string): { amount: number; unit: CalendarUnit } | undefined {
  const match = /^(\d+(?:\.\d+)?)([A-Za-z]+)$/.exec(text)
  if (!match) return undefined
  const amount = Number(match[1])
  const word = (match[2] as string).toLowerCase()
  // every unit longer than one letter may also be written in the plural (`hrs`, `mins`)
  const singular = word.length > 2 && word.endsWith('s') && !(word in MS) ? word.slice(0, -1) : word
  const fixed = MS[word] ?? MS[singular]
  if (fixed !== undefined) return { amount: amount * fixed, unit: 'ms' }
  const calendar = CALENDAR[word] ?? CALENDAR[singular]
  if (calendar !== undefined) return { amount, unit: calendar }
  return undefined
}

/** The start of the period that holds `ms` (UTC; fixed periods count from the epoch). */
export function floorTime(ms: number, amount: number, unit: CalendarUnit): number {
  if (unit === 'ms') return Math.floor(ms / amount) * amount
  const d = new Date(ms)
  const year = d.getUTCFullYear()
  if (unit === 'year') return Date.UTC(year - (year % amount), 0, 1)
  const monthsPerStep = unit === 'quarter' ? 3 * amount : amount
  const monthIndex = year * 12 + d.getUTCMonth()
  const floored = monthIndex - (monthIndex % monthsPerStep)
  return Date.UTC(Math.floor(floored / 12), floored % 12, 1)
}

export function ceilTime(ms: number, amount: number, unit: CalendarUnit): number {
  const floor = floorTime(ms, amount, unit)
  if (floor === ms) return ms
  if (unit === 'ms') return floor + amount
  const d = new Date(floor)
  const months = unit === 'year' ? 12 * amount : unit === 'quarter' ? 3 * amount : amount
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)
}

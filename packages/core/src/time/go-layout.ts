/**
 * Go reference-time layouts (`2006-01-02T15:04:05Z07:00`) turned into formatters. The chunking
 * follows Go's time package rule for rule, so a layout copied from an atmos.yaml written for the Go
 * tool prints the same text here. JavaScript dates carry milliseconds, so fraction digits past the
 * third are zeros.
 */

/** Go's named layouts, accepted by name in `timestamp_format` (case-insensitive). */
export const GO_NAMED_LAYOUTS: Readonly<Record<string, string>> = {
  Layout: "01/02 03:04:05PM '06 -0700",
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
  Kitchen: '3:04PM',
  Stamp: 'Jan _2 15:04:05',
  StampMilli: 'Jan _2 15:04:05.000',
  StampMicro: 'Jan _2 15:04:05.000000',
  StampNano: 'Jan _2 15:04:05.000000000',
  DateTime: '2006-01-02 15:04:05',
  DateOnly: '2006-01-02',
  TimeOnly: '15:04:05',
}

const NAMED_BY_LOWER = new Map(Object.entries(GO_NAMED_LAYOUTS).map(([k, v]) => [k.toLowerCase(), v]))

/** A layout by Go name (`RFC3339`, `kitchen`) or the layout itself. */
export function resolveGoLayout(layoutOrName: string): string {
  return NAMED_BY_LOWER.get(layoutOrName.toLowerCase()) ?? layoutOrName
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
export const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** The broken-down time a layout prints from. */
interface Parts {
  year: number
  month: number // 1-12
  day: number
  weekday: number // 0 = Sunday
  yearDay: number // 1-366
  hour: number
  minute: number
  second: number
  millis: number
  offsetMinutes: number // east of UTC
  utc: boolean
  date: Date
  /** Set when the time is shown in a named zone rather than the process's. */
  timeZone?: string
}

/** What a layout element is, for callers that read times (Go's time.Parse) rather than print them. */
export type GoLayoutField =
  | { name: StdName }
  | { name: 'zone'; style: ZoneStyle }
  | { name: 'fraction'; digits: number; trim: boolean }

type Field = GoLayoutField & { print: (p: Parts) => string }
type Chunk = string | Field

const pad = (n: number, width: number): string => {
  const s = String(Math.abs(n))
  const padded = s.length >= width ? s : '0'.repeat(width - s.length) + s
  return n < 0 ? `-${padded}` : padded
}
const spacePad = (n: number, width: number): string => String(n).padStart(width, ' ')

export type ZoneStyle = { colon: boolean; minutes: boolean; seconds: boolean; zForUtc: boolean }

function zone(style: ZoneStyle): (p: Parts) => string {
  return (p) => {
    if (style.zForUtc && p.offsetMinutes === 0) return 'Z'
    const sign = p.offsetMinutes < 0 ? '-' : '+'
    const abs = Math.abs(p.offsetMinutes)
    let out = sign + pad(Math.floor(abs / 60), 2)
    if (style.minutes) out += (style.colon ? ':' : '') + pad(abs % 60, 2)
    // JavaScript offsets are whole minutes, so the seconds field is always 00.
    if (style.seconds) out += `${style.colon ? ':' : ''}00`
    return out
  }
}

function fraction(separator: string, digits: number, trim: boolean): (p: Parts) => string {
  const shown = Math.min(digits, 9)
  return (p) => {
    let text = `${pad(p.millis, 3)}000000`.slice(0, shown)
    if (trim) {
      text = text.replace(/0+$/, '')
      if (text === '') return ''
    }
    return separator + text
  }
}

const startsWithLowerCase = (s: string, i: number): boolean => i < s.length && s[i]! >= 'a' && s[i]! <= 'z'
const isDigit = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9'

const std = {
  longMonth: (p: Parts) => LONG_MONTHS[p.month - 1]!,
  month: (p: Parts) => SHORT_MONTHS[p.month - 1]!,
  numMonth: (p: Parts) => String(p.month),
  zeroMonth: (p: Parts) => pad(p.month, 2),
  longWeekDay: (p: Parts) => LONG_DAYS[p.weekday]!,
  weekDay: (p: Parts) => SHORT_DAYS[p.weekday]!,
  day: (p: Parts) => String(p.day),
  underDay: (p: Parts) => spacePad(p.day, 2),
  zeroDay: (p: Parts) => pad(p.day, 2),
  underYearDay: (p: Parts) => spacePad(p.yearDay, 3),
  zeroYearDay: (p: Parts) => pad(p.yearDay, 3),
  hour: (p: Parts) => pad(p.hour, 2),
  hour12: (p: Parts) => String(p.hour % 12 === 0 ? 12 : p.hour % 12),
  zeroHour12: (p: Parts) => pad(p.hour % 12 === 0 ? 12 : p.hour % 12, 2),
  minute: (p: Parts) => String(p.minute),
  zeroMinute: (p: Parts) => pad(p.minute, 2),
  second: (p: Parts) => String(p.second),
  zeroSecond: (p: Parts) => pad(p.second, 2),
  longYear: (p: Parts) => pad(p.year, 4),
  year: (p: Parts) => pad(((p.year % 100) + 100) % 100, 2),
  PM: (p: Parts) => (p.hour >= 12 ? 'PM' : 'AM'),
  pm: (p: Parts) => (p.hour >= 12 ? 'pm' : 'am'),
  tz: (p: Parts) => zoneAbbreviation(p),
}

type StdName = keyof typeof std
const field = (name: StdName): Field => ({ name, print: std[name] })

// Layout prefixes for the numeric zones, longest first as Go checks them.
const DASH_ZONES: [string, ZoneStyle][] = [
  ['-070000', { colon: false, minutes: true, seconds: true, zForUtc: false }],
  ['-07:00:00', { colon: true, minutes: true, seconds: true, zForUtc: false }],
  ['-0700', { colon: false, minutes: true, seconds: false, zForUtc: false }],
  ['-07:00', { colon: true, minutes: true, seconds: false, zForUtc: false }],
  ['-07', { colon: false, minutes: false, seconds: false, zForUtc: false }],
]
const Z_ZONES: [string, ZoneStyle][] = DASH_ZONES.map(([text, style]) => [
  `Z${text.slice(1)}`,
  { ...style, zForUtc: true },
])

/** Splits a layout into literal text and field printers, the way Go's nextStdChunk does. */
function tokenizeGoLayout(layout: string): Chunk[] {
  const chunks: Chunk[] = []
  let literal = ''
  const emit = (f: Field | StdName, width: number, at: number): number => {
    if (literal) chunks.push(literal)
    literal = ''
    chunks.push(typeof f === 'string' ? field(f) : f)
    return at + width
  }
  let i = 0
  while (i < layout.length) {
    const c = layout[i]!
    const rest = layout.slice(i)
    switch (c) {
      case 'J':
        if (rest.startsWith('January')) {
          i = emit('longMonth', 7, i)
          continue
        }
        // Go leaves `Jan` alone when a lowercase letter follows (`Janet` is text).
        if (rest.startsWith('Jan') && !startsWithLowerCase(layout, i + 3)) {
          i = emit('month', 3, i)
          continue
        }
        break
      case 'M':
        if (rest.startsWith('Monday')) {
          i = emit('longWeekDay', 6, i)
          continue
        }
        if (rest.startsWith('Mon') && !startsWithLowerCase(layout, i + 3)) {
          i = emit('weekDay', 3, i)
          continue
        }
        if (rest.startsWith('MST')) {
          i = emit('tz', 3, i)
          continue
        }
        break
      case '0': {
        const next = layout[i + 1]
        if (next !== undefined && next >= '1' && next <= '6') {
          const byDigit: StdName[] = [
            'zeroMonth',
            'zeroDay',
            'zeroHour12',
            'zeroMinute',
            'zeroSecond',
            'year',
          ]
          i = emit(byDigit[Number(next) - 1]!, 2, i)
          continue
        }
        if (next === '0' && layout[i + 2] === '2') {
          i = emit('zeroYearDay', 3, i)
          continue
        }
        break
      }
      case '1':
        if (layout[i + 1] === '5') {
          i = emit('hour', 2, i)
          continue
        }
        i = emit('numMonth', 1, i)
        continue
      case '2':
        if (rest.startsWith('2006')) {
          i = emit('longYear', 4, i)
          continue
        }
        i = emit('day', 1, i)
        continue
      case '_':
        if (layout[i + 1] === '2') {
          // Go reads `_2006` as a literal underscore followed by the year.
          if (rest.startsWith('_2006')) {
            literal += '_'
            i = emit('longYear', 4, i + 1)
            continue
          }
          i = emit('underDay', 2, i)
          continue
        }
        if (layout[i + 1] === '_' && layout[i + 2] === '2') {
          i = emit('underYearDay', 3, i)
          continue
        }
        break
      case '3':
        i = emit('hour12', 1, i)
        continue
      case '4':
        i = emit('minute', 1, i)
        continue
      case '5':
        i = emit('second', 1, i)
        continue
      case 'P':
        if (layout[i + 1] === 'M') {
          i = emit('PM', 2, i)
          continue
        }
        break
      case 'p':
        if (layout[i + 1] === 'm') {
          i = emit('pm', 2, i)
          continue
        }
        break
      case '-':
      case 'Z': {
        const table = c === '-' ? DASH_ZONES : Z_ZONES
        const hit = table.find(([text]) => rest.startsWith(text))
        if (hit) {
          i = emit({ name: 'zone', style: hit[1], print: zone(hit[1]) }, hit[0].length, i)
          continue
        }
        break
      }
      case '.':
      case ',': {
        const digit = layout[i + 1]
        if (digit === '0' || digit === '9') {
          let j = i + 1
          while (j < layout.length && layout[j] === digit) j++
          // `.000` counts only when the run is not part of a longer number.
          if (!isDigit(layout, j)) {
            const digits = j - (i + 1)
            const trim = digit === '9'
            i = emit({ name: 'fraction', digits, trim, print: fraction(c, digits, trim) }, j - i, i)
            continue
          }
        }
        break
      }
    }
    literal += c
    i++
  }
  if (literal) chunks.push(literal)
  return chunks
}

/** The elements of a layout: literal text and fields, chunked as Go's nextStdChunk does. */
export function goLayoutChunks(layoutOrName: string): (string | GoLayoutField)[] {
  return tokenizeGoLayout(resolveGoLayout(layoutOrName))
}

/** Where a formatted time is shown: UTC, the process's zone (TZ), or a named IANA zone. */
export interface GoTimeZoneOption {
  utc: boolean
  /** An IANA zone name (`Europe/Paris`); takes precedence over `utc`. */
  timeZone?: string
}

export type GoTimeFormatter = (date: Date, opts: GoTimeZoneOption) => string

const compiled = new Map<string, GoTimeFormatter>()
const COMPILED_CACHE_LIMIT = 64

/** A reusable formatter for one layout (or named layout); the fast path for printing many lines. */
export function compileGoLayout(layoutOrName: string): GoTimeFormatter {
  const cached = compiled.get(layoutOrName)
  if (cached) return cached
  const chunks = tokenizeGoLayout(resolveGoLayout(layoutOrName))
  const formatter: GoTimeFormatter = (date, opts) => {
    const parts = opts.timeZone ? partsInZone(date, opts.timeZone) : partsOf(date, opts.utc)
    let out = ''
    for (const chunk of chunks) out += typeof chunk === 'string' ? chunk : chunk.print(parts)
    return out
  }
  if (compiled.size >= COMPILED_CACHE_LIMIT) compiled.clear()
  compiled.set(layoutOrName, formatter)
  return formatter
}

/** Formats a date with a Go layout, in UTC or in the process's local zone (TZ). */
export function formatGoTime(date: Date, layout: string, opts: GoTimeZoneOption): string {
  return compileGoLayout(layout)(date, opts)
}

function partsOf(date: Date, utc: boolean): Parts {
  const year = utc ? date.getUTCFullYear() : date.getFullYear()
  const month = (utc ? date.getUTCMonth() : date.getMonth()) + 1
  const day = utc ? date.getUTCDate() : date.getDate()
  return {
    year,
    month,
    day,
    weekday: utc ? date.getUTCDay() : date.getDay(),
    yearDay: (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000 + 1,
    hour: utc ? date.getUTCHours() : date.getHours(),
    minute: utc ? date.getUTCMinutes() : date.getMinutes(),
    second: utc ? date.getUTCSeconds() : date.getSeconds(),
    millis: utc ? date.getUTCMilliseconds() : date.getMilliseconds(),
    offsetMinutes: utc ? 0 : -Math.round(date.getTimezoneOffset()),
    utc,
    date,
  }
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>()

/** The broken-down time in a named zone, read through Intl. */
function partsInZone(date: Date, timeZone: string): Parts {
  if (timeZone === 'UTC') return partsOf(date, true)
  let format = zoneFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    zoneFormats.set(timeZone, format)
  }
  const f: Record<string, number> = {}
  for (const part of format.formatToParts(date))
    if (part.type !== 'literal') f[part.type] = Number(part.value)
  const wall = new Date(0)
  wall.setUTCFullYear(f.year!, f.month! - 1, f.day!)
  wall.setUTCHours(f.hour!, f.minute!, f.second!, date.getUTCMilliseconds())
  const offsetMinutes = Math.round((wall.getTime() - date.getTime()) / 60_000)
  const parts = partsOf(wall, true)
  return { ...parts, offsetMinutes, utc: false, date, timeZone }
}

// Zone abbreviations by offset: looking one up through Intl is slow, and within one process (one
// TZ) an offset always maps to the same abbreviation.
const abbreviations = new Map<number | string, string>()

/**
 * Go prints the zone's abbreviation (`UTC`, `CET`, `EST`) and, when the zone has none, the
 * offset as `-0700`. ICU knows the common abbreviations under en-US (American zones) or en-GB
 * (European ones); anything else falls back to the numeric form, as Go does.
 */
function zoneAbbreviation(p: Parts): string {
  if (p.utc) return 'UTC'
  const key = p.timeZone ? `${p.timeZone} ${p.offsetMinutes}` : p.offsetMinutes
  const known = abbreviations.get(key)
  if (known !== undefined) return known
  let name = ''
  for (const locale of ['en-US', 'en-GB']) {
    const candidate = new Intl.DateTimeFormat(locale, { timeZoneName: 'short', timeZone: p.timeZone })
      .formatToParts(p.date)
      .find((part) => part.type === 'timeZoneName')?.value
    if (candidate && /^[A-Z]{2,5}$/.test(candidate)) {
      name = candidate
      break
    }
  }
  if (!name) name = zone({ colon: false, minutes: true, seconds: false, zForUtc: false })(p)
  abbreviations.set(key, name)
  return name
}

/** A point in time; compares as its epoch milliseconds and prints as the service prints timestamps. */
export class Instant {
  constructor(readonly ms: number) {}
}

/** What a field holds while a query runs. Every value leaves the engine as a string. */
export type Value = string | number | boolean | Instant

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `yyyy-MM-dd HH:mm:ss.SSS` in UTC, the form GetQueryResults uses for @timestamp and bin(). */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms)
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  )
}

export function toText(value: Value): string {
  if (value instanceof Instant) return formatTimestamp(value.ms)
  if (typeof value === 'number') return formatNumber(value)
  return String(value)
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n)
  // drop binary noise such as 0.30000000000000004 without rounding real precision away
  return String(Number.parseFloat(n.toPrecision(15)))
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/

/** The value as a number when it is one (numbers, timestamps, numeric strings), else undefined. */
export function toNumber(value: Value | undefined): number | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'number') return value
  if (value instanceof Instant) return value.ms
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value)
  return undefined
}

export function valuesEqual(a: Value, b: Value): boolean {
  const na = toNumber(a)
  const nb = toNumber(b)
  if (na !== undefined && nb !== undefined) return na === nb
  return toText(a) === toText(b)
}

/** Ordering for < <= > >=: numeric when both sides are numbers, otherwise by string. */
export function compareForOperator(a: Value, b: Value): number {
  const na = toNumber(a)
  const nb = toNumber(b)
  if (na !== undefined && nb !== undefined) return na - nb
  const ta = toText(a)
  const tb = toText(b)
  return ta < tb ? -1 : ta > tb ? 1 : 0
}

/**
 * The `sort` command's ordering, a natural sort as the service documents it: all non-numbers come
 * before all numbers; numbers compare by value; other strings are split into runs of digits and
 * runs of non-digits, where digit runs compare by length and then value, and the rest by code point.
 */
export function naturalCompare(a: Value, b: Value): number {
  const na = toNumber(a)
  const nb = toNumber(b)
  if (na !== undefined && nb !== undefined) return na - nb
  if (na !== undefined) return 1
  if (nb !== undefined) return -1
  const ca = chunks(toText(a))
  const cb = chunks(toText(b))
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i] as string
    const y = cb[i] as string
    if (x === y) continue
    const xDigits = isDigits(x)
    const yDigits = isDigits(y)
    if (xDigits && yDigits) {
      if (x.length !== y.length) return x.length - y.length
      return x < y ? -1 : 1
    }
    return compareCodePoints(x, y)
  }
  return ca.length - cb.length
}

const isDigits = (s: string) => s.length > 0 && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57

function chunks(s: string): string[] {
  return s.match(/\d+|\D+/g) ?? []
}

function compareCodePoints(x: string, y: string): number {
  const a = [...x]
  const b = [...y]
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] as string).codePointAt(0)! - (b[i] as string).codePointAt(0)!
    if (d !== 0) return d
  }
  return a.length - b.length
}

export function isTruthy(value: Value | undefined): boolean {
  if (value === undefined || value === false || value === '' || value === 0) return false
  return true
}

/**
 * The value conversions Sprig's functions share: strval (fmt's %v), strslice, and spf13/cast's
 * ToInt64/ToFloat64 with errors ignored (what cannot convert is 0), plus Go's reflect kind names.
 */
import { formatValue } from './printf.js'
import { GO_KIND_NAMES, type GoMap, GoStruct, isTrue, kindOf, toNumber } from './values.js'

/** Sprig's strval: strings as they are, anything else as fmt's %v. */
export function strval(v: unknown): string {
  return typeof v === 'string' ? v : formatValue(v ?? null)
}

/** Sprig's strslice: a list's non-nil elements as strings; nil is empty; anything else is one string. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((e) => e !== null && e !== undefined).map(strval)
  if (v === null || v === undefined) return []
  return [strval(v)]
}

/** Sprig's empty: the zero value or an empty container. */
export function empty(v: unknown): boolean {
  return !isTrue(v)
}

/** strconv.ParseInt(s, 0, 64) as cast uses it, after cast's trimZeroDecimal (`12.00` → `12`). */
function parseIntBase0(s: string): number | undefined {
  const trimmed = /^([^.]*)\.0+$/.exec(s)?.[1] ?? s
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(trimmed)
  if (!m) return undefined
  const body = m[2].replace(/_/g, '')
  const value = /^0[xXbBoO]/.test(body)
    ? Number(body.toLowerCase())
    : body.length > 1 && body.startsWith('0')
      ? Number.parseInt(body, 8)
      : Number(body)
  return m[1] === '-' ? -value : value
}

/** strconv.ParseFloat(s, 64); undefined where Go reports a syntax error. */
export function parseGoFloat(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity
  if (/^[+-]?nan$/i.test(s)) return Number.NaN
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s)
  if (/^[+-]?0[xX]/.test(s)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s)
    if (!m || (m[2] === '' && m[3] === '')) return undefined
    const mant = Number.parseInt(m[2] + m[3] || '0', 16) / 16 ** m[3].length
    return (m[1] === '-' ? -1 : 1) * mant * 2 ** Number(m[4])
  }
  return undefined
}

/** cast.ToInt64 with errors ignored, as Sprig's arithmetic uses it. */
export function toInt64(v: unknown): number {
  switch (kindOf(v)) {
    case 'int':
    case 'float': {
      const n = Math.trunc(toNumber(v))
      return Number.isFinite(n) ? n : 0
    }
    case 'bool':
      return v ? 1 : 0
    case 'string':
      return parseIntBase0(v as string) ?? 0
    default:
      return 0
  }
}

/** cast.ToFloat64 with errors ignored. */
export function toFloat64(v: unknown): number {
  switch (kindOf(v)) {
    case 'int':
    case 'float':
      return toNumber(v)
    case 'bool':
      return v ? 1 : 0
    case 'string':
      return parseGoFloat(v as string) ?? 0
    default:
      return 0
  }
}

/** reflect.Kind's name, as Sprig's kindOf and gomplate's test.Kind print it. */
export function reflectKind(v: unknown): string {
  const kind = kindOf(v)
  if (kind !== 'other') return GO_KIND_NAMES[kind].reflect
  return v instanceof GoStruct ? v.kind : 'struct'
}

/** Go's reflect.TypeOf(nil).Kind() on a nil argument: the panic a template reports. */
export const nilDereference = 'runtime error: invalid memory address or nil pointer dereference'

/** The kind name Sprig's list functions put in "Cannot find first on type string". */
export function listKind(v: unknown, fn: string): unknown[] {
  if (v === null || v === undefined) throw new Error(nilDereference)
  if (Array.isArray(v)) return v
  throw new Error(`Cannot find ${fn} on type ${reflectKind(v)}`)
}

/** reflect.DeepEqual over template values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  const ka = kindOf(a)
  if (ka !== kindOf(b)) return false
  switch (ka) {
    case 'nil':
      return true
    case 'int':
    case 'float':
      return toNumber(a) === toNumber(b)
    case 'list': {
      const la = a as unknown[]
      const lb = b as unknown[]
      return la.length === lb.length && la.every((e, i) => deepEqual(e ?? null, lb[i] ?? null))
    }
    case 'map': {
      const ma = a as GoMap
      const mb = b as GoMap
      const ea = ma instanceof Map ? [...ma.entries()] : Object.entries(ma)
      const size = mb instanceof Map ? mb.size : Object.keys(mb).length
      if (ea.length !== size) return false
      return ea.every(([k, e]) => {
        const has = mb instanceof Map ? mb.has(k) : Object.hasOwn(mb, k as string)
        const other = mb instanceof Map ? mb.get(k) : (mb as Record<string, unknown>)[k as string]
        return has && deepEqual(e ?? null, other ?? null)
      })
    }
    default:
      return a === b
  }
}

/**
 * How JavaScript values stand in for Go values: undefined is Go's "no value" (an invalid
 * reflect.Value, e.g. a missing map key), null is nil, integral numbers are int and others
 * float64, arrays are []interface {} and plain objects or Maps are map[string]interface {}.
 */
import type { FuncSpec } from './functions.js'

export type GoKind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'list' | 'map' | 'func' | 'other'

const INT64_LIMIT = 2 ** 63

/**
 * A float64 whose value happens to be integral (`2.0`, `1e6`, `float64 3`): JavaScript cannot tell
 * it from the int 2, but Go prints, compares and type-checks it as a float. Non-integral floats
 * stay plain numbers.
 */
export class GoFloat {
  constructor(readonly value: number) {}
}

/** A Go float64 result: boxed only when JavaScript would take it for an int. */
export function goFloat(n: number): number | GoFloat {
  return Number.isInteger(n) && Math.abs(n) < INT64_LIMIT ? new GoFloat(n) : n
}

/**
 * A Go value with methods (a gomplate namespace, a semver.Version, a time.Time): templates call
 * them as `.Method args`. `text` is how fmt prints it (its String method).
 */
export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly methods: Record<string, FuncSpec>,
    readonly text?: () => string,
    /** reflect.Kind's name: a pointer type (`*semver.Version`) is `ptr`; time.Duration says `int64`. */
    readonly kind: string = typeName.startsWith('*') ? 'ptr' : 'struct',
  ) {}
}

export function kindOf(v: unknown): GoKind {
  if (v === undefined || v === null) return 'nil'
  if (v instanceof GoFloat) return 'float'
  if (v instanceof GoStruct) return 'other'
  switch (typeof v) {
    case 'boolean':
      return 'bool'
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < INT64_LIMIT ? 'int' : 'float'
    case 'bigint':
      return 'int'
    case 'string':
      return 'string'
    case 'function':
      return 'func'
  }
  if (Array.isArray(v)) return 'list'
  if (v instanceof Date) return 'other'
  return 'map'
}

export type GoMap = Record<string, unknown> | Map<unknown, unknown>

export function isMap(v: unknown): v is GoMap {
  return kindOf(v) === 'map'
}

/** What Go calls each kind: its type name (%T, messages) and reflect.Kind's name (Sprig's kindOf). */
export const GO_KIND_NAMES: Record<Exclude<GoKind, 'other'>, { type: string; reflect: string }> = {
  nil: { type: '<nil>', reflect: 'invalid' },
  bool: { type: 'bool', reflect: 'bool' },
  int: { type: 'int', reflect: 'int' },
  float: { type: 'float64', reflect: 'float64' },
  string: { type: 'string', reflect: 'string' },
  list: { type: '[]interface {}', reflect: 'slice' },
  map: { type: 'map[string]interface {}', reflect: 'map' },
  func: { type: 'func', reflect: 'func' },
}

/** The Go type name used in messages and by %T. */
export function goTypeName(v: unknown): string {
  const kind = kindOf(v)
  if (kind !== 'other') return GO_KIND_NAMES[kind].type
  if (v instanceof GoStruct) return v.typeName
  return (v as object).constructor?.name ?? 'object'
}

/** Keys in the order Go's fmt and range use: sorted. */
export function mapKeys(m: GoMap): string[] {
  const keys = m instanceof Map ? [...m.keys()].map(String) : Object.keys(m)
  return keys.sort(compareStrings)
}

/** Byte-wise comparison of UTF-8 strings, as Go sorts them (code point order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0
  const ca = [...a]
  const cb = [...b]
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i].codePointAt(0)! - cb[i].codePointAt(0)!
    if (d !== 0) return d
  }
  return ca.length - cb.length
}

export function mapHas(m: GoMap, key: string): boolean {
  return m instanceof Map ? m.has(key) : Object.hasOwn(m, key)
}

export function mapGet(m: GoMap, key: string): unknown {
  return m instanceof Map ? m.get(key) : (m as Record<string, unknown>)[key]
}

export function mapSize(m: GoMap): number {
  return m instanceof Map ? m.size : Object.keys(m).length
}

/** Go's length of a string is its UTF-8 byte count. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** Truthiness as Go templates define it: the zero value and empty containers are false. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'nil':
      return false
    case 'bool':
      return v as boolean
    case 'int':
    case 'float':
      return toNumber(v) !== 0
    case 'string':
      return (v as string).length > 0
    case 'list':
      return (v as unknown[]).length > 0
    case 'map':
      return mapSize(v as GoMap) > 0
    default:
      return true
  }
}

/** The JavaScript number behind an int or float64 value. */
export function toNumber(v: unknown): number {
  if (v instanceof GoFloat) return v.value
  return typeof v === 'bigint' ? Number(v) : (v as number)
}

/** A value with its GoFloat boxes removed, for code outside the engine (caller functions, YAML output). */
export function plainValue(v: unknown): unknown {
  if (v instanceof GoFloat) return v.value
  if (Array.isArray(v)) return v.map(plainValue)
  if (v instanceof Map) return new Map([...v].map(([k, e]) => [k, plainValue(e)]))
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, plainValue(e)]))
  return v
}

/**
 * The Sprig functions atmos users reach for most, with Sprig's names, argument order and
 * semantics (e.g. `replace OLD NEW STRING`, `join SEP LIST`, arithmetic on int64 via cast).
 */
import type { FuncSpec } from './functions.js'
import { toGoJson } from './json.js'
import { formatValue } from './printf.js'
import { quote as goQuote } from './quote.js'
import { compareStrings, type GoMap, isTrue, kindOf, mapGet, mapHas, mapKeys } from './values.js'

/** Sprig's strval: strings as they are, anything else as fmt's %v. */
function strval(v: unknown): string {
  return typeof v === 'string' ? v : formatValue(v ?? null)
}

/** Sprig's strslice: a list's non-nil elements as strings; nil is empty; anything else is one string. */
function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((e) => e !== null && e !== undefined).map(strval)
  if (v === null || v === undefined) return []
  return [strval(v)]
}

/** Sprig's empty: the zero value or an empty container. */
function empty(v: unknown): boolean {
  return !isTrue(v)
}

/** unicode.IsSpace. */
const goSpace = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000'
const leadingSpace = new RegExp(`^[${goSpace}]+`)
const trailingSpace = new RegExp(`[${goSpace}]+$`)
const anySpace = new RegExp(`[${goSpace}]`, 'g')

function trimSpace(s: string): string {
  return s.replace(leadingSpace, '').replace(trailingSpace, '')
}

/** strings.Trim: drop leading and trailing runes that are in the cutset. */
function trimCutset(s: string, cutset: string): string {
  const cut = new Set(cutset)
  const runes = [...s]
  let start = 0
  let end = runes.length
  while (start < end && cut.has(runes[start])) start++
  while (end > start && cut.has(runes[end - 1])) end--
  return runes.slice(start, end).join('')
}

/** strings.Split: an empty separator splits after each rune. */
function split(s: string, sep: string): string[] {
  return sep === '' ? [...s] : s.split(sep)
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before and after every rune. */
function replaceAll(s: string, old: string, replacement: string): string {
  if (old === '') return replacement + [...s].map((r) => r + replacement).join('')
  return s.split(old).join(replacement)
}

/** strings.Title: upper-case the first letter of each word. */
function title(s: string): string {
  let prev = ' '
  let out = ''
  for (const r of s) {
    const upper = r.toUpperCase()
    out += isSeparator(prev) && [...upper].length === 1 ? upper : r
    prev = r
  }
  return out
}

function isSeparator(r: string): boolean {
  if (r.codePointAt(0)! <= 0x7f) return !/[0-9A-Za-z_]/.test(r)
  if (/[\p{L}\p{Nd}]/u.test(r)) return false
  return new RegExp(`^[${goSpace}]$`).test(r)
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

/** cast.ToInt64 with errors ignored, as Sprig's arithmetic uses it: what cannot convert is 0. */
export function toInt64(v: unknown): number {
  switch (kindOf(v)) {
    case 'int':
    case 'float': {
      const n = Math.trunc(Number(v))
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

function intDivision(op: 'div' | 'mod', a: unknown, b: unknown): number {
  const divisor = toInt64(b)
  if (divisor === 0) throw new Error('runtime error: integer divide by zero')
  const dividend = toInt64(a)
  return op === 'div' ? Math.trunc(dividend / divisor) : dividend % divisor
}

function dict(...pairs: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = 0; i < pairs.length; i += 2) out[strval(pairs[i])] = i + 1 < pairs.length ? pairs[i + 1] : ''
  return out
}

function required(message: string, value: unknown): unknown {
  if (value === null || value === '') throw new Error(message)
  return value
}

const s = 'string' as const
const any = 'any' as const

export function sprigFunctions(env: Record<string, string | undefined>): Record<string, FuncSpec> {
  return {
    default: {
      params: [any],
      variadic: any,
      call: (d, ...given) => (given.length === 0 || empty(given[0]) ? d : given[0]),
    },
    empty: { params: [any], call: empty },
    coalesce: { params: [], variadic: any, call: (...vs) => vs.find((v) => !empty(v)) ?? null },
    ternary: {
      params: [any, any, 'bool'],
      call: (whenTrue, whenFalse, cond: boolean) => (cond ? whenTrue : whenFalse),
    },
    lower: { params: [s], call: (v: string) => v.toLowerCase() },
    upper: { params: [s], call: (v: string) => v.toUpperCase() },
    title: { params: [s], call: title },
    replace: {
      params: [s, s, s],
      call: (old: string, repl: string, src: string) => replaceAll(src, old, repl),
    },
    trim: { params: [s], call: trimSpace },
    trimAll: { params: [s, s], call: (cutset: string, v: string) => trimCutset(v, cutset) },
    trimPrefix: { params: [s, s], call: (p: string, v: string) => (v.startsWith(p) ? v.slice(p.length) : v) },
    trimSuffix: {
      params: [s, s],
      call: (x: string, v: string) => (x !== '' && v.endsWith(x) ? v.slice(0, v.length - x.length) : v),
    },
    nospace: { params: [s], call: (v: string) => v.replace(anySpace, '') },
    quote: {
      params: [],
      variadic: any,
      call: (...vs) =>
        vs
          .filter((v) => v !== null)
          .map((v) => goQuote(strval(v)))
          .join(' '),
    },
    squote: {
      params: [],
      variadic: any,
      call: (...vs) =>
        vs
          .filter((v) => v !== null)
          .map((v) => `'${strval(v)}'`)
          .join(' '),
    },
    join: { params: [s, any], call: (sep: string, list) => strslice(list).join(sep) },
    split: {
      params: [s, s],
      call: (sep: string, v: string) => Object.fromEntries(split(v, sep).map((part, i) => [`_${i}`, part])),
    },
    splitList: { params: [s, s], call: (sep: string, v: string) => split(v, sep) },
    sortAlpha: { params: [any], call: (list) => strslice(list).sort(compareStrings) },
    contains: { params: [s, s], call: (sub: string, v: string) => v.includes(sub) },
    hasPrefix: { params: [s, s], call: (p: string, v: string) => v.startsWith(p) },
    hasSuffix: { params: [s, s], call: (x: string, v: string) => v.endsWith(x) },
    toString: { params: [any], call: strval },
    toJson: {
      params: [any],
      call: (v) => {
        try {
          return toGoJson(v)
        } catch {
          return '' // Sprig's toJson drops encoding errors (mustToJson would report them)
        }
      },
    },
    list: { params: [], variadic: any, call: (...vs) => vs },
    dict: { params: [], variadic: any, call: dict },
    get: {
      params: ['map', s],
      call: (m: GoMap | null, k: string) => (m && mapHas(m, k) ? mapGet(m, k) : ''),
    },
    hasKey: { params: ['map', s], call: (m: GoMap | null, k: string) => m !== null && mapHas(m, k) },
    keys: {
      params: [],
      variadic: 'map',
      call: (...ms: (GoMap | null)[]) => ms.flatMap((m) => (m ? mapKeys(m) : [])),
    },
    env: { params: [s], call: (name: string) => env[name] ?? '' },
    required: { params: [s, any], call: required },
    fail: {
      params: [s],
      call: (message: string) => {
        throw new Error(message)
      },
    },
    add: { params: [], variadic: any, call: (...vs) => vs.reduce<number>((sum, v) => sum + toInt64(v), 0) },
    sub: { params: [any, any], call: (a, b) => toInt64(a) - toInt64(b) },
    mul: {
      params: [any],
      variadic: any,
      call: (a, ...vs) => vs.reduce<number>((p, v) => p * toInt64(v), toInt64(a)),
    },
    div: { params: [any, any], call: (a, b) => intDivision('div', a, b) },
    mod: { params: [any, any], call: (a, b) => intDivision('mod', a, b) },
    int: { params: [any], call: toInt64 },
  }
}

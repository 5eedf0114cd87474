/** Go text/template's predefined functions, with Go's semantics and error messages. */
import type { FuncSpec } from './functions.js'
import { sprint, sprintf, sprintln } from './printf.js'
import { isPrint } from './quote.js'
import {
  byteLength,
  compareStrings,
  type GoMap,
  goTypeName,
  isTrue,
  kindOf,
  mapGet,
  mapHas,
  mapSize,
  toNumber,
} from './values.js'

/** Kinds that compare by value, as Go's basicKind: an int never compares with a float64. */
type Basic = 'bool' | 'int' | 'float' | 'string' | 'nil'

function basicKind(v: unknown): Basic | undefined {
  const k = kindOf(v)
  if (k === 'int' || k === 'float' || k === 'bool' || k === 'string' || k === 'nil') return k
  return undefined
}

const isNumberKind = (k: Basic | undefined) => k === 'int' || k === 'float'

const num = (v: unknown) => toNumber(v)

/** Go's eq: kinds must match unless one side is nil; lists and maps cannot be compared. */
function eq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison')
  const k1 = basicKind(a)
  for (const b of rest) {
    const k2 = basicKind(b)
    if (k1 !== k2) {
      if (isNil(a) || isNil(b)) continue // a value never equals nil
      throw new Error('incompatible types for comparison')
    }
    if (k1 === undefined) {
      if (isNil(a) || isNil(b)) continue
      throw new Error(`non-comparable type ${sprintf('%s', [b])}: ${goTypeName(b)}`)
    }
    if (k1 === 'nil' || (isNumberKind(k1) ? num(a) === num(b) : a === b)) return true
  }
  return false
}

const isNil = (v: unknown) => v === null || v === undefined

/** Go's lt: both sides numbers or both strings of one kind; anything else is an error. */
function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a)
  const k2 = basicKind(b)
  if (k1 === undefined || k1 === 'nil' || k2 === undefined || k2 === 'nil') {
    throw new Error('invalid type for comparison')
  }
  if (k1 !== k2) throw new Error('incompatible types for comparison')
  if (k1 === 'bool') throw new Error('invalid type for comparison')
  return isNumberKind(k1) ? num(a) < num(b) : compareStrings(a as string, b as string) < 0
}

function len(v: unknown): number {
  switch (kindOf(v)) {
    case 'nil':
      // a nil value has a type (interface {}); no value has none, and reflect panics asking for it
      throw new Error(v === null ? 'len of nil pointer' : 'reflect: call of reflect.Value.Type on zero Value')
    case 'string':
      return byteLength(v as string)
    case 'list':
      return (v as unknown[]).length
    case 'map':
      return mapSize(v as GoMap)
    default:
      throw new Error(`len of type ${goTypeName(v)}`)
  }
}

function indexArg(index: unknown, cap: number): number {
  const k = kindOf(index)
  if (k === 'nil') throw new Error('cannot index slice/array with nil')
  if (k !== 'int') throw new Error(`cannot index slice/array with type ${goTypeName(index)}`)
  const x = num(index)
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`)
  return x
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (kindOf(item) === 'nil') throw new Error('index of untyped nil')
  let cur = item
  for (const idx of indexes) {
    switch (kindOf(cur)) {
      case 'nil':
        throw new Error('index of untyped nil')
      case 'list': {
        const list = cur as unknown[]
        const x = indexArg(idx, list.length)
        if (x === list.length) throw new Error(`index out of range: ${x}`)
        cur = list[x] ?? null
        break
      }
      case 'string': {
        const bytes = Buffer.from(cur as string, 'utf8')
        const x = indexArg(idx, bytes.length)
        if (x === bytes.length) throw new Error(`index out of range: ${x}`)
        cur = bytes[x]
        break
      }
      case 'map': {
        if (kindOf(idx) === 'nil') throw new Error('value is nil; should be of type string')
        if (typeof idx !== 'string') throw new Error(`value has type ${goTypeName(idx)}; should be string`)
        const m = cur as GoMap
        cur = mapHas(m, idx) ? (mapGet(m, idx) ?? null) : null
        break
      }
      default:
        throw new Error(`can't index item of type ${goTypeName(cur)}`)
    }
  }
  return cur
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  const k = kindOf(item)
  if (k === 'nil') throw new Error('slice of untyped nil')
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`)
  if (k !== 'string' && k !== 'list') throw new Error(`can't slice item of type ${goTypeName(item)}`)
  if (k === 'string' && indexes.length === 3) throw new Error('cannot 3-index slice a string')
  const bytes = k === 'string' ? Buffer.from(item as string, 'utf8') : undefined
  const cap = bytes ? bytes.length : (item as unknown[]).length
  const idx = [0, cap]
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x, cap)
  })
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`)
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`)
  return bytes ? bytes.subarray(idx[0], idx[1]).toString('utf8') : (item as unknown[]).slice(idx[0], idx[1])
}

/** What html, js and urlquery escape: one string argument as is, anything else through Sprint. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0]
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)))
}

const htmlEscapes: Record<string, string> = {
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\0': '\uFFFD',
}

function html(...args: unknown[]): string {
  return evalArgs(args).replace(/["'&<>\0]/g, (c) => htmlEscapes[c])
}

const jsEscapes: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
}

function js(...args: unknown[]): string {
  let out = ''
  for (const ch of evalArgs(args)) {
    const cp = ch.codePointAt(0)!
    if (jsEscapes[ch]) out += jsEscapes[ch]
    else if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, '0')}`
    else if (cp >= 0x80 && !isPrint(ch)) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`
    else out += ch
  }
  return out
}

/** url.QueryEscape. */
function urlquery(...args: unknown[]): string {
  let out = ''
  for (const byte of Buffer.from(evalArgs(args), 'utf8')) {
    const c = String.fromCharCode(byte)
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c
    else if (c === ' ') out += '+'
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

function call(fn: unknown, ...args: unknown[]): unknown {
  if (kindOf(fn) === 'nil') throw new Error('call of nil')
  if (typeof fn !== 'function') throw new Error(`non-function of type ${goTypeName(fn)}`)
  return fn(...args.map((a) => a ?? null))
}

const v = 'value' as const

export const builtinFunctions: Record<string, FuncSpec> = {
  and: { params: [v], variadic: v, call: () => undefined, lazy: 'and' },
  or: { params: [v], variadic: v, call: () => undefined, lazy: 'or' },
  not: { params: [v], call: (a) => !isTrue(a) },
  len: { params: [v], call: len },
  index: { params: [v], variadic: v, call: index },
  slice: { params: [v], variadic: v, call: slice },
  eq: { params: [v], variadic: v, call: eq },
  ne: { params: [v, v], call: (a, b) => !eq(a, b) },
  lt: { params: [v, v], call: lt },
  le: { params: [v, v], call: (a, b) => lt(a, b) || eq(a, b) },
  gt: { params: [v, v], call: (a, b) => !(lt(a, b) || eq(a, b)) },
  ge: { params: [v, v], call: (a, b) => !lt(a, b) },
  printf: { params: ['string'], variadic: 'any', call: (format: string, ...args) => sprintf(format, args) },
  print: { params: [], variadic: 'any', call: (...args) => sprint(args) },
  println: { params: [], variadic: 'any', call: (...args) => sprintln(args) },
  html: { params: [], variadic: 'any', call: html },
  js: { params: [], variadic: 'any', call: js },
  urlquery: { params: [], variadic: 'any', call: urlquery },
  call: { params: [v], variadic: v, call },
}

/**
 * encoding/json.Marshal for template values: map keys sorted, `<`, `>` and `&` escaped as \u003c
 * and friends, U+2028/U+2029 escaped, floats spelled as Go spells them. Throws on what Go cannot
 * encode (NaN, infinities, functions).
 */
import { type GoMap, goFloat, kindOf, mapGet, mapKeys, toNumber } from './values.js'

const escapes: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

const htmlChars = new Set(['<', '>', '&'])

function encodeString(s: string, escapeHtml = true): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (!escapeHtml && htmlChars.has(ch)) out += ch
    else if (escapes[ch]) out += escapes[ch]
    else if (cp < 0x20) out += `\\u${cp.toString(16).padStart(4, '0')}`
    else if (cp >= 0xd800 && cp < 0xe000)
      out += '\\ufffd' // a lone surrogate is invalid UTF-8 in Go
    else out += ch
  }
  return `${out}"`
}

function encodeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`)
  if (Object.is(n, -0)) return '-0'
  // JavaScript and Go agree: shortest digits, exponent form below 1e-6 and from 1e21.
  return String(n)
}

export interface JsonOptions {
  /** json.MarshalIndent's indent; empty for compact output. */
  indent?: string
  /** Escape `<`, `>` and `&` (json.Marshal does; an Encoder with SetEscapeHTML(false) does not). */
  escapeHtml?: boolean
}

export function toGoJson(v: unknown, options: JsonOptions = {}): string {
  const indent = options.indent ?? ''
  const escapeHtml = options.escapeHtml ?? true
  const walk = (value: unknown, depth: number): string => {
    const nl = indent ? `\n${indent.repeat(depth + 1)}` : ''
    const close = indent ? `\n${indent.repeat(depth)}` : ''
    switch (kindOf(value)) {
      case 'nil':
        return 'null'
      case 'bool':
        return value ? 'true' : 'false'
      case 'int':
      case 'float':
        return typeof value === 'bigint' ? value.toString() : encodeNumber(toNumber(value))
      case 'string':
        return encodeString(value as string, escapeHtml)
      case 'list': {
        const list = value as unknown[]
        if (list.length === 0) return '[]'
        return `[${list.map((e) => nl + walk(e, depth + 1)).join(',')}${close}]`
      }
      case 'map': {
        const m = value as GoMap
        const keys = mapKeys(m)
        if (keys.length === 0) return '{}'
        const sep = indent ? ': ' : ':'
        return `{${keys.map((k) => `${nl}${encodeString(k, escapeHtml)}${sep}${walk(mapGet(m, k), depth + 1)}`).join(',')}${close}}`
      }
      case 'func':
        throw new Error('json: unsupported type: func')
      default:
        return encodeString(value instanceof Date ? value.toISOString() : String(value), escapeHtml)
    }
  }
  return walk(v, 0)
}

/** json.Unmarshal into interface{}: every number is a float64. */
export function fromGoJson(text: string): unknown {
  if (text.trim() === '') throw new Error('unexpected end of JSON input')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new Error(`invalid JSON: ${(err as Error).message}`)
  }
  const floats = (x: unknown): unknown => {
    if (typeof x === 'number') return goFloat(x)
    if (Array.isArray(x)) return x.map(floats)
    if (x !== null && typeof x === 'object')
      return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, floats(e)]))
    return x
  }
  return floats(parsed)
}

/**
 * encoding/json.Marshal for template values: map keys sorted, `<`, `>` and `&` escaped as \u003c
 * and friends, U+2028/U+2029 escaped, floats spelled as Go spells them. Throws on what Go cannot
 * encode (NaN, infinities, functions).
 */
import { type GoMap, kindOf, mapGet, mapKeys } from './values.js'

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

function encodeString(s: string): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (escapes[ch]) out += escapes[ch]
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

export function toGoJson(v: unknown): string {
  switch (kindOf(v)) {
    case 'nil':
      return 'null'
    case 'bool':
      return v ? 'true' : 'false'
    case 'int':
    case 'float':
      return typeof v === 'bigint' ? v.toString() : encodeNumber(v as number)
    case 'string':
      return encodeString(v as string)
    case 'list':
      return `[${(v as unknown[]).map(toGoJson).join(',')}]`
    case 'map': {
      const m = v as GoMap
      return `{${mapKeys(m)
        .map((k) => `${encodeString(k)}:${toGoJson(mapGet(m, k))}`)
        .join(',')}}`
    }
    case 'func':
      throw new Error('json: unsupported type: func')
    default:
      return encodeString(v instanceof Date ? v.toISOString() : String(v))
  }
}

/**
 * Go literal syntax inside actions: interpreted strings, raw strings, rune constants and numbers,
 * decoded the way Go's strconv does. Problems throw TemplateProblem with the offending text.
 */
import { TemplateProblem } from './errors.js'
import { type GoFloat, goFloat } from './values.js'

const simpleEscapes: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
}

/**
 * Decodes the body of an interpreted string or rune literal (without quotes) into Unicode code
 * points; `\x` and octal escapes are bytes, as in Go, so they are collected and decoded as UTF-8.
 */
function decodeEscapes(body: string, quote: '"' | "'", literal: string): string {
  const out: number[] = [] // UTF-8 bytes
  const pushRune = (cp: number) => out.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'))
  const bad = (why: string) => new TemplateProblem(`${why} in ${literal}`)
  for (let i = 0; i < body.length; ) {
    const cp = body.codePointAt(i)!
    const ch = String.fromCodePoint(cp)
    i += ch.length
    if (ch !== '\\') {
      pushRune(cp)
      continue
    }
    const e = body[i++]
    if (e === undefined) throw bad('unterminated escape sequence')
    if (e in simpleEscapes) {
      if ((e === "'" || e === '"') && e !== quote) throw bad(`invalid escape \\${e}`)
      out.push(simpleEscapes[e])
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = body.slice(i, i + n)
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw bad(`invalid escape \\${e}${hex}`)
      i += n
      const v = Number.parseInt(hex, 16)
      if (e === 'x') out.push(v)
      else if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
        throw bad(`invalid Unicode code point \\${e}${hex}`)
      else pushRune(v)
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i - 1, i + 2)
      if (!/^[0-7]{3}$/.test(oct) || Number.parseInt(oct, 8) > 255) throw bad(`invalid octal escape \\${oct}`)
      i += 2
      out.push(Number.parseInt(oct, 8))
    } else {
      throw bad(`unknown escape sequence \\${e}`)
    }
  }
  return Buffer.from(out).toString('utf8')
}

/** `"a\tb"` → `a<TAB>b`. */
export function unquoteString(literal: string): string {
  return decodeEscapes(literal.slice(1, -1), '"', literal)
}

/** `` `raw` `` → `raw`; carriage returns are dropped, as Go does. */
export function unquoteRaw(literal: string): string {
  return literal.slice(1, -1).replace(/\r/g, '')
}

/** `'a'` → 97: a rune constant is an integer. */
export function runeValue(literal: string): number {
  const body = literal.slice(1, -1)
  const decoded = body.startsWith('\\')
    ? body[1] === 'x' || (body[1] >= '0' && body[1] <= '7')
      ? rawByte(body, literal)
      : decodeEscapes(body, "'", literal)
    : body
  const chars = [...decoded]
  if (chars.length !== 1) throw new TemplateProblem(`malformed character constant: ${literal}`)
  return chars[0].codePointAt(0)!
}

/** In a rune literal `\xff` is the rune U+00FF, not a byte. */
function rawByte(body: string, literal: string): string {
  const m = /^\\(?:x([0-9a-fA-F]{2})|([0-7]{3}))$/.exec(body)
  if (!m) throw new TemplateProblem(`malformed character constant: ${literal}`)
  const v = m[1] ? Number.parseInt(m[1], 16) : Number.parseInt(m[2], 8)
  if (v > 255) throw new TemplateProblem(`malformed character constant: ${literal}`)
  return String.fromCodePoint(v)
}

const INT64_MAX = 2n ** 63n - 1n

/**
 * Go's strconv.ParseInt(text, 0, 64): decimal, 0x hex, 0o or leading-0 octal, 0b binary, `_`
 * between digits. Undefined when the text is not an integer literal.
 */
export function parseGoInt(text: string): number | bigint | undefined {
  const m = /^([+-]?)(0[xX]|0[oO]|0[bB]|0(?=[0-7_]))?([0-9a-fA-F_]*)$/.exec(text)
  if (!m) return undefined
  const [, sign, prefix = '', digits] = m
  const base = /^0[xX]$/.test(prefix) ? 16 : /^0[bB]$/.test(prefix) ? 2 : prefix ? 8 : 10
  const allowed = { 16: /^[0-9a-fA-F]$/, 10: /^[0-9]$/, 8: /^[0-7]$/, 2: /^[01]$/ }[base]!
  if (digits === '') return undefined
  if (base === 10 && /^0./.test(digits)) return undefined // `08`: not octal, not decimal
  if (digits.includes('__') || digits.endsWith('_')) return undefined
  if (digits.startsWith('_') && prefix === '') return undefined
  const clean = digits.replace(/_/g, '')
  if (![...clean].every((c) => allowed.test(c))) return undefined
  let value = 0n
  for (const c of clean) value = value * BigInt(base) + BigInt(Number.parseInt(c, 16))
  if (value > INT64_MAX + (sign === '-' ? 1n : 0n))
    throw new TemplateProblem(`integer overflow: ${JSON.stringify(text)}`)
  const signed = sign === '-' ? -value : value
  // beyond 2^53 a JavaScript number would change the value; a bigint is still an int
  return Number.isSafeInteger(Number(signed)) ? Number(signed) : signed
}

/**
 * A number literal as Go's template parser reads it (complex numbers are not supported): an int,
 * or a float64 when the text has a point or exponent (`1e6` is a float64 that prints `1e+06`).
 */
export function parseNumber(text: string): number | bigint | GoFloat {
  if (/i$/.test(text)) throw new TemplateProblem(`complex number ${text} is not supported`)
  const asInt = parseGoInt(text)
  if (asInt !== undefined) return asInt
  if (/^[+-]?0[xX].*[pP]/.test(text))
    throw new TemplateProblem(`hexadecimal floating-point number ${text} is not supported`)
  const decimal = /^[+-]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?$/
  if (/[.eE]/.test(text) && decimal.test(text) && !/__|_$|_\.|\._/.test(text)) {
    return goFloat(Number(text.replace(/_/g, '')))
  }
  throw new TemplateProblem(`illegal number syntax: ${JSON.stringify(text)}`)
}

/**
 * Go's fmt for the values templates see: Sprint, Sprintln and Sprintf with the common verbs, flags,
 * widths, precisions and argument indexes, including Go's in-band error strings such as
 * `%!d(string=x)`, `%!s(MISSING)` and `%!(EXTRA int=1)`.
 */

import { TemplateProblem } from './errors.js'
import { type FloatFormat, formatFloat } from './float.js'
import { canBackquote, quote, quoteRune } from './quote.js'
import { type GoMap, GoStruct, goTypeName, kindOf, mapGet, mapKeys, toNumber } from './values.js'

interface Flags {
  plus: boolean
  minus: boolean
  sharp: boolean
  space: boolean
  zero: boolean
  wid?: number
  prec?: number
}

const noFlags = (): Flags => ({ plus: false, minus: false, sharp: false, space: false, zero: false })

function runeCount(s: string): number {
  return [...s].length
}

/** strconv.FormatFloat(v, 'x', -1, 64): `0x1.4p+01`. */
function hexFloat(v: number, verb: 'x' | 'X'): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf'
  const sign = v < 0 || Object.is(v, -0) ? '-' : ''
  let out: string
  if (v === 0) out = '0x0p+00'
  else {
    const view = new DataView(new ArrayBuffer(8))
    view.setFloat64(0, Math.abs(v))
    const bits = view.getBigUint64(0)
    let exp = Number((bits >> 52n) & 0x7ffn)
    let mant = bits & ((1n << 52n) - 1n)
    if (exp === 0) {
      exp = -1022
      while ((mant & (1n << 52n)) === 0n) {
        mant <<= 1n
        exp--
      }
      mant &= (1n << 52n) - 1n
    } else exp -= 1023
    const digits = mant.toString(16).padStart(13, '0').replace(/0+$/, '')
    const e = Math.abs(exp)
    out = `0x1${digits ? `.${digits}` : ''}p${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`
  }
  return sign + (verb === 'X' ? out.toUpperCase() : out)
}

function pad(s: string, f: Flags, zeroOK = true): string {
  if (f.wid === undefined) return s
  const n = f.wid - runeCount(s)
  if (n <= 0) return s
  if (f.minus) return s + ' '.repeat(n)
  return (f.zero && zeroOK ? '0' : ' ').repeat(n) + s
}

function unsupported(what: string): TemplateProblem {
  return new TemplateProblem(`${what} is not supported`)
}

class Printer {
  f: Flags = noFlags()

  printArg(arg: unknown, verb: string, depth = 0): string {
    const kind = kindOf(arg)
    if (kind === 'nil') {
      if (depth > 0 || verb === 'v') return pad('<nil>', this.f)
      return verb === 'T' ? pad('<nil>', this.f) : `%!${verb}(<nil>)`
    }
    if (verb === 'T') return pad(goTypeName(arg), this.f)
    switch (kind) {
      case 'bool':
        return verb === 't' || verb === 'v' ? pad(String(arg), this.f) : this.badVerb(verb, arg)
      case 'int':
        return this.fmtInteger(arg as number | bigint, verb)
      case 'float':
        return this.fmtFloat(arg, verb)
      case 'string':
        return this.fmtString(arg as string, verb)
      case 'list':
        return `[${(arg as unknown[]).map((e) => this.printArg(e, verb, depth + 1)).join(' ')}]`
      case 'map': {
        const m = arg as GoMap
        const entries = mapKeys(m).map(
          (k) => `${this.printArg(k, verb, depth + 1)}:${this.printArg(mapGet(m, k), verb, depth + 1)}`,
        )
        return `map[${entries.join(' ')}]`
      }
      case 'func':
        throw unsupported('printing a function value')
      default:
        if (arg instanceof GoStruct)
          return verb === 'v' || verb === 's' ? pad(arg.text?.() ?? `{}`, this.f) : this.badVerb(verb, arg)
        return pad(arg instanceof Date ? arg.toISOString() : String(arg), this.f)
    }
  }

  private badVerb(verb: string, arg: unknown): string {
    return `%!${verb}(${goTypeName(arg)}=${this.printArg(arg, 'v', 1)})`
  }

  private fmtInteger(value: number | bigint, verb: string): string {
    const f = this.f
    const n = BigInt(value)
    switch (verb) {
      case 'c':
        return pad(String.fromCodePoint(validRune(n)), f)
      case 'q':
        return pad(quoteRune(Number(n), f.plus), f)
      case 'U': {
        const u = `U+${(n < 0n ? -n : n).toString(16).toUpperCase().padStart(4, '0')}`
        return pad(f.sharp && validRune(n) === Number(n) ? `${u} '${String.fromCodePoint(Number(n))}'` : u, f)
      }
    }
    const base = { v: 10, d: 10, b: 2, o: 8, O: 8, x: 16, X: 16 }[verb]
    if (base === undefined) return this.badVerb(verb, value)
    const negative = n < 0n
    let digits = (negative ? -n : n).toString(base)
    if (verb === 'X') digits = digits.toUpperCase()
    let prec = 0
    if (f.prec !== undefined) {
      prec = f.prec
      if (prec === 0 && n === 0n) return pad('', { ...f, zero: false })
    } else if (f.zero && !f.minus && f.wid !== undefined) {
      prec = f.wid - (negative || f.plus || f.space ? 1 : 0)
    }
    digits = digits.padStart(prec, '0')
    if (f.sharp) {
      if (verb === 'b') digits = `0b${digits}`
      else if (verb === 'o' && !digits.startsWith('0')) digits = `0${digits}`
      else if (verb === 'x') digits = `0x${digits}`
      else if (verb === 'X') digits = `0X${digits}`
    }
    if (verb === 'O') digits = `0o${digits}`
    const sign = negative ? '-' : f.plus ? '+' : f.space ? ' ' : ''
    return pad(sign + digits, f, false)
  }

  private fmtFloat(arg: unknown, verb: string): string {
    const v = toNumber(arg)
    const f = this.f
    let format: FloatFormat
    let prec = -1
    switch (verb) {
      case 'v':
        format = 'g'
        break
      case 'g':
      case 'G':
        format = verb
        break
      case 'e':
      case 'E':
      case 'f':
      case 'F':
        format = verb
        prec = 6
        break
      case 'x':
      case 'X':
        if (f.prec !== undefined || f.sharp)
          throw unsupported(`a precision or # with %${verb} for floating-point numbers`)
        return this.signed(hexFloat(v, verb))
      case 'b':
        throw unsupported(`the %${verb} verb for floating-point numbers`)
      default:
        return this.badVerb(verb, arg)
    }
    if (f.sharp && verb !== 'v') throw unsupported(`the # flag with %${verb}`)
    if (f.prec !== undefined) prec = f.prec
    return this.signed(formatFloat(v, format, prec))
  }

  /** fmt's sign, space and zero-padding rules for a formatted float. */
  private signed(formatted: string): string {
    const f = this.f
    let num = formatted
    if (!num.startsWith('-') && !num.startsWith('+')) num = `+${num}`
    if (f.space && num[0] === '+' && !f.plus) num = ` ${num.slice(1)}`
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1)
      return pad(num, f, false)
    }
    if (f.plus || num[0] !== '+') {
      if (f.zero && !f.minus && f.wid !== undefined && f.wid > num.length) {
        return num[0] + '0'.repeat(f.wid - num.length) + num.slice(1)
      }
      return pad(num, f)
    }
    return pad(num.slice(1), f)
  }

  private fmtString(s: string, verb: string): string {
    const f = this.f
    const truncated = f.prec !== undefined ? [...s].slice(0, f.prec).join('') : s
    switch (verb) {
      case 'v':
      case 's':
        return pad(truncated, f)
      case 'q':
        return pad(f.sharp && canBackquote(truncated) ? `\`${truncated}\`` : quote(truncated, f.plus), f)
      case 'x':
      case 'X': {
        let bytes = [...Buffer.from(s, 'utf8')]
        if (f.prec !== undefined) bytes = bytes.slice(0, f.prec)
        const hexes = bytes.map((b) => {
          const h = b.toString(16).padStart(2, '0')
          return verb === 'X' ? h.toUpperCase() : h
        })
        const prefix = verb === 'X' ? '0X' : '0x'
        const out = f.space
          ? hexes.map((h) => (f.sharp ? prefix + h : h)).join(' ')
          : (f.sharp && hexes.length ? prefix : '') + hexes.join('')
        return pad(out, f)
      }
      default:
        return this.badVerb(verb, s)
    }
  }

  sprintf(format: string, args: unknown[]): string {
    let out = ''
    let argNum = 0
    let reordered = false
    const end = format.length
    let i = 0
    // `[n]` explicit argument index; returns the new argNum, position, whether one was found and its validity.
    const argNumber = (pos: number): { pos: number; found: boolean; good: boolean } => {
      if (format[pos] !== '[') return { pos, found: false, good: true }
      reordered = true
      const close = format.indexOf(']', pos)
      const n = close < 0 ? Number.NaN : Number(format.slice(pos + 1, close))
      if (close < 0 || !/^\d+$/.test(format.slice(pos + 1, close))) {
        return { pos: close < 0 ? pos + 1 : close + 1, found: false, good: false }
      }
      if (n >= 1 && n <= args.length) {
        argNum = n - 1
        return { pos: close + 1, found: true, good: true }
      }
      return { pos: close + 1, found: true, good: false }
    }
    const intArg = (): number | undefined => {
      if (argNum >= args.length) return undefined
      const a = args[argNum++]
      if (kindOf(a) !== 'int') return undefined
      const n = toNumber(a)
      return Math.abs(n) > 1e6 ? undefined : n
    }
    const parseNum = (): number | undefined => {
      const m = /^\d+/.exec(format.slice(i))
      if (!m) return undefined
      i += m[0].length
      return Number(m[0])
    }

    while (i < end) {
      const pct = format.indexOf('%', i)
      if (pct < 0) {
        out += format.slice(i)
        break
      }
      out += format.slice(i, pct)
      i = pct + 1
      const f = noFlags()
      this.f = f
      let goodArgNum = true
      for (; i < end; i++) {
        const c = format[i]
        if (c === '#') f.sharp = true
        else if (c === '0') f.zero = !f.minus
        else if (c === '+') f.plus = true
        else if (c === '-') {
          f.minus = true
          f.zero = false
        } else if (c === ' ') f.space = true
        else break
      }
      let idx = argNumber(i)
      i = idx.pos
      goodArgNum &&= idx.good
      let afterIndex = idx.found
      if (format[i] === '*') {
        i++
        f.wid = intArg()
        if (f.wid === undefined) out += '%!(BADWIDTH)'
        else if (f.wid < 0) {
          f.wid = -f.wid
          f.minus = true
          f.zero = false
        }
        afterIndex = false
      } else {
        f.wid = parseNum()
        if (afterIndex && f.wid !== undefined) goodArgNum = false
      }
      if (i + 1 < end && format[i] === '.') {
        i++
        if (afterIndex) goodArgNum = false
        idx = argNumber(i)
        i = idx.pos
        goodArgNum &&= idx.good
        afterIndex = idx.found
        if (format[i] === '*') {
          i++
          f.prec = intArg()
          if (f.prec !== undefined && f.prec < 0) f.prec = undefined
          if (f.prec === undefined) out += '%!(BADPREC)'
          afterIndex = false
        } else {
          f.prec = parseNum() ?? 0
        }
      }
      if (!afterIndex) {
        idx = argNumber(i)
        i = idx.pos
        goodArgNum &&= idx.good
        afterIndex = idx.found
      }
      if (i >= end) {
        out += '%!(NOVERB)'
        break
      }
      const verb = String.fromCodePoint(format.codePointAt(i)!)
      i += verb.length
      if (verb === '%') out += '%'
      else if (!goodArgNum) out += `%!${verb}(BADINDEX)`
      else if (argNum >= args.length) out += `%!${verb}(MISSING)`
      else {
        if (verb === 'v') {
          if (f.sharp) throw unsupported('the %#v verb (Go syntax)')
          f.plus = false // %+v only changes how structs print
        }
        out += this.printArg(args[argNum], verb)
        argNum++
      }
    }
    if (!reordered && argNum < args.length) {
      this.f = noFlags()
      const extra = args
        .slice(argNum)
        .map((a) => (kindOf(a) === 'nil' ? '<nil>' : `${goTypeName(a)}=${this.printArg(a, 'v')}`))
      out += `%!(EXTRA ${extra.join(', ')})`
    }
    return out
  }
}

function validRune(n: bigint): number {
  return n >= 0n && n <= 0x10ffffn && !(n >= 0xd800n && n < 0xe000n) ? Number(n) : 0xfffd
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: unknown[]): string {
  return new Printer().sprintf(format, args)
}

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: unknown[]): string {
  const p = new Printer()
  let out = ''
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string'
    if (i > 0 && !isString && typeof args[i - 1] !== 'string') out += ' '
    out += p.printArg(arg, 'v')
  })
  return out
}

/** fmt.Sprintln: spaces between all operands, then a newline. */
export function sprintln(args: unknown[]): string {
  const p = new Printer()
  return `${args.map((a) => p.printArg(a, 'v')).join(' ')}\n`
}

/** fmt's %v of one value. */
export function formatValue(v: unknown): string {
  return new Printer().printArg(v, 'v')
}

/** Sprig's arithmetic: int64 functions through cast.ToInt64, float64 ones through decimal math. */
import { toFloat64, toInt64 } from './cast.js'
import type { FuncSpec } from './functions.js'
import { formatValue } from './printf.js'
import { goFloat } from './values.js'

function intDivision(op: 'div' | 'mod', a: unknown, b: unknown): number {
  const divisor = toInt64(b)
  if (divisor === 0) throw new Error('runtime error: integer divide by zero')
  const dividend = toInt64(a)
  return op === 'div' ? Math.trunc(dividend / divisor) : dividend % divisor
}

/**
 * shopspring/decimal as Sprig's addf/subf/mulf/divf use it: each operand is the shortest decimal
 * of its float64, the operation is exact (division to 16 decimal places), and the result is read
 * back as the nearest float64, so `addf 0.1 0.2` is 0.3, not 0.30000000000000004.
 */
interface Dec {
  n: bigint
  scale: number
}

function toDec(f: number): Dec {
  if (!Number.isFinite(f)) return { n: 0n, scale: 0 }
  const [mant, exp] = f.toExponential().split('e')
  const digits = mant.replace('.', '').replace('-', '')
  const neg = f < 0
  let scale = digits.length - 1 - Number(exp)
  let n = BigInt(digits)
  if (scale < 0) {
    n *= 10n ** BigInt(-scale)
    scale = 0
  }
  return { n: neg ? -n : n, scale }
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale)
  return [a.n * 10n ** BigInt(scale - a.scale), b.n * 10n ** BigInt(scale - b.scale), scale]
}

function decToFloat(d: Dec): number {
  const s = d.n < 0n ? (-d.n).toString() : d.n.toString()
  const padded = s.padStart(d.scale + 1, '0')
  const text = d.scale > 0 ? `${padded.slice(0, -d.scale)}.${padded.slice(-d.scale)}` : padded
  return Number((d.n < 0n ? '-' : '') + text)
}

const DIV_PRECISION = 16

function decOp(op: '+' | '-' | '*' | '/', x: Dec, y: Dec): Dec {
  switch (op) {
    case '+':
    case '-': {
      const [a, b, scale] = align(x, y)
      return { n: op === '+' ? a + b : a - b, scale }
    }
    case '*':
      return { n: x.n * y.n, scale: x.scale + y.scale }
    case '/': {
      if (y.n === 0n) throw new Error('decimal division by 0')
      // quotient rounded half away from zero at DIV_PRECISION places, as decimal.Div does
      const [a, b] = align(x, y)
      const scaled = a * 10n ** BigInt(DIV_PRECISION + 1)
      let q = scaled / b
      const neg = q < 0n
      if (neg) q = -q
      q = (q + 5n) / 10n
      return { n: neg ? -q : q, scale: DIV_PRECISION }
    }
  }
}

function decimalOp(op: '+' | '-' | '*' | '/', first: unknown, rest: unknown[]): number | object {
  let acc = toDec(toFloat64(first))
  for (const v of rest) acc = decOp(op, acc, toDec(toFloat64(v)))
  return goFloat(decToFloat(acc))
}

/** Sprig's round: away from the `roundOn` fraction (default .5) at `places` decimals. */
function round(a: unknown, places: number, roundOn?: number): number | object {
  const on = roundOn ?? 0.5
  const val = toFloat64(a)
  const pow = 10 ** places
  const digit = pow * val
  const frac = digit - Math.trunc(digit)
  const rounded = frac >= on ? Math.ceil(digit) : Math.floor(digit)
  return goFloat(rounded / pow)
}

function untilStep(start: number, stop: number, step: number): number[] {
  const out: number[] = []
  if (stop < start) {
    if (step >= 0) return out
    for (let i = start; i > stop; i += step) out.push(i)
    return out
  }
  if (step <= 0) return out
  for (let i = start; i < stop; i += step) out.push(i)
  return out
}

function seq(...params: number[]): string {
  let out: number[]
  switch (params.length) {
    case 1: {
      const end = params[0]
      const inc = end < 1 ? -1 : 1
      out = untilStep(1, end + inc, inc)
      break
    }
    case 2: {
      const [start, end] = params
      const step = end < start ? -1 : 1
      out = untilStep(start, end + step, step)
      break
    }
    case 3: {
      const [start, step, end] = params
      let inc = 1
      if (end < start) {
        inc = -1
        if (step > 0) return ''
      }
      out = untilStep(start, end + inc, step)
      break
    }
    default:
      return ''
  }
  return out.join(' ')
}

/** strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 on error. */
function toDecimal(v: unknown): number {
  const text = formatValue(v ?? null)
  const m = /^([+-]?)([0-7_]+)$/.exec(text)
  if (!m || text.includes('_')) return 0
  const n = Number.parseInt(m[2], 8)
  return m[1] === '-' ? -n : n
}

const any = 'any' as const
const int = 'int' as const
const float = 'float' as const

export const sprigMath: Record<string, FuncSpec> = {
  add: { params: [], variadic: any, call: (...vs) => vs.reduce<number>((sum, v) => sum + toInt64(v), 0) },
  add1: { params: [any], call: (v) => toInt64(v) + 1 },
  sub: { params: [any, any], call: (a, b) => toInt64(a) - toInt64(b) },
  mul: {
    params: [any],
    variadic: any,
    call: (a, ...vs) => vs.reduce<number>((p, v) => p * toInt64(v), toInt64(a)),
  },
  div: { params: [any, any], call: (a, b) => intDivision('div', a, b) },
  mod: { params: [any, any], call: (a, b) => intDivision('mod', a, b) },
  max: { params: [any], variadic: any, call: (a, ...vs) => Math.max(toInt64(a), ...vs.map(toInt64)) },
  biggest: { params: [any], variadic: any, call: (a, ...vs) => Math.max(toInt64(a), ...vs.map(toInt64)) },
  min: { params: [any], variadic: any, call: (a, ...vs) => Math.min(toInt64(a), ...vs.map(toInt64)) },
  maxf: {
    params: [any],
    variadic: any,
    call: (a, ...vs) => goFloat(Math.max(toFloat64(a), ...vs.map(toFloat64))),
  },
  minf: {
    params: [any],
    variadic: any,
    call: (a, ...vs) => goFloat(Math.min(toFloat64(a), ...vs.map(toFloat64))),
  },
  ceil: { params: [any], call: (a) => goFloat(Math.ceil(toFloat64(a))) },
  floor: { params: [any], call: (a) => goFloat(Math.floor(toFloat64(a))) },
  round: { params: [any, int], variadic: float, call: round },
  add1f: { params: [any], call: (a) => decimalOp('+', a, [1]) },
  addf: { params: [], variadic: any, call: (...vs) => decimalOp('+', 0, vs) },
  subf: { params: [any], variadic: any, call: (a, ...vs) => decimalOp('-', a, vs) },
  mulf: { params: [any], variadic: any, call: (a, ...vs) => decimalOp('*', a, vs) },
  divf: { params: [any], variadic: any, call: (a, ...vs) => decimalOp('/', a, vs) },
  int: { params: [any], call: toInt64 },
  int64: { params: [any], call: toInt64 },
  float64: { params: [any], call: (v) => goFloat(toFloat64(v)) },
  atoi: {
    params: ['string'],
    call: (v: string) => (/^[+-]?\d+$/.test(v) ? Number(v) : 0),
  },
  toDecimal: { params: [any], call: toDecimal },
  until: { params: [int], call: (n: number) => untilStep(0, n, n < 0 ? -1 : 1) },
  untilStep: { params: [int, int, int], call: untilStep },
  seq: { params: [], variadic: int, call: seq },
}

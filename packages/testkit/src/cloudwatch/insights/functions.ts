import type { AggregateName, Expr } from './ast.js'
import { ceilTime, floorTime } from './time.js'
import { Instant, toNumber, toText, type Value } from './values.js'

export interface FunctionContext {
  /** evaluates an argument against the current row */
  evaluate(expr: Expr): Value | undefined
  /** the current row's @timestamp, for bin() */
  timestamp(): number | undefined
}

interface FunctionSpec {
  minArgs: number
  maxArgs: number
  /** which arguments must be a period such as 5m */
  periodArgs?: number[]
  apply(args: Expr[], ctx: FunctionContext): Value | undefined
}

const text = (ctx: FunctionContext, e: Expr | undefined) => {
  if (!e) return undefined
  const v = ctx.evaluate(e)
  return v === undefined ? undefined : toText(v)
}
const num = (ctx: FunctionContext, e: Expr | undefined) => (e ? toNumber(ctx.evaluate(e)) : undefined)

const stringFn = (fn: (s: string) => Value): FunctionSpec => ({
  minArgs: 1,
  maxArgs: 1,
  apply: ([a], ctx) => {
    const s = text(ctx, a)
    return s === undefined ? undefined : fn(s)
  },
})
const numberFn = (fn: (n: number) => number): FunctionSpec => ({
  minArgs: 1,
  maxArgs: 1,
  apply: ([a], ctx) => {
    const n = num(ctx, a)
    return n === undefined ? undefined : fn(n)
  },
})

function periodOf(e: Expr | undefined): { amount: number; unit: 'ms' | 'month' | 'quarter' | 'year' } {
  if (e?.type !== 'duration') throw new Error('period argument was not checked at compile time')
  return { amount: e.amount, unit: e.unit }
}

const timeRounding = (round: typeof floorTime): FunctionSpec => ({
  minArgs: 2,
  maxArgs: 2,
  periodArgs: [1],
  apply: ([t, p], ctx) => {
    const ms = num(ctx, t)
    if (ms === undefined) return undefined
    const { amount, unit } = periodOf(p)
    return new Instant(round(ms, amount, unit))
  },
})

/** Scalar functions usable in fields, filter, sort, stats arguments and `by`. */
export const FUNCTIONS: Record<string, FunctionSpec> = {
  ispresent: { minArgs: 1, maxArgs: 1, apply: ([a], ctx) => ctx.evaluate(a as Expr) !== undefined },
  isempty: {
    minArgs: 1,
    maxArgs: 1,
    apply: ([a], ctx) => {
      const s = text(ctx, a)
      return s === undefined || s === ''
    },
  },
  isblank: {
    minArgs: 1,
    maxArgs: 1,
    apply: ([a], ctx) => {
      const s = text(ctx, a)
      return s === undefined || s.trim() === ''
    },
  },
  strlen: stringFn((s) => [...s].length),
  toupper: stringFn((s) => s.toUpperCase()),
  tolower: stringFn((s) => s.toLowerCase()),
  trim: stringFn((s) => s.trim()),
  ltrim: stringFn((s) => s.trimStart()),
  rtrim: stringFn((s) => s.trimEnd()),
  concat: {
    minArgs: 1,
    maxArgs: 100,
    apply: (args, ctx) => args.map((a) => text(ctx, a) ?? '').join(''),
  },
  strcontains: {
    minArgs: 2,
    maxArgs: 2,
    apply: ([a, b], ctx) => {
      const s = text(ctx, a)
      const sub = text(ctx, b)
      if (s === undefined || sub === undefined) return undefined
      return s.includes(sub) ? 1 : 0
    },
  },
  substr: {
    minArgs: 2,
    maxArgs: 3,
    apply: ([a, b, c], ctx) => {
      const s = text(ctx, a)
      const start = num(ctx, b)
      if (s === undefined || start === undefined) return undefined
      const length = c ? num(ctx, c) : undefined
      return length === undefined ? s.slice(start) : s.slice(start, start + length)
    },
  },
  replace: {
    minArgs: 3,
    maxArgs: 3,
    apply: ([a, b, c], ctx) => {
      const s = text(ctx, a)
      const find = text(ctx, b)
      if (s === undefined || find === undefined) return undefined
      return s.split(find).join(text(ctx, c) ?? '')
    },
  },
  abs: numberFn(Math.abs),
  ceil: numberFn(Math.ceil),
  floor: numberFn(Math.floor),
  sqrt: numberFn(Math.sqrt),
  greatest: {
    minArgs: 1,
    maxArgs: 100,
    apply: (args, ctx) => extreme(args, ctx, (a, b) => a > b),
  },
  least: {
    minArgs: 1,
    maxArgs: 100,
    apply: (args, ctx) => extreme(args, ctx, (a, b) => a < b),
  },
  frommillis: {
    minArgs: 1,
    maxArgs: 1,
    apply: ([a], ctx) => {
      const n = num(ctx, a)
      return n === undefined ? undefined : new Instant(n)
    },
  },
  tomillis: {
    minArgs: 1,
    maxArgs: 1,
    apply: ([a], ctx) => num(ctx, a),
  },
  datefloor: timeRounding(floorTime),
  dateceil: timeRounding(ceilTime),
  bin: {
    minArgs: 1,
    maxArgs: 1,
    periodArgs: [0],
    apply: ([p], ctx) => {
      const ms = ctx.timestamp()
      if (ms === undefined) return undefined
      const { amount, unit } = periodOf(p)
      return new Instant(floorTime(ms, amount, unit))
    },
  },
  coalesce: {
    minArgs: 1,
    maxArgs: 100,
    apply: (args, ctx) => {
      for (const a of args) {
        const v = ctx.evaluate(a)
        if (v !== undefined && v !== '') return v
      }
      return undefined
    },
  },
}

function extreme(args: Expr[], ctx: FunctionContext, better: (a: number, b: number) => boolean) {
  let best: number | undefined
  for (const a of args) {
    const n = num(ctx, a)
    if (n !== undefined && (best === undefined || better(n, best))) best = n
  }
  return best
}

export const AGGREGATES: ReadonlySet<AggregateName> = new Set([
  'count',
  'count_distinct',
  'sum',
  'avg',
  'min',
  'max',
])

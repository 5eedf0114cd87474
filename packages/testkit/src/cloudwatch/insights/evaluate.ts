import type { Expr } from './ast.js'
import { FUNCTIONS, type FunctionContext } from './functions.js'
import { compareForOperator, isTruthy, toNumber, toText, type Value, valuesEqual } from './values.js'

/** One result row while the pipeline runs: an event's fields, or a stats group. */
export class Row {
  constructor(
    readonly values: Map<string, Value>,
    /** the @ptr of the event this row came from; stats rows have none */
    readonly ptr?: string,
  ) {}

  get(name: string): Value | undefined {
    return this.values.get(name)
  }
}

/**
 * Evaluates an expression against a row. A missing field is `undefined`; any comparison, match or
 * arithmetic on a missing field is false or missing, so `not (f = 1)` holds for events without f.
 */
export function evaluate(expr: Expr, row: Row): Value | undefined {
  switch (expr.type) {
    case 'field':
      return row.get(expr.name)
    case 'literal':
      return expr.value
    case 'list':
    case 'regex':
    case 'duration':
    case 'star':
      return undefined
    case 'negate': {
      const n = toNumber(evaluate(expr.expr, row))
      return n === undefined ? undefined : -n
    }
    case 'binary': {
      const a = toNumber(evaluate(expr.left, row))
      const b = toNumber(evaluate(expr.right, row))
      if (a === undefined || b === undefined) return undefined
      const result =
        expr.op === '+'
          ? a + b
          : expr.op === '-'
            ? a - b
            : expr.op === '*'
              ? a * b
              : expr.op === '/'
                ? a / b
                : a % b
      return Number.isFinite(result) ? result : undefined
    }
    case 'compare': {
      const a = evaluate(expr.left, row)
      const b = evaluate(expr.right, row)
      if (a === undefined || b === undefined) return false
      switch (expr.op) {
        case '=':
          return valuesEqual(a, b)
        case '!=':
          return !valuesEqual(a, b)
        case '<':
          return compareForOperator(a, b) < 0
        case '<=':
          return compareForOperator(a, b) <= 0
        case '>':
          return compareForOperator(a, b) > 0
        case '>=':
          return compareForOperator(a, b) >= 0
      }
      return false
    }
    case 'logical': {
      const left = isTruthy(evaluate(expr.left, row))
      if (expr.op === 'and') return left && isTruthy(evaluate(expr.right, row))
      return left || isTruthy(evaluate(expr.right, row))
    }
    case 'not':
      return !isTruthy(evaluate(expr.expr, row))
    case 'like': {
      const v = evaluate(expr.subject, row)
      if (v === undefined) return expr.negated
      const s = toText(v)
      const matched = typeof expr.pattern === 'string' ? s.includes(expr.pattern) : regexTest(expr.pattern, s)
      return expr.negated ? !matched : matched
    }
    case 'in': {
      const v = evaluate(expr.subject, row)
      if (v === undefined) return expr.negated
      const found = expr.items.some((item) => {
        const candidate = evaluate(item, row)
        return candidate !== undefined && valuesEqual(v, candidate)
      })
      return expr.negated ? !found : found
    }
    case 'call': {
      const spec = FUNCTIONS[expr.name]
      if (!spec) return undefined
      const ctx: FunctionContext = {
        evaluate: (e) => evaluate(e, row),
        timestamp: () => toNumber(row.get('@timestamp')),
      }
      return spec.apply(expr.args, ctx)
    }
  }
}

function regexTest(regex: RegExp, s: string): boolean {
  regex.lastIndex = 0
  return regex.test(s)
}

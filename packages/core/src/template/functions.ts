/**
 * The function table: each function declares its parameter kinds so the evaluator can check
 * arguments the way Go's reflection-based call does (`wrong type for value; expected string; got int`).
 */
import { TemplateProblem } from './errors.js'
import { goTypeName, isMap, kindOf } from './values.js'

/**
 * 'any' is interface{} (no value arrives as nil); 'value' is reflect.Value (builtins that look at
 * values themselves); 'string', 'bool' and 'map' must have that Go type.
 */
export type ParamKind = 'any' | 'value' | 'string' | 'bool' | 'map'

export interface FuncSpec {
  params: ParamKind[]
  /** Present when the function takes any number of trailing arguments of this kind. */
  variadic?: ParamKind
  call: (...args: any[]) => unknown
  /** `and` and `or` evaluate their arguments lazily and return one of them. */
  lazy?: 'and' | 'or'
}

export type FuncTable = Map<string, FuncSpec>

export type UserFunction = (...args: unknown[]) => unknown

const goParamType: Record<ParamKind, string> = {
  any: 'interface {}',
  value: 'reflect.Value',
  string: 'string',
  bool: 'bool',
  map: 'map[string]interface {}',
}

/** Checks one argument against its parameter kind; returns what the function receives. */
export function checkArg(value: unknown, kind: ParamKind): unknown {
  const isNil = value === undefined || value === null
  switch (kind) {
    case 'value':
      return value
    case 'any':
      return isNil ? null : value
    case 'map':
      if (isNil) return null
      if (isMap(value)) return value
      break
    case 'string':
    case 'bool':
      if (isNil) throw new TemplateProblem(`invalid value; expected ${kind}`)
      if (kindOf(value) === kind) return value
      break
  }
  throw new TemplateProblem(`wrong type for value; expected ${goParamType[kind]}; got ${goTypeName(value)}`)
}

/** The parameter kind of argument `i` (0-based). */
export function paramKind(spec: FuncSpec, i: number): ParamKind {
  return i < spec.params.length ? spec.params[i] : (spec.variadic ?? 'any')
}

/** Wraps a caller's plain JavaScript function: any arguments, each nil-normalised. */
export function userFunction(fn: UserFunction): FuncSpec {
  return { params: [], variadic: 'any', call: fn }
}

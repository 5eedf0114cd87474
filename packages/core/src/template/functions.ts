/**
 * The function table: each function declares its parameter kinds so the evaluator can check
 * arguments the way Go's reflection-based call does (`wrong type for value; expected string; got int`).
 */
import { TemplateProblem } from './errors.js'
import { goTypeName, isMap, kindOf, plainValue, toNumber } from './values.js'

/**
 * 'any' is interface{} (no value arrives as nil); 'value' is reflect.Value (builtins that look at
 * values themselves); 'string', 'bool', 'int', 'float' and 'map' must have that Go type ('int'
 * arrives as a plain number, 'float' too).
 */
export type ParamKind = 'any' | 'value' | 'string' | 'bool' | 'int' | 'float' | 'map'

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
  int: 'int',
  float: 'float64',
  map: 'map[string]interface {}',
}

/**
 * Checks one argument against its parameter kind; returns what the function receives. `undefined`
 * is Go's invalid value (a missing key, a nil piped on); `null` is a nil interface value (a key
 * whose value is null), which Go will not convert to a string, int or map parameter.
 */
export function checkArg(value: unknown, kind: ParamKind): unknown {
  switch (kind) {
    case 'value':
      return value
    case 'any':
      return value ?? null
    case 'map':
      if (value === undefined) return null
      if (isMap(value)) return value
      break
    case 'string':
    case 'bool':
    case 'int':
    case 'float':
      if (value === undefined) throw new TemplateProblem(`invalid value; expected ${goParamType[kind]}`)
      if (kindOf(value) === kind) return kind === 'int' || kind === 'float' ? toNumber(value) : value
      break
  }
  const got = value === null ? 'interface {}' : goTypeName(value)
  throw new TemplateProblem(`wrong type for value; expected ${goParamType[kind]}; got ${got}`)
}

/** A literal written in the template, checked the way Go converts constants to parameter types. */
export function checkLiteral(
  node: { type: 'bool' | 'number' | 'string' | 'nil'; value?: unknown; text?: string },
  kind: ParamKind,
  written: string,
): unknown {
  if (node.type === 'nil') {
    if (kind === 'value') return undefined // Go's zero reflect.Value: no value at all
    if (kind === 'any' || kind === 'map') return null
    throw new TemplateProblem(`cannot assign nil to ${goParamType[kind]}`)
  }
  const value = node.value
  switch (kind) {
    case 'any':
    case 'value':
      return value
    case 'string':
    case 'bool':
      if (node.type === kind) return value
      throw new TemplateProblem(`expected ${kind}; found ${written}`)
    case 'int':
      if (node.type === 'number' && Number.isInteger(toNumber(value))) return toNumber(value)
      throw new TemplateProblem(`expected integer; found ${written}`)
    case 'float':
      if (node.type === 'number') return toNumber(value)
      throw new TemplateProblem(`expected float; found ${written}`)
    case 'map':
      throw new TemplateProblem(`can't handle ${written} for arg of type ${goParamType[kind]}`)
  }
}

/** The parameter kind of argument `i` (0-based). */
export function paramKind(spec: FuncSpec, i: number): ParamKind {
  return i < spec.params.length ? spec.params[i] : (spec.variadic ?? 'any')
}

/** Wraps a caller's plain JavaScript function: any arguments, each nil-normalised. */
export function userFunction(fn: UserFunction): FuncSpec {
  return { params: [], variadic: 'any', call: (...args: unknown[]) => fn(...args.map(plainValue)) }
}

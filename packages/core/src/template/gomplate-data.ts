/**
 * gomplate's data, coll and math namespaces. YAML is read and written by the `yaml` package, the
 * one copy core bundles (vendor/yaml), which reading the project has loaded already.
 */
import { stringify as stringifyYaml, type Tags, parse as yamlParse } from '../vendor/yaml.js'
import { deepEqual } from './cast.js'
import type { FuncSpec } from './functions.js'
import { convToString, gomplateFloat, gomplateInt, has } from './gomplate.js'
import { toGoJson } from './json.js'
import { dict, merge } from './sprig-collections.js'
import {
  compareStrings,
  GoFloat,
  type GoMap,
  goFloat,
  isMap,
  kindOf,
  mapGet,
  mapHas,
  mapKeys,
  plainValue,
  toNumber,
} from './values.js'

/** YAML's float tags resolve to float64 values, so `2.0` stays a float as Go's YAML reader keeps it. */
function floatTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:float' || !('resolve' in tag)) return tag
    const resolve = tag.resolve as (...args: unknown[]) => unknown
    return {
      ...tag,
      resolve: (...args: unknown[]) => {
        const r = resolve(...args)
        return goFloat(typeof r === 'number' ? r : Number((r as { value: unknown }).value))
      },
    }
  }) as Tags
}

/** YAML (and JSON, which gomplate reads as YAML) into template values: integers int, floats float64. */
function parseYaml(text: string, what: string): unknown {
  try {
    return yamlParse(text, { customTags: floatTags })
  } catch (err) {
    throw new Error(`unable to unmarshal ${what}: ${(err as Error).message.split('\n')[0]}`)
  }
}

function object(text: string, what: string): unknown {
  const v = parseYaml(text, what)
  if (!isMap(v)) throw new Error(`unable to unmarshal ${what} object ${JSON.stringify(text)}`)
  return v
}

function array(text: string, what: string): unknown {
  const v = parseYaml(text, what)
  if (!Array.isArray(v)) throw new Error(`unable to unmarshal ${what} array ${JSON.stringify(text)}`)
  return v
}

function toYaml(v: unknown): string {
  return stringifyYaml(plainValue(v), { indent: 2, sortMapEntries: true, lineWidth: 0 })
}

const any = 'any' as const

export const gomplateData: Record<string, FuncSpec> = {
  JSON: { params: [any], call: (v) => object(convToString(v), 'JSON') },
  JSONArray: { params: [any], call: (v) => array(convToString(v), 'JSON') },
  YAML: { params: [any], call: (v) => object(convToString(v), 'YAML') },
  YAMLArray: { params: [any], call: (v) => array(convToString(v), 'YAML') },
  ToJSON: { params: [any], call: (v) => toGoJson(v) },
  ToJSONPretty: {
    params: ['string', any],
    call: (indent: string, v) => toGoJson(v, { indent }),
  },
  ToYAML: { params: [any], call: toYaml },
}

function list(v: unknown, fn: string): unknown[] {
  if (Array.isArray(v)) return v
  throw new Error(`wrong type for value; expected []interface {} in ${fn}; got ${kindOf(v)}`)
}

function sortList(...args: unknown[]): unknown[] {
  const [key, items] = args.length === 2 ? [convToString(args[0]), args[1]] : [undefined, args[0]]
  const l = [...list(items, 'Sort')]
  const sortKey = (e: unknown) =>
    key !== undefined && isMap(e) ? (mapHas(e, key) ? mapGet(e, key) : null) : e
  return l.sort((a, b) => {
    const x = sortKey(a)
    const y = sortKey(b)
    if (typeof x === 'number' || x instanceof GoFloat) return toNumber(x) - toNumber(y)
    return compareStrings(convToString(x), convToString(y))
  })
}

function flatten(...args: unknown[]): unknown[] {
  const [depth, items] = args.length === 2 ? [gomplateInt(args[0]), args[1]] : [-1, args[0]]
  const walk = (l: unknown[], d: number): unknown[] =>
    l.flatMap((e) => (Array.isArray(e) && d !== 0 ? walk(e, d - 1) : [e]))
  return walk(list(items, 'Flatten'), depth)
}

function pickOmit(keep: boolean) {
  return (...args: unknown[]) => {
    const m = args[args.length - 1]
    if (!isMap(m)) throw new Error('wrong map type: must be map[string]interface{}')
    const keys = args
      .slice(0, -1)
      .flatMap((k) => (Array.isArray(k) ? k : [k]))
      .map(convToString)
    return Object.fromEntries(
      mapKeys(m)
        .filter((k) => keys.includes(k) === keep)
        .map((k) => [k, mapGet(m, k)]),
    )
  }
}

export const gomplateCollections: Record<string, FuncSpec> = {
  Slice: { params: [], variadic: any, call: (...vs) => vs },
  Has: { params: [any, any], call: has },
  Dict: {
    params: [],
    variadic: any,
    call: (...vs) => dict(...vs.map((v, i) => (i % 2 === 0 ? convToString(v) : v))),
  },
  Keys: {
    params: [],
    variadic: 'map',
    call: (...ms: (GoMap | null)[]) => ms.flatMap((m) => (m ? mapKeys(m) : [])),
  },
  Values: {
    params: [],
    variadic: 'map',
    call: (...ms: (GoMap | null)[]) => ms.flatMap((m) => (m ? mapKeys(m).map((k) => mapGet(m, k)) : [])),
  },
  Append: { params: [any, any], call: (v, l) => [...list(l, 'Append'), v] },
  Prepend: { params: [any, any], call: (v, l) => [v, ...list(l, 'Prepend')] },
  Uniq: {
    params: [any],
    call: (l) =>
      list(l, 'Uniq').filter((e, i, all) => all.findIndex((o) => deepEqual(o ?? null, e ?? null)) === i),
  },
  Reverse: { params: [any], call: (l) => [...list(l, 'Reverse')].reverse() },
  Merge: { params: ['map'], variadic: 'map', call: (d, ...ss) => merge(false, d, ...ss) },
  Sort: { params: [], variadic: any, call: sortList },
  Flatten: { params: [], variadic: any, call: flatten },
  Pick: { params: [], variadic: any, call: pickOmit(true) },
  Omit: { params: [], variadic: any, call: pickOmit(false) },
}

/** gomplate's math keeps ints as int64 unless an argument is a float (or a string that reads as one). */
function isFloatArg(v: unknown): boolean {
  if (kindOf(v) === 'float') return true
  return typeof v === 'string' && /[.eE]/.test(v) && !Number.isNaN(Number(v))
}

function isIntArg(v: unknown): boolean {
  if (kindOf(v) === 'int') return true
  return typeof v === 'string' && /^[+-]?(0[xX][0-9a-fA-F]+|0[oObB]?[0-7]+|[0-9]+)$/.test(v)
}

const numeric = (vs: unknown[], ints: (ns: number[]) => number, floats: (ns: number[]) => number) =>
  vs.some(isFloatArg) ? goFloat(floats(vs.map(gomplateFloat))) : ints(vs.map(gomplateInt))

function seq(...args: unknown[]): number[] {
  let [start, end, step] = [1, 0, 1]
  if (args.length === 1) end = gomplateInt(args[0])
  else if (args.length === 2) [start, end] = [gomplateInt(args[0]), gomplateInt(args[1])]
  else if (args.length === 3) [start, end, step] = args.map(gomplateInt) as [number, number, number]
  else throw new Error(`expected 1, 2, or 3 args, got ${args.length}`)
  if (end < start && step > 0) step = -step
  const out: number[] = []
  if (step === 0) return out
  for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(i)
  return out
}

export const gomplateMath: Record<string, FuncSpec> = {
  Abs: {
    params: [any],
    call: (v) => (isFloatArg(v) ? goFloat(Math.abs(gomplateFloat(v))) : Math.abs(gomplateInt(v))),
  },
  Add: {
    params: [],
    variadic: any,
    call: (...vs) =>
      numeric(
        vs,
        (ns) => ns.reduce((a, b) => a + b, 0),
        (ns) => ns.reduce((a, b) => a + b, 0),
      ),
  },
  Sub: {
    params: [any, any],
    call: (a, b) =>
      numeric(
        [a, b],
        ([x, y]) => x - y,
        ([x, y]) => x - y,
      ),
  },
  Mul: {
    params: [],
    variadic: any,
    call: (...vs) =>
      numeric(
        vs,
        (ns) => ns.reduce((a, b) => a * b, 1),
        (ns) => ns.reduce((a, b) => a * b, 1),
      ),
  },
  Div: {
    params: [any, any],
    call: (a, b) => {
      const d = gomplateFloat(b)
      if (d === 0) throw new Error('error attempting to divide by zero')
      return goFloat(gomplateFloat(a) / d)
    },
  },
  Rem: { params: [any, any], call: (a, b) => gomplateInt(a) % gomplateInt(b) },
  Pow: {
    params: [any, any],
    call: (a, b) => {
      const r = gomplateFloat(a) ** gomplateFloat(b)
      return isFloatArg(a) || isFloatArg(b) || !Number.isInteger(r) ? goFloat(r) : r
    },
  },
  Seq: { params: [], variadic: any, call: seq },
  Max: {
    params: [any],
    variadic: any,
    call: (...vs) =>
      numeric(
        vs,
        (ns) => Math.max(...ns),
        (ns) => Math.max(...ns),
      ),
  },
  Min: {
    params: [any],
    variadic: any,
    call: (...vs) =>
      numeric(
        vs,
        (ns) => Math.min(...ns),
        (ns) => Math.min(...ns),
      ),
  },
  Ceil: { params: [any], call: (v) => goFloat(Math.ceil(gomplateFloat(v))) },
  Floor: { params: [any], call: (v) => goFloat(Math.floor(gomplateFloat(v))) },
  Round: {
    params: [any],
    call: (v) => {
      const f = gomplateFloat(v)
      return goFloat(Math.sign(f) * Math.round(Math.abs(f)))
    },
  },
  IsInt: { params: [any], call: isIntArg },
  IsFloat: { params: [any], call: isFloatArg },
  IsNum: { params: [any], call: (v) => isIntArg(v) || isFloatArg(v) },
}

/** Sprig's list and dict functions, with Sprig's errors (`Cannot find first on type string`). */
import { deepEqual, empty, listKind, nilDereference, reflectKind, strval, toInt64 } from './cast.js'
import type { FuncSpec } from './functions.js'
import { type GoMap, isMap, mapGet, mapHas, mapKeys } from './values.js'

type Dict = Record<string, unknown>

/** The template's maps are plain objects or Maps; functions that change a map change it in place. */
function entries(m: GoMap): [string, unknown][] {
  return mapKeys(m).map((k) => [k, mapGet(m, k)])
}

function setKey(m: GoMap, k: string, v: unknown): void {
  if (m instanceof Map) m.set(k, v)
  else m[k] = v
}

function deleteKey(m: GoMap, k: string): void {
  if (m instanceof Map) m.delete(k)
  else delete m[k]
}

/** Go's panic message for a list function given something else; `must*` variants return it. */
function listOf(v: unknown, fn: string, message?: (kind: string) => string): unknown[] {
  if (message && Array.isArray(v)) return v
  if (message) {
    if (v === null || v === undefined) throw new Error(nilDereference)
    throw new Error(message(reflectKind(v)))
  }
  return listKind(v, fn)
}

const orNull = (v: unknown) => (v === undefined ? null : v)

function firstOf(list: unknown): unknown {
  const l = listOf(list, 'first')
  return l.length === 0 ? null : orNull(l[0])
}

function lastOf(list: unknown): unknown {
  const l = listOf(list, 'last')
  return l.length === 0 ? null : orNull(l[l.length - 1])
}

function restOf(list: unknown): unknown {
  const l = listOf(list, 'rest')
  return l.length === 0 ? [] : l.slice(1)
}

function initialOf(list: unknown): unknown {
  const l = listOf(list, 'initial')
  return l.length === 0 ? [] : l.slice(0, -1)
}

function uniq(list: unknown): unknown[] {
  const out: unknown[] = []
  for (const item of listOf(list, 'uniq'))
    if (!out.some((o) => deepEqual(o, item ?? null))) out.push(item ?? null)
  return out
}

function without(list: unknown, ...omit: unknown[]): unknown[] {
  return listOf(list, 'without').filter((item) => !omit.some((o) => deepEqual(o, item ?? null)))
}

function has(needle: unknown, haystack: unknown): boolean {
  if (haystack === null) return false
  return listOf(haystack, 'has').some((item) => deepEqual(needle, item ?? null))
}

/** Sprig's slice replaces Go's builtin: lists only, indices through cast.ToInt. */
function slice(list: unknown, ...indices: unknown[]): unknown {
  const l = listOf(list, 'slice', (k) => `list should be type of slice or array but ${k}`)
  if (l.length === 0) return null
  const start = indices.length > 0 ? toInt64(indices[0]) : 0
  const end = indices.length < 2 ? l.length : toInt64(indices[1])
  if (start < 0 || end > l.length || start > end)
    throw new Error('reflect.Value.Slice: slice index out of bounds')
  return l.slice(start, end)
}

function concat(...lists: unknown[]): unknown {
  const out: unknown[] = []
  for (const l of lists) {
    if (l === null || l === undefined) throw new Error(nilDereference)
    if (!Array.isArray(l)) throw new Error(`Cannot concat type ${reflectKind(l)} as list`)
    out.push(...l)
  }
  return out
}

function chunk(size: number, list: unknown, must = false): unknown[][] {
  const l = listOf(list, 'chunk', must ? (k) => `Cannot chunk type ${k}` : (k) => `Cannot chunk type ${k}`)
  const count = Math.floor((l.length - 1) / size) + 1
  if (!Number.isFinite(count) || count < 0) throw new Error('runtime error: makeslice: len out of range')
  const out: unknown[][] = []
  for (let i = 0; i < count; i++) {
    let clen = size
    if (i === count - 1) {
      clen = Math.floor(l.length % size)
      if (clen === 0 || Number.isNaN(clen)) clen = size
    }
    if (clen < 0) throw new Error('runtime error: makeslice: len out of range')
    const part: unknown[] = []
    for (let j = 0; j < clen; j++) {
      const ix = i * size + j
      if (ix >= l.length || ix < 0)
        throw new Error(`runtime error: index out of range [${ix}] with length ${l.length}`)
      part.push(orNull(l[ix]))
    }
    out.push(part)
  }
  return out
}

export function dict(...pairs: unknown[]): Dict {
  const out: Dict = {}
  for (let i = 0; i < pairs.length; i += 2) out[strval(pairs[i])] = i + 1 < pairs.length ? pairs[i + 1] : ''
  return out
}

/**
 * imdario/mergo's Merge into a map: nil source values are skipped, maps merge deeply, and other
 * values fill keys that are missing or empty (with overwrite: replace them, even with empty ones).
 */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const [k, sv] of entries(src)) {
    if (sv === null || sv === undefined) continue
    const has = mapHas(dst, k)
    const dv = has ? mapGet(dst, k) : undefined
    if (has && isMap(dv) && isMap(sv)) {
      mergeInto(dv, sv, overwrite)
      continue
    }
    if (!has || empty(dv) || overwrite) setKey(dst, k, sv)
  }
}

export function merge(overwrite: boolean, dst: GoMap | null, ...srcs: (GoMap | null)[]): unknown {
  const target = dst ?? {}
  for (const src of srcs) if (src) mergeInto(target, src, overwrite)
  return target
}

function deepCopy(v: unknown): unknown {
  if (v === null || v === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value')
  return copyOf(v)
}

function copyOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyOf)
  if (isMap(v)) return Object.fromEntries(entries(v).map(([k, e]) => [k, copyOf(e)]))
  return v
}

function dig(...args: unknown[]): unknown {
  if (args.length < 3) throw new Error('dig needs at least three arguments')
  const last = args[args.length - 1]
  if (!isMap(last))
    throw new Error(`interface conversion: interface {} is ${goTypeOf(last)}, not map[string]interface {}`)
  const fallback = args[args.length - 2]
  const keys = args.slice(0, -2).map((k) => {
    if (typeof k !== 'string')
      throw new Error(`interface conversion: interface {} is ${goTypeOf(k)}, not string`)
    return k
  })
  let cur: GoMap = last
  for (const [i, k] of keys.entries()) {
    if (!mapHas(cur, k)) return fallback
    const step = mapGet(cur, k) ?? null
    if (i === keys.length - 1) return step
    if (!isMap(step))
      throw new Error(`interface conversion: interface {} is ${goTypeOf(step)}, not map[string]interface {}`)
    cur = step
  }
  return fallback
}

function goTypeOf(v: unknown): string {
  const k = reflectKind(v)
  if (k === 'invalid') return 'nil'
  if (k === 'slice') return '[]interface {}'
  if (k === 'map') return 'map[string]interface {}'
  return k
}

const any = 'any' as const
const map = 'map' as const
const s = 'string' as const
const int = 'int' as const

/** Plain and must* variants: the plain one panics with the same message, so both fail the same way. */
function both(name: string, spec: FuncSpec): Record<string, FuncSpec> {
  return { [name]: spec, [`must${name[0].toUpperCase()}${name.slice(1)}`]: spec }
}

export const sprigCollections: Record<string, FuncSpec> = {
  list: { params: [], variadic: any, call: (...vs) => vs },
  tuple: { params: [], variadic: any, call: (...vs) => vs },
  ...both('append', {
    params: [any, any],
    call: (l, v) => [...listOf(l, 'push', (k) => `Cannot push on type ${k}`), v],
  }),
  ...both('push', {
    params: [any, any],
    call: (l, v) => [...listOf(l, 'push', (k) => `Cannot push on type ${k}`), v],
  }),
  ...both('prepend', {
    params: [any, any],
    call: (l, v) => [v, ...listOf(l, 'prepend', (k) => `Cannot prepend on type ${k}`)],
  }),
  ...both('first', { params: [any], call: firstOf }),
  ...both('last', { params: [any], call: lastOf }),
  ...both('rest', { params: [any], call: restOf }),
  ...both('initial', { params: [any], call: initialOf }),
  ...both('reverse', { params: [any], call: (l) => [...listOf(l, 'reverse')].reverse() }),
  ...both('uniq', { params: [any], call: uniq }),
  ...both('compact', {
    params: [any],
    call: (l) => listOf(l, 'compact', (k) => `Cannot compact on type ${k}`).filter((e) => !empty(e)),
  }),
  ...both('without', { params: [any], variadic: any, call: without }),
  ...both('has', { params: [any, any], call: has }),
  ...both('slice', { params: [any], variadic: any, call: slice }),
  ...both('chunk', { params: [int, any], call: (n: number, l) => chunk(n, l) }),
  concat: { params: [], variadic: any, call: concat },
  dict: { params: [], variadic: any, call: dict },
  get: { params: [map, s], call: (m: GoMap | null, k: string) => (m && mapHas(m, k) ? mapGet(m, k) : '') },
  set: {
    params: [map, s, any],
    call: (m: GoMap | null, k: string, v) => {
      if (!m) throw new Error('assignment to entry in nil map')
      setKey(m, k, v)
      return m
    },
  },
  unset: {
    params: [map, s],
    call: (m: GoMap | null, k: string) => {
      if (m) deleteKey(m, k)
      return m ?? {}
    },
  },
  hasKey: { params: [map, s], call: (m: GoMap | null, k: string) => m !== null && mapHas(m, k) },
  pluck: {
    params: [s],
    variadic: map,
    call: (k: string, ...ms: (GoMap | null)[]) =>
      ms.filter((m) => m && mapHas(m, k)).map((m) => mapGet(m!, k)),
  },
  keys: {
    params: [],
    variadic: map,
    call: (...ms: (GoMap | null)[]) => ms.flatMap((m) => (m ? mapKeys(m) : [])),
  },
  pick: {
    params: [map],
    variadic: s,
    call: (m: GoMap | null, ...ks: string[]) =>
      Object.fromEntries(ks.filter((k) => m && mapHas(m, k)).map((k) => [k, mapGet(m!, k)])),
  },
  omit: {
    params: [map],
    variadic: s,
    call: (m: GoMap | null, ...ks: string[]) =>
      Object.fromEntries(m ? entries(m).filter(([k]) => !ks.includes(k)) : []),
  },
  merge: { params: [map], variadic: map, call: (d, ...ss) => merge(false, d, ...ss) },
  mustMerge: { params: [map], variadic: map, call: (d, ...ss) => merge(false, d, ...ss) },
  mergeOverwrite: { params: [map], variadic: map, call: (d, ...ss) => merge(true, d, ...ss) },
  mustMergeOverwrite: { params: [map], variadic: map, call: (d, ...ss) => merge(true, d, ...ss) },
  values: { params: [map], call: (m: GoMap | null) => (m ? entries(m).map(([, v]) => v) : []) },
  deepCopy: { params: [any], call: deepCopy },
  mustDeepCopy: { params: [any], call: deepCopy },
  dig: { params: [], variadic: any, call: dig },
}

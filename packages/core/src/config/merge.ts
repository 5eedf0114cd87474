/**
 * Deep merge as atmos does it: maps merge key by key, later values win, lists and scalars are
 * replaced whole. A `null` in a later layer does not erase an earlier value (atmos's merge skips
 * empty sources). Inputs are never mutated.
 */

export type PlainObject = Record<string, unknown>

/** A map as YAML and JSON make them; class instances (a Date, a YAML function atmos computes) are values. */
export function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue)
  if (isPlainObject(value)) {
    const out: PlainObject = {}
    for (const [k, v] of Object.entries(value)) out[k] = cloneValue(v)
    return out
  }
  return value
}

function mergeInto(target: PlainObject, source: PlainObject): void {
  for (const [key, value] of Object.entries(source)) {
    if (value === null || value === undefined) {
      if (!(key in target)) target[key] = value
      continue
    }
    const existing = target[key]
    if (isPlainObject(value) && isPlainObject(existing)) mergeInto(existing, value)
    else target[key] = cloneValue(value)
  }
}

/** Merge the layers left to right into a fresh object. Non-object layers are ignored. */
export function deepMerge(...layers: unknown[]): PlainObject {
  const out: PlainObject = {}
  for (const layer of layers) if (isPlainObject(layer)) mergeInto(out, layer)
  return out
}

export function deepClone<T>(value: T): T {
  return cloneValue(value) as T
}

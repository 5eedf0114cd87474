/**
 * Template rendering for source specs: strict (a missing key is an error naming the template and
 * the key). The template engine is loaded only when a value actually needs it.
 */
import { isPlainObject, type PlainObject } from '../config/merge.js'
import { ConfigError } from '../errors.js'
import { renderStrings } from '../stacks/templates.js'

export interface RenderContext {
  /** Names the template in error messages: `file: yaml.path`. */
  name: string
  data: PlainObject
  env?: NodeJS.ProcessEnv
}

export async function renderValue<T>(value: T, ctx: RenderContext): Promise<T> {
  const out = await renderStrings(value, ctx.data, { name: ctx.name, missingKey: 'error', env: ctx.env })
  refuseNoValue(value, out, ctx.name, ctx.data)
  return out
}

const NO_VALUE = '<no value>'
const FIELD = /\{\{-?\s*\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/g

function isEmptyAt(data: unknown, path: string): boolean {
  let node = data
  for (const key of path.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return false
    node = node[key]
  }
  return node === null || node === undefined
}

/**
 * Go prints `<no value>` for a key that exists but is empty (`stage:` in YAML is null), even with
 * missingkey=error; in a spec that silently points a read at the wrong log group, so refuse it.
 */
function refuseNoValue(before: unknown, after: unknown, name: string, data: PlainObject): void {
  if (typeof before === 'string' && typeof after === 'string') {
    if (!before.includes('{{') || !after.includes(NO_VALUE)) return
    if (after.split(NO_VALUE).length <= before.split(NO_VALUE).length) return
    const empty = [...before.matchAll(FIELD)].map((m) => m[1]!).filter((p) => isEmptyAt(data, p))
    const which = empty.length > 0 ? [...new Set(empty)].map((p) => `.${p}`).join(', ') : 'a value it uses'
    throw new ConfigError(
      `Template ${name} ('${before}') rendered '${after}': ${which} is empty (null) in the merged component, so the spec would name something that does not exist.`,
      {
        hint: `Give ${empty.length > 0 ? [...new Set(empty)].join(', ') : 'the value'} a value in the stack manifests (a YAML key with nothing after it, such as \`stage:\`, is null), or change the template.`,
      },
    )
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (const [i, item] of before.entries()) refuseNoValue(item, after[i], `${name}[${i}]`, data)
    return
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const [key, item] of Object.entries(before)) refuseNoValue(item, after[key], `${name}.${key}`, data)
  }
}

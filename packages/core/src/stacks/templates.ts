/**
 * Go-template rendering for stack manifests, over the template engine in ../template. Plain
 * field-path templates (`{{ .vars.stage }}-{{ .vars.region }}`), which is what stack names and most
 * manifests use, are substituted directly so scanning a large project never parses a template.
 */
import { isPlainObject } from '../config/merge.js'
import { ConfigError } from '../errors.js'

export type MissingKey = 'error' | 'zero' | 'default'

const FIELD_ONLY =
  /^(?:[^{]|\{(?!\{))*(?:\{\{-?\s*\.[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*\s*-?\}\}(?:[^{]|\{(?!\{))*)*$/
const FIELD_ACTION = /\{\{(-?)\s*\.([A-Za-z_][\w.]*)\s*(-?)\}\}/g

export function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{')
  if (Array.isArray(value)) return value.some(containsTemplate)
  if (isPlainObject(value)) return Object.values(value).some(containsTemplate)
  return false
}

function lookup(data: unknown, path: string): { found: boolean; value: unknown } {
  let node = data
  for (const key of path.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return { found: false, value: undefined }
    node = node[key]
  }
  return { found: true, value: node }
}

function goString(value: unknown): string {
  if (value === null || value === undefined) return '<no value>'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`
  if (isPlainObject(value))
    return `map[${Object.keys(value)
      .sort()
      .map((k) => `${k}:${goString(value[k])}`)
      .join(' ')}]`
  return String(value)
}

/** Direct substitution of `{{ .a.b }}` actions; undefined when the template needs the engine. */
function renderFieldOnly(text: string, data: unknown, opts: TemplateOptions): string | undefined {
  if (!FIELD_ONLY.test(text)) return undefined
  return text.replace(FIELD_ACTION, (_m, _l, path: string) => {
    const { found, value } = lookup(data, path)
    if (found) return goString(value)
    if (opts.missingKey === 'error') throw missingKeyError(opts.name, text, path, data)
    return opts.missingKey === 'zero' ? '' : '<no value>'
  })
}

function missingKeyError(name: string, text: string, path: string, data: unknown): ConfigError {
  const keys = path.split('.')
  let node = data
  let depth = 0
  while (depth < keys.length && isPlainObject(node) && Object.hasOwn(node, keys[depth]!))
    node = node[keys[depth++]!]
  const parent = `.${keys.slice(0, depth).join('.')}`
  const known = isPlainObject(node) ? Object.keys(node).sort() : []
  return new ConfigError(
    `Template ${name} ('${text}') uses .${path}, but ${depth === 0 ? 'the data' : parent} has no key '${keys[depth]}'${known.length ? ` (it has ${known.slice(0, 15).join(', ')})` : ''}.`,
    {
      hint: `Define ${`.${path}`.replace(/^\.vars\./, 'vars.').replace(/^\.settings\./, 'settings.')} for the component, or change the template.`,
    },
  )
}

export interface TemplateOptions {
  name: string
  missingKey: MissingKey
  env?: NodeJS.ProcessEnv
}

type Engine = typeof import('../template/index.js')
let engine: Promise<Engine> | undefined
function loadEngine(): Promise<Engine> {
  engine ??= import('../template/index.js')
  return engine
}

export async function renderText(text: string, data: unknown, opts: TemplateOptions): Promise<string> {
  if (!text.includes('{{')) return text
  const quick = renderFieldOnly(text, data, opts)
  if (quick !== undefined) return quick
  const { renderTemplate } = await loadEngine()
  return renderTemplate(text, data, { name: opts.name, missingKey: opts.missingKey, env: opts.env })
}

/** Render every string inside `value`; keys are kept, and each string is named `name.key.path`. */
export async function renderStrings<T>(value: T, data: unknown, opts: TemplateOptions): Promise<T> {
  if (!containsTemplate(value)) return value
  if (typeof value === 'string') return (await renderText(value, data, opts)) as T
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (const [i, item] of value.entries())
      out.push(await renderStrings(item, data, { ...opts, name: `${opts.name}[${i}]` }))
    return out as T
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value))
      out[k] = await renderStrings(v, data, { ...opts, name: `${opts.name}.${k}` })
    return out as T
  }
  return value
}

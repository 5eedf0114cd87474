/**
 * Go-template rendering for stack manifests, over the template engine in ../template. Plain
 * field-path templates (`{{ .vars.stage }}-{{ .vars.region }}`), which is what stack names and most
 * manifests use, are substituted directly so scanning a large project never parses a template.
 */
import { isPlainObject } from '../config/merge.js'
import { ConfigError } from '../errors.js'

export type MissingKey = 'error' | 'zero' | 'default'

/**
 * One `{{ .a.b }}` action, with Go's trim markers: `{{- ` and ` -}}` (the dash needs white space
 * beside it, as in Go; `{{-.a}}` is not a trim marker).
 */
const FIELD_ACTION =
  /\{\{(?:(-)[ \t\r\n])?[ \t\r\n]*\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[ \t\r\n]*(?:[ \t\r\n](-))?\}\}/y
/** What Go's trim markers remove: ASCII white space only. */
const TRIM_START = /^[ \t\r\n]+/
const TRIM_END = /[ \t\r\n]+$/

export function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{')
  if (Array.isArray(value)) return value.some(containsTemplate)
  if (isPlainObject(value)) return Object.values(value).some(containsTemplate)
  return false
}

type Lookup = { found: true; value: unknown } | { found: false; deeper: boolean } | { engine: true }

/**
 * A field path through the data. A missing key is `found: false`; a path through a null or
 * through something that is not a map is Go's error, which the engine reports.
 */
function lookup(data: unknown, path: string): Lookup {
  let node = data
  const keys = path.split('.')
  for (const [i, key] of keys.entries()) {
    if (node === undefined) return { found: false, deeper: true }
    if (!isPlainObject(node)) return { engine: true }
    if (!Object.hasOwn(node, key)) return { found: false, deeper: i < keys.length - 1 }
    node = node[key]
  }
  return { found: true, value: node }
}

/** Go's %v for the values that need no formatting rules; undefined sends the action to the engine. */
function plainText(value: unknown): string | undefined {
  if (value === null) return '<no value>'
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return String(value)
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return undefined // floats, lists and maps print by Go's fmt rules, which the engine has
}

/**
 * Direct substitution of templates made only of `{{ .a.b }}` actions (what stack names and most
 * manifests use), so scanning a project does not load the engine; undefined when the template,
 * a value or a path needs the engine.
 */
function renderFieldOnly(text: string, data: unknown, opts: TemplateOptions): string | undefined {
  let out = ''
  let pos = 0
  let trimNext = false
  while (pos <= text.length) {
    const open = text.indexOf('{{', pos)
    let literal = text.slice(pos, open < 0 ? text.length : open)
    if (trimNext) literal = literal.replace(TRIM_START, '')
    if (open < 0) return out + literal
    FIELD_ACTION.lastIndex = open
    const m = FIELD_ACTION.exec(text)
    if (!m) return undefined
    const [, trimLeft, path, trimRight] = m
    out += trimLeft ? literal.replace(TRIM_END, '') : literal
    const hit = lookup(data, path!)
    if ('engine' in hit) return undefined
    if (hit.found) {
      const printed = plainText(hit.value)
      if (printed === undefined) return undefined
      out += printed
    } else if (opts.missingKey === 'error') throw missingKeyError(opts.name, text, path!, data)
    else if (opts.missingKey === 'zero' && hit.deeper)
      return undefined // Go: a field of nil fails
    else out += '<no value>' // missingkey=default prints it, below a missing key too
    trimNext = trimRight !== undefined
    pos = FIELD_ACTION.lastIndex
  }
  return out
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

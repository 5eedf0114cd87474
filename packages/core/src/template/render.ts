/** The engine's entry points: render one template, render every string in a value, detect templates. */
import { builtinFunctions } from './builtins.js'
import { lineColumn, TemplateError, TemplateProblem } from './errors.js'
import { execute, type MissingKey } from './evaluator.js'
import { type FuncTable, type UserFunction, userFunction } from './functions.js'
import { gomplateFunctions } from './gomplate.js'
import { parse } from './parser.js'
import { sprigFunctions } from './sprig.js'

export interface RenderOptions {
  /** Names the template in error messages, e.g. `logs.sources.app.spec.log_group in stacks/dev.yaml`. */
  name?: string
  /**
   * What an absent map key means, as Go's missingkey option: 'error' fails naming the key path;
   * 'default' gives no value and 'zero' gives nil; both print `<no value>` (the template data's
   * maps hold interface values, whose zero is nil). Default: 'default'.
   */
  missingKey?: MissingKey
  /** Variables the `env` function reads; default process.env. */
  env?: Record<string, string | undefined>
  /** Extra functions; they take precedence over built-in ones of the same name. */
  funcs?: Record<string, UserFunction>
}

interface Resolved {
  missingKey: MissingKey
  funcs: FuncTable
}

/** Function tables by environment: building one means ~300 entries, so renders share it. */
const tables = new WeakMap<object, FuncTable>()

function baseTable(env: Record<string, string | undefined>): FuncTable {
  let table = tables.get(env)
  if (!table) {
    // atmos's order: Go's builtins, gomplate's functions, then Sprig's, each replacing the one before
    table = new Map(Object.entries(builtinFunctions))
    for (const [name, spec] of Object.entries(gomplateFunctions(env))) table.set(name, spec)
    for (const [name, spec] of Object.entries(sprigFunctions(env))) table.set(name, spec)
    tables.set(env, table)
  }
  return table
}

function resolve(options: RenderOptions): Resolved {
  let funcs = baseTable(options.env ?? process.env)
  if (options.funcs) {
    funcs = new Map(funcs)
    for (const [name, fn] of Object.entries(options.funcs)) funcs.set(name, userFunction(fn))
  }
  return { missingKey: options.missingKey ?? 'default', funcs }
}

function render(text: string, data: unknown, resolved: Resolved, name: string): string {
  try {
    const tree = parse(text, resolved.funcs)
    return execute(tree, text, data, resolved)
  } catch (err) {
    if (!(err instanceof TemplateProblem)) throw err
    const { line, column } = lineColumn(text, err.pos ?? 0)
    throw new TemplateError({
      templateName: name,
      line,
      column,
      reason: err.reason,
      construct: err.construct,
      hint: err.hint,
    })
  }
}

/** True when `text` holds a template action. */
export function hasTemplate(text: string): boolean {
  return text.includes('{{')
}

/** Renders a Go text/template over `data`. Throws TemplateError (a ConfigError, exit 2). */
export function renderTemplate(text: string, data: unknown, options: RenderOptions = {}): string {
  return render(text, data, resolve(options), options.name ?? 'template')
}

/**
 * Renders every string inside nested objects and arrays (keys are left alone), returning a new
 * value. Errors name `options.name` plus the key path, e.g. `spec.log_group in stacks/dev.yaml`.
 */
export function renderDeep<T>(value: T, data: unknown, options: RenderOptions = {}): T {
  const resolved = resolve(options)
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string')
      return hasTemplate(v) ? render(v, data, resolved, nameWithPath(options.name, path)) : v
    if (Array.isArray(v)) return v.map((e, i) => walk(e, `${path}[${i}]`))
    if (isPlainObject(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, walk(e, path ? `${path}.${k}` : k)]))
    }
    return v
  }
  return walk(value, '') as T
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** `spec in stacks/dev.yaml` + `log_group` → `spec.log_group in stacks/dev.yaml`. */
function nameWithPath(name: string | undefined, path: string): string {
  if (!path) return name ?? 'template'
  if (!name) return path
  const joined = (base: string) => (path.startsWith('[') ? `${base}${path}` : `${base}.${path}`)
  const at = name.indexOf(' in ')
  return at < 0 ? joined(name) : `${joined(name.slice(0, at))}${name.slice(at)}`
}

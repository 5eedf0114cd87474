/**
 * atmos `locals:`, as atmos resolves them (internal/exec/stack_processor_locals.go and
 * pkg/locals): file-scoped values, never inherited through imports. A file's locals are the
 * root `locals:` plus `terraform:`/`helmfile:`/`packer:` `locals:` (each seeing the root ones),
 * resolved in dependency order (a topological sort, cycles reported with their path) with the
 * same file's `settings`, `vars` and `env` in reach. Then that file's settings, vars and env are
 * rendered with them, and the whole file is rendered with the result; when that fails and the
 * file got no context from its importer, the file is kept as written (atmos renders it later,
 * with the component's context).
 */
import { relative } from 'node:path'
import { isPlainObject, type PlainObject } from '../config/merge.js'
import { type AtmosFunctionValue, findAtmosFunction } from '../config/yaml-functions.js'
import { ConfigError } from '../errors.js'
import { type MissingKey, renderText } from './templates.js'

type Engine = typeof import('../template/index.js')
let engine: Promise<Engine> | undefined
function loadEngine(): Promise<Engine> {
  engine ??= import('../template/index.js')
  return engine
}

const SCOPED_TYPES = ['terraform', 'helmfile', 'packer'] as const
const CONTEXT_SECTIONS = ['settings', 'vars', 'env'] as const

/** Whether a parsed manifest declares locals anywhere atmos looks for them. */
export function hasLocals(doc: PlainObject): boolean {
  if ('locals' in doc) return true
  return SCOPED_TYPES.some((t) => isPlainObject(doc[t]) && 'locals' in (doc[t] as PlainObject))
}

export interface LocalsOptions {
  /** The manifest, for messages. */
  file: string
  /** stacks.base_path, to name the manifest as atmos does. */
  basePath: string
  env: NodeJS.ProcessEnv
  /** The context the importing manifest passed (import `context:` and its own sections). */
  importContext?: PlainObject
  ignoreMissingValues: boolean
}

export interface FileWithLocals {
  /** The manifest after rendering (or as written, when rendering had to wait for the component). */
  doc: PlainObject
  /** The template context this file hands to its imports (their `locals` are dropped on arrival). */
  context: PlainObject
}

/** Resolve a manifest's locals and render it with them; undefined when it has none. */
export async function applyLocals(
  raw: PlainObject,
  opts: LocalsOptions,
): Promise<FileWithLocals | undefined> {
  if (!hasLocals(raw)) return undefined
  const { refs } = await loadRefs()
  const name = relative(opts.basePath, opts.file) || opts.file

  const fileContext: PlainObject = {}
  for (const key of CONTEXT_SECTIONS) if (isPlainObject(raw[key])) fileContext[key] = raw[key]

  const global = await resolveScope(raw.locals, {}, fileContext, name, opts, refs, 'locals')
  const flattened: PlainObject = { ...global }
  for (const type of SCOPED_TYPES) {
    const section = raw[type]
    if (!isPlainObject(section) || !('locals' in section)) continue
    const sectionContext = { ...fileContext }
    for (const key of CONTEXT_SECTIONS) {
      if (isPlainObject(section[key]))
        sectionContext[key] = { ...((fileContext[key] as PlainObject) ?? {}), ...section[key] }
    }
    const own = await resolveScope(section.locals, global, sectionContext, name, opts, refs, `${type}.locals`)
    Object.assign(flattened, own)
  }

  const context: PlainObject = {}
  for (const [k, v] of Object.entries(opts.importContext ?? {})) if (k !== 'locals') context[k] = v
  context.locals = flattened

  // settings, then vars (seeing the rendered settings), then env; a section that cannot be
  // rendered yet (it needs the component's context) stays as written
  const base = { ...context }
  let settings: PlainObject | undefined
  let vars: PlainObject | undefined
  if (isPlainObject(raw.settings)) {
    settings = (await renderSectionOrKeep(raw.settings, base, name, opts.env, refs)) as PlainObject
    context.settings = settings
  }
  if (isPlainObject(raw.vars)) {
    const data = settings ? { ...base, settings } : base
    vars = (await renderSectionOrKeep(raw.vars, data, name, opts.env, refs)) as PlainObject
    context.vars = vars
  }
  if (isPlainObject(raw.env)) {
    const data = { ...base, ...(settings ? { settings } : {}), ...(vars ? { vars } : {}) }
    context.env = await renderSectionOrKeep(raw.env, data, name, opts.env, refs)
  }

  const structured = substitutePlainRefs(raw, context, refs) as PlainObject
  let doc: PlainObject
  try {
    doc = (await renderAll(structured, context, {
      name,
      missingKey: opts.ignoreMissingValues ? 'default' : 'error',
      env: opts.env,
    })) as PlainObject
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    // as atmos: with context only from the file itself, the templates wait for the component
    if (Object.keys(opts.importContext ?? {}).length > 0) throw err
    doc = structured
  }
  return { doc: withResolvedSections(doc, context), context }
}

/** atmos stores the resolved sections back into the manifest, replacing what it wrote. */
export function withResolvedSections(doc: PlainObject, context: PlainObject): PlainObject {
  const out = { ...doc }
  for (const key of ['locals', ...CONTEXT_SECTIONS]) {
    const value = context[key]
    if (isPlainObject(value) && Object.keys(value).length > 0) out[key] = value
  }
  return out
}

interface Refs {
  fieldRefs(text: string): string[][] | undefined
  plainFieldRef(text: string): string[] | undefined
}

async function loadRefs(): Promise<{ refs: Refs }> {
  const { fieldRefs, plainFieldRef } = await loadEngine()
  return { refs: { fieldRefs, plainFieldRef } }
}

function lookupPath(data: unknown, path: readonly string[]): { found: boolean; value?: unknown } {
  let node = data
  for (const key of path) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return { found: false }
    node = node[key]
  }
  return { found: true, value: node }
}

/** Strings that are one `{{ .a.b }}` become the value itself when the data has it (atmos's structured pass). */
function substitutePlainRefs(value: unknown, data: PlainObject, refs: Refs): unknown {
  if (typeof value === 'string') {
    const path = refs.plainFieldRef(value)
    if (!path) return value
    const hit = lookupPath(data, path)
    return hit.found ? hit.value : value
  }
  if (Array.isArray(value)) return value.map((v) => substitutePlainRefs(v, data, refs))
  if (isPlainObject(value)) {
    const out: PlainObject = {}
    for (const [k, v] of Object.entries(value)) out[k] = substitutePlainRefs(v, data, refs)
    return out
  }
  return value
}

interface RenderOpts {
  name: string
  missingKey: MissingKey
  env: NodeJS.ProcessEnv
}

/** Render every string, keys included, as atmos's render of the whole manifest text does. */
async function renderAll(value: unknown, data: PlainObject, opts: RenderOpts): Promise<unknown> {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value
    const used = functionReached(value, data)
    if (used) return used
    return renderText(value, data, opts)
  }
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (const v of value) out.push(await renderAll(v, data, opts))
    return out
  }
  if (isPlainObject(value)) {
    const out: PlainObject = {}
    for (const [k, v] of Object.entries(value)) {
      const key = k.includes('{{') ? await renderText(k, data, opts) : k
      out[key] = await renderAll(v, data, opts)
    }
    return out
  }
  return value
}

async function renderSectionOrKeep(
  section: PlainObject,
  data: PlainObject,
  name: string,
  env: NodeJS.ProcessEnv,
  refs: Refs,
): Promise<unknown> {
  const structured = substitutePlainRefs(section, data, refs)
  try {
    return await renderAll(structured, data, { name, missingKey: 'error', env })
  } catch (err) {
    if (err instanceof ConfigError) return section
    throw err
  }
}

const FIELD_PATH = /\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g

/**
 * A value only the Go atmos computes (`!terraform.state` ...) reached by a template: the template's
 * result is that function's result, which we cannot know, so the marker stands for it.
 */
function functionReached(text: string, data: PlainObject): AtmosFunctionValue | undefined {
  for (const m of text.matchAll(FIELD_PATH)) {
    const hit = lookupPath(data, m[1]!.split('.'))
    if (hit.found) {
      const fn = findAtmosFunction(hit.value)
      if (fn) return fn
    }
  }
  return undefined
}

/** One scope's locals over its parent's, in dependency order (atmos's Kahn sort, names sorted). */
async function resolveScope(
  rawLocals: unknown,
  parent: PlainObject,
  templateContext: PlainObject,
  file: string,
  opts: LocalsOptions,
  refs: Refs,
  where: string,
): Promise<PlainObject> {
  if (rawLocals === undefined || rawLocals === null) return { ...parent }
  if (!isPlainObject(rawLocals)) {
    throw new ConfigError(`${where} in stack manifest ${file} must be a map of names to values.`, {
      file: opts.file,
      yamlPath: where,
      hint: 'Write locals as `locals:` followed by `name: value` lines.',
    })
  }
  const names = Object.keys(rawLocals)
  if (names.length === 0) return { ...parent }

  const deps = new Map<string, string[]>()
  for (const n of names) deps.set(n, localsUsed(rawLocals[n], refs))
  const order = topologicalOrder(names, deps)
  if (!order) {
    const cycle = findCycle(names, deps)
    throw new ConfigError(`Circular dependency in locals of stack manifest ${file}: ${cycle.join(' → ')}.`, {
      file: opts.file,
      yamlPath: where,
      hint: `Change one of these locals so that they do not reference each other in a cycle (\`atmos describe locals --stack ${file}\` shows the resolved ones).`,
    })
  }

  const resolved: PlainObject = { ...parent }
  for (const n of order) {
    resolved[n] = await resolveValue(rawLocals[n], n, resolved, templateContext, file, opts, refs, where)
  }
  return resolved
}

function localsUsed(value: unknown, refs: Refs): string[] {
  const out = new Set<string>()
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      for (const path of refs.fieldRefs(v) ?? [])
        if (path.length >= 2 && path[0] === 'locals') out.add(path[1]!)
    } else if (Array.isArray(v)) v.forEach(walk)
    else if (isPlainObject(v)) Object.values(v).forEach(walk)
  }
  walk(value)
  return [...out]
}

function topologicalOrder(names: string[], deps: Map<string, string[]>): string[] | undefined {
  const inScope = new Set(names)
  const inDegree = new Map<string, number>()
  for (const n of names) inDegree.set(n, deps.get(n)!.filter((d) => inScope.has(d)).length)
  let queue = names.filter((n) => inDegree.get(n) === 0).sort()
  const order: string[] = []
  while (queue.length > 0) {
    const n = queue.shift()!
    order.push(n)
    const ready: string[] = []
    for (const [dependent, list] of deps) {
      for (const d of list) {
        if (d !== n) continue
        const left = inDegree.get(dependent)! - 1
        inDegree.set(dependent, left)
        if (left === 0) ready.push(dependent)
      }
    }
    if (ready.length > 0) queue = [...queue, ...ready].sort()
  }
  return order.length === names.length ? order : undefined
}

/** The first cycle found depth first from the names in order, closed: `a → b → a`. */
function findCycle(names: string[], deps: Map<string, string[]>): string[] {
  const inScope = new Set(names)
  const visited = new Set<string>()
  const onPath: string[] = []
  const visit = (n: string): string[] | undefined => {
    visited.add(n)
    onPath.push(n)
    for (const d of deps.get(n) ?? []) {
      if (!inScope.has(d)) continue
      const at = onPath.indexOf(d)
      if (at >= 0) return [...onPath.slice(at), d]
      if (!visited.has(d)) {
        const found = visit(d)
        if (found) return found
      }
    }
    onPath.pop()
    return undefined
  }
  for (const n of [...names].sort()) {
    if (visited.has(n)) continue
    const found = visit(n)
    if (found) return found
  }
  return []
}

async function resolveValue(
  value: unknown,
  local: string,
  resolved: PlainObject,
  templateContext: PlainObject,
  file: string,
  opts: LocalsOptions,
  refs: Refs,
  where: string,
): Promise<unknown> {
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (const v of value)
      out.push(await resolveValue(v, local, resolved, templateContext, file, opts, refs, where))
    return out
  }
  if (isPlainObject(value)) {
    const out: PlainObject = {}
    for (const [k, v] of Object.entries(value))
      out[k] = await resolveValue(v, local, resolved, templateContext, file, opts, refs, where)
    return out
  }
  if (typeof value !== 'string' || !value.includes('{{')) return value
  const data = { ...templateContext, locals: resolved }
  const path = refs.plainFieldRef(value)
  if (path) {
    const hit = lookupPath(data, path)
    if (hit.found) return hit.value
  }
  const used = functionReached(value, data)
  if (used) return used
  try {
    return await renderText(value, data, { name: `${where}.${local}`, missingKey: 'error', env: opts.env })
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    const available = Object.keys(resolved).sort()
    const context = Object.keys(templateContext).sort()
    throw new ConfigError(`Cannot resolve local '${local}' in stack manifest ${file}: ${err.message}`, {
      file: opts.file,
      yamlPath: `${where}.${local}`,
      cause: err,
      hint: `Locals available at this point: ${available.length ? available.join(', ') : 'none'}; context from the same file: ${context.length ? context.map((c) => `.${c}`).join(', ') : 'none'}. Locals see only their own file: a value from an imported manifest must come through vars.`,
    })
  }
}

/**
 * The stacks of a project: every top-level manifest (stacks.included_paths minus excluded_paths),
 * processed once per run, indexed by stack name and component; plus selection of components for
 * `--stack S --component C|a,b|'api-*'|--all-components`.
 */
import { extname, join, relative } from 'node:path'
import { toPosix } from '../config/files.js'
import { globMatcher } from '../config/globs.js'
import { deepMerge, isPlainObject, type PlainObject } from '../config/merge.js'
import { didYouMean, listNames, nearMatches } from '../config/suggest.js'
import type { AtmosConfig } from '../config/types.js'
import type { YamlFile } from '../config/yaml-file.js'
import { ConfigError } from '../errors.js'
import {
  buildComponentSection,
  type ComponentSection,
  componentsOfType,
  isAbstract,
  isDisabled,
  terraformWorkspace,
} from './components.js'
import {
  COMPONENT_TYPES,
  type ComponentType,
  hasManifestExtension,
  ManifestReader,
  type ProcessedManifest,
  processManifest,
  stripManifestExtension,
} from './manifests.js'
import { stackNameFor } from './names.js'
import { containsTemplate, renderStrings } from './templates.js'

export interface StackManifest {
  /** Absolute path of the top-level manifest. */
  file: string
  /** Its path below stacks.base_path without extension: atmos_stack_file. */
  stackFile: string
  /** The manifest's own `name:`, if any. */
  ownName?: string
  /** The merged document (imports first, then the file). */
  merged: PlainObject
  files: YamlFile[]
  /** The top-level manifest's own resolved `locals:`. */
  locals?: PlainObject
}

export interface IndexedComponent {
  component: string
  type: ComponentType
  stack: string
  manifest: StackManifest
  /** Merged, templates not yet rendered. */
  section: ComponentSection
  /** Another manifest defines it differently for the same stack: the error when it is described. */
  conflict?: ConfigError
}

export interface StacksIndex {
  manifests: StackManifest[]
  /** stack name → components in it (sorted by name). */
  stacks: Map<string, IndexedComponent[]>
  /** Files parsed while building the index. */
  parsedFiles: number
}

/** One component of one stack, merged and rendered: what source resolution works on. */
export interface ComponentInstance {
  component: string
  stack: string
  /** atmos_stack_file: the top-level manifest's path below stacks.base_path, without extension. */
  stackFile: string
  /** The top-level manifest (absolute). */
  file: string
  /** Every parsed file of the manifest, imports first (to locate problems). */
  files: YamlFile[]
  type: ComponentType
  workspace: string
  abstract: boolean
  /** vars, settings, env, metadata, logs, ... after merging and atmos's own template pass. */
  section: ComponentSection
  /** The top-level manifest's own locals, which its logs templates may use. */
  fileLocals?: PlainObject
}

export interface ComponentSelector {
  stack?: string
  component?: string
  allComponents?: boolean
}

const indexes = new WeakMap<AtmosConfig, Promise<StacksIndex>>()

function compileGlobs(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false
  return globMatcher(patterns)
}

/** The top-level manifests: included_paths minus excluded_paths, below stacks.base_path. */
async function topLevelManifests(config: AtmosConfig, reader: ManifestReader): Promise<string[]> {
  const base = config.stacks.basePath
  const relativeGlob = (p: string) => toPosix(p.startsWith(base) ? relative(base, p) : p)
  // as atmos: a pattern without an extension means its .yaml, .yml, .yaml.tmpl and .yml.tmpl files
  const withExtensions = (p: string) =>
    extname(p) === '' ? ['.yaml', '.yml', '.yaml.tmpl', '.yml.tmpl'].map((e) => p + e) : [p]
  const included = compileGlobs(config.stacks.includedPaths.map(relativeGlob).flatMap(withExtensions))
  const excluded = compileGlobs(config.stacks.excludedPaths.map(relativeGlob))
  const files = await reader.filesUnder(base)
  return files.filter((f) => hasManifestExtension(f) && included(f) && !excluded(f)).map((f) => join(base, f))
}

async function loadManifest(
  config: AtmosConfig,
  reader: ManifestReader,
  file: string,
): Promise<StackManifest> {
  const processed: ProcessedManifest = await processManifest(reader, file)
  const own = processed.files[processed.files.length - 1]!.value as PlainObject
  const merged = deepMerge(...processed.layers.map((l) => l.doc))
  return {
    file,
    stackFile: stripManifestExtension(toPosix(relative(config.stacks.basePath, file))),
    ownName: typeof own.name === 'string' && own.name.trim() !== '' ? own.name.trim() : undefined,
    merged,
    files: processed.files,
    locals: processed.locals,
  }
}

async function buildIndex(config: AtmosConfig): Promise<StacksIndex> {
  const reader = new ManifestReader(config.stacks.basePath, config.env, config.basePath)
  const files = await topLevelManifests(config, reader)
  // Manifests are independent: read them a few at a time (shared imports are parsed once).
  const manifests: StackManifest[] = new Array(files.length)
  let next = 0
  const worker = async () => {
    while (next < files.length) {
      const i = next++
      manifests[i] = await loadManifest(config, reader, files[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(16, files.length) }, worker))

  const stacks = new Map<string, IndexedComponent[]>()
  const seen = new Map<string, IndexedComponent>()
  for (const manifest of manifests) {
    let any = false
    for (const type of COMPONENT_TYPES) {
      for (const component of Object.keys(componentsOfType(manifest.merged, type))) {
        if (!isPlainObject(componentsOfType(manifest.merged, type)[component])) continue
        any = true
        const section = buildComponentSection(manifest.merged, type, component, {
          stackFile: manifest.stackFile,
          file: manifest.file,
        })
        const stack = await stackNameFor(config.stacks, manifest, section, config.env)
        if (stack === undefined) continue
        const entry: IndexedComponent = { component, type, stack, manifest, section }
        const key = `${stack}\u0000${type}\u0000${component}`
        const previous = seen.get(key)
        if (previous) {
          if (JSON.stringify(previous.section) === JSON.stringify(section)) continue
          // As atmos: an error only when this component is described, not for the whole project.
          previous.conflict ??= new ConfigError(
            `Component '${component}' is defined differently for stack '${stack}' by two manifests: ${previous.manifest.file} and ${manifest.file}.`,
            {
              file: manifest.file,
              yamlPath: `components.${type}.${component}`,
              hint: 'Give the manifests different stack names (vars used by stacks.name_template or name_pattern, or `name:`), or define the component in only one of them.',
            },
          )
          continue
        }
        seen.set(key, entry)
        const list = stacks.get(stack)
        if (list) list.push(entry)
        else stacks.set(stack, [entry])
      }
    }
    if (!any) {
      // A manifest without components still names a stack (so it is not reported as unknown).
      const stack = await stackNameFor(
        config.stacks,
        manifest,
        { vars: manifest.merged.vars ?? {} },
        config.env,
      )
      if (stack !== undefined && !stacks.has(stack)) stacks.set(stack, [])
    }
  }
  for (const list of stacks.values())
    list.sort((a, b) => (a.component < b.component ? -1 : a.component > b.component ? 1 : 0))
  return { manifests, stacks, parsedFiles: reader.parsedCount }
}

/** The project's stacks, built once per loaded config. */
export function loadStacks(config: AtmosConfig): Promise<StacksIndex> {
  let hit = indexes.get(config)
  if (!hit) {
    hit = buildIndex(config)
    indexes.set(config, hit)
    hit.catch(() => indexes.delete(config))
  }
  return hit
}

/** Every stack name, sorted. */
export async function listStacks(config: AtmosConfig): Promise<string[]> {
  return [...(await loadStacks(config)).stacks.keys()].sort()
}

function unknownStack(index: StacksIndex, config: AtmosConfig, stack: string): ConfigError {
  const known = [...index.stacks.keys()].sort()
  // The manifest's file name is not a stack name when the manifest sets its own `name:`.
  const renamed = index.manifests.find((m) => m.ownName && m.stackFile === stack)
  const why = renamed
    ? ` The manifest ${renamed.file} names its stack '${renamed.ownName}' (its \`name:\`), so use that name.`
    : ''
  const suggestion = renamed ? '' : didYouMean(stack, known)
  return new ConfigError(
    known.length === 0
      ? `Stack '${stack}' not found: no stack manifests matched stacks.included_paths under ${config.stacks.basePath}.`
      : `Stack '${stack}' not found.${why}${suggestion}`,
    {
      file: config.file,
      yamlPath: 'stacks',
      hint:
        known.length === 0
          ? 'Check stacks.base_path, included_paths and excluded_paths in atmos.yaml.'
          : `Known stacks: ${listNames(known, 15)}. \`atmos list stacks\` shows them all.`,
    },
  )
}

const STACK_GLOB = /[*?[\]{}]/

/** Whether `--stack` names more than one stack: a list or a glob. */
export function isStackPattern(stack: string | undefined): boolean {
  return stack !== undefined && (stack.includes(',') || STACK_GLOB.test(stack))
}

/** The stacks a list of names and globs names, in sorted order; a glob that matches none is an error. */
export async function expandStacks(config: AtmosConfig, pattern: string): Promise<string[]> {
  const known = await listStacks(config)
  const chosen = new Set<string>()
  for (const part of pattern
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (!STACK_GLOB.test(part)) {
      chosen.add(part) // an unknown name is reported by the stack's own lookup, with suggestions
      continue
    }
    const match = globMatcher(part)
    const hits = known.filter((s) => match(s))
    if (hits.length === 0) {
      throw new ConfigError(`No stack matches '${part}'.`, {
        file: config.file,
        hint:
          known.length === 0
            ? 'No stack manifests matched stacks.included_paths; check stacks in atmos.yaml.'
            : `Known stacks: ${listNames(known, 15)}.`,
      })
    }
    for (const s of hits) chosen.add(s)
  }
  return [...chosen].sort()
}

const GLOB_CHARS = /[*?[\]{}!]/

/**
 * Components of one stack named by `a,b` / globs / all; abstract ones only when named exactly.
 * `lenient` (one stack of several): a name or glob the stack does not have picks nothing there.
 */
function pickComponents(
  entries: IndexedComponent[],
  selector: ComponentSelector,
  stack: string,
  lenient = false,
): IndexedComponent[] {
  const deployable = (e: IndexedComponent) => !isAbstract(e.section) && !isDisabled(e.section)
  if (selector.allComponents) return entries.filter(deployable)
  const wanted = (selector.component ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const chosen = new Set<IndexedComponent>()
  const names = [...new Set(entries.map((e) => e.component))]
  const deployableNames = [...new Set(entries.filter(deployable).map((e) => e.component))]
  for (const want of wanted) {
    if (GLOB_CHARS.test(want)) {
      const match = globMatcher(want, {})
      const hits = entries.filter((e) => deployable(e) && match(e.component))
      if (hits.length === 0 && !lenient) {
        throw new ConfigError(`No component in stack '${stack}' matches '${want}'.`, {
          hint: `Components of '${stack}': ${listNames(deployableNames, 30)}.`,
        })
      }
      for (const h of hits) chosen.add(h)
      continue
    }
    const hits = entries.filter((e) => e.component === want)
    if (hits.length === 0 && lenient) continue
    if (hits.length === 0) {
      const near = nearMatches(want, names)
      throw new ConfigError(
        `Component '${want}' is not defined in stack '${stack}'.${near.length ? ` Did you mean ${listNames(near, 20, 'or')}?` : ''}`,
        {
          hint:
            names.length === 0
              ? `Stack '${stack}' defines no components.`
              : `Components of '${stack}': ${listNames(deployableNames, 30)}.`,
        },
      )
    }
    for (const h of hits) {
      if (isAbstract(h.section)) {
        throw new ConfigError(
          `Component '${want}' in stack '${stack}' is abstract (metadata.type: abstract): it is a base for other components and is never deployed, so it has no logs of its own (${h.manifest.file}).`,
          {
            file: h.manifest.file,
            yamlPath: `components.${h.type}.${want}.metadata.type`,
            hint: 'Name one of the components that inherit from it.',
          },
        )
      }
      chosen.add(h)
    }
  }
  return [...chosen].sort((a, b) => (a.component < b.component ? -1 : a.component > b.component ? 1 : 0))
}

function templatesEnabled(config: AtmosConfig): boolean {
  const settings = (config.raw.templates as PlainObject | undefined)?.settings as PlainObject | undefined
  return settings?.enabled !== false
}

/**
 * atmos's own template pass over the component (`{{ .vars.x }}` in vars, backend, ...). The logs
 * block is left for source resolution, which renders it strictly. A value our template subset
 * cannot render stays as written (atmos may compute it with functions we do not have).
 */
async function renderSection(
  config: AtmosConfig,
  section: ComponentSection,
  data: PlainObject,
  name: string,
): Promise<ComponentSection> {
  if (!templatesEnabled(config)) return section
  const out: PlainObject = {}
  for (const [key, value] of Object.entries(section)) {
    if (key === 'logs' || !containsTemplate(value)) {
      out[key] = value
      continue
    }
    if (key === 'settings' && isPlainObject(value) && 'logs' in value) {
      const { logs, ...rest } = value
      out[key] = { ...((await renderLenient(rest, data, `${name}.settings`, config)) as PlainObject), logs }
      continue
    }
    out[key] = await renderLenient(value, data, `${name}.${key}`, config)
  }
  return out as ComponentSection
}

async function renderLenient(
  value: unknown,
  data: PlainObject,
  name: string,
  config: AtmosConfig,
): Promise<unknown> {
  if (isPlainObject(value)) {
    const out: PlainObject = {}
    for (const [k, v] of Object.entries(value)) out[k] = await renderLenient(v, data, `${name}.${k}`, config)
    return out
  }
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (const [i, v] of value.entries()) out.push(await renderLenient(v, data, `${name}[${i}]`, config))
    return out
  }
  if (typeof value !== 'string' || !value.includes('{{')) return value
  try {
    return await renderStrings(value, data, { name, missingKey: 'default', env: config.env })
  } catch (err) {
    if (err instanceof ConfigError) return value
    throw err
  }
}

async function instantiate(config: AtmosConfig, entry: IndexedComponent): Promise<ComponentInstance> {
  if (entry.conflict) throw entry.conflict
  const workspace =
    entry.type === 'terraform' ? terraformWorkspace(entry.stack, entry.component, entry.section) : entry.stack
  const context: PlainObject = {
    atmos_component: entry.component,
    atmos_stack: entry.stack,
    atmos_stack_file: entry.manifest.stackFile,
    atmos_manifest: entry.manifest.stackFile,
    workspace,
  }
  const section = await renderSection(
    config,
    entry.section,
    { ...entry.section, ...context },
    `${entry.manifest.file}: components.${entry.type}.${entry.component}`,
  )
  return {
    component: entry.component,
    stack: entry.stack,
    stackFile: entry.manifest.stackFile,
    file: entry.manifest.file,
    files: entry.manifest.files,
    type: entry.type,
    workspace,
    abstract: isAbstract(entry.section),
    section,
    fileLocals: entry.manifest.locals,
  }
}

/** The components a `--stack/--component/--all-components` selection names, merged and rendered. */
export async function selectComponents(
  config: AtmosConfig,
  selector: ComponentSelector,
  opts: { notice?: (msg: string) => void; lenient?: boolean } = {},
): Promise<ComponentInstance[]> {
  const stack = selector.stack
  if (!stack) {
    throw new ConfigError('A stack is needed to select components.', { hint: 'Pass --stack NAME.' })
  }
  const index = await loadStacks(config)
  const entries = index.stacks.get(stack)
  if (!entries) throw unknownStack(index, config, stack)
  const picked = pickComponents(entries, selector, stack, opts.lenient)
  const out: ComponentInstance[] = []
  for (const entry of picked) out.push(await instantiate(config, entry))
  return out
}

/** One component in one stack, as `atmos describe component C -s S` would merge it. */
export async function describeComponent(
  config: AtmosConfig,
  component: string,
  stack: string,
): Promise<ComponentInstance> {
  const index = await loadStacks(config)
  const entries = index.stacks.get(stack)
  if (!entries) throw unknownStack(index, config, stack)
  const hits = entries.filter((e) => e.component === component)
  if (hits.length === 0) return (await selectComponents(config, { stack, component }))[0]!
  return instantiate(config, hits[0]!)
}

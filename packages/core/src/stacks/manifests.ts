/**
 * Reading stack manifests and their imports as atmos does: imports (strings or objects with
 * `path`, `context`, `skip_if_missing`, `skip_templates_processing`), globs, `./` relative paths,
 * extension inference, `.tmpl` / `context` rendering, and `overrides` scoped to the file that
 * declares them and the files it imports. Each file is parsed once per run.
 */
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import picomatch from 'picomatch'
import { isFile, listFilesRecursive, toPosix } from '../config/files.js'
import { globMatcher } from '../config/globs.js'
import { deepMerge, isPlainObject, type PlainObject } from '../config/merge.js'
import { parseYamlText, type YamlFile } from '../config/yaml-file.js'
import { ConfigError } from '../errors.js'
import { applyLocals, withResolvedSections } from './locals.js'
import { renderText } from './templates.js'

/** The component types atmos processes alike (custom types it passes through are not read). */
export const COMPONENT_TYPES = ['terraform', 'helmfile', 'packer', 'ansible', 'kubernetes', 'helm'] as const
export type ComponentType = (typeof COMPONENT_TYPES)[number]

export type Overrides = Partial<Record<ComponentType, PlainObject>>

/** One processed manifest in merge order: its document, with `overrides` attached to its components. */
export interface Layer {
  file: string
  doc: PlainObject
}

/** Imports atmos downloads with go-getter (`https://`, `github://`, `git::`, `s3::` ...). */
const REMOTE_IMPORT = /^(?:[a-z][a-z0-9+.-]*::|[a-z][a-z0-9+.-]*:\/\/)/i

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.yaml.tmpl', '.yml.tmpl']

export function hasManifestExtension(path: string): boolean {
  return MANIFEST_EXTENSIONS.some((ext) => path.endsWith(ext)) || path.endsWith('.tmpl')
}

/** `deploy/dev.yaml` → `deploy/dev` (atmos_stack_file). */
export function stripManifestExtension(path: string): string {
  for (const ext of MANIFEST_EXTENSIONS) if (path.endsWith(ext)) return path.slice(0, -ext.length)
  return path.endsWith('.tmpl') ? path.slice(0, -5) : path
}

interface ImportEntry {
  path: string
  context?: PlainObject
  skipIfMissing: boolean
  skipTemplates: boolean
  ignoreMissingValues: boolean
  index: number
}

function importEntries(yaml: YamlFile): ImportEntry[] {
  const doc = yaml.value as PlainObject
  const raw = doc.import
  if (raw === undefined || raw === null) return []
  const list = Array.isArray(raw) ? raw : [raw]
  return list.map((entry, index) => {
    if (typeof entry === 'string') {
      return { path: entry, skipIfMissing: false, skipTemplates: false, ignoreMissingValues: false, index }
    }
    if (isPlainObject(entry) && typeof entry.path === 'string') {
      return {
        path: entry.path,
        context: isPlainObject(entry.context) ? entry.context : undefined,
        skipIfMissing: entry.skip_if_missing === true,
        skipTemplates: entry.skip_templates_processing === true,
        ignoreMissingValues: entry.ignore_missing_template_values === true,
        index,
      }
    }
    throw new ConfigError(
      `Invalid import entry in ${yaml.file} (import[${index}]): expected a path or a map with \`path\`.`,
      {
        file: yaml.file,
        yamlPath: `import[${index}]`,
        hint: 'Write imports as `- catalog/vpc` or `- path: catalog/vpc` (with optional `context:` and `skip_if_missing:`).',
      },
    )
  })
}

function overridesOf(doc: PlainObject): Overrides {
  const global = isPlainObject(doc.overrides) ? doc.overrides : undefined
  const out: Overrides = {}
  for (const type of COMPONENT_TYPES) {
    const section = doc[type]
    const own = isPlainObject(section) && isPlainObject(section.overrides) ? section.overrides : undefined
    if (global || own) out[type] = deepMerge(global, own)
  }
  return out
}

function mergeOverrides(...layers: Overrides[]): Overrides {
  const out: Overrides = {}
  for (const type of COMPONENT_TYPES) {
    const parts = layers.map((l) => l[type]).filter((p): p is PlainObject => p !== undefined)
    if (parts.length > 0) out[type] = deepMerge(...parts)
  }
  return out
}

function isEmptyOverrides(o: Overrides): boolean {
  return COMPONENT_TYPES.every((t) => !o[t] || Object.keys(o[t]!).length === 0)
}

/** A copy of `doc` whose components carry the `overrides` in scope (the cached doc is never touched). */
function attachOverrides(doc: PlainObject, overrides: Overrides): PlainObject {
  if (isEmptyOverrides(overrides) || !isPlainObject(doc.components)) return doc
  const components: PlainObject = { ...doc.components }
  for (const type of COMPONENT_TYPES) {
    const section = components[type]
    const o = overrides[type]
    if (!isPlainObject(section) || !o) continue
    const copy: PlainObject = {}
    for (const [name, comp] of Object.entries(section)) {
      copy[name] = isPlainObject(comp) ? { ...comp, overrides: o } : comp
    }
    components[type] = copy
  }
  return { ...doc, components }
}

/** A manifest as read, and the template context it hands to the manifests it imports. */
export interface LoadedManifest {
  yaml: YamlFile
  context?: PlainObject
}

function withoutLocals(context: PlainObject): PlainObject {
  const { locals: _dropped, ...rest } = context
  return rest
}

function notAMap(file: string): ConfigError {
  return new ConfigError(`The stack manifest ${file} must hold a YAML map at the top level.`, {
    file,
    hint: 'Start the manifest with keys such as `import:`, `vars:` and `components:`.',
  })
}

/** The parsed manifests of one run, keyed by path (and template context for rendered ones). */
export class ManifestReader {
  private readonly cache = new Map<string, Promise<LoadedManifest>>()
  private readonly globCache = new Map<string, Promise<string[]>>()

  constructor(
    readonly stacksBasePath: string,
    private readonly env: NodeJS.ProcessEnv,
    /** atmos's base_path, which `!include` paths are relative to. */
    private readonly basePath?: string,
  ) {}

  /** How many distinct files have been parsed (for tests of the once-per-run rule). */
  get parsedCount(): number {
    return this.cache.size
  }

  /**
   * A manifest, rendered with the context its importer passes (import `context:`, and the sections
   * of an importer that has locals) and with its own locals; also the context it hands on.
   */
  read(
    file: string,
    context?: PlainObject,
    skipTemplates = false,
    ignoreMissingValues = false,
  ): Promise<LoadedManifest> {
    // locals never cross a file boundary: an importer's are dropped on arrival
    const given = context && 'locals' in context ? withoutLocals(context) : context
    const key = `${file}\u0000${skipTemplates}\u0000${ignoreMissingValues}\u0000${given && Object.keys(given).length > 0 ? JSON.stringify(given) : ''}`
    let hit = this.cache.get(key)
    if (!hit) {
      hit = this.load(file, given, skipTemplates, ignoreMissingValues)
      this.cache.set(key, hit)
    }
    return hit
  }

  private async load(
    file: string,
    given: PlainObject | undefined,
    skipTemplates: boolean,
    ignoreMissing: boolean,
  ): Promise<LoadedManifest> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      throw new ConfigError(`Cannot read stack manifest ${file}: ${(err as Error).message}.`, {
        file,
        cause: err,
        hint: 'Check that the file exists and is readable.',
      })
    }
    const hasContext = given !== undefined && Object.keys(given).length > 0
    if (!skipTemplates && text.includes('locals')) {
      const withLocals = await this.loadWithLocals(file, text, given, ignoreMissing)
      if (withLocals) return withLocals
    }
    if (!skipTemplates && (file.endsWith('.tmpl') || hasContext) && text.includes('{{')) {
      // atmos fails on a missing context value unless the import sets ignore_missing_template_values,
      // and then renders it as Go's missingkey=default does: `<no value>`
      text = await renderText(text, given ?? {}, {
        name: file,
        missingKey: ignoreMissing ? 'default' : 'error',
        env: this.env,
      })
    }
    const yaml = parseYamlText(file, text, this.env, this.basePath)
    if (!isPlainObject(yaml.value)) throw notAMap(file)
    if (hasContext && !skipTemplates) yaml.value = withResolvedSections(yaml.value, given)
    return { yaml, context: given }
  }

  /** A manifest with `locals:`, resolved and rendered with them; undefined when it has none. */
  private async loadWithLocals(
    file: string,
    text: string,
    given: PlainObject | undefined,
    ignoreMissing: boolean,
  ): Promise<LoadedManifest | undefined> {
    let raw: YamlFile
    try {
      raw = parseYamlText(file, text, this.env, this.basePath)
    } catch (err) {
      // a .tmpl file may be YAML only once rendered: atmos then skips its locals
      if (file.endsWith('.tmpl')) return undefined
      throw err
    }
    if (!isPlainObject(raw.value)) throw notAMap(file)
    const done = await applyLocals(raw.value, {
      file,
      basePath: this.stacksBasePath,
      env: this.env,
      importContext: given,
      ignoreMissingValues: ignoreMissing,
    })
    if (!done) return undefined
    return { yaml: { ...raw, value: done.doc }, context: done.context }
  }

  async filesUnder(dir: string): Promise<string[]> {
    let hit = this.globCache.get(dir)
    if (!hit) {
      hit = listFilesRecursive(dir)
      this.globCache.set(dir, hit)
    }
    return hit
  }

  private knownFiles?: Promise<Set<string>>

  /** Whether `abs` is a file, answered from one listing of stacks.base_path when it lies below it. */
  private async exists(abs: string): Promise<boolean> {
    const rel = toPosix(relative(this.stacksBasePath, abs))
    if (rel.startsWith('..') || isAbsolute(rel)) return isFile(abs)
    this.knownFiles ??= this.filesUnder(this.stacksBasePath).then((files) => new Set(files))
    return (await this.knownFiles).has(rel)
  }

  private readonly importCache = new Map<string, Promise<string[]>>()

  /** The files an import entry names, in sorted order. Empty when nothing matches. */
  resolveImport(importing: string, path: string): Promise<string[]> {
    const relativeToFile = path.startsWith('./') || path.startsWith('../')
    const abs = isAbsolute(path)
      ? path
      : resolve(relativeToFile ? dirname(importing) : this.stacksBasePath, path)
    let hit = this.importCache.get(abs)
    if (!hit) {
      hit = this.findImport(abs)
      this.importCache.set(abs, hit)
    }
    return hit
  }

  private async findImport(abs: string): Promise<string[]> {
    const scan = picomatch.scan(toPosix(abs))
    if (scan.isGlob) {
      const base = scan.base
      const files = await this.filesUnder(base)
      // as atmos: a glob whose last part has an extension (`x.yaml`, `service-?.*`) is used as
      // written; any other glob means its .yaml files
      const name = scan.glob.slice(scan.glob.lastIndexOf('/') + 1)
      const match = globMatcher(name.includes('.') ? scan.glob : `${scan.glob}.yaml`)
      return files.filter((f) => match(f) && hasManifestExtension(f)).map((f) => join(base, f))
    }
    if (hasManifestExtension(abs)) return (await this.exists(abs)) ? [abs] : []
    for (const ext of MANIFEST_EXTENSIONS) if (await this.exists(abs + ext)) return [abs + ext]
    return []
  }
}

interface ProcessContext {
  context?: PlainObject
  chain: readonly string[]
  parentInline: Overrides
  parentImports: Overrides
  skipTemplates: boolean
  ignoreMissingValues: boolean
}

export interface ProcessedManifest {
  /** Every layer in merge order: imports first (depth first), then the file itself. */
  layers: Layer[]
  /** The file's own resolved `locals:` (file-scoped: its imports' are not here). */
  locals?: PlainObject
  /** The parsed files involved, in the same order (for locating problems). */
  files: YamlFile[]
  /** Overrides this file and its imports declare, for the importing file. */
  contribution: Overrides
}

function cycleMessage(chain: readonly string[], file: string, base: string): string {
  return [...chain, file].map((f) => relative(base, f) || f).join(' → ')
}

/** Process one manifest and, recursively, its imports. */
export async function processManifest(
  reader: ManifestReader,
  file: string,
  ctx: ProcessContext = {
    chain: [],
    parentInline: {},
    parentImports: {},
    skipTemplates: false,
    ignoreMissingValues: false,
  },
): Promise<ProcessedManifest> {
  const { yaml, context: handedOn } = await reader.read(
    file,
    ctx.context,
    ctx.skipTemplates,
    ctx.ignoreMissingValues,
  )
  const doc = yaml.value as PlainObject
  const ownOverrides = overridesOf(doc)
  const inline = mergeOverrides(ownOverrides, ctx.parentInline)
  let imports = ctx.parentImports
  let contribution: Overrides = {}
  const layers: Layer[] = []
  const files: YamlFile[] = []
  const chain = [...ctx.chain, file]

  for (const entry of importEntries(yaml)) {
    if (REMOTE_IMPORT.test(entry.path)) {
      if (entry.skipIfMissing) continue
      throw new ConfigError(
        `The stack manifest ${file} imports the remote manifest '${entry.path}' (import[${entry.index}]); atmos logs reads only local manifests.`,
        {
          file,
          yamlPath: `import[${entry.index}]`,
          hint: 'Vendor the manifest into the stacks folder (`atmos vendor pull`) and import the local copy, or add `skip_if_missing: true` to the import if its components carry no logs.',
        },
      )
    }
    const targets = await reader.resolveImport(file, entry.path)
    if (targets.length === 0) {
      if (entry.skipIfMissing) continue
      throw new ConfigError(
        `The stack manifest ${file} imports '${entry.path}' (import[${entry.index}]), which does not exist: no ${MANIFEST_EXTENSIONS.join(', ')} file matches it under ${entry.path.startsWith('.') ? dirname(file) : reader.stacksBasePath}.`,
        {
          file,
          yamlPath: `import[${entry.index}]`,
          hint: 'Fix the import path (paths are relative to stacks.base_path, or to the importing file when they start with ./ or ../), or add `skip_if_missing: true` to the import.',
        },
      )
    }
    for (const target of targets) {
      if (chain.includes(target)) {
        throw new ConfigError(
          `Import cycle in stack manifests: ${cycleMessage(chain, target, reader.stacksBasePath)} (imported by ${file}, import[${entry.index}]).`,
          {
            file,
            yamlPath: `import[${entry.index}]`,
            hint: 'Remove one of the imports in the cycle; a manifest must not import itself, directly or through others.',
          },
        )
      }
      // as atmos: the importing file's context wins over the import's own `context:`
      const childContext = entry.context || handedOn ? deepMerge(entry.context, handedOn) : undefined
      const child = await processManifest(reader, target, {
        context: childContext,
        chain,
        parentInline: inline,
        parentImports: imports,
        skipTemplates: entry.skipTemplates,
        ignoreMissingValues: entry.ignoreMissingValues,
      })
      layers.push(...child.layers)
      files.push(...child.files)
      imports = mergeOverrides(imports, child.contribution)
      contribution = mergeOverrides(contribution, child.contribution)
    }
  }

  layers.push({ file, doc: attachOverrides(doc, mergeOverrides(imports, inline)) })
  files.push(yaml)
  const locals = isPlainObject(handedOn?.locals) ? handedOn.locals : undefined
  return { layers, files, locals, contribution: mergeOverrides(contribution, ownOverrides) }
}

/**
 * atmos.yaml discovery and loading, in atmos's order of precedence (lowest first):
 * `~/.atmos`, the project (current directory, or the nearest parent up to the git root),
 * then `ATMOS_CLI_CONFIG_PATH` (a directory or a file). Each location contributes its `atmos.d/`
 * (and `.atmos.d/`) fragments and its local `import:` entries, with the file itself on top.
 */
import { homedir } from 'node:os'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import picomatch from 'picomatch'
import { ConfigError } from '../errors.js'
import { isDirectory, isFile, listFilesRecursive } from './files.js'
import { globMatcher } from './globs.js'
import { deepMerge, isPlainObject, type PlainObject } from './merge.js'
import { AtmosConfigFileSchema } from './schema.js'
import type { AtmosConfig, AuthConfig, LogsConfig, StacksConfig } from './types.js'
import { validateWith } from './validate.js'
import { readYamlFile, type YamlFile } from './yaml-file.js'

export interface LoadAtmosConfigOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  homeDir?: string
}

const CONFIG_NAMES = ['atmos.yaml', 'atmos.yml', '.atmos.yaml', '.atmos.yml']
const FRAGMENT_DIRS = ['atmos.d', '.atmos.d']
const isYamlName = picomatch('**/*.{yaml,yml}', { dot: true })

/** The files that belong to one loaded config file, kept for locating validation problems. */
const loadedFiles = new WeakMap<AtmosConfig, YamlFile[]>()

/** The parsed files behind a loaded config, lowest precedence first. */
export function configYamlFiles(config: AtmosConfig): readonly YamlFile[] {
  return loadedFiles.get(config) ?? []
}

async function findConfigIn(dir: string, searched: string[]): Promise<string | undefined> {
  for (const name of CONFIG_NAMES) {
    const path = join(dir, name)
    searched.push(path)
    if (await isFile(path)) return path
  }
  return undefined
}

async function findGitRoot(start: string): Promise<string | undefined> {
  let dir = start
  for (;;) {
    if ((await isDirectory(join(dir, '.git'))) || (await isFile(join(dir, '.git')))) return dir
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** The project's atmos.yaml: the current directory, then its parents up to the git root. */
async function findProjectConfig(cwd: string, searched: string[]): Promise<string | undefined> {
  const gitRoot = await findGitRoot(cwd)
  let dir = cwd
  for (;;) {
    const found = await findConfigIn(dir, searched)
    if (found) return found
    if (!gitRoot || dir === gitRoot) return undefined
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

async function fragmentFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const name of FRAGMENT_DIRS) {
    const root = join(dir, name)
    for (const rel of await listFilesRecursive(root)) if (isYamlName(rel)) out.push(join(root, rel))
  }
  return out
}

function hasGlob(path: string): boolean {
  return picomatch.scan(path).isGlob
}

/** Local `import:` entries of an atmos.yaml; remote ones are skipped with a warning. */
async function importFiles(yaml: YamlFile, warnings: string[]): Promise<string[]> {
  const doc = yaml.value as PlainObject
  const entries = doc.import
  if (entries === undefined || entries === null) return []
  const list = Array.isArray(entries) ? entries : [entries]
  const out: string[] = []
  const base = dirname(yaml.file)
  for (const entry of list) {
    if (typeof entry !== 'string' || entry.trim() === '') continue
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.startsWith('git::')) {
      warnings.push(`Skipped remote import '${entry}' in ${yaml.file}: only local imports are read.`)
      continue
    }
    const abs = isAbsolute(entry) ? entry : resolve(base, entry)
    if (hasGlob(abs)) {
      const { base: globBase, glob } = picomatch.scan(abs)
      const match = globMatcher(glob)
      const found = (await listFilesRecursive(globBase)).filter((rel) => match(rel) && isYamlName(rel))
      out.push(...found.map((rel) => join(globBase, rel)))
    } else if (await isDirectory(abs)) {
      const found = (await listFilesRecursive(abs)).filter((rel) => isYamlName(rel))
      out.push(...found.map((rel) => join(abs, rel)))
    } else {
      const candidates = /\.ya?ml$/.test(abs) ? [abs] : [abs, `${abs}.yaml`, `${abs}.yml`]
      let hit: string | undefined
      for (const c of candidates) if (await isFile(c)) hit = hit ?? c
      if (!hit) {
        throw new ConfigError(`The import '${entry}' in ${yaml.file} does not exist (looked for ${abs}).`, {
          file: yaml.file,
          yamlPath: 'import',
          hint: 'Fix the path (relative paths are read from the directory of the importing file) or remove the entry.',
        })
      }
      out.push(hit)
    }
  }
  return out
}

/** One configuration location: its fragments, its imports, then the file itself. */
async function loadLayer(file: string, env: NodeJS.ProcessEnv, warnings: string[]): Promise<YamlFile[]> {
  const main = await readYamlFile(file, env)
  if (!isPlainObject(main.value)) {
    throw new ConfigError(`${file} must hold a YAML map at the top level.`, {
      file,
      hint: 'Start atmos.yaml with top-level keys such as `base_path:`, `stacks:` and `logs:`.',
    })
  }
  const layers: YamlFile[] = []
  for (const frag of await fragmentFiles(dirname(file))) layers.push(await readYamlFile(frag, env))
  for (const imp of await importFiles(main, warnings)) layers.push(await readYamlFile(imp, env))
  layers.push(main)
  return layers
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === undefined || value === null || value.trim() === '' ? undefined : value
}

export async function loadAtmosConfig(opts: LoadAtmosConfigOptions = {}): Promise<AtmosConfig> {
  const env = opts.env ?? process.env
  const cwd = resolve(opts.cwd ?? process.cwd())
  const home = opts.homeDir ?? homedir()
  const searched: string[] = []
  const warnings: string[] = []
  const mainFiles: string[] = []

  const homeFile = await findConfigIn(join(home, '.atmos'), searched)
  if (homeFile) mainFiles.push(homeFile)

  const projectFile = await findProjectConfig(cwd, searched)
  if (projectFile && !mainFiles.includes(projectFile)) mainFiles.push(projectFile)

  const explicit = nonEmpty(env.ATMOS_CLI_CONFIG_PATH)
  if (explicit) {
    const abs = resolve(cwd, explicit)
    let file: string | undefined
    if (await isDirectory(abs)) file = await findConfigIn(abs, searched)
    else {
      searched.push(abs)
      if (await isFile(abs)) file = abs
    }
    if (!file) {
      throw new ConfigError(
        `ATMOS_CLI_CONFIG_PATH is set to '${explicit}', but no atmos.yaml was found there (looked for ${CONFIG_NAMES.map((n) => (basename(abs) === n ? abs : join(abs, n))).join(', ')}).`,
        {
          hint: 'Point ATMOS_CLI_CONFIG_PATH at the directory holding atmos.yaml (or at the file itself), or unset it.',
        },
      )
    }
    const i = mainFiles.indexOf(file)
    if (i >= 0) mainFiles.splice(i, 1)
    mainFiles.push(file)
  }

  const yamlFiles: YamlFile[] = []
  for (const file of mainFiles) yamlFiles.push(...(await loadLayer(file, env, warnings)))
  const raw = deepMerge(...yamlFiles.map((y) => y.value))
  const top = mainFiles[mainFiles.length - 1]

  const parsed = validateWith(AtmosConfigFileSchema, raw, {
    files: yamlFiles,
    what: 'atmos configuration',
    fallbackFile: top,
  })

  const projectDir = top ? dirname(top) : cwd
  const basePathSetting = nonEmpty(env.ATMOS_BASE_PATH) ?? nonEmpty(parsed.base_path)
  const basePath =
    basePathSetting === undefined
      ? projectDir
      : resolve(nonEmpty(env.ATMOS_BASE_PATH) ? cwd : projectDir, basePathSetting)

  const stacksRaw = parsed.stacks ?? {}
  const stacksBase = nonEmpty(env.ATMOS_STACKS_BASE_PATH) ?? nonEmpty(stacksRaw.base_path) ?? 'stacks'
  const stacks: StacksConfig = {
    basePath: resolve(basePath, stacksBase),
    includedPaths: splitList(env.ATMOS_STACKS_INCLUDED_PATHS) ?? stacksRaw.included_paths ?? ['**/*'],
    excludedPaths: splitList(env.ATMOS_STACKS_EXCLUDED_PATHS) ?? stacksRaw.excluded_paths ?? [],
    nameTemplate: nonEmpty(env.ATMOS_STACKS_NAME_TEMPLATE) ?? nonEmpty(stacksRaw.name_template),
    namePattern: nonEmpty(env.ATMOS_STACKS_NAME_PATTERN) ?? nonEmpty(stacksRaw.name_pattern),
  }

  const logsRaw = parsed.logs ?? {}
  const logs: LogsConfig = {
    file: nonEmpty(env.ATMOS_LOGS_FILE) ?? logsRaw.file,
    level: nonEmpty(env.ATMOS_LOGS_LEVEL) ?? logsRaw.level,
    settings: logsRaw.settings ?? {},
    sources: logsRaw.sources ?? {},
    tui: logsRaw.tui ?? undefined,
  }

  const authRaw = parsed.auth ?? {}
  const auth: AuthConfig = {
    realm: authRaw.realm,
    providers: authRaw.providers ?? {},
    identities: authRaw.identities ?? {},
  }

  const config: AtmosConfig = {
    file: top,
    files: yamlFiles.map((y) => y.file),
    searched,
    warnings,
    cwd,
    basePath,
    stacks,
    logs,
    auth,
    raw,
    env,
  }
  loadedFiles.set(config, yamlFiles)
  return config
}

import { existsSync, readFileSync } from 'node:fs'
import { arch, homedir, platform, release, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

type Env = Record<string, string | undefined>

export interface Pjson {
  name?: string
  version?: string
  type?: string
  oclif?: OclifSection
}
export interface OclifSection {
  dirname?: string
  commands?: unknown
  hooks?: Record<string, unknown>
  plugins?: unknown[]
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch {
    return undefined
  }
}

/** oclif names WSL `wsl`; on Linux, any sign of it sends the answer to oclif. */
function mayBeWsl(): boolean {
  if (release().toLowerCase().includes('microsoft')) return true
  try {
    if (readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')) return true
  } catch {}
  return existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || existsSync('/run/WSL')
}

/** Hooks oclif runs around every command, which would not run when it is not loaded. */
const COMMAND_HOOKS = ['init', 'prerun', 'postrun', 'finally']

/**
 * The package.json of this installed plugin when oclif, loading it for a command, would run or
 * print nothing of its own; undefined when it would: a hook around commands, plugins of its own,
 * commands it would load to list (no manifest), or a manifest whose version it warns about.
 */
function quietPluginPjson(root: string): Pjson | undefined {
  const pjson = readJson<Pjson>(join(root, 'package.json'))
  // Without an oclif section, oclif looks for one in rc files: leave that to it.
  const oclif = pjson?.oclif
  if (!pjson?.version || !oclif) return undefined
  if (COMMAND_HOOKS.some((event) => oclif.hooks?.[event] !== undefined)) return undefined
  if (oclif.plugins !== undefined && oclif.plugins.length > 0) return undefined
  const manifestFile = ['oclif.manifest.json', '.oclif.manifest.json']
    .map((name) => join(root, name))
    .find((file) => existsSync(file))
  if (manifestFile === undefined) return oclif.commands === undefined ? pjson : undefined
  const manifest = readJson<{ version?: string }>(manifestFile)
  return manifest?.version?.split('-')[0] === pjson.version.split('-')[0] ? pjson : undefined
}

/** A plugin oclif would load beside the CLI, as it would name and type it. */
export interface QuietPlugin {
  name: string
  type: 'core' | 'user' | 'link'
  root: string
  pjson: Pjson
}

/**
 * The CLI's package.json and every plugin oclif would load for a command, when none of them would
 * run or print anything of its own around that command (no hook around commands, no plugins of
 * their own, manifests current), nor would oclif itself (no debug output asked for, not Windows or
 * WSL, where oclif names the platform its own way). Undefined when oclif must answer.
 */
export function quietPlugins(
  cliRoot: string,
  env: Env = process.env,
): { cli: Pjson; plugins: QuietPlugin[] } | undefined {
  const pjson = readJson<Pjson>(join(cliRoot, 'package.json'))
  const oclif = pjson?.oclif
  if (!pjson?.name || !pjson.version || !oclif) return undefined
  if (env.DEBUG || env.ATMOS_DEBUG || env.OCLIF_NEXT_VERSION) return undefined
  const os = platform()
  if (os === 'win32' || (os === 'linux' && mayBeWsl())) return undefined

  const plugins: QuietPlugin[] = []
  for (const name of oclif.plugins ?? []) {
    if (typeof name !== 'string') return undefined
    const root = packageRoot(cliRoot, name)
    const core = root === undefined ? undefined : quietPluginPjson(root)
    if (root === undefined || !core) return undefined
    plugins.push({ name, type: 'core', root, pjson: core })
  }
  const home = env.HOME || homedir() || tmpdir()
  const dataDir =
    env.ATMOS_DATA_DIR || join(env.XDG_DATA_HOME || join(home, '.local/share'), oclif.dirname ?? pjson.name)
  const userFile = join(dataDir, 'package.json')
  if (existsSync(userFile)) {
    const user = readJson<Pjson>(userFile)
    if (!user) return undefined
    for (const p of user.oclif?.plugins ?? []) {
      const { type, name, root } = p as { type?: string; name?: string; root?: string }
      if (type !== 'user' && type !== 'link') continue
      const pluginRoot = type === 'link' ? root : name && join(dataDir, 'node_modules', name)
      const own = typeof pluginRoot === 'string' ? quietPluginPjson(pluginRoot) : undefined
      if (typeof pluginRoot !== 'string' || !own) return undefined
      plugins.push({ name: own.name ?? name ?? pluginRoot, type, root: pluginRoot, pjson: own })
    }
  }
  // A user plugin that replaces a built-in one is oclif's to sort out.
  if (new Set(plugins.map((p) => p.name)).size !== plugins.length) return undefined
  return { cli: pjson, plugins }
}

/** Where a dependency of the package at `from` is installed, as Node finds it (node_modules upwards). */
function packageRoot(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', name)
    if (existsSync(join(root, 'package.json'))) return root
    if (dirname(dir) === dir) return undefined
  }
}

/**
 * The line `atmos --version` prints, without loading oclif: oclif answers with its user agent
 * (`name/version platform-arch node-version`) after loading every plugin and running their init
 * hooks. Ours returns at once for `--version` and the built-in plugins have none, so unless a
 * plugin could add output, or debug output is asked for, the line is known from package.json
 * alone. Undefined when oclif must answer.
 */
export function fastVersionLine(
  cliRoot: string,
  argv: readonly string[],
  env: Env = process.env,
): string | undefined {
  if (argv.length !== 1 || argv[0] !== '--version') return undefined
  const found = quietPlugins(cliRoot, env)
  if (!found) return undefined
  const cpu = arch() === 'ia32' ? 'x86' : arch()
  return `${found.cli.name}/${found.cli.version} ${platform()}-${cpu} node-${process.version}\n`
}

import { existsSync, readFileSync } from 'node:fs'
import { arch, homedir, platform, release, tmpdir } from 'node:os'
import { join } from 'node:path'

type Env = Record<string, string | undefined>

interface Pjson {
  name?: string
  version?: string
  oclif?: OclifSection
}
interface OclifSection {
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

/**
 * Whether oclif, loading this installed plugin for `--version`, would run or print anything: an
 * init or finally hook, plugins of its own, commands it would load to list (no manifest), or a
 * manifest whose version it warns about.
 */
function pluginIsQuiet(root: string): boolean {
  const pjson = readJson<Pjson>(join(root, 'package.json'))
  // Without an oclif section, oclif looks for one in rc files: leave that to it.
  const oclif = pjson?.oclif
  if (!pjson?.version || !oclif) return false
  if (oclif.hooks?.init !== undefined || oclif.hooks?.finally !== undefined) return false
  if (oclif.plugins !== undefined && oclif.plugins.length > 0) return false
  const manifestFile = ['oclif.manifest.json', '.oclif.manifest.json']
    .map((name) => join(root, name))
    .find((file) => existsSync(file))
  if (manifestFile === undefined) return oclif.commands === undefined
  const manifest = readJson<{ version?: string }>(manifestFile)
  return manifest?.version?.split('-')[0] === pjson.version.split('-')[0]
}

/**
 * The line `atmos --version` prints, without loading oclif: oclif answers with its user agent
 * (`name/version platform-arch node-version`) after loading every plugin and running their init
 * hooks. Ours returns at once for `--version` and the built-in plugins have none, so unless an
 * installed plugin could add output, or debug output is asked for, the line is known from
 * package.json alone. Undefined when oclif must answer.
 */
export function fastVersionLine(
  cliRoot: string,
  argv: readonly string[],
  env: Env = process.env,
): string | undefined {
  if (argv.length !== 1 || argv[0] !== '--version') return undefined
  const pjson = readJson<Pjson>(join(cliRoot, 'package.json'))
  const oclif = pjson?.oclif
  if (!pjson?.name || !pjson.version || !oclif) return undefined
  if (env.DEBUG || env.ATMOS_DEBUG || env.OCLIF_NEXT_VERSION) return undefined
  const os = platform()
  if (os === 'win32' || (os === 'linux' && mayBeWsl())) return undefined

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
      if (typeof pluginRoot !== 'string' || !pluginIsQuiet(pluginRoot)) return undefined
    }
  }
  const cpu = arch() === 'ia32' ? 'x86' : arch()
  return `${pjson.name}/${pjson.version} ${os}-${cpu} node-${process.version}\n`
}

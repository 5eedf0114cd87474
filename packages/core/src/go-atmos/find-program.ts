import { constants } from 'node:fs'
import { access, open, readFile, realpath, stat } from 'node:fs/promises'
import { delimiter, dirname, isAbsolute, join, sep } from 'node:path'

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Every executable called `name` on PATH, in PATH order. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const found: string[] = []
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : ['']
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue
    for (const ext of extensions) {
      const candidate = join(dir, name + ext)
      if (!found.includes(candidate) && (await isExecutableFile(candidate))) found.push(candidate)
    }
  }
  return found
}

const OUR_PACKAGE = '@atmos-logs/cli'

async function realpathOrSelf(path: string): Promise<string> {
  try {
    return await realpath(path)
  } catch {
    return path
  }
}

// The nearest package.json above a file (bin/run.js sits one or two levels below it).
async function owningPackageName(file: string): Promise<string | undefined> {
  let dir = dirname(file)
  for (let depth = 0; depth < 3; depth++) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown }
      return typeof pkg.name === 'string' ? pkg.name : undefined
    } catch {
      const parent = dirname(dir)
      if (parent === dir) return undefined
      dir = parent
    }
  }
  return undefined
}

// npm and pnpm install bins as small scripts that name the package they launch.
async function isShimOfOurs(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined)
  if (!handle) return false
  try {
    const buffer = Buffer.alloc(4096)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const head = buffer.subarray(0, bytesRead).toString('utf8')
    return head.startsWith('#!') && head.includes(`${OUR_PACKAGE}/`)
  } finally {
    await handle.close()
  }
}

/**
 * True when `candidate` is this CLI rather than the Go atmos: the same file as `selfPath`, a file
 * of the @atmos-logs/cli package, or an npm/pnpm launcher script for it. Both programs are called
 * `atmos`, and running ourselves would recurse.
 */
export async function isThisCli(candidate: string, selfPath: string | undefined): Promise<boolean> {
  const real = await realpathOrSelf(candidate)
  if (selfPath && real === (await realpathOrSelf(selfPath))) return true
  if (real.includes(`${sep}node_modules${sep}${OUR_PACKAGE.replace('/', sep)}${sep}`)) return true
  if ((await owningPackageName(real)) === OUR_PACKAGE) return true
  return isShimOfOurs(real)
}

import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { type NpmRegistry, startNpmRegistry } from '@atmos-logs/testkit'
import { type CliResult, REPO_ROOT, runProcess, tempDir } from './cli.js'

const exec = promisify(execFile)

interface PackageJson {
  name: string
  version: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  devDependencies?: Record<string, string>
}

/** The environment pnpm and npm run with here: no CI switches, no inherited registry settings. */
function toolEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    npm_config_update_notifier: 'false',
  }
  // Where pnpm keeps its store and metadata cache on this machine.
  for (const name of ['XDG_CACHE_HOME', 'XDG_DATA_HOME', 'PNPM_HOME']) {
    const value = process.env[name]
    if (value) env[name] = value
  }
  return { ...env, ...extra }
}

/** `pnpm pack` of workspace packages (relative to the repo root), as they would be published. */
export async function packWorkspacePackages(folders: string[]): Promise<Record<string, string>> {
  const dest = await tempDir('atmos-pack-')
  const tarballs: Record<string, string> = {}
  for (const folder of folders) {
    const dir = path.join(REPO_ROOT, folder)
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as PackageJson
    const before = new Set(await readdir(dest))
    await exec('pnpm', ['pack', '--pack-destination', dest], { cwd: dir, env: toolEnv() })
    const made = (await readdir(dest)).filter((f) => f.endsWith('.tgz') && !before.has(f))
    if (made.length !== 1) throw new Error(`pnpm pack in ${folder} made ${made.length} tarballs`)
    tarballs[pkg.name] = path.join(dest, made[0]!)
  }
  return tarballs
}

export interface OutsideInstall {
  dir: string
  /** `offline`: pnpm --offline from its store and metadata cache; `mirror`: a loopback registry. */
  mode: 'offline' | 'mirror'
  /** pnpm's output of the install that succeeded, for failure messages. */
  log: string
  /** Removes the install and, in mirror mode, its private store (tens of MB). */
  cleanup(): Promise<void>
}

/**
 * Installs tarballs into a fresh folder outside the workspace with pnpm, with no internet. First
 * `pnpm install --offline` (the store and metadata cache of the workspace install have every
 * third-party package). A machine whose workspace was installed from its lockfile has no metadata
 * cache, so --offline cannot resolve ranges there; then the third-party packages installed in the
 * workspace are served from a loopback registry instead, as their own tarballs.
 */
export async function installOutside(tarballs: Record<string, string>): Promise<OutsideInstall> {
  const dir = await tempDir('atmos-outside-')
  const fileSpecs = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]))
  await writeFile(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'atmos-logs-outside-the-workspace',
        private: true,
        type: 'module',
        dependencies: fileSpecs,
        // The CLI asks for @atmos-logs/core@^0.1.0 and the provider: no registry has them, the tarballs do.
        pnpm: { overrides: fileSpecs },
      },
      null,
      2,
    )}\n`,
  )
  const made = [dir]
  const cleanup = async () => {
    for (const d of made) await rm(d, { recursive: true, force: true })
  }
  const offline = await pnpmInstall(dir, ['--offline'], toolEnv())
  if (offline.code === 0) return { dir, mode: 'offline', log: offline.output, cleanup }
  if (!offline.output.includes('ERR_PNPM_NO_OFFLINE_META')) {
    throw new Error(`pnpm install --offline failed outside the workspace:\n${offline.output}`)
  }

  const mirrorDir = await tempDir('atmos-mirror-')
  made.push(mirrorDir)
  const roots = await Promise.all(Object.keys(tarballs).map(async (name) => workspacePackageDir(name)))
  for (const pkgDir of await thirdPartyClosure(roots)) await tarPackage(pkgDir, mirrorDir)
  const registry = await startNpmRegistry({ dir: mirrorDir })
  try {
    const state = await tempDir('atmos-mirror-state-')
    made.push(state)
    const mirrored = await pnpmInstall(
      dir,
      [
        '--store-dir',
        path.join(state, 'store'),
        '--cache-dir',
        path.join(state, 'cache'),
        '--fetch-retries=0',
      ],
      toolEnv({ npm_config_registry: registry.url }),
    )
    if (mirrored.code !== 0) {
      throw new Error(`pnpm install from the loopback mirror failed:\n${mirrored.output}`)
    }
    return { dir, mode: 'mirror', log: mirrored.output, cleanup }
  } finally {
    await registry.close()
  }
}

async function pnpmInstall(
  dir: string,
  flags: string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(
      'pnpm',
      ['install', '--no-frozen-lockfile', '--reporter', 'append-only', ...flags],
      { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 },
    )
    return { code: 0, output: stdout + stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

/** Where the workspace keeps a package of its own, by npm name. */
async function workspacePackageDir(name: string): Promise<string> {
  for (const group of ['packages', 'examples']) {
    for (const entry of await readdir(path.join(REPO_ROOT, group))) {
      const dir = path.join(REPO_ROOT, group, entry)
      const pkg = await readFile(path.join(dir, 'package.json'), 'utf8').then(JSON.parse, () => undefined)
      if (pkg?.name === name) return dir
    }
  }
  throw new Error(`${name} is not a workspace package`)
}

/**
 * Every third-party package the given workspace packages need at run time, as installed in the
 * workspace (pnpm keeps a package's dependencies beside it in node_modules/.pnpm/<id>/node_modules).
 */
async function thirdPartyClosure(roots: string[], devDependenciesOf: string[] = []): Promise<string[]> {
  const seen = new Map<string, string>() // name@version -> real dir
  const queue = [...roots, ...devDependenciesOf]
  while (queue.length > 0) {
    const dir = queue.shift()!
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as PackageJson
    const required = {
      ...(devDependenciesOf.includes(dir) ? pkg.devDependencies : {}),
      ...pkg.dependencies,
      ...pkg.optionalDependencies,
      ...Object.fromEntries(
        Object.entries(pkg.peerDependencies ?? {}).filter(([n]) => !pkg.peerDependenciesMeta?.[n]?.optional),
      ),
    }
    const lookIn =
      roots.includes(dir) || devDependenciesOf.includes(dir)
        ? path.join(dir, 'node_modules')
        : nodeModulesOf(dir, pkg.name)
    for (const dep of Object.keys(required)) {
      if (dep.startsWith('@atmos-logs/')) continue
      const depDir = await realpath(path.join(lookIn, dep)).catch(() => undefined)
      if (!depDir) continue // an optional or platform-specific package that is not installed here
      const depPkg = JSON.parse(await readFile(path.join(depDir, 'package.json'), 'utf8')) as PackageJson
      const id = `${depPkg.name}@${depPkg.version}`
      if (seen.has(id)) continue
      seen.set(id, depDir)
      queue.push(depDir)
    }
  }
  return [...seen.values()]
}

/** `.../node_modules/@scope/name` → `.../node_modules` */
function nodeModulesOf(dir: string, name: string): string {
  return path.resolve(dir, ...name.split('/').map(() => '..'))
}

/**
 * Packs an installed package folder the way npm lays a tarball out (`package/...`). tar packs a
 * copy: the workspace's files are hard links into pnpm's store, and any pnpm install on the machine
 * (another test file's, running beside this one) links or unlinks the same inodes, which changes
 * their ctime and makes tar fail with "file changed as we read it" though no byte changed.
 */
async function tarPackage(dir: string, dest: string): Promise<void> {
  const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as PackageJson
  const file = path.join(dest, `${pkg.name.replace('/', '-')}-${pkg.version}.tgz`)
  await mkdir(dest, { recursive: true })
  const staging = await mkdtemp(path.join(tmpdir(), 'atmos-tar-'))
  try {
    const copy = path.join(staging, 'package')
    await exec('cp', ['-R', dir, copy])
    await exec('tar', ['--format=ustar', '-czf', file, '--transform', 's,^\\.,package,', '-C', copy, '.'])
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/** Runs an installed executable (e.g. node_modules/.bin/atmos) as a user would. */
export function runBin(
  file: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<CliResult> {
  return runProcess(file, args, opts)
}

/**
 * A Node module-load hook that appends every ESM URL the process loads to `logFile`: what
 * `node --import <returned file>` needs to show which modules a command imported.
 */
export async function moduleLoadRecorder(): Promise<{ importFile: string; logFile: string }> {
  const dir = await tempDir('atmos-load-log-')
  const logFile = path.join(dir, 'loaded.txt')
  await writeFile(logFile, '')
  await writeFile(
    path.join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs'
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(logFile)}, url + '\\n')
  return next(url, context)
}
`,
  )
  const importFile = path.join(dir, 'register.mjs')
  await writeFile(
    importFile,
    "import { register } from 'node:module'\nregister('./hooks.mjs', import.meta.url)\n",
  )
  return { importFile, logFile }
}

/** Every publishable package of the workspace (not `private`), as folders relative to the repo root. */
export async function publishableFolders(): Promise<string[]> {
  const folders: string[] = []
  for (const group of ['packages', 'examples']) {
    for (const entry of (await readdir(path.join(REPO_ROOT, group))).sort()) {
      const pkg = await readFile(path.join(REPO_ROOT, group, entry, 'package.json'), 'utf8').then(
        JSON.parse,
        () => undefined,
      )
      if (pkg && !pkg.private) folders.push(`${group}/${entry}`)
    }
  }
  return folders
}

export interface PublishedRegistry {
  url: string
  /** `name@version` of each workspace package the release published, in order. */
  published: string[]
  close(): Promise<void>
}

/**
 * A loopback npm registry holding what a real one would after `pnpm release`: every third-party
 * package the workspace's packages need at run time (as installed in the workspace), then every
 * publishable workspace package, published over HTTP by the publish step of the root `release`
 * script itself (`pnpm -r publish`, which replaces `workspace:` ranges). An install from it alone
 * proves the release publishes every package with all it declares.
 */
export async function publishWorkspace(
  opts: {
    /**
     * Workspace folders whose third-party dev dependencies the registry serves too, as installed
     * there: what a package generated by `packages/create-provider` installs for its own tests.
     */
    devDependenciesOf?: string[]
  } = {},
): Promise<PublishedRegistry> {
  const dir = await tempDir('atmos-registry-')
  const roots = (await publishableFolders()).map((f) => path.join(REPO_ROOT, f))
  const devRoots = (opts.devDependenciesOf ?? []).map((f) => path.join(REPO_ROOT, f))
  for (const pkgDir of await thirdPartyClosure(roots, devRoots)) await tarPackage(pkgDir, dir)
  const token = randomUUID()
  const registry = await startNpmRegistry({ dir, token })
  const close = async () => {
    await registry.close()
    await rm(dir, { recursive: true, force: true })
  }
  try {
    const npmrc = path.join(dir, 'publish.npmrc')
    await writeFile(npmrc, `${registry.url.replace(/^http:/, '')}:_authToken=${token}\n`)
    await exec('sh', ['-c', `${await releasePublishStep()} --no-git-checks --registry ${registry.url}`], {
      cwd: REPO_ROOT,
      env: toolEnv({ npm_config_userconfig: npmrc }),
      maxBuffer: 64 * 1024 * 1024,
    })
  } catch (err) {
    await close()
    throw err
  }
  return { url: registry.url, published: registry.published, close }
}

/**
 * A loopback registry holding some workspace packages, packed as they would be published, and the
 * third-party packages they need at run time: what `atmos plugins install` of one plugin needs,
 * without publishing the whole workspace.
 */
export async function publishPackages(folders: string[]): Promise<NpmRegistry> {
  const tarballs = await packWorkspacePackages(folders)
  const dir = path.dirname(Object.values(tarballs)[0]!)
  for (const pkgDir of await thirdPartyClosure(folders.map((f) => path.join(REPO_ROOT, f))))
    await tarPackage(pkgDir, dir)
  const registry = await startNpmRegistry({ dir })
  return {
    ...registry,
    close: async () => {
      await registry.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * The publish step of the root `release` script (`pnpm build && pnpm -r publish`): the build
 * has run already, so the tests run what follows it, exactly as written there.
 */
export async function releasePublishStep(): Promise<string> {
  const root = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'))
  const steps = String(root.scripts.release)
    .split('&&')
    .map((s) => s.trim())
  const publish = steps.at(-1)!
  if (steps.length !== 2 || steps[0] !== 'pnpm build' || !publish.startsWith('pnpm -r publish'))
    throw new Error(
      `The release script is no longer "pnpm build && pnpm -r publish …": ${root.scripts.release}`,
    )
  return publish
}

export interface NpmUser {
  /** A fresh HOME; npm's cache, user and global config and global prefix all live inside it. */
  home: string
  /** `npm i -g` installs here; its bin/ comes first on PATH. */
  prefix: string
  /** Only PATH (node, the prefix's bin, /usr/bin, /bin), HOME, TZ=UTC, NO_COLOR and npm settings. */
  env: Record<string, string>
  cleanup(): Promise<void>
}

/**
 * A user with a clean HOME whose npm knows one registry, `registryUrl`, and nothing of this
 * machine's npm settings: what `npm i -g`, `npm create` and `npm install` run with in release tests.
 */
export async function cleanNpmUser(registryUrl: string): Promise<NpmUser> {
  const home = await tempDir('atmos-npm-user-')
  const prefix = path.join(home, 'npm-global')
  const npmrc = path.join(home, '.npmrc')
  await writeFile(npmrc, '')
  const env = {
    PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    TZ: 'UTC',
    NO_COLOR: '1',
    npm_config_registry: registryUrl,
    npm_config_prefix: prefix,
    npm_config_cache: path.join(home, '.npm'),
    npm_config_userconfig: npmrc,
    npm_config_globalconfig: path.join(home, 'npmrc-global'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_fetch_retries: '0',
  }
  return { home, prefix, env, cleanup: () => rm(home, { recursive: true, force: true }) }
}

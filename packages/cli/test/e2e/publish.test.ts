import { execFile } from 'node:child_process'
import { lstat, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { CLI_ROOT, REPO_ROOT, tempDir } from '../helpers/cli.js'
import {
  cleanNpmUser,
  type PublishedRegistry,
  publishableFolders,
  publishWorkspace,
  runBin,
} from '../helpers/packaging.js'

const exec = promisify(execFile)

/**
 * A release as users get it: every workspace package published to a loopback registry by the
 * publish step of `pnpm release`, then `npm i -g @atmos-logs/cli` in an empty folder with a clean
 * HOME and npm prefix, from that registry alone; the installed CLI lists its built-in providers,
 * installs the example provider by its short name and reads logs with it.
 */
const cliPackage = JSON.parse(await readFile(path.join(CLI_ROOT, 'package.json'), 'utf8'))
/** The built-in providers are whatever the CLI lists in oclif.plugins, not a list kept here. */
const BUILT_IN_PROVIDERS = (cliPackage.oclif.plugins as string[]).filter((p) =>
  p.startsWith('@atmos-logs/provider-'),
)

describe('npm i -g @atmos-logs/cli from a registry holding the published packages', () => {
  let registry: PublishedRegistry
  let home: string
  let prefix: string
  let env: Record<string, string>
  let atmos: string

  beforeAll(async () => {
    registry = await publishWorkspace()
    const user = await cleanNpmUser(registry.url)
    home = user.home
    prefix = user.prefix
    env = user.env
    const empty = await tempDir('atmos-release-cwd-')
    await exec('npm', ['install', '--global', '@atmos-logs/cli', '--fetch-retries=0'], {
      cwd: empty,
      env,
      maxBuffer: 16 * 1024 * 1024,
    })
    atmos = path.join(prefix, 'bin/atmos')
  }, 600_000)

  afterAll(async () => {
    await registry?.close()
    if (home) await rm(home, { recursive: true, force: true })
  })

  it('pnpm release published every publishable package once, at its version, the example and testkit included', async () => {
    const expected: string[] = []
    for (const folder of await publishableFolders()) {
      const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, folder, 'package.json'), 'utf8'))
      expected.push(`${pkg.name}@${pkg.version}`)
    }
    expect([...registry.published].sort()).toEqual(expected.sort())
    const names = registry.published.map((p) => p.slice(0, p.lastIndexOf('@')))
    expect(names).toEqual(
      expect.arrayContaining([
        '@atmos-logs/cli',
        '@atmos-logs/core',
        '@atmos-logs/testkit',
        '@atmos-logs/provider-local-file',
        '@atmos-logs/provider-gcp',
        ...BUILT_IN_PROVIDERS,
      ]),
    )
  })

  it('a published manifest names versions where the workspace says workspace:', async () => {
    const res = await fetch(`${registry.url}@atmos-logs%2fcli`)
    const packument = (await res.json()) as {
      versions: Record<string, { dependencies: Record<string, string> }>
    }
    const deps = Object.values(packument.versions)[0]!.dependencies
    expect(deps['@atmos-logs/core']).toMatch(/^\^\d+\.\d+\.\d+$/)
    expect(Object.values(deps).filter((range) => range.startsWith('workspace:'))).toEqual([])
  })

  it('installed real copies under the prefix: nothing links back into the workspace', async () => {
    const root = path.join(prefix, 'lib/node_modules/@atmos-logs/cli')
    expect((await lstat(root)).isSymbolicLink()).toBe(false)
    const links: string[] = []
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name)
        if (entry.isSymbolicLink()) {
          const target = await realpath(file).catch(() => file)
          if (!target.startsWith(prefix)) links.push(`${file} -> ${target}`)
        } else if (entry.isDirectory()) await walk(file)
      }
    }
    await walk(path.join(prefix, 'lib/node_modules'))
    expect(links).toEqual([])
    const manifest = await readFile(path.join(root, 'package.json'), 'utf8')
    expect(manifest).not.toContain('workspace:')
    expect(await realpath(atmos)).toBe(path.join(root, 'bin/run.js'))
    expect(root.startsWith(REPO_ROOT)).toBe(false)
  })

  it('atmos --version names the published version', async () => {
    const result = await runBin(atmos, ['--version'], { cwd: home, env })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout.startsWith(`@atmos-logs/cli/${cliPackage.version} `)).toBe(true)
  })

  it('atmos logs providers lists every built-in provider of the CLI', async () => {
    const result = await runBin(atmos, ['logs', 'providers', '--json'], { cwd: home, env })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const rows = JSON.parse(result.stdout) as Array<{ plugin: string; type: string }>
    expect([...new Set(rows.map((r) => r.plugin))].sort()).toEqual([...BUILT_IN_PROVIDERS].sort())
    expect(rows.every((r) => r.type === 'core')).toBe(true)
  })

  it('atmos plugins install local-file installs the example from the registry, and a view reads with it', async () => {
    const install = await runBin(atmos, ['plugins', 'install', 'local-file'], {
      cwd: home,
      env,
      timeoutMs: 180_000,
    })
    expect(install.code).toBe(0)
    expect(install.stderr).toContain('@atmos-logs/provider-local-file provides local/file.')
    expect(install.stderr).not.toContain('not published by atmos-logs') // our scope: no trust prompt

    const project = await tempDir('atmos-release-project-')
    await writeFile(
      path.join(project, 'atmos.yaml'),
      'logs:\n  sources:\n    app:\n      kind: local/file\n      spec:\n        path: ./app.log\n',
    )
    await writeFile(
      path.join(project, 'app.log'),
      '2026-11-27T10:00:00Z INFO released\n2026-11-27T10:00:05Z WARN and installed from the registry\n',
    )
    const view = await runBin(
      atmos,
      ['logs', 'view', '--source', 'app', '--since', '2026-11-27T00:00:00Z', '--format', 'raw'],
      { cwd: project, env },
    )
    expect(view.stderr).toBe('')
    expect(view.code).toBe(0)
    expect(view.stdout).toBe(
      '2026-11-27T10:00:00Z INFO released\n2026-11-27T10:00:05Z WARN and installed from the registry\n',
    )
    const plugin = path.join(home, '.local/share/atmos/node_modules/@atmos-logs/provider-local-file')
    expect((await realpath(plugin)).startsWith(home)).toBe(true)
    await rm(project, { recursive: true, force: true })
  })
})

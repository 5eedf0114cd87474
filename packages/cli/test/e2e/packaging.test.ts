import { execFile } from 'node:child_process'
import { access, readdir, readFile, realpath } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { BIN, CLI_ROOT, cleanEnv, REPO_ROOT, runCli, tempDir, tempProject } from '../helpers/cli.js'
import {
  installOutside,
  moduleLoadRecorder,
  type OutsideInstall,
  packWorkspacePackages,
  runBin,
} from '../helpers/packaging.js'

const exec = promisify(execFile)

/**
 * What publishing needs: `pnpm pack` tarballs of core, the built-in providers, the interactive view and the CLI
 * install outside the workspace with no internet and work there; every package.json declares what
 * a registry and Node need; the oclif manifest ships, so start-up imports only the command run.
 */
const PUBLISHED = [
  'packages/core',
  'packages/provider-aws-cloudwatch',
  'packages/provider-aws-cloudtrail',
  'packages/provider-github-actions',
  'packages/tui',
  'packages/cli',
]
const CLI_VERSION = JSON.parse(await readFile(path.join(CLI_ROOT, 'package.json'), 'utf8')).version as string
const LOGS_COMMANDS = ['logs:providers', 'logs:search', 'logs:sources', 'logs:tail', 'logs:view']

async function tarList(tarball: string): Promise<string[]> {
  const { stdout } = await exec('tar', ['-tzf', tarball])
  return stdout.split('\n').filter(Boolean)
}

async function tarPackageJson(tarball: string): Promise<Record<string, unknown>> {
  const { stdout } = await exec('tar', ['-xzOf', tarball, 'package/package.json'])
  return JSON.parse(stdout)
}

describe('pnpm pack tarballs, installed outside the workspace with no internet', () => {
  let tarballs: Record<string, string>
  let install: OutsideInstall
  let emulator: Emulator

  beforeAll(async () => {
    // The emulator first: if packing outlasts the hook's timeout, afterAll still closes it, and
    // jest is not left waiting on a server nobody stops.
    emulator = await startEmulator()
    tarballs = await packWorkspacePackages(PUBLISHED)
    install = await installOutside(tarballs)
    // Packing the packages and installing them offline takes minutes on a busy two-core machine.
  }, 300_000)

  afterAll(async () => {
    await emulator?.close()
    await install?.cleanup()
  })

  it('hold built code and a publishable package.json (no workspace: ranges, no tests, no sources)', async () => {
    expect(Object.keys(tarballs).sort()).toEqual([
      '@atmos-logs/cli',
      '@atmos-logs/core',
      '@atmos-logs/provider-aws-cloudtrail',
      '@atmos-logs/provider-aws-cloudwatch',
      '@atmos-logs/provider-github-actions',
      '@atmos-logs/tui',
    ])
    for (const [name, tarball] of Object.entries(tarballs)) {
      const files = await tarList(tarball)
      expect(files).toContain('package/dist/index.js')
      expect(files).toContain('package/dist/index.d.ts')
      expect(files.filter((f) => /\.test\.|^package\/src\//.test(f))).toEqual([])
      const manifest = await tarPackageJson(tarball)
      expect(manifest.name).toBe(name)
      expect(JSON.stringify(manifest)).not.toContain('workspace:')
    }
    const cli = await tarList(tarballs['@atmos-logs/cli']!)
    expect(cli).toEqual(expect.arrayContaining(['package/bin/run.js', 'package/oclif.manifest.json']))
    for (const provider of [
      '@atmos-logs/provider-aws-cloudwatch',
      '@atmos-logs/provider-aws-cloudtrail',
      '@atmos-logs/provider-github-actions',
    ]) {
      expect(await tarList(tarballs[provider]!)).toContain('package/dist/hooks/providers.js')
    }
  })

  it('runs from the install: --version, logs providers, and logs view against the emulator', async () => {
    // Really outside: the CLI and the packages it loads resolve inside the temp install.
    const installed = await realpath(path.join(install.dir, 'node_modules/@atmos-logs/cli'))
    expect(installed.startsWith(`${await realpath(install.dir)}/`)).toBe(true)
    expect(installed.startsWith(REPO_ROOT)).toBe(false)

    const atmos = path.join(install.dir, 'node_modules/.bin/atmos')
    const home = await tempDir('atmos-outside-home-')
    const env = cleanEnv({ HOME: home, ATMOS_DATA_DIR: path.join(home, 'data') })

    const version = await runBin(atmos, ['--version'], { cwd: home, env })
    expect(version.stderr).toBe('')
    expect(version.code).toBe(0)
    expect(version.stdout).toMatch(new RegExp(`^@atmos-logs/cli/${CLI_VERSION.replace(/\./g, '\\.')} `))

    const providers = await runBin(atmos, ['logs', 'providers', '--json'], { cwd: home, env })
    expect(providers.stderr).toBe('')
    expect(providers.code).toBe(0)
    expect(JSON.parse(providers.stdout)).toEqual([
      expect.objectContaining({
        kind: 'aws/cloudtrail',
        plugin: '@atmos-logs/provider-aws-cloudtrail',
        type: 'core',
        capabilities: ['list', 'get', 'tail'],
      }),
      expect.objectContaining({
        kind: 'aws/cloudwatch',
        plugin: '@atmos-logs/provider-aws-cloudwatch',
        type: 'core',
        capabilities: ['list', 'get', 'tail', 'query'],
      }),
      expect.objectContaining({
        kind: 'github/actions',
        plugin: '@atmos-logs/provider-github-actions',
        type: 'core',
        capabilities: ['list', 'get', 'tail'],
      }),
    ])

    const base = Date.UTC(2026, 10, 27, 10, 0, 0)
    emulator.cloudwatch.putEvents('/acme/outside', 'web-1', [
      { timestamp: base, message: 'INFO installed from a tarball' },
      { timestamp: base + 1000, message: 'WARN and reading the emulator' },
    ])
    const project = await tempProject({
      'atmos.yaml':
        'logs:\n  sources:\n    app:\n      kind: aws/cloudwatch\n      spec: {log_group: /acme/outside}\n',
    })
    const view = await runBin(
      atmos,
      ['logs', 'view', '--source', 'app', '--since', '2026-11-27T00:00:00Z', '--format', 'raw'],
      { cwd: project, env: { ...env, ...emulator.env } },
    )
    expect(view.stderr).toBe('')
    expect(view.code).toBe(0)
    expect(view.stdout).toBe('INFO installed from a tarball\nWARN and reading the emulator\n')
  })
})

describe('package.json of every publishable package', () => {
  it('declares exports, types, files, engines.node >= 20, repository, license and public access, all pointing inside what it publishes', async () => {
    const folders: string[] = []
    for (const group of ['packages', 'examples']) {
      for (const entry of await readdir(path.join(REPO_ROOT, group))) {
        const file = path.join(REPO_ROOT, group, entry, 'package.json')
        if (
          await access(file).then(
            () => true,
            () => false,
          )
        )
          folders.push(path.join(group, entry))
      }
    }
    expect(folders).toEqual(
      expect.arrayContaining([
        ...PUBLISHED,
        'packages/testkit',
        'packages/provider-gcp',
        'examples/provider-local-file',
      ]),
    )

    for (const folder of folders) {
      const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, folder, 'package.json'), 'utf8'))
      if (pkg.private) continue
      const where = `${folder}/package.json`
      expect({ where, type: pkg.type }).toEqual({ where, type: 'module' })
      expect({ where, types: typeof pkg.types }).toEqual({ where, types: 'string' })
      expect({ where, dot: pkg.exports?.['.'] }).toEqual({
        where,
        dot: expect.objectContaining({ types: expect.any(String), import: expect.any(String) }),
      })
      expect({ where, files: Array.isArray(pkg.files) && pkg.files.length > 0 }).toEqual({
        where,
        files: true,
      })
      // What a registry page and `pnpm -r publish` need: where the source is, the licence, public access.
      expect({ where, license: pkg.license, access: pkg.publishConfig?.access }).toEqual({
        where,
        license: 'Apache-2.0',
        access: 'public',
      })
      expect({ where, repository: pkg.repository }).toEqual({
        where,
        repository: {
          type: 'git',
          url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
          directory: folder,
        },
      })
      const nodeRange = String(pkg.engines?.node ?? '')
      const minimum = /^>=\s*(\d+)/.exec(nodeRange)
      expect({ where, nodeRange, ok: minimum !== null && Number(minimum[1]) >= 20 }).toEqual({
        where,
        nodeRange,
        ok: true,
      })
      // Everything the package points at must be in a published folder, or it installs broken.
      const published = (p: string) =>
        pkg.files.some((f: string) => !f.startsWith('!') && p.replace(/^\.\//, '').startsWith(f))
      const targets = [
        pkg.types,
        pkg.main,
        ...Object.values(pkg.exports as Record<string, unknown>).flatMap((e) =>
          typeof e === 'string' ? [e] : Object.values(e as Record<string, string>),
        ),
        ...(typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {})),
      ].filter((t): t is string => typeof t === 'string' && t !== './package.json')
      expect({ where, unpublished: targets.filter((t) => !published(t)) }).toEqual({ where, unpublished: [] })
    }
  })
})

describe('a first-party provider installed on demand', () => {
  it('@atmos-logs/provider-gcp is published on its own: the CLI neither depends on it nor lists it in oclif.plugins', async () => {
    const cli = JSON.parse(await readFile(path.join(CLI_ROOT, 'package.json'), 'utf8'))
    expect(cli.oclif.plugins).not.toContain('@atmos-logs/provider-gcp')
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'])
      expect(Object.keys(cli[field] ?? {})).not.toContain('@atmos-logs/provider-gcp')
    const gcp = JSON.parse(await readFile(path.join(REPO_ROOT, 'packages/provider-gcp/package.json'), 'utf8'))
    expect(gcp.private).toBeUndefined()
    expect(gcp.oclif.hooks['atmos-logs:providers']).toBe('./dist/hooks/providers.js')
  })
})

describe('start-up', () => {
  it('oclif.manifest.json is generated at build, for this version, and lists the logs commands', async () => {
    const manifest = JSON.parse(await readFile(path.join(CLI_ROOT, 'oclif.manifest.json'), 'utf8'))
    expect(manifest.version).toBe(CLI_VERSION)
    // Ours (`logs` itself answers --interactive); `plugins install` wraps oclif's installer with
    // our naming and trust rules.
    expect(Object.keys(manifest.commands).sort()).toEqual([
      'autocomplete:fish',
      'autocomplete:values',
      'logs',
      ...LOGS_COMMANDS,
      'plugins:install',
    ])
    for (const id of LOGS_COMMANDS.filter((c) => c !== 'logs:providers')) {
      expect(Object.keys(manifest.commands[id].flags)).toEqual(
        expect.arrayContaining(['stack', 'component', 'all-components', 'source']),
      )
    }
  })

  it('imports only the command being run, and no AWS SDK to list providers', async () => {
    const recorder = await moduleLoadRecorder()
    const env = cleanEnv({ NODE_OPTIONS: `--import=${recorder.importFile}` })
    const result = await runCli(['logs', 'providers'], { env, cwd: tmpdir() })
    expect(result.code).toBe(0)
    const loaded = (await readFile(recorder.logFile, 'utf8')).split('\n').filter(Boolean)
    const commands = new Set(loaded.filter((u) => u.includes('/dist/commands/')).map((u) => path.basename(u)))
    // No other command's module: oclif would load providers.js alone, and the installed CLI, whose
    // plugins are all quiet, answers without oclif and loads no command module at all.
    expect([...commands].filter((c) => c !== 'providers.js')).toEqual([])
    expect(loaded.filter((u) => /@aws-sdk|@smithy/.test(u))).toEqual([])
    // The hook did record: the entry point is among the loaded modules.
    expect(loaded).toContain(`file://${BIN}`)
  })
})

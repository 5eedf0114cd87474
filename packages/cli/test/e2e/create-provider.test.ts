import { execFile } from 'node:child_process'
import { lstat, mkdir, readdir, readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { cleanEnv, REPO_ROOT, runCli, tempProject } from '../helpers/cli.js'
import { cleanNpmUser, type NpmUser, type PublishedRegistry, publishWorkspace } from '../helpers/packaging.js'

const exec = promisify(execFile)

/**
 * A provider author's first ten minutes, outside this repository: every package published to a
 * loopback registry (the starter, core and the testkit among them), `npm create` in an empty
 * folder with a clean HOME, the generated package's own `npm install` and `npm test` from that
 * registry alone, `npm pack`, the tarball installed into the built CLI by a relative path, its
 * kind listed, and its logs viewed from a stack's source.
 */
describe('npm create @atmos-logs/provider, from the published packages to a provider the CLI runs', () => {
  let registry: PublishedRegistry
  let user: NpmUser
  let work: string
  let generated: string
  let dataDir: string

  /** npm as the author runs it: the registry's packages only, nothing of this machine's settings. */
  const npm = (args: string[], cwd: string) =>
    exec('npm', args, { cwd, env: user.env, maxBuffer: 32 * 1024 * 1024, timeout: 600_000 })
  /** The built CLI with its own data directory, its npm pointed at the same registry. */
  const atmosEnv = () => cleanEnv({ ...user.env, ATMOS_DATA_DIR: dataDir, PATH: user.env.PATH })

  beforeAll(async () => {
    // The generated package's dev dependencies (TypeScript, @types/node) are the starter's own.
    registry = await publishWorkspace({ devDependenciesOf: ['packages/create-provider'] })
    user = await cleanNpmUser(registry.url)
    work = path.join(user.home, 'work')
    dataDir = path.join(user.home, 'atmos-data')
    await mkdir(work)
    generated = path.join(work, 'my-provider')
  }, 900_000)

  afterAll(async () => {
    await registry?.close()
    await user?.cleanup()
  })

  it('npm create writes the package into an empty folder', async () => {
    const { stdout } = await npm(
      ['create', '@atmos-logs/provider@latest', 'my-provider', '--', '--kind', 'acme/demo', '--yes'],
      work,
    )
    expect(stdout).toContain('Created @acme/atmos-logs-provider-demo (kind acme/demo) in my-provider')
    const pkg = JSON.parse(await readFile(path.join(generated, 'package.json'), 'utf8'))
    expect(pkg.name).toBe('@acme/atmos-logs-provider-demo')
    expect(JSON.stringify(pkg)).not.toContain('workspace:')
    expect(await readdir(work)).toEqual(['my-provider'])
  }, 600_000)

  it('its npm install takes everything from the registry, nothing from this repository', async () => {
    await npm(['install'], generated)
    const lock = JSON.parse(await readFile(path.join(generated, 'package-lock.json'), 'utf8'))
    const resolved = Object.values(lock.packages as Record<string, { resolved?: string }>)
      .map((p) => p.resolved)
      .filter((r): r is string => typeof r === 'string')
    expect(resolved.length).toBeGreaterThan(3)
    expect(resolved.filter((r) => !r.startsWith(registry.url))).toEqual([])
    for (const name of ['@atmos-logs/testkit', '@atmos-logs/core', 'typescript']) {
      const dir = path.join(generated, 'node_modules', name)
      expect({ name, link: (await lstat(dir)).isSymbolicLink() }).toEqual({ name, link: false })
      expect((await realpath(dir)).startsWith(REPO_ROOT)).toBe(false)
    }
  }, 600_000)

  it('its npm test runs the conformance suite, and every check passes', async () => {
    const { stdout } = await npm(['test'], generated)
    expect(stdout).toContain('provider conformance: acme/demo')
    expect(stdout).toMatch(/^# tests 16$/m)
    expect(stdout).toMatch(/^# pass 16$/m)
    expect(stdout).toMatch(/^# fail 0$/m)
  }, 600_000)

  it('npm pack gives a tarball of the compiled provider, without its tests', async () => {
    const { stdout } = await npm(['pack'], generated)
    expect(stdout.trim().split('\n').at(-1)).toBe('acme-atmos-logs-provider-demo-0.1.0.tgz')
    const { stdout: list } = await exec('tar', [
      '-tzf',
      path.join(generated, 'acme-atmos-logs-provider-demo-0.1.0.tgz'),
    ])
    const files = list.split('\n').filter(Boolean).sort()
    expect(files).toEqual(
      expect.arrayContaining(['package/package.json', 'package/dist/src/hooks/providers.js']),
    )
    expect(files.filter((f) => /test|\/src\/.*\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([])
  }, 600_000)

  it('atmos plugins install ./x.tgz installs it, and logs providers lists its kind', async () => {
    const install = await runCli(
      ['plugins', 'install', './my-provider/acme-atmos-logs-provider-demo-0.1.0.tgz', '--yes'],
      { cwd: work, env: atmosEnv(), timeoutMs: 300_000 },
    )
    expect(install.stderr).toContain('@acme/atmos-logs-provider-demo provides acme/demo.')
    expect(install.stderr).not.toContain('may not work as expected')
    expect(install.code).toBe(0)

    const providers = await runCli(['logs', 'providers', '--json'], { cwd: work, env: atmosEnv() })
    expect(providers.stderr).toBe('')
    expect(providers.code).toBe(0)
    expect(JSON.parse(providers.stdout)).toContainEqual(
      expect.objectContaining({
        kind: 'acme/demo',
        plugin: '@acme/atmos-logs-provider-demo',
        type: 'user',
        capabilities: ['list', 'get', 'tail'],
      }),
    )
  }, 600_000)

  it('a stack source of its kind is viewed and tailed through the installed plugin', async () => {
    const project = await tempProject({
      'atmos.yaml': [
        'base_path: .',
        'stacks:',
        '  base_path: stacks',
        '  included_paths: ["*.yaml"]',
        '  name_template: "{{ .vars.stage }}"',
        '',
      ].join('\n'),
      'stacks/dev.yaml': [
        'vars: {stage: dev}',
        'components:',
        '  terraform:',
        '    billing:',
        '      logs:',
        '        sources:',
        '          events:',
        '            kind: acme/demo',
        '            default: true',
        '            spec:',
        '              stream: billing',
        '              entries:',
        '                - {time: "2026-11-27T10:00:00Z", message: "invoice created", level: info}',
        '                - {time: "2026-11-27T10:00:05Z", message: "card declined", level: error}',
        '',
      ].join('\n'),
    })
    const view = await runCli(
      ['logs', 'view', 'billing', '-s', 'dev', '--since', '2026-11-27T00:00:00Z', '--format', 'json'],
      { cwd: project, env: atmosEnv() },
    )
    expect(view.stderr).toBe('')
    expect(view.code).toBe(0)
    expect(
      view.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      expect.objectContaining({
        timestamp: '2026-11-27T10:00:00.000Z',
        level: 'INFO',
        message: 'invoice created',
        kind: 'acme/demo',
        source: 'events',
        component: 'billing',
        stack: 'dev',
      }),
      expect.objectContaining({
        timestamp: '2026-11-27T10:00:05.000Z',
        level: 'ERROR',
        message: 'card declined',
        kind: 'acme/demo',
      }),
    ])

    const tail = await runCli(['logs', 'tail', 'billing', '-s', 'dev', '--lines', '1', '--format', 'raw'], {
      cwd: project,
      env: atmosEnv(),
    })
    expect(tail.stderr).toBe('')
    expect(tail.code).toBe(0)
    expect(tail.stdout).toBe('card declined\n')
  }, 120_000)
})

import { tmpdir } from 'node:os'
import path from 'node:path'
import { type NpmRegistry, startNpmRegistry } from '@atmos-logs/testkit'
import { cleanEnv, runCli, tempDir, tempProject } from '../helpers/cli.js'
import { echoProviderHook, npmPack, writePluginPackage } from '../helpers/plugin-packages.js'

/**
 * How the CLI finds provider kinds in oclif plugins: a plugin whose hook throws, a linked
 * plugin taking over a built-in kind, and `atmos plugins install <platform>` naming the scoped
 * package. Each test has its own ATMOS_DATA_DIR, so nothing outside the temp folders changes.
 */
interface ProviderRow {
  kind: string
  plugin: string
  type: string
  capabilities: string[]
}

const BUILTIN = '@atmos-logs/provider-aws-cloudwatch'
const CLOUDTRAIL = '@atmos-logs/provider-aws-cloudtrail'
const GITHUB_BUILTIN = '@atmos-logs/provider-github-actions'
const DEAD_REGISTRY = 'http://127.0.0.1:9/'

async function dataDirEnv(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const dataDir = await tempDir('atmos-data-')
  return cleanEnv({
    ATMOS_DATA_DIR: dataDir,
    ATMOS_CACHE_DIR: path.join(dataDir, 'cache'),
    npm_config_cache: path.join(dataDir, 'npm-cache'),
    npm_config_update_notifier: 'false',
    // Nothing here may reach the internet: linking needs no registry, installing uses a loopback one.
    npm_config_registry: DEAD_REGISTRY,
    ...extra,
  })
}

async function link(dir: string, env: Record<string, string>) {
  const result = await runCli(['plugins', 'link', dir, '--no-install'], { env, cwd: tmpdir() })
  expect(result.code).toBe(0)
}

describe('a plugin whose providers hook throws', () => {
  it('is named in a warning on stderr, and the other kinds are still listed (exit 0)', async () => {
    const env = await dataDirEnv()
    const broken = await writePluginPackage({
      name: 'atmos-logs-provider-broken',
      hook: "export default async function providers() {\n  throw new Error('cannot load the broken SDK')\n}\n",
    })
    await link(broken, env)

    const json = await runCli(['logs', 'providers', '--json'], { env, cwd: tmpdir() })
    expect(json.code).toBe(0)
    const rows = JSON.parse(json.stdout) as ProviderRow[]
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'aws/cloudtrail', plugin: CLOUDTRAIL, type: 'core' }),
      expect.objectContaining({ kind: 'aws/cloudwatch', plugin: BUILTIN, type: 'core' }),
      expect.objectContaining({ kind: 'github/actions', plugin: GITHUB_BUILTIN, type: 'core' }),
    ])
    expect(json.stderr).toBe(
      'Warning: Plugin atmos-logs-provider-broken failed to load its providers (cannot load the broken SDK); ' +
        `its kinds are unavailable. Fix the plugin in ${broken}, or remove it with \`atmos plugins unlink atmos-logs-provider-broken\`.\n`,
    )

    const table = await runCli(['logs', 'providers'], { env, cwd: tmpdir() })
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(
      /^aws\/cloudwatch\s+list,get,tail,query\s+@atmos-logs\/provider-aws-cloudwatch\s/m,
    )
    expect(table.stderr).toContain('atmos-logs-provider-broken failed to load its providers')
    expect(table.stderr).not.toMatch(/^\s+at /m)
  })
})

describe('a linked plugin registering a built-in kind', () => {
  it('overrides the built-in with a notice, serves the sources of that kind, and unlinking restores it', async () => {
    const env = await dataDirEnv()
    const name = 'atmos-logs-provider-cloudwatch-fork'
    const fork = await writePluginPackage({ name, hook: echoProviderHook('aws/cloudwatch', 'the fork') })
    await link(fork, env)
    const notice = `Provider kind aws/cloudwatch from ${name} (link) overrides the one from ${BUILTIN}.\n`

    const json = await runCli(['logs', 'providers', '--json'], { env, cwd: tmpdir() })
    expect(json.code).toBe(0)
    expect(json.stderr).toBe(`Warning: ${notice}`)
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ kind: 'aws/cloudtrail', plugin: CLOUDTRAIL, type: 'core' }),
      {
        kind: 'aws/cloudwatch',
        description: 'the fork (test plugin)',
        capabilities: ['list', 'get'],
        plugin: name,
        type: 'link',
      },
      expect.objectContaining({ kind: 'github/actions', plugin: GITHUB_BUILTIN, type: 'core' }),
    ])

    // The override is what reads: no AWS endpoint is configured, and none is needed.
    const project = await tempProject({
      'atmos.yaml':
        'logs:\n  sources:\n    app:\n      kind: aws/cloudwatch\n      spec: {log_group: /acme/app, region: eu-west-1}\n',
    })
    const view = await runCli(
      ['logs', 'view', '--source', 'app', '--since', '2026-11-27T00:00:00Z', '--format', 'raw'],
      {
        env,
        cwd: project,
      },
    )
    expect(view.code).toBe(0)
    expect(view.stdout).toBe('the fork served {"log_group":"/acme/app","region":"eu-west-1"}\n')
    expect(view.stderr).toBe(`Warning: ${notice}`)

    const unlink = await runCli(['plugins', 'unlink', name], { env, cwd: tmpdir() })
    expect(unlink.code).toBe(0)
    const after = await runCli(['logs', 'providers', '--json'], { env, cwd: tmpdir() })
    expect(after.stderr).toBe('')
    expect((JSON.parse(after.stdout) as ProviderRow[]).map((p) => [p.kind, p.plugin])).toEqual([
      ['aws/cloudtrail', CLOUDTRAIL],
      ['aws/cloudwatch', BUILTIN],
      ['github/actions', GITHUB_BUILTIN],
    ])
  })
})

describe('atmos plugins install <platform>', () => {
  let registry: NpmRegistry

  beforeAll(async () => {
    const pkg = await writePluginPackage({
      name: '@atmos-logs/provider-gcp',
      hook: echoProviderHook('gcp/logging', 'gcp'),
    })
    const packDir = await tempDir('atmos-pack-gcp-')
    await npmPack(pkg, packDir)
    registry = await startNpmRegistry({ dir: packDir })
  })

  afterAll(async () => {
    await registry?.close()
  })

  it('`atmos plugins install gcp` installs @atmos-logs/provider-gcp (scope atmos-logs, prefix provider)', async () => {
    const env = await dataDirEnv({ npm_config_registry: registry.url })
    const install = await runCli(['plugins', 'install', 'gcp'], { env, cwd: tmpdir(), timeoutMs: 120_000 })
    expect(install.stderr).not.toMatch(/error/i)
    expect(install.code).toBe(0)

    const providers = await runCli(['logs', 'providers', '--json'], { env, cwd: tmpdir() })
    expect(providers.code).toBe(0)
    expect(providers.stderr).toBe('')
    expect((JSON.parse(providers.stdout) as ProviderRow[]).map((p) => [p.kind, p.plugin, p.type])).toEqual([
      ['aws/cloudtrail', CLOUDTRAIL, 'core'],
      ['aws/cloudwatch', BUILTIN, 'core'],
      ['gcp/logging', '@atmos-logs/provider-gcp', 'user'],
      ['github/actions', GITHUB_BUILTIN, 'core'],
    ])
  })
})

import { execFile } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { type NpmRegistry, startNpmRegistry } from '@atmos-logs/testkit'
import { cleanEnv, REPO_ROOT, runCli, tempDir, tempProject } from '../helpers/cli.js'

const exec = promisify(execFile)

/**
 * The third-party path end to end: the example provider, packed as it would be published, is
 * installed from a registry with `atmos plugins install`, used, and removed again.
 */
describe('atmos plugins install (third-party provider from a registry)', () => {
  let registry: NpmRegistry
  let dataDir: string
  let project: string
  let env: Record<string, string>

  beforeAll(async () => {
    const packDir = await tempDir('atmos-pack-')
    await exec('pnpm', ['pack', '--pack-destination', packDir], {
      cwd: path.join(REPO_ROOT, 'examples/provider-local-file'),
    })
    expect((await readdir(packDir)).some((f) => f.endsWith('.tgz'))).toBe(true)
    registry = await startNpmRegistry({ dir: packDir })
    dataDir = await tempDir('atmos-data-')
    project = await tempProject({
      'atmos.yaml':
        'logs:\n  sources:\n    app:\n      kind: local/file\n      spec:\n        path: ./app.log\n',
      'app.log': '2026-11-27T10:00:00Z INFO service started\n2026-11-27T10:00:05Z ERROR payment declined\n',
    })
    env = cleanEnv({
      ATMOS_DATA_DIR: dataDir,
      ATMOS_CACHE_DIR: path.join(dataDir, 'cache'),
      npm_config_registry: registry.url,
      npm_config_cache: path.join(dataDir, 'npm-cache'),
      npm_config_update_notifier: 'false',
    })
  })

  afterAll(async () => {
    await registry?.close()
  })

  it('installs, lists, streams through and uninstalls the provider', async () => {
    const before = await runCli(['logs', 'providers', '--json'], { env, cwd: project })
    expect(before.code).toBe(0)
    expect(JSON.parse(before.stdout).map((p: { kind: string }) => p.kind)).not.toContain('local/file')

    const install = await runCli(['plugins', 'install', '@atmos-logs/provider-local-file'], {
      env,
      cwd: project,
      timeoutMs: 120_000,
    })
    expect(install.stderr).not.toMatch(/error/i)
    expect(install.code).toBe(0)

    const providers = await runCli(['logs', 'providers', '--json'], { env, cwd: project })
    expect(providers.code).toBe(0)
    const local = JSON.parse(providers.stdout).find((p: { kind: string }) => p.kind === 'local/file')
    expect(local).toMatchObject({
      plugin: '@atmos-logs/provider-local-file',
      type: 'user',
      capabilities: ['list', 'get', 'tail'],
    })

    const view = await runCli(
      ['logs', 'view', '--source', 'app', '--since', '2026-11-27T00:00:00Z', '--format', 'raw'],
      {
        env,
        cwd: project,
      },
    )
    expect(view.stderr).toBe('')
    expect(view.code).toBe(0)
    expect(view.stdout).toBe(
      '2026-11-27T10:00:00Z INFO service started\n2026-11-27T10:00:05Z ERROR payment declined\n',
    )

    const uninstall = await runCli(['plugins', 'uninstall', '@atmos-logs/provider-local-file'], {
      env,
      cwd: project,
    })
    expect(uninstall.code).toBe(0)
    const after = await runCli(['logs', 'providers', '--json'], { env, cwd: project })
    expect(JSON.parse(after.stdout).map((p: { kind: string }) => p.kind)).not.toContain('local/file')

    const unknown = await runCli(['logs', 'view', '--source', 'app'], { env, cwd: project })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown log source kind "local/file"')
    expect(unknown.stderr).toContain(
      '`atmos plugins install local-file` (the package @atmos-logs/provider-local-file)',
    )
  })
})

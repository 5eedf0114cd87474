import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type NpmRegistry, startNpmRegistry } from '@atmos-logs/testkit'
import { cleanEnv, runCli, tempDir } from '../helpers/cli.js'
import { echoProviderHook, npmPack, writePluginPackage } from '../helpers/plugin-packages.js'
import { describeInTerminal, TerminalRun } from '../helpers/tmux.js'

/**
 * Who decides what `atmos plugins install X` runs: a short name only ever means our scope, any
 * other package is installed by full name after a trust confirmation, paths install from disk, and
 * a plugin that brings no usable kind is reported right after its install.
 */
interface ProviderRow {
  kind: string
  plugin: string
  type: string
}

const THIRD_PARTY = '@acme/atmos-logs-provider-echo'

async function pack(name: string, hook: string, into: string): Promise<{ dir: string; tarball: string }> {
  const dir = await writePluginPackage({ name, hook })
  const dest = await tempDir('atmos-pack-')
  const tarball = await npmPack(dir, dest)
  await writeFile(path.join(into, path.basename(tarball)), await readFile(tarball))
  return { dir, tarball }
}

const NO_KIND = 'export default async function providers() {\n  return []\n}\n'
const FUTURE_API = `export default async function providers() {
  return { apiVersion: 2, kind: 'future/thing', description: 'x', capabilities: ['get'], async create() {} }
}
`
const THROWS = "export default async function providers() {\n  throw new Error('the SDK is missing')\n}\n"

let registry: NpmRegistry
let echo: { dir: string; tarball: string }

beforeAll(async () => {
  const packs = await tempDir('atmos-packs-')
  // The typosquatting case: an unscoped `bartest`, and no @atmos-logs/provider-bartest.
  await pack('bartest', echoProviderHook('bar/test', 'bartest'), packs)
  echo = await pack(THIRD_PARTY, echoProviderHook('acme/echo', 'acme'), packs)
  await pack('@acme/atmos-logs-provider-nokind', NO_KIND, packs)
  await pack('@acme/atmos-logs-provider-future', FUTURE_API, packs)
  await pack('@acme/atmos-logs-provider-throws', THROWS, packs)
  registry = await startNpmRegistry({ dir: packs })
})

afterAll(async () => {
  await registry?.close()
})

async function freshEnv(): Promise<{ env: Record<string, string>; dataDir: string }> {
  const dataDir = await tempDir('atmos-data-')
  const env = cleanEnv({
    ATMOS_DATA_DIR: dataDir,
    ATMOS_CACHE_DIR: path.join(dataDir, 'cache'),
    npm_config_registry: registry.url,
    npm_config_cache: path.join(dataDir, 'npm-cache'),
    npm_config_update_notifier: 'false',
  })
  return { env, dataDir }
}

async function kinds(env: Record<string, string>): Promise<Array<[string, string, string]>> {
  const result = await runCli(['logs', 'providers', '--json'], { env, cwd: tmpdir() })
  expect(result.code).toBe(0)
  return (JSON.parse(result.stdout) as ProviderRow[])
    .filter((r) => r.type !== 'core')
    .map((r) => [r.kind, r.plugin, r.type])
}

async function userPlugins(dataDir: string): Promise<string[]> {
  const pjson = await readFile(path.join(dataDir, 'package.json'), 'utf8').then(JSON.parse, () => undefined)
  return ((pjson?.oclif?.plugins ?? []) as Array<{ name: string }>).map((p) => p.name)
}

describe('a short name', () => {
  it('means @atmos-logs/provider-NAME only: with just an unscoped package of that name, nothing is installed (exit 2)', async () => {
    const { env, dataDir } = await freshEnv()
    const result = await runCli(['plugins', 'install', 'bartest'], { env, cwd: tmpdir(), timeoutMs: 120_000 })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'Error: No plugin "bartest": the package @atmos-logs/provider-bartest does not exist in the npm registry. ' +
        'A short name only ever means a package of the @atmos-logs scope.\n' +
        '  Hint: To install another package, name it in full on purpose: `atmos plugins install @publisher/package`, ' +
        'or `atmos plugins install npm:bartest` for the unscoped package "bartest".\n',
    )
    expect(await userPlugins(dataDir)).toEqual([])
    expect(await kinds(env)).toEqual([])
  })
})

describe('a package from outside @atmos-logs', () => {
  it('is refused without --yes when there is no terminal to ask on (exit 2), and nothing is installed', async () => {
    const { env, dataDir } = await freshEnv()
    for (const name of [THIRD_PARTY, 'npm:bartest']) {
      const result = await runCli(['plugins', 'install', name], { env, cwd: tmpdir(), timeoutMs: 120_000 })
      expect(result.code).toBe(2)
      const shown = name.replace(/^npm:/, '')
      expect(result.stderr).toBe(
        `Error: Not installing ${shown} without confirmation: ${shown} is not published by atmos-logs (the @atmos-logs npm scope). ` +
          'A provider plugin runs on this machine with your permissions and receives the credentials of the sources that use it.\n' +
          '  Hint: If you trust its publisher, run the command again with --yes (or on a terminal, to be asked).\n',
      )
    }
    expect(await userPlugins(dataDir)).toEqual([])
  })

  it('installs by full name with --yes, says so, and reports the kind it adds', async () => {
    const { env } = await freshEnv()
    const result = await runCli(['plugins', 'install', THIRD_PARTY, '--yes'], {
      env,
      cwd: tmpdir(),
      timeoutMs: 120_000,
    })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`Warning: ${THIRD_PARTY} is not published by atmos-logs`)
    expect(result.stderr).toContain('Installing it because --yes was given.')
    expect(result.stderr).toContain(`${THIRD_PARTY} provides acme/echo.`)
    expect(await kinds(env)).toEqual([['acme/echo', THIRD_PARTY, 'user']])

    // Trusted once: reinstalling it asks nothing, even without --yes.
    const again = await runCli(['plugins', 'install', THIRD_PARTY], {
      env,
      cwd: tmpdir(),
      timeoutMs: 120_000,
    })
    expect(again.code).toBe(0)
    expect(again.stderr).not.toContain('not published by atmos-logs')
  })

  it('installs an unscoped package named on purpose with npm:NAME', async () => {
    const { env } = await freshEnv()
    const result = await runCli(['plugins', 'install', 'npm:bartest', '--yes'], {
      env,
      cwd: tmpdir(),
      timeoutMs: 120_000,
    })
    expect(result.code).toBe(0)
    expect(await kinds(env)).toEqual([['bar/test', 'bartest', 'user']])
  })
})

describeInTerminal('the trust prompt on a terminal', () => {
  it('asks before installing; "y" installs, anything else installs nothing (exit 2)', async () => {
    const { env, dataDir } = await freshEnv()
    const no = await TerminalRun.start({ args: ['plugins', 'install', THIRD_PARTY], env, cwd: tmpdir() })
    try {
      await no.waitFor(`Install ${THIRD_PARTY}? [y/N]`, 60_000)
      await no.sendKeys('n', 'Enter')
      const { code, pane } = await no.exit(60_000)
      expect(code).toBe(2)
      expect(pane).toContain(`Not installing ${THIRD_PARTY}: not confirmed.`)
    } finally {
      await no.kill()
    }
    expect(await userPlugins(dataDir)).toEqual([])

    const yes = await TerminalRun.start({ args: ['plugins', 'install', THIRD_PARTY], env, cwd: tmpdir() })
    try {
      await yes.waitFor(`Install ${THIRD_PARTY}? [y/N]`, 60_000)
      await yes.sendKeys('y', 'Enter')
      const { code, pane } = await yes.exit(120_000)
      expect(code).toBe(0)
      expect(pane).toContain(`${THIRD_PARTY} provides acme/echo.`)
    } finally {
      await yes.kill()
    }
    expect(await userPlugins(dataDir)).toEqual([THIRD_PARTY])
  })
})

describe('a plugin that brings no usable kind', () => {
  it.each([
    ['@acme/atmos-logs-provider-nokind', 'its providers hook registers no kind'],
    [
      '@acme/atmos-logs-provider-future',
      'a registration it returns is unusable: its apiVersion 2 is not supported (this CLI speaks apiVersion 1)',
    ],
    ['@acme/atmos-logs-provider-throws', 'its providers hook throws: the SDK is missing'],
  ])('%s is reported right after the install (exit 1) and stays installed', async (name, problem) => {
    const { env, dataDir } = await freshEnv()
    const result = await runCli(['plugins', 'install', name, '--yes'], {
      env,
      cwd: tmpdir(),
      timeoutMs: 120_000,
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `Error: ${name} was installed, but ${problem}.\n  Hint: It stays installed but adds no usable kind; \`atmos plugins uninstall ${name}\` removes it.\n`,
    )
    expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(await userPlugins(dataDir)).toEqual([name])
  })
})

describe('installs by path', () => {
  it('take ./x.tgz, /abs/x.tgz and ../dir from disk (never as a GitHub repository)', async () => {
    const cwd = path.dirname(echo.tarball)
    // A sibling of the plugin's directory, as both are in the temp directory.
    const sub = await tempDir('atmos-plugin-sub-')
    const cases: Array<[string, string]> = [
      [`./${path.basename(echo.tarball)}`, cwd],
      [echo.tarball, tmpdir()],
      [`../${path.basename(echo.dir)}`, sub],
    ]
    for (const [arg, from] of cases) {
      const { env, dataDir } = await freshEnv()
      const result = await runCli(['plugins', 'install', arg, '--yes'], {
        env,
        cwd: from,
        timeoutMs: 120_000,
      })
      expect({ arg, code: result.code, stderr: result.stderr }).toEqual({
        arg,
        code: 0,
        stderr: expect.stringContaining(`${THIRD_PARTY} provides acme/echo.`),
      })
      expect(await userPlugins(dataDir)).toEqual([THIRD_PARTY])
      expect(await kinds(env)).toEqual([['acme/echo', THIRD_PARTY, 'user']])
    }
    // Three real installs, each up to two minutes on a busy machine.
  }, 360_000)

  it('a path with nothing there is a usage error naming it (exit 2)', async () => {
    const { env } = await freshEnv()
    const result = await runCli(['plugins', 'install', './missing-1.0.0.tgz', '--yes'], {
      env,
      cwd: tmpdir(),
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `Error: Nothing to install at ${path.join(tmpdir(), 'missing-1.0.0.tgz')}`,
    )
  })
})

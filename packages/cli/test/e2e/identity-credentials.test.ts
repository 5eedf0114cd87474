import path from 'node:path'
import { runCli, tempProject } from '../helpers/cli.js'
import {
  fakeAtmos,
  type IdentityKeys,
  keysUsedFor,
  makeKeys,
  pathWith,
  recentCalls,
  selfOnPath,
  useIdentitySuite,
  writeAtmosAuthFiles,
} from '../helpers/identity.js'
import { withLocalFileProvider } from '../helpers/local-file.js'

/**
 * Identity-integrated credentials through the built CLI: each source is read with the keys of
 * its own atmos auth identity, whether they come from the files atmos auth writes or from a Go
 * atmos binary, and the emulator's stats show which access key made every call.
 */
describe('atmos logs with atmos auth identities', () => {
  let devAdmin: IdentityKeys
  let prodReadonly: IdentityKeys

  const suite = useIdentitySuite()
  const envFor = suite.env

  const view = (env: Record<string, string>, ...more: string[]) =>
    runCli(
      ['logs', 'view', '--stack', 'dev', '--component', 'a,b', '--since', '1h', '--format', 'raw', ...more],
      {
        cwd: suite.fixture.project,
        env,
      },
    )

  beforeAll(async () => {
    devAdmin = makeKeys('dev-admin', 'acme-sso', { region: 'us-east-1' })
    prodReadonly = makeKeys('prod-readonly', 'acme-prod-sso', { region: 'us-east-1' })
  })

  beforeEach(async () => {
    await fetch(`${suite.emulator.endpoint}/_emulator/reset`, { method: 'POST' })
    const at = Date.now() - 5 * 60_000
    for (const [group, message] of [
      ['/acme/dev/a/function', 'a function started'],
      ['/acme/dev/c/jobs', 'c nightly job done'],
      ['/acme/dev/b/app', 'b worker ready'],
    ]) {
      suite.emulator.cloudwatch.putEvents(group, 'main', [{ timestamp: at, message }])
    }
  })

  describe('from the files atmos auth writes', () => {
    beforeAll(async () => {
      await writeAtmosAuthFiles(suite.fixture.configHome, [devAdmin, prodReadonly])
    })

    it("reads each source with its own identity's keys, the default identity where none is named", async () => {
      const result = await view(envFor())
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual([
        'a function started',
        'b worker ready',
      ])

      const calls = await recentCalls(suite.emulator.endpoint)
      // Component a names no identity: the default one (dev-admin, found via core-admin's provider).
      expect(keysUsedFor(calls, '/acme/dev/a/function')).toEqual([devAdmin.accessKeyId])
      expect(keysUsedFor(calls, '/acme/dev/b/app')).toEqual([prodReadonly.accessKeyId])
      // Nothing was signed with the emulator's dummy key or without a key.
      expect(new Set(calls.map((c) => c.accessKeyId))).toEqual(
        new Set([devAdmin.accessKeyId, prodReadonly.accessKeyId]),
      )
    })
  })

  it('reads the files of the realm ATMOS_AUTH_REALM names', async () => {
    const realmHome = path.join(suite.fixture.project, '.xdg-realm')
    const realmDev = makeKeys('dev-admin', 'acme-sso')
    const realmProd = makeKeys('prod-readonly', 'acme-prod-sso')
    await writeAtmosAuthFiles(realmHome, [realmDev, realmProd], 'acme-platform')
    const result = await view(envFor({ XDG_CONFIG_HOME: realmHome, ATMOS_AUTH_REALM: 'acme-platform' }))
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const calls = await recentCalls(suite.emulator.endpoint)
    expect(keysUsedFor(calls, '/acme/dev/a/function')).toEqual([realmDev.accessKeyId])
    expect(keysUsedFor(calls, '/acme/dev/b/app')).toEqual([realmProd.accessKeyId])

    // Without the realm, the same home holds nothing for these identities.
    const noRealm = await view(envFor({ XDG_CONFIG_HOME: realmHome }))
    expect(noRealm.code).toBe(3)
    expect(noRealm.stderr).toContain(path.join(realmHome, 'atmos/aws/acme-sso/credentials'))
  })

  it('does not sign in for a kind that does not use AWS credentials, default identity or not', async () => {
    const { env } = await withLocalFileProvider()
    const atmos = await fakeAtmos([makeKeys('dev-admin', 'acme-sso')])
    const project = await tempProject({
      'atmos.yaml': `logs:
  sources:
    app: {kind: local/file, spec: {path: ./app.log}}
auth:
  identities:
    dev-admin: {kind: aws/permission-set, default: true, via: {provider: acme-sso}}
`,
      'app.log': '2026-11-27T10:00:00Z INFO service started\n',
    })
    const result = await runCli(
      ['logs', 'view', '--source', 'app', '--since', '2026-11-27T00:00:00Z', '--format', 'raw'],
      {
        cwd: project,
        env: env({
          HOME: suite.fixture.home,
          XDG_CONFIG_HOME: suite.fixture.home,
          PATH: pathWith(atmos.binDir),
        }),
      },
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('2026-11-27T10:00:00Z INFO service started\n')
    expect(await atmos.invocations()).toEqual([])
  })

  describe('from a Go atmos binary', () => {
    // Keys only the fake atmos hands out: the config home stays empty, so a call signed with them
    // can only have come through `atmos auth env`.
    let binDevAdmin: IdentityKeys
    let binProdReadonly: IdentityKeys
    let emptyConfigHome: string

    beforeAll(async () => {
      binDevAdmin = makeKeys('dev-admin', 'acme-sso')
      binProdReadonly = makeKeys('prod-readonly', 'acme-prod-sso')
      emptyConfigHome = path.join(suite.fixture.project, '.xdg-empty')
    })

    const threeComponents = (env: Record<string, string>) =>
      runCli(['logs', 'view', '--stack', 'dev', '--component', 'a,b,c', '--since', '1h', '--format', 'raw'], {
        cwd: suite.fixture.project,
        env,
      })

    it('asks `atmos auth env` once per identity, however many sources use it, and uses what it wrote', async () => {
      const atmos = await fakeAtmos([binDevAdmin, binProdReadonly])
      const result = await threeComponents(
        envFor({ XDG_CONFIG_HOME: emptyConfigHome, PATH: pathWith(atmos.binDir) }),
      )
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual([
        'a function started',
        'b worker ready',
        'c nightly job done',
      ])

      // a (default identity) and c (dev-admin by name) share one sign-in; b has its own.
      expect((await atmos.invocations()).sort()).toEqual([
        'auth env --identity dev-admin --format json --login',
        'auth env --identity prod-readonly --format json --login',
      ])
      const calls = await recentCalls(suite.emulator.endpoint)
      expect(keysUsedFor(calls, '/acme/dev/a/function')).toEqual([binDevAdmin.accessKeyId])
      expect(keysUsedFor(calls, '/acme/dev/c/jobs')).toEqual([binDevAdmin.accessKeyId])
      expect(keysUsedFor(calls, '/acme/dev/b/app')).toEqual([binProdReadonly.accessKeyId])
    })

    it('prefers the Go atmos over the files atmos auth wrote', async () => {
      const atmos = await fakeAtmos([binDevAdmin, binProdReadonly])
      // The real config home holds other keys for the same identities.
      const result = await view(envFor({ PATH: pathWith(atmos.binDir) }))
      expect(result.code).toBe(0)
      const calls = await recentCalls(suite.emulator.endpoint)
      expect(keysUsedFor(calls, '/acme/dev/a/function')).toEqual([binDevAdmin.accessKeyId])
      expect(keysUsedFor(calls, '/acme/dev/b/app')).toEqual([binProdReadonly.accessKeyId])
    })

    it('uses the binary ATMOS_AUTH_BINARY names, which need not be on PATH', async () => {
      const atmos = await fakeAtmos([binDevAdmin, binProdReadonly])
      const result = await view(envFor({ XDG_CONFIG_HOME: emptyConfigHome, ATMOS_AUTH_BINARY: atmos.path }))
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(await atmos.invocations()).toHaveLength(2)
      const calls = await recentCalls(suite.emulator.endpoint)
      expect(keysUsedFor(calls, '/acme/dev/b/app')).toEqual([binProdReadonly.accessKeyId])
    })

    it('never runs itself as the auth binary: an `atmos` on PATH that is this CLI is skipped', async () => {
      const self = await selfOnPath()
      const atmos = await fakeAtmos([binDevAdmin, binProdReadonly])
      // This CLI comes first on PATH (as when both are installed); the Go atmos after it.
      const result = await view(
        envFor({ XDG_CONFIG_HOME: emptyConfigHome, PATH: pathWith(self, atmos.binDir) }),
      )
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(await atmos.invocations()).toHaveLength(2)
      expect(keysUsedFor(await recentCalls(suite.emulator.endpoint), '/acme/dev/a/function')).toEqual([
        binDevAdmin.accessKeyId,
      ])

      // With only this CLI on PATH, the files atmos auth wrote are read instead.
      const filesOnly = await view(envFor({ PATH: pathWith(self) }))
      expect(filesOnly.stderr).toBe('')
      expect(filesOnly.code).toBe(0)
    })
  })
})

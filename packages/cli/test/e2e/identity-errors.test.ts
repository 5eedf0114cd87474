import path from 'node:path'
import { runCli, tempDir, tempProject } from '../helpers/cli.js'
import {
  fakeAtmos,
  type IdentityKeys,
  makeKeys,
  pathWith,
  useIdentitySuite,
  writeAtmosAuthFiles,
} from '../helpers/identity.js'

const CREDENTIALS_EXIT = 3

/**
 * What a user sees when an identity cannot give credentials: which identity, why, and the
 * command that fixes it, with exit code 3 and no secret in sight.
 */
describe('atmos logs credential errors', () => {
  let devAdmin: IdentityKeys
  let prodReadonly: IdentityKeys

  const suite = useIdentitySuite(`    typo:
      logs:
        sources:
          app:
            kind: aws/cloudwatch
            identity: prod-readonyl
            spec: {log_group: /acme/dev/typo/app}
`)
  const envFor = suite.env

  const view = (components: string, env: Record<string, string>, timeoutMs?: number) =>
    runCli(
      ['logs', 'view', '--stack', 'dev', '--component', components, '--since', '1h', '--format', 'raw'],
      { cwd: suite.fixture.project, env, timeoutMs },
    )

  /** The error paragraph, joined into one line (the renderer wraps nothing, but be safe). */
  const paragraph = (stderr: string) => stderr.replace(/\s+/g, ' ')

  beforeAll(async () => {
    devAdmin = makeKeys('dev-admin', 'acme-sso')
    // prod-readonly signed in yesterday; its session is over.
    prodReadonly = makeKeys('prod-readonly', 'acme-prod-sso', {
      expiration: new Date(Date.now() - 3600_000).toISOString(),
    })
    await writeAtmosAuthFiles(suite.fixture.configHome, [devAdmin, prodReadonly])
    suite.emulator.cloudwatch.putEvents('/acme/dev/a/function', 'main', [
      { timestamp: Date.now() - 60_000, message: 'a function started' },
    ])
  })

  it('an identity that auth.identities does not define: names the known ones, exit 3', async () => {
    const result = await view('typo', envFor())
    expect(result.code).toBe(CREDENTIALS_EXIT)
    const text = paragraph(result.stderr)
    expect(text).toContain("uses identity 'prod-readonyl'")
    expect(text).toContain("'core-admin', 'dev-admin' and 'prod-readonly'")
    expect(text).toContain("Did you mean 'prod-readonly'?")
    expect(result.stdout).toBe('')
  })

  it('expired credentials: says which identity, when, and `atmos auth login --identity NAME`, exit 3', async () => {
    const result = await view('b', envFor())
    expect(result.code).toBe(CREDENTIALS_EXIT)
    const text = paragraph(result.stderr)
    expect(text).toContain(`identity "prod-readonly" expired at ${prodReadonly.expiration}`)
    expect(text).toContain('atmos auth login --identity prod-readonly')
    expect(text).not.toMatch(/\n\s+at /) // no stack trace without --debug
  })

  it('with several sources, the others are still printed and the exit code stays 3', async () => {
    const result = await view('a,b', envFor())
    expect(result.stdout).toBe('a function started\n')
    expect(result.code).toBe(CREDENTIALS_EXIT)
    expect(paragraph(result.stderr)).toContain('atmos auth login --identity prod-readonly')
  })

  it('missing credentials: says where atmos auth keeps them and how to sign in, exit 3', async () => {
    const empty = await tempDir('atmos-xdg-empty-')
    const result = await view('a', envFor({ XDG_CONFIG_HOME: empty }))
    expect(result.code).toBe(CREDENTIALS_EXIT)
    const text = paragraph(result.stderr)
    expect(text).toContain('No credentials for identity "dev-admin"')
    expect(text).toContain(path.join(empty, 'atmos/aws/acme-sso/credentials'))
    expect(text).toContain('atmos auth login --identity dev-admin')
  })

  it('a Go atmos that hangs is stopped after ATMOS_AUTH_TIMEOUT and reported, exit 3', async () => {
    const atmos = await fakeAtmos([devAdmin], 'hang')
    // The CLI must also exit, though a child of the stopped atmos still holds its pipes: runCli
    // kills it (code null) if it is still running long after the time box.
    const result = await view('a', envFor({ PATH: pathWith(atmos.binDir), ATMOS_AUTH_TIMEOUT: '1s' }), 20_000)
    await atmos.stop()
    expect(result.code).toBe(CREDENTIALS_EXIT)
    const text = paragraph(result.stderr)
    expect(text).toContain('`atmos auth env --identity dev-admin`')
    expect(text).toContain('hung: it did not finish within 1 s')
    expect(text).toContain('atmos auth login --identity dev-admin')
  })

  it('an unreadable ATMOS_AUTH_TIMEOUT is a usage error that names the variable', async () => {
    const atmos = await fakeAtmos([devAdmin])
    const result = await view('a', envFor({ PATH: pathWith(atmos.binDir), ATMOS_AUTH_TIMEOUT: 'soon' }))
    expect(result.code).toBe(2)
    expect(paragraph(result.stderr)).toContain('ATMOS_AUTH_TIMEOUT')
    expect(await atmos.invocations()).toEqual([])

    const help = await runCli(['logs', 'view', '--help'], { cwd: suite.fixture.project, env: envFor() })
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('within ATMOS_AUTH_TIMEOUT (a duration, default 60s)')
  })

  it('a Go atmos that fails: its stderr is shown with the secrets in it masked, exit 3', async () => {
    const atmos = await fakeAtmos([devAdmin], 'fail')
    const result = await view('a', envFor({ PATH: pathWith(atmos.binDir) }))
    expect(result.code).toBe(CREDENTIALS_EXIT)
    const text = paragraph(result.stderr)
    expect(text).toContain('exited with code 1')
    expect(text).toContain('SSO session expired')
    expect(text).toContain('atmos auth login --identity dev-admin')
    expect(result.stderr).not.toContain(devAdmin.secretAccessKey)
    expect(result.stderr).not.toContain(devAdmin.sessionToken)
  })

  it('several default identities: an error naming them, exit 2', async () => {
    const project = await tempProject({
      'atmos.yaml': `logs:
  sources:
    app: {kind: aws/cloudwatch, spec: {log_group: /acme/app}}
auth:
  identities:
    dev-admin: {kind: aws/permission-set, default: true, via: {provider: acme-sso}}
    prod-admin: {kind: aws/permission-set, default: true, via: {provider: acme-sso}}
`,
    })
    const result = await runCli(['logs', 'view', '--source', 'app'], { cwd: project, env: envFor() })
    expect(result.code).toBe(2)
    const text = paragraph(result.stderr)
    expect(text).toContain('dev-admin')
    expect(text).toContain('prod-admin')
    expect(text).toContain('default: true')
  })

  it('an identity with no via: names the real atmos.yaml and the YAML path, with a hint, exit 2', async () => {
    const project = await tempProject({
      'atmos.yaml': `logs:
  sources:
    app: {kind: aws/cloudwatch, identity: loose, spec: {log_group: /acme/app}}
auth:
  identities:
    loose: {kind: aws/permission-set}
`,
    })
    const result = await runCli(['logs', 'view', '--source', 'app'], { cwd: project, env: envFor() })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`Identity "loose" in auth.identities of ${project}/atmos.yaml has no via`)
    expect(result.stderr).toContain('Hint: Add via: {provider: NAME} or via: {identity: NAME}.')
    expect(result.stderr).not.toMatch(/^\s+at /m)
  })
})

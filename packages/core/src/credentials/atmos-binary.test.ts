import { existsSync, mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { rejectionOf } from '../../test/project.js'
import { ConfigError, CredentialsError } from '../errors.js'
import { createCredentialResolver } from './resolver.js'
import {
  credentialsSection,
  recordingLogger,
  useTempDir,
  writeFile,
  writeScript,
} from './testdata/helpers.js'
import type { CredentialAuthConfig } from './types.js'

const NOW = new Date('2026-06-01T12:00:00Z')
const FUTURE = '2026-06-01T13:00:00Z'

const auth: CredentialAuthConfig = {
  identities: {
    'dev-admin': { kind: 'aws/permission-set', default: true, via: { provider: 'sso' } },
    'prod-admin': { kind: 'aws/permission-set', via: { provider: 'sso' } },
  },
}

const tmp = useTempDir()
let filesDir: string
let env: NodeJS.ProcessEnv

beforeEach(() => {
  filesDir = join(tmp.dir, 'atmos-files')
  env = { PATH: tmp.bin }
  // What atmos auth would have written; the fake binary only points at it.
  writeFile(
    join(filesDir, 'credentials'),
    credentialsSection('dev-admin', {
      accessKeyId: 'ASIADEVKEY',
      secret: 'dev-secret-value',
      token: 'dev-session-token',
      expiration: FUTURE,
    }) +
      credentialsSection('prod-admin', {
        accessKeyId: 'ASIAPRODKEY',
        secret: 'prod-secret-value',
        expiration: FUTURE,
      }),
  )
  writeFile(
    join(filesDir, 'config'),
    '[profile dev-admin]\nregion = eu-west-1\n[profile prod-admin]\nregion = us-east-2\n',
  )
})

/** A fake Go atmos: records its arguments, then prints what `atmos auth env --format json` prints. */
function fakeAtmos(path = join(tmp.bin, 'atmos'), region = ''): string {
  const regionPart = region ? `,"AWS_REGION":"${region}"` : ''
  return writeScript(
    path,
    [
      `echo "$*" >> '${tmp.callsFile}'`,
      `printf '{"AWS_SHARED_CREDENTIALS_FILE":"%s","AWS_CONFIG_FILE":"%s","AWS_PROFILE":"%s"${regionPart}}' '${join(filesDir, 'credentials')}' '${join(filesDir, 'config')}' "$4"`,
    ].join('\n'),
  )
}

const source = (name: string, identity: string | null, spec: Record<string, unknown> = {}) => ({
  name,
  kind: 'aws/cloudwatch',
  identity,
  spec,
})

function resolver(overrides: Partial<Parameters<typeof createCredentialResolver>[0]> = {}) {
  return createCredentialResolver({ auth, env, now: () => NOW, timeoutMs: 10_000, ...overrides })
}

const caught = (promise: Promise<unknown>) =>
  rejectionOf(promise, Error) as Promise<Error & { exitCode?: number }>

describe('the Go atmos binary', () => {
  it('runs `atmos auth env --identity NAME --format json --login` and reads the files it names', async () => {
    fakeAtmos()
    const creds = await resolver().resolveFor(source('api', 'dev-admin'))
    expect(tmp.calls()).toEqual(['auth env --identity dev-admin --format json --login'])
    expect(creds).toEqual({
      type: 'aws',
      accessKeyId: 'ASIADEVKEY',
      secretAccessKey: 'dev-secret-value',
      sessionToken: 'dev-session-token',
      expiration: new Date(FUTURE),
      region: 'eu-west-1',
      identity: 'dev-admin',
      profile: 'dev-admin',
      sharedCredentialsFile: join(filesDir, 'credentials'),
      configFile: join(filesDir, 'config'),
    })
  })

  it('takes AWS_REGION from its output over the config file, and spec.region over both', async () => {
    fakeAtmos(undefined, 'ap-northeast-1')
    const r = resolver()
    expect(await r.resolveFor(source('a', 'dev-admin'))).toMatchObject({ region: 'ap-northeast-1' })
    expect(await r.resolveFor(source('b', 'dev-admin', { region: 'ca-central-1' }))).toMatchObject({
      region: 'ca-central-1',
    })
  })

  it('runs once per identity per run, shared by every source using it, and each identity gets its own keys', async () => {
    fakeAtmos()
    const r = resolver()
    const results = await Promise.all([
      r.resolveFor(source('a', 'dev-admin')),
      r.resolveFor(source('b', null)), // the default identity: dev-admin
      r.resolveFor(source('c', 'prod-admin')),
      r.resolveFor(source('d', 'prod-admin')),
    ])
    await r.resolveFor(source('e', 'dev-admin'))
    expect(tmp.calls().sort()).toEqual([
      'auth env --identity dev-admin --format json --login',
      'auth env --identity prod-admin --format json --login',
    ])
    expect(results.map((c) => (c as { accessKeyId: string }).accessKeyId)).toEqual([
      'ASIADEVKEY',
      'ASIADEVKEY',
      'ASIAPRODKEY',
      'ASIAPRODKEY',
    ])
  })

  it('never runs this CLI: skips its own bin and npm/pnpm launchers of @atmos-logs/cli on PATH', async () => {
    const ours = join(tmp.dir, 'ours')
    const self = writeScript(join(ours, 'self', 'atmos'), `echo self >> '${tmp.callsFile}'; exit 9`)
    writeScript(
      join(ours, 'shim', 'atmos'),
      `echo shim >> '${tmp.callsFile}'; exec node "$basedir/../lib/node_modules/@atmos-logs/cli/bin/run.js" "$@"`,
    )
    fakeAtmos()
    const r = resolver({
      env: { PATH: [join(ours, 'self'), join(ours, 'shim'), tmp.bin].join(':') },
      selfPath: self,
    })
    expect(await r.resolveFor(source('a', 'dev-admin'))).toMatchObject({ accessKeyId: 'ASIADEVKEY' })
    expect(tmp.calls()).toEqual(['auth env --identity dev-admin --format json --login'])
  })

  it('skips an `atmos` symlink into a checkout or install of the @atmos-logs/cli package', async () => {
    const pkg = join(tmp.dir, 'checkout', 'packages', 'cli')
    writeFile(
      join(pkg, 'package.json'),
      JSON.stringify({ name: '@atmos-logs/cli', bin: { atmos: './bin/run.js' } }),
    )
    const run = writeScript(join(pkg, 'bin', 'run.js'), `echo ours >> '${tmp.callsFile}'; exit 9`)
    const linkDir = join(tmp.dir, 'linked')
    mkdirSync(linkDir)
    symlinkSync(run, join(linkDir, 'atmos'))
    fakeAtmos()
    const r = resolver({ env: { PATH: [linkDir, tmp.bin].join(':') } })
    expect(await r.resolveFor(source('a', 'dev-admin'))).toMatchObject({ accessKeyId: 'ASIADEVKEY' })
    expect(tmp.calls()).toEqual(['auth env --identity dev-admin --format json --login'])
  })

  it('reads the files when the only `atmos` on PATH is this CLI', async () => {
    const self = writeScript(join(tmp.bin, 'atmos'), `echo self >> '${tmp.callsFile}'; exit 9`)
    writeFile(
      join(tmp.configHome, 'atmos', 'aws', 'sso', 'credentials'),
      credentialsSection('dev-admin', { accessKeyId: 'ASIAFROMFILES', secret: 's', expiration: FUTURE }),
    )
    const r = resolver({
      env: { PATH: tmp.bin, XDG_CONFIG_HOME: tmp.configHome, AWS_REGION: 'us-east-1' },
      selfPath: self,
    })
    expect(await r.resolveFor(source('a', 'dev-admin'))).toMatchObject({ accessKeyId: 'ASIAFROMFILES' })
    expect(existsSync(tmp.callsFile)).toBe(false)
  })

  it('uses ATMOS_AUTH_BINARY when set, even when not on PATH', async () => {
    const elsewhere = fakeAtmos(join(tmp.dir, 'elsewhere', 'go-atmos'))
    const r = resolver({ env: { PATH: join(tmp.dir, 'empty'), ATMOS_AUTH_BINARY: elsewhere } })
    expect(await r.resolveFor(source('a', 'prod-admin'))).toMatchObject({
      accessKeyId: 'ASIAPRODKEY',
      region: 'us-east-2',
    })
  })

  it('prefers ATMOS_GO_BINARY over the older ATMOS_AUTH_BINARY and over PATH', async () => {
    const named = fakeAtmos(join(tmp.dir, 'go-named', 'atmos-go'))
    const r = resolver({
      env: { PATH: tmp.bin, ATMOS_GO_BINARY: named, ATMOS_AUTH_BINARY: join(tmp.dir, 'nope') },
    })
    expect(await r.resolveFor(source('a', 'prod-admin'))).toMatchObject({ accessKeyId: 'ASIAPRODKEY' })
    const bad = await caught(
      resolver({ env: { PATH: tmp.bin, ATMOS_GO_BINARY: join(tmp.dir, 'nope') } }).resolveFor(
        source('a', 'dev-admin'),
      ),
    )
    expect(bad.message).toContain('ATMOS_GO_BINARY is set to')
  })

  it('refuses an ATMOS_AUTH_BINARY that does not exist or is this CLI', async () => {
    const missing = await caught(
      resolver({ env: { PATH: tmp.bin, ATMOS_AUTH_BINARY: join(tmp.dir, 'nope') } }).resolveFor(
        source('a', 'dev-admin'),
      ),
    )
    expect(missing).toBeInstanceOf(ConfigError)
    expect(missing.message).toContain('ATMOS_AUTH_BINARY')
    expect(missing.message).toContain('not an executable file')

    const self = fakeAtmos()
    const itself = await caught(
      resolver({ env: { PATH: tmp.bin, ATMOS_AUTH_BINARY: self }, selfPath: self }).resolveFor(
        source('a', 'dev-admin'),
      ),
    )
    expect(itself).toBeInstanceOf(ConfigError)
    expect(itself.message).toContain('this atmos logs CLI')
  })

  it('shows stderr only on failure, with credential-shaped values masked, and the login command', async () => {
    writeScript(
      join(tmp.bin, 'atmos'),
      [
        `echo 'note: refreshing session' >&2`,
        `echo 'debug: aws_secret_access_key = leakedSECRETvalue123' >&2`,
        `echo 'Error: no valid session for identity; device code expired' >&2`,
        'exit 1',
      ].join('\n'),
    )
    const logger = recordingLogger()
    const err = await caught(resolver({ logger }).resolveFor(source('api', 'dev-admin')))
    expect(err).toBeInstanceOf(CredentialsError)
    expect(err.exitCode).toBe(3)
    expect(err.message).toContain('exited with code 1')
    expect(err.message).toContain('device code expired')
    expect(err.message).toContain('atmos auth login --identity dev-admin')
    expect(err.message).not.toContain('leakedSECRETvalue123')
    expect(logger.text()).not.toContain('leakedSECRETvalue123')
  })

  it('masks secrets already resolved for another identity in a later failure', async () => {
    writeScript(
      join(tmp.bin, 'atmos'),
      [
        'if [ "$4" = "dev-admin" ]; then',
        `  echo 'cached session was prod-secret-value' >&2`,
        '  exit 1',
        'fi',
        `printf '{"AWS_SHARED_CREDENTIALS_FILE":"${join(filesDir, 'credentials')}","AWS_PROFILE":"prod-admin","AWS_REGION":"us-east-2"}'`,
      ].join('\n'),
    )
    const r = resolver()
    expect(await r.resolveFor(source('p', 'prod-admin'))).toMatchObject({
      secretAccessKey: 'prod-secret-value',
    })
    const err = await caught(r.resolveFor(source('d', 'dev-admin')))
    expect(err.message).toContain('cached session was [REDACTED]')
    expect(err.message).not.toContain('prod-secret-value')
  })

  it('does not show stderr when atmos succeeds', async () => {
    writeScript(
      join(tmp.bin, 'atmos'),
      `echo 'chatty progress output' >&2\nprintf '{"AWS_SHARED_CREDENTIALS_FILE":"${join(filesDir, 'credentials')}","AWS_PROFILE":"dev-admin","AWS_REGION":"eu-west-1"}'`,
    )
    const logger = recordingLogger()
    expect(await resolver({ logger }).resolveFor(source('a', 'dev-admin'))).toMatchObject({
      accessKeyId: 'ASIADEVKEY',
    })
    expect(logger.text()).not.toContain('chatty progress output')
  })

  it('says clearly that atmos hung when it outlives the time box', async () => {
    writeScript(join(tmp.bin, 'atmos'), `echo started >> '${tmp.callsFile}'\nexec /bin/sleep 30`)
    const err = await caught(resolver({ timeoutMs: 200 }).resolveFor(source('api', 'dev-admin')))
    expect(err).toBeInstanceOf(CredentialsError)
    expect(err.message).toContain('`atmos auth env --identity dev-admin`')
    expect(err.message).toContain('hung: it did not finish within 200 ms and was stopped')
    expect(err.message).toContain('atmos auth login --identity dev-admin')
    expect(tmp.calls()).toEqual(['started'])
  })

  it('takes the time box from ATMOS_AUTH_TIMEOUT when the caller sets none', async () => {
    writeScript(join(tmp.bin, 'atmos'), `echo started >> '${tmp.callsFile}'\nexec /bin/sleep 30`)
    const r = resolver({ timeoutMs: undefined, env: { ...env, ATMOS_AUTH_TIMEOUT: '150ms' } })
    const err = await caught(r.resolveFor(source('api', 'dev-admin')))
    expect(err).toBeInstanceOf(CredentialsError)
    expect(err.message).toContain('did not finish within 150 ms')
  })

  it('refuses an ATMOS_AUTH_TIMEOUT that is not a positive duration, before running anything', () => {
    fakeAtmos()
    for (const value of ['soon', '0', '-5s']) {
      expect(() => resolver({ timeoutMs: undefined, env: { ...env, ATMOS_AUTH_TIMEOUT: value } })).toThrow(
        `ATMOS_AUTH_TIMEOUT is set to "${value}"`,
      )
    }
    expect(existsSync(tmp.callsFile)).toBe(false)
  })

  it('never echoes stdout that is not JSON (it may hold keys)', async () => {
    writeScript(join(tmp.bin, 'atmos'), `echo 'export AWS_SECRET_ACCESS_KEY=plaintextsecret'`)
    const err = await caught(resolver().resolveFor(source('api', 'dev-admin')))
    expect(err).toBeInstanceOf(CredentialsError)
    expect(err.message).toContain('not a JSON object')
    expect(err.message).not.toContain('plaintextsecret')
  })

  it('accepts keys printed directly as variables, and checks their expiry', async () => {
    writeScript(
      join(tmp.bin, 'atmos'),
      `printf '{"AWS_ACCESS_KEY_ID":"ASIADIRECT","AWS_SECRET_ACCESS_KEY":"direct-secret","AWS_SESSION_TOKEN":"direct-token","AWS_REGION":"us-west-1","AWS_CREDENTIAL_EXPIRATION":"%s"}' "$EXPIRES"`,
    )
    const ok = await resolver({ env: { ...env, EXPIRES: FUTURE } }).resolveFor(source('a', 'dev-admin'))
    expect(ok).toMatchObject({ accessKeyId: 'ASIADIRECT', sessionToken: 'direct-token', region: 'us-west-1' })

    const expired = await caught(
      resolver({ env: { ...env, EXPIRES: '2026-06-01T11:59:00Z' } }).resolveFor(source('a', 'dev-admin')),
    )
    expect(expired).toBeInstanceOf(CredentialsError)
    expect(expired.message).toContain('expired at 2026-06-01T11:59:00.000Z')
    expect(expired.message).not.toContain('direct-secret')
  })

  it('keeps every endpoint variable atmos auth env returns, with keys or with files', async () => {
    writeScript(
      join(tmp.bin, 'atmos'),
      `printf '{"AWS_ACCESS_KEY_ID":"test","AWS_SECRET_ACCESS_KEY":"test","AWS_REGION":"eu-west-1","AWS_ENDPOINT_URL":"http://127.0.0.1:4566","AWS_ENDPOINT_URL_S3":"http://127.0.0.1:4566","AWS_ENDPOINT_URL_CLOUDWATCH_LOGS":"http://127.0.0.1:4599"}'`,
    )
    expect(await resolver().resolveFor(source('a', 'dev-admin'))).toMatchObject({
      endpoint: 'http://127.0.0.1:4566',
      serviceEndpoints: {
        AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566',
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://127.0.0.1:4599',
      },
    })
    writeScript(
      join(tmp.bin, 'atmos'),
      `printf '{"AWS_SHARED_CREDENTIALS_FILE":"%s","AWS_CONFIG_FILE":"%s","AWS_PROFILE":"%s","AWS_ENDPOINT_URL":"http://emulator:4566"}' '${join(filesDir, 'credentials')}' '${join(filesDir, 'config')}' "$4"`,
    )
    expect(await resolver().resolveFor(source('a', 'dev-admin'))).toMatchObject({
      accessKeyId: 'ASIADEVKEY',
      endpoint: 'http://emulator:4566',
    })
  })

  it('shares one failure between the sources of an identity instead of asking again', async () => {
    writeScript(
      join(tmp.bin, 'atmos'),
      `echo x >> '${tmp.callsFile}'\necho 'Error: not logged in' >&2\nexit 2`,
    )
    const r = resolver()
    const errors = await Promise.all([
      caught(r.resolveFor(source('a', 'dev-admin'))),
      caught(r.resolveFor(source('b', 'dev-admin'))),
    ])
    expect(errors[0]).toBe(errors[1])
    expect(tmp.calls()).toEqual(['x'])
  })
})

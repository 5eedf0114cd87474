import { join } from 'node:path'
import { rejectionOf } from '../../test/project.js'
import { ConfigError, CredentialsError } from '../errors.js'
import { createCredentialResolver } from './resolver.js'
import { recordingLogger, useTempDir, writeFile, writeScript } from './testdata/helpers.js'
import type { CredentialAuthConfig } from './types.js'

const NOW = new Date('2026-06-01T12:00:00Z')
const FUTURE = '2026-06-01T13:00:00Z'
const PAST = '2026-06-01T11:00:00Z'
const TOKEN = 'ya29.identity-token-0123456789abcdefghij'

const auth: CredentialAuthConfig = {
  identities: {
    'gcp-dev': {
      kind: 'gcp/service-account',
      via: { provider: 'gcp-adc' },
      principal: { service_account_email: 'logs@acme-dev.iam.gserviceaccount.com' },
    },
    'gcp-dev-project': { kind: 'gcp/project', via: { identity: 'gcp-dev' } },
    'gcp-local': { kind: 'gcp/emulator' },
    'gcp-other': { kind: 'gcp/workload-thing', via: { provider: 'gcp-adc' } },
    'aws-dev': { kind: 'aws/permission-set', via: { provider: 'sso' } },
  },
}

const tmp = useTempDir()
let env: NodeJS.ProcessEnv

beforeEach(() => {
  env = { PATH: tmp.bin, XDG_CONFIG_HOME: tmp.configHome }
})

/** A fake Go atmos: records its arguments, prints `json` as `atmos auth env --format json` does. */
function fakeAtmos(json: Record<string, string>, exitCode = 0): void {
  writeScript(
    join(tmp.bin, 'atmos'),
    [
      `echo "$*" >> '${tmp.callsFile}'`,
      `printf '%s' '${JSON.stringify(json)}'`,
      exitCode ? `echo 'token expired; run atmos auth login' >&2; exit ${exitCode}` : '',
    ].join('\n'),
  )
}

/** Where atmos auth login keeps a service account identity's token. */
const tokenDir = (identity: string, realm?: string) =>
  join(tmp.configHome, 'atmos', ...(realm ? [realm] : []), 'gcp', 'gcp-adc', 'adc', identity)

const source = (identity: string | null, kind = 'gcp/logging') => ({
  name: 'web',
  kind,
  identity,
  spec: { project: 'acme-dev' },
})

function resolver(overrides: Partial<Parameters<typeof createCredentialResolver>[0]> = {}) {
  return createCredentialResolver({ auth, env, now: () => NOW, timeoutMs: 10_000, ...overrides })
}

const caught = (promise: Promise<unknown>) =>
  rejectionOf(promise, Error) as Promise<Error & { exitCode?: number; hint?: string }>

describe('Google credentials from a gcp/* identity', () => {
  it('takes the token `atmos auth env --identity NAME` prints, with its project, once per identity', async () => {
    fakeAtmos({ GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN, GOOGLE_CLOUD_PROJECT: 'acme-dev', CLOUDSDK_CONFIG: '/x' })
    const r = resolver()
    const [a, b] = await Promise.all([r.resolveFor(source('gcp-dev')), r.resolveFor(source('gcp-dev'))])
    expect(a).toEqual({ type: 'google', identity: 'gcp-dev', accessToken: TOKEN, project: 'acme-dev' })
    expect(b).toBe(a)
    expect(tmp.calls()).toEqual(['auth env --identity gcp-dev --format json --login'])
    expect(r.secrets()).toEqual([TOKEN])
  })

  it('reads the token atmos auth keeps when `atmos auth env` prints only the project (as it does for a service account)', async () => {
    fakeAtmos({
      GOOGLE_CLOUD_PROJECT: 'acme-dev',
      GCLOUD_PROJECT: 'acme-dev',
      CLOUDSDK_CORE_PROJECT: 'acme-dev',
    })
    writeFile(join(tokenDir('gcp-dev'), 'access_token'), `${TOKEN}\n${FUTURE}\n`)
    expect(await resolver().resolveFor(source('gcp-dev'))).toEqual({
      type: 'google',
      identity: 'gcp-dev',
      accessToken: TOKEN,
      expiration: new Date(FUTURE),
      project: 'acme-dev',
    })
  })

  it("reads atmos's own ADC file (a token, no refresh token) for its token; hands any other credentials file on", async () => {
    const adc = writeFile(
      join(tmp.dir, 'adc.json'),
      JSON.stringify({ type: 'authorized_user', access_token: TOKEN, token_expiry: FUTURE, client_id: 'c' }),
    )
    fakeAtmos({ GOOGLE_APPLICATION_CREDENTIALS: adc })
    expect(await resolver().resolveFor(source('gcp-dev'))).toMatchObject({
      accessToken: TOKEN,
      expiration: new Date(FUTURE),
    })
    const key = writeFile(
      join(tmp.dir, 'key.json'),
      JSON.stringify({ type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----' }),
    )
    fakeAtmos({ GOOGLE_APPLICATION_CREDENTIALS: key })
    const creds = await resolver().resolveFor(source('gcp-dev'))
    expect(creds).toEqual({ type: 'google', identity: 'gcp-dev', credentialsFile: key })
  })

  it('takes a realm into the path, and the token of the identity a project identity signs in through', async () => {
    fakeAtmos({ GOOGLE_CLOUD_PROJECT: 'acme-prd' })
    writeFile(join(tokenDir('gcp-dev', 'team-a'), 'access_token'), `${TOKEN}\n`)
    const creds = await resolver({ env: { ...env, ATMOS_AUTH_REALM: 'team-a' } }).resolveFor(
      source('gcp-dev-project'),
    )
    expect(creds).toEqual({
      type: 'google',
      identity: 'gcp-dev-project',
      accessToken: TOKEN,
      project: 'acme-prd',
    })
  })

  it('without a Go atmos reads the kept token of a service account identity; other gcp kinds need atmos', async () => {
    writeFile(join(tokenDir('gcp-dev'), 'access_token'), `${TOKEN}\n${FUTURE}\n`)
    expect(await resolver().resolveFor(source('gcp-dev'))).toMatchObject({ accessToken: TOKEN })
    const err = await caught(resolver().resolveFor(source('gcp-other')))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/kind gcp\/workload-thing.*no Go atmos was found/)
  })

  it('an emulator identity needs no credential: its project and endpoint come through', async () => {
    fakeAtmos({
      GOOGLE_CLOUD_PROJECT: 'acme-dev',
      CLOUDSDK_AUTH_DISABLE_CREDENTIALS: 'true',
      CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: 'http://127.0.0.1:4000/',
    })
    expect(await resolver().resolveFor(source('gcp-local'))).toEqual({
      type: 'google',
      identity: 'gcp-local',
      project: 'acme-dev',
      endpoints: { CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: 'http://127.0.0.1:4000/' },
    })
  })

  it('missing: exit 3 naming the identity, where it looked and `atmos auth login --identity NAME`', async () => {
    fakeAtmos({ GOOGLE_CLOUD_PROJECT: 'acme-dev' })
    const err = await caught(resolver().resolveFor(source('gcp-dev')))
    expect(err).toBeInstanceOf(CredentialsError)
    expect(err.exitCode).toBe(3)
    expect(err.message).toContain('No Google credentials for identity "gcp-dev"')
    expect(err.message).toContain(tokenDir('gcp-dev'))
    expect(err.hint).toBe('Run `atmos auth login --identity gcp-dev`, then try again.')
  })

  it('expired: exit 3 with the time and the fix, and the token is in no message', async () => {
    fakeAtmos({})
    writeFile(join(tokenDir('gcp-dev'), 'access_token'), `${TOKEN}\n${PAST}\n`)
    const err = await caught(resolver().resolveFor(source('gcp-dev')))
    expect(err.exitCode).toBe(3)
    expect(err.message).toContain(`expired at ${new Date(PAST).toISOString()}`)
    expect(err.message).toContain('atmos auth login --identity gcp-dev')
    expect(err.message).not.toContain(TOKEN)
  })

  it('a credentials file that is not JSON is exit 3 and its contents are never quoted', async () => {
    const file = writeFile(join(tmp.dir, 'broken.json'), `secret-key-material ${TOKEN}`)
    fakeAtmos({ GOOGLE_APPLICATION_CREDENTIALS: file })
    const err = await caught(resolver().resolveFor(source('gcp-dev')))
    expect(err.exitCode).toBe(3)
    expect(err.message).not.toMatch(/secret-key-material|ya29/)
  })

  it('a failing `atmos auth env` is exit 3 with its stderr, tokens masked', async () => {
    fakeAtmos({ GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN }, 1)
    const err = await caught(resolver().resolveFor(source('gcp-dev')))
    expect(err.exitCode).toBe(3)
    expect(err.message).toMatch(/exited with code 1.*token expired.*atmos auth login --identity gcp-dev/)
  })

  it('logs how it signed in, never the token', async () => {
    fakeAtmos({ GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN })
    const logger = recordingLogger()
    await resolver({ logger }).resolveFor(source('gcp-dev'))
    expect(logger.text()).toContain('access token')
    expect(logger.text()).not.toContain(TOKEN)
  })

  it('an aws/* source refuses a gcp identity (exit 2)', async () => {
    const err = await caught(resolver().resolveFor(source('gcp-dev', 'aws/cloudwatch')))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/kind gcp\/service-account; this kind signs in with aws\/\* identities only/)
  })
})

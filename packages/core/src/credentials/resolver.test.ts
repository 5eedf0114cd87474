import { join } from 'node:path'
import { rejectionOf } from '../../test/project.js'
import type { AwsCredentials } from '../contract.js'
import { ConfigError, CredentialsError } from '../errors.js'
import { createCredentialResolver } from './resolver.js'
import { credentialsSection, recordingLogger, useTempDir, writeFile } from './testdata/helpers.js'
import type { CredentialAuthConfig } from './types.js'

const NOW = new Date('2026-06-01T12:00:00Z')
const FUTURE = '2026-06-01T13:00:00Z'
const PAST = '2026-06-01T11:00:00Z'

const auth: CredentialAuthConfig = {
  providers: { 'acme-sso': { kind: 'aws/iam-identity-center', region: 'us-east-1' } },
  identities: {
    'core-admin': { kind: 'aws/permission-set', via: { provider: 'acme-sso' } },
    'dev-admin': { kind: 'aws/assume-role', via: { identity: 'core-admin' } },
    'dev-readonly': { kind: 'aws/assume-role', default: true, via: { identity: 'dev-admin' } },
    'break-glass': { kind: 'aws/user' },
  },
}

const tmp = useTempDir()
let env: NodeJS.ProcessEnv

beforeEach(() => {
  // An empty PATH directory: no Go atmos, so the resolver reads the files.
  env = { PATH: join(tmp.dir, 'empty-bin'), XDG_CONFIG_HOME: tmp.configHome }
})

function resolver(overrides: Partial<Parameters<typeof createCredentialResolver>[0]> = {}) {
  return createCredentialResolver({ auth, env, homeDir: join(tmp.dir, 'home'), now: () => NOW, ...overrides })
}

function awsDir(provider: string, realm?: string, base = tmp.configHome): string {
  return realm ? join(base, 'atmos', realm, 'aws', provider) : join(base, 'atmos', 'aws', provider)
}

/** The credentials file atmos auth keeps for the acme-sso provider. */
function writeSsoCredentials(text: string): void {
  writeFile(join(awsDir('acme-sso'), 'credentials'), text)
}

const source = (
  name: string,
  identity: string | null,
  spec: Record<string, unknown> = {},
  kind = 'aws/cloudwatch',
) => ({
  name,
  kind,
  identity,
  spec,
})

const caught = (promise: Promise<unknown>) =>
  rejectionOf(promise, Error) as Promise<Error & { exitCode?: number }>

describe('credentials from the files atmos auth writes', () => {
  it('follows the via chain to the root provider and reads the identity section, expiry and profile region', async () => {
    const dir = awsDir('acme-sso')
    writeFile(
      join(dir, 'credentials'),
      credentialsSection('core-admin', {
        accessKeyId: 'AKIACORE',
        secret: 'core-secret',
        expiration: FUTURE,
      }) +
        credentialsSection('dev-admin', {
          accessKeyId: 'ASIADEV',
          secret: 'dev-secret',
          token: 'dev-token',
          expiration: FUTURE,
        }),
    )
    writeFile(join(dir, 'config'), '[profile dev-admin]\nregion = eu-central-1\noutput = json\n')

    const creds = (await resolver().resolveFor(source('api', 'dev-admin'))) as AwsCredentials
    expect(creds).toEqual({
      type: 'aws',
      accessKeyId: 'ASIADEV',
      secretAccessKey: 'dev-secret',
      sessionToken: 'dev-token',
      expiration: new Date(FUTURE),
      region: 'eu-central-1',
      identity: 'dev-admin',
      profile: 'dev-admin',
      sharedCredentialsFile: join(dir, 'credentials'),
      configFile: join(dir, 'config'),
    })
  })

  it('puts the realm from auth.realm between atmos/ and aws/, and ATMOS_AUTH_REALM wins over it', async () => {
    writeFile(
      join(awsDir('acme-sso', 'from-config'), 'credentials'),
      credentialsSection('core-admin', { accessKeyId: 'AKIACONFIG', secret: 's1', expiration: FUTURE }),
    )
    writeFile(
      join(awsDir('acme-sso', 'from-env'), 'credentials'),
      credentialsSection('core-admin', { accessKeyId: 'AKIAENV', secret: 's2', expiration: FUTURE }),
    )
    const withRealm = { ...auth, realm: 'from-config' }
    const spec = { region: 'us-west-2' }

    const fromConfig = await resolver({ auth: withRealm }).resolveFor(source('a', 'core-admin', spec))
    expect(fromConfig).toMatchObject({ accessKeyId: 'AKIACONFIG' })

    const fromEnv = await resolver({
      auth: withRealm,
      env: { ...env, ATMOS_AUTH_REALM: 'from-env' },
    }).resolveFor(source('a', 'core-admin', spec))
    expect(fromEnv).toMatchObject({ accessKeyId: 'AKIAENV' })
  })

  it('refuses a realm that is not a safe directory name', async () => {
    const err = await caught(
      resolver({ auth: { ...auth, realm: '../escape' } }).resolveFor(
        source('a', 'core-admin', { region: 'x' }),
      ),
    )
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('"../escape"')
    expect(err.message).toContain('auth.realm')
  })

  it('keeps aws/user identities under aws-user', async () => {
    writeFile(
      join(awsDir('aws-user'), 'credentials'),
      credentialsSection('break-glass', { accessKeyId: 'AKIAUSER', secret: 'user-secret' }),
    )
    const creds = await resolver().resolveFor(source('a', 'break-glass', { region: 'us-east-2' }))
    expect(creds).toMatchObject({ accessKeyId: 'AKIAUSER', region: 'us-east-2', expiration: undefined })
  })

  it('prefers ATMOS_XDG_CONFIG_HOME over XDG_CONFIG_HOME, and falls back to ~/.config', async () => {
    const atmosHome = join(tmp.dir, 'atmos-xdg')
    const home = join(tmp.dir, 'home')
    writeFile(
      join(awsDir('aws-user', undefined, atmosHome), 'credentials'),
      credentialsSection('break-glass', { accessKeyId: 'AKIAATMOSXDG', secret: 's' }),
    )
    writeFile(
      join(awsDir('aws-user', undefined, join(home, '.config')), 'credentials'),
      credentialsSection('break-glass', { accessKeyId: 'AKIAHOME', secret: 's' }),
    )
    const spec = { region: 'us-east-1' }

    const a = await resolver({ env: { ...env, ATMOS_XDG_CONFIG_HOME: atmosHome } }).resolveFor(
      source('a', 'break-glass', spec),
    )
    expect(a).toMatchObject({ accessKeyId: 'AKIAATMOSXDG' })
    const b = await resolver({ env: { PATH: env.PATH }, homeDir: home }).resolveFor(
      source('a', 'break-glass', spec),
    )
    expect(b).toMatchObject({ accessKeyId: 'AKIAHOME' })
  })

  it('reports expired credentials with the time they expired and the login command, exit code 3', async () => {
    writeFile(
      join(awsDir('acme-sso'), 'credentials'),
      credentialsSection('core-admin', {
        accessKeyId: 'AKIAOLD',
        secret: 'old-secret',
        token: 'old-token',
        expiration: PAST,
      }),
    )
    const err = await caught(resolver().resolveFor(source('api', 'core-admin', { region: 'us-east-1' })))
    expect(err).toBeInstanceOf(CredentialsError)
    expect(err.exitCode).toBe(3)
    expect(err.message).toContain('identity "core-admin" expired at 2026-06-01T11:00:00.000Z')
    expect(err.message).toContain('atmos auth login --identity core-admin')
    expect(err.message).not.toContain('old-secret')
    expect(err.message).not.toContain('old-token')
  })

  it('reports a missing credentials file and a missing section with the login command', async () => {
    const noFile = await caught(resolver().resolveFor(source('api', 'core-admin', { region: 'us-east-1' })))
    expect(noFile).toBeInstanceOf(CredentialsError)
    expect(noFile.message).toContain(join(awsDir('acme-sso'), 'credentials'))
    expect(noFile.message).toContain('does not exist')
    expect(noFile.message).toContain('atmos auth login --identity core-admin')

    writeFile(
      join(awsDir('acme-sso'), 'credentials'),
      credentialsSection('someone-else', { accessKeyId: 'A', secret: 'B' }),
    )
    const noSection = await caught(resolver().resolveFor(source('api', 'dev-admin', { region: 'us-east-1' })))
    expect(noSection).toBeInstanceOf(CredentialsError)
    expect(noSection.message).toContain('has no section [dev-admin]')
    expect(noSection.message).toContain('atmos auth login --identity dev-admin')
  })

  it('refuses a via chain that loops, naming the loop', async () => {
    const looping: CredentialAuthConfig = {
      identities: {
        a: { kind: 'aws/assume-role', via: { identity: 'b' } },
        b: { kind: 'aws/assume-role', via: { identity: 'a' } },
      },
    }
    const err = await caught(resolver({ auth: looping }).resolveFor(source('s', 'a')))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('a -> b -> a')
  })
})

describe('which identity a source uses', () => {
  beforeEach(() =>
    writeSsoCredentials(
      credentialsSection('dev-readonly', { accessKeyId: 'AKIAREADONLY', secret: 'ro', expiration: FUTURE }) +
        credentialsSection('dev-admin', { accessKeyId: 'AKIAADMIN', secret: 'adm', expiration: FUTURE }),
    ),
  )

  it('uses the source identity when set, else the default: true identity', async () => {
    const r = resolver({ env: { ...env, AWS_REGION: 'us-east-1' } })
    expect(await r.resolveFor(source('a', 'dev-admin'))).toMatchObject({
      accessKeyId: 'AKIAADMIN',
      identity: 'dev-admin',
    })
    expect(await r.resolveFor(source('b', null))).toMatchObject({
      accessKeyId: 'AKIAREADONLY',
      identity: 'dev-readonly',
    })
  })

  it('refuses several default identities, naming them', async () => {
    const twoDefaults: CredentialAuthConfig = {
      identities: {
        ...auth.identities,
        'core-admin': { kind: 'aws/permission-set', default: true, via: { provider: 'acme-sso' } },
      },
    }
    const err = await caught(resolver({ auth: twoDefaults }).resolveFor(source('logs', null)))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.exitCode).toBe(2)
    expect(err.message).toContain('(core-admin, dev-readonly)')
    expect(err.message).toContain('source "logs"')
  })

  it('refuses an identity that is not defined, naming the known ones', async () => {
    const err = await caught(resolver().resolveFor(source('logs', 'dev-admn')))
    expect(err).toBeInstanceOf(CredentialsError)
    expect(err.exitCode).toBe(3)
    expect(err.message).toContain('Identity "dev-admn" used by source "logs" is not defined')
    expect(err.message).toContain('Known identities: break-glass, core-admin, dev-admin, dev-readonly')
  })

  it('refuses a non-AWS identity for an AWS source', async () => {
    const mixed: CredentialAuthConfig = {
      identities: { ...auth.identities, azure: { kind: 'azure/subscription', via: { provider: 'p' } } },
    }
    const err = await caught(resolver({ auth: mixed }).resolveFor(source('logs', 'azure')))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('kind azure/subscription')
  })

  it('falls back to the SDK default chain when no identity is configured anywhere', async () => {
    const r = resolver({ auth: {}, env: { ...env, AWS_DEFAULT_REGION: 'ap-south-1' } })
    expect(await r.resolveFor(source('a', null))).toEqual({ type: 'default', region: 'ap-south-1' })
    expect(await r.resolveFor(source('b', null, { region: 'eu-west-3' }))).toEqual({
      type: 'default',
      region: 'eu-west-3',
    })
  })

  it('takes the SDK default chain region from the shared config profile, else says clearly that none is set', async () => {
    const awsConfig = writeFile(
      join(tmp.dir, 'aws-config'),
      '[default]\nregion = us-east-1\n[profile work]\nregion = sa-east-1\n',
    )
    const r = resolver({ auth: {}, env: { ...env, AWS_CONFIG_FILE: awsConfig, AWS_PROFILE: 'work' } })
    expect(await r.resolveFor(source('a', null))).toEqual({ type: 'default', region: 'sa-east-1' })

    const err = await caught(resolver({ auth: {} }).resolveFor(source('lambda-logs', null)))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('Source "lambda-logs" (kind aws/cloudwatch) needs an AWS region')
    expect(err.message).toContain('AWS_REGION')
  })
})

describe('region precedence for identity credentials', () => {
  beforeEach(() =>
    writeSsoCredentials(
      credentialsSection('core-admin', { accessKeyId: 'AKIA1', secret: 's', expiration: FUTURE }),
    ),
  )

  it('spec.region > profile region > AWS_REGION > AWS_DEFAULT_REGION', async () => {
    const withEnv = { ...env, AWS_REGION: 'env-region', AWS_DEFAULT_REGION: 'default-region' }
    expect(
      await resolver({ env: { ...env, AWS_DEFAULT_REGION: 'default-region' } }).resolveFor(
        source('a', 'core-admin'),
      ),
    ).toMatchObject({
      region: 'default-region',
    })
    expect(await resolver({ env: withEnv }).resolveFor(source('a', 'core-admin'))).toMatchObject({
      region: 'env-region',
    })

    writeFile(join(awsDir('acme-sso'), 'config'), '[profile core-admin]\nregion = profile-region\n')
    const r = resolver({ env: withEnv })
    expect(await r.resolveFor(source('a', 'core-admin'))).toMatchObject({ region: 'profile-region' })
    // Same identity, resolved once, but each source keeps its own spec region.
    expect(await r.resolveFor(source('b', 'core-admin', { region: 'spec-region' }))).toMatchObject({
      region: 'spec-region',
    })
  })

  it('is an error for an AWS source with no region anywhere, naming the places it looked', async () => {
    const err = await caught(resolver().resolveFor(source('trail', 'core-admin', {}, 'aws/cloudtrail')))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('Source "trail" (kind aws/cloudtrail) needs an AWS region')
    expect(err.message).toContain('[profile core-admin]')
  })
})

describe('third-party kinds', () => {
  it('get nothing without an identity, and the identity AWS credentials (region optional) with one', async () => {
    writeFile(
      join(awsDir('acme-sso'), 'credentials'),
      credentialsSection('core-admin', { accessKeyId: 'AKIA3P', secret: 's3p', expiration: FUTURE }),
    )
    const r = resolver()
    expect(await r.resolveFor(source('echo', null, {}, 'example/echo'))).toBeUndefined()
    expect(await r.resolveFor(source('echo', 'core-admin', {}, 'example/echo'))).toMatchObject({
      type: 'aws',
      accessKeyId: 'AKIA3P',
      region: undefined,
    })
  })
})

describe('github/* sources', () => {
  it('take the GitHub token chain, not the identity they name, and say so once per identity', async () => {
    const notices: string[] = []
    const r = resolver({ env: { ...env, GITHUB_TOKEN: 'ghp_envtoken' }, notice: (m) => notices.push(m) })
    for (const name of ['ci', 'deploy'])
      expect(await r.resolveFor(source(name, 'core-admin', {}, 'github/actions'))).toEqual({
        type: 'github',
        token: 'ghp_envtoken',
        baseUrl: undefined,
      })
    await r.resolveFor(source('plain', null, {}, 'github/actions'))
    expect(notices).toEqual([
      'Note: identity "core-admin" is not used for github/actions sources: GitHub is read with a token from GH_TOKEN, GITHUB_TOKEN, ATMOS_GITHUB_TOKEN, else `gh auth token`.',
    ])
    // a name that is no identity is still an error
    await expect(caught(r.resolveFor(source('ci', 'no-such', {}, 'github/actions')))).resolves.toMatchObject({
      message: expect.stringContaining('"no-such"'),
    })
  })
})

describe('secrets()', () => {
  it('lists every secret resolved so far and nothing is logged with them', async () => {
    writeFile(
      join(awsDir('acme-sso'), 'credentials'),
      credentialsSection('core-admin', {
        accessKeyId: 'AKIAX',
        secret: 'the-secret',
        token: 'the-token',
        expiration: FUTURE,
      }),
    )
    const logger = recordingLogger()
    const r = resolver({ logger, env: { ...env, GITHUB_TOKEN: 'ghp_envtoken' } })
    await r.resolveFor(source('a', 'core-admin', { region: 'us-east-1' }))
    await r.resolveFor(source('gh', null, {}, 'github/actions'))
    expect(r.secrets().sort()).toEqual(['ghp_envtoken', 'the-secret', 'the-token'])
    expect(logger.records.length).toBeGreaterThan(0)
    for (const secret of r.secrets()) expect(logger.text()).not.toContain(secret)
  })
})

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ghHostname } from './github.js'
import { createCredentialResolver } from './resolver.js'
import { recordingLogger, useTempDir, writeScript } from './testdata/helpers.js'

const tmp = useTempDir()

const actions = (identity: string | null = null) => ({
  name: 'ci',
  kind: 'github/actions',
  identity,
  spec: { owner: 'acme' },
})

/** A fake `gh` that records its arguments and prints a token per host. */
function fakeGh(): void {
  writeScript(
    join(tmp.bin, 'gh'),
    [
      `echo "$*" >> '${tmp.callsFile}'`,
      'if [ "$3" = "--hostname" ]; then echo "gho_enterprise_token_for_$4"; else echo "gho_public_token_value"; fi',
    ].join('\n'),
  )
}

function resolve(env: NodeJS.ProcessEnv, logger = recordingLogger()) {
  return createCredentialResolver({ auth: {}, env: { PATH: tmp.bin, ...env }, logger }).resolveFor(actions())
}

describe('GitHub credentials', () => {
  it('take GH_TOKEN, then GITHUB_TOKEN, then ATMOS_GITHUB_TOKEN, without running gh', async () => {
    fakeGh()
    expect(await resolve({ GH_TOKEN: 'a', GITHUB_TOKEN: 'b', ATMOS_GITHUB_TOKEN: 'c' })).toEqual({
      type: 'github',
      token: 'a',
      baseUrl: undefined,
    })
    expect(await resolve({ GITHUB_TOKEN: 'b', ATMOS_GITHUB_TOKEN: 'c' })).toMatchObject({ token: 'b' })
    expect(await resolve({ ATMOS_GITHUB_TOKEN: 'c' })).toMatchObject({ token: 'c' })
    expect(existsSync(tmp.callsFile)).toBe(false)
  })

  it('pass GITHUB_API_URL through as baseUrl (Enterprise, the emulator)', async () => {
    expect(await resolve({ GITHUB_TOKEN: 't', GITHUB_API_URL: 'http://127.0.0.1:4510/github/' })).toEqual({
      type: 'github',
      token: 't',
      baseUrl: 'http://127.0.0.1:4510/github',
    })
  })

  it('fall back to `gh auth token`, with --hostname for GitHub Enterprise', async () => {
    fakeGh()
    expect(await resolve({})).toEqual({ type: 'github', token: 'gho_public_token_value', baseUrl: undefined })
    expect(await resolve({ GITHUB_API_URL: 'https://ghe.acme.example/api/v3' })).toEqual({
      type: 'github',
      token: 'gho_enterprise_token_for_ghe.acme.example',
      baseUrl: 'https://ghe.acme.example/api/v3',
    })
    expect(tmp.calls()).toEqual(['auth token', 'auth token --hostname ghe.acme.example'])
  })

  it('go anonymous with a rate-limit notice when there is no token and gh has no login', async () => {
    writeScript(
      join(tmp.bin, 'gh'),
      `echo 'You are not logged into any GitHub hosts. To log in, run: gh auth login' >&2\nexit 1`,
    )
    const logger = recordingLogger()
    expect(await resolve({}, logger)).toEqual({ type: 'github', baseUrl: undefined })
    const warnings = logger.records.filter((r) => r.level === 'warn')
    expect(warnings).toHaveLength(1)
    expect(warnings[0].msg).toContain('anonymously')
    expect(warnings[0].msg).toContain('60 requests an hour')
  })

  it('go anonymous when gh is not installed', async () => {
    const logger = recordingLogger()
    expect(await resolve({}, logger)).toEqual({ type: 'github', baseUrl: undefined })
    expect(logger.records.some((r) => r.level === 'warn')).toBe(true)
  })

  it('resolve once per run for every GitHub source, and check a named identity exists', async () => {
    fakeGh()
    const r = createCredentialResolver({
      auth: { identities: { ci: { kind: 'aws/user' } } },
      env: { PATH: tmp.bin },
    })
    const [a, b] = await Promise.all([r.resolveFor(actions()), r.resolveFor(actions('ci'))])
    expect(a).toBe(b)
    expect(tmp.calls()).toHaveLength(1)
    await expect(r.resolveFor(actions('nope'))).rejects.toThrow(
      'Identity "nope" used by source "ci" is not defined',
    )
  })
})

describe('ghHostname', () => {
  it('maps API URLs to the host gh keys tokens by', () => {
    expect(ghHostname(undefined)).toBeUndefined()
    expect(ghHostname('https://api.github.com')).toBeUndefined()
    expect(ghHostname('https://ghe.acme.example/api/v3')).toBe('ghe.acme.example')
    expect(ghHostname('https://api.acme.ghe.com')).toBe('acme.ghe.com')
    expect(ghHostname('http://127.0.0.1:4510/github')).toBe('127.0.0.1:4510')
    expect(ghHostname('not a url')).toBeUndefined()
  })
})

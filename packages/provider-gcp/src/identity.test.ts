import type { GoogleCredentials, ProviderContext } from '@atmos-logs/core/contract'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { GcpLoggingProvider } from './provider.js'
import { collect, failure, writeEntries } from './testdata/helpers.js'

/** A source whose gcp/* identity gave Google credentials, as core's resolver hands them over. */
const logger = { debug() {}, info() {}, warn() {}, error() {} }
const TOKEN = 'ya29.identity-token-for-gcp-dev-0123456789'
const PROJECT = 'acme-dev'

let emulator: Emulator
const read = (p: GcpLoggingProvider) => collect(p.getLogs({ signal: new AbortController().signal }))
const provider = (
  credentials: Partial<GoogleCredentials>,
  spec: Record<string, unknown> = { project: PROJECT, endpoint: emulator.endpoint },
  env: NodeJS.ProcessEnv = {},
) => {
  const ctx: ProviderContext = {
    name: 'web',
    spec,
    logger,
    credentials: { type: 'google', identity: 'gcp-dev', ...credentials },
  }
  const p = new GcpLoggingProvider(ctx, { env })
  p.validate()
  return p
}

beforeAll(async () => {
  emulator = await startEmulator()
  await writeEntries(emulator.endpoint, PROJECT, [
    { insertId: 'a', timestamp: new Date(Date.now() - 60_000).toISOString(), textPayload: 'hello' },
  ])
  // From now on the emulator takes the identity's token and nothing else.
  await emulator.seed({ gcp: { tokens: [TOKEN], entries: [] } })
})
afterAll(() => emulator.close())

describe('a gcp/* identity signs the reads', () => {
  it("sends the identity's access token (not the emulator's placeholder) and reads", async () => {
    expect((await read(provider({ accessToken: TOKEN }))).map((e) => e.message)).toEqual(['hello'])
  })

  it("reads the identity's project when the source names none, and its endpoint override", async () => {
    const p = provider(
      {
        accessToken: TOKEN,
        project: PROJECT,
        endpoints: { CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: emulator.endpoint },
      },
      {},
      { CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: 'http://127.0.0.1:1/' },
    )
    expect(p.spec.resourceNames).toEqual([`projects/${PROJECT}`])
    expect((await read(p)).map((e) => e.message)).toEqual(['hello'])
  })

  it('an expired token is exit 3 naming the identity and `atmos auth login --identity NAME`, before any call', async () => {
    const before = emulator.stats.snapshot().recent.length
    const err = await failure(read(provider({ accessToken: TOKEN, expiration: new Date(Date.now() - 1000) })))
    expect(err.exitCode).toBe(3)
    expect(err.message).toMatch(/the access token of identity "gcp-dev": it expired at /)
    expect(err.hint).toBe('Run `atmos auth login --identity gcp-dev`, then try again.')
    expect(`${err.message} ${err.hint}`).not.toContain(TOKEN)
    expect(emulator.stats.snapshot().recent.length).toBe(before)
  })

  it('a token Cloud Logging refuses is exit 3 with the same fix, and the token is never printed', async () => {
    const refused = 'ya29.some-token-the-service-does-not-take'
    const err = await failure(read(provider({ accessToken: refused })))
    expect(err.exitCode).toBe(3)
    expect(err.message).toMatch(/identity "gcp-dev": Cloud Logging refused them \(HTTP 401 UNAUTHENTICATED/)
    expect(err.hint).toContain('atmos auth login --identity gcp-dev')
    expect(`${err.message} ${err.hint}`).not.toContain(refused)
  })

  it("a credentials file that cannot be read is exit 3 naming it as the identity's, with the fix", async () => {
    const err = await failure(
      read(provider({ credentialsFile: '/nonexistent/key.json' }, { project: PROJECT })),
    )
    expect(err.exitCode).toBe(3)
    expect(err.message).toContain('the credentials file of identity "gcp-dev"')
    expect(err.hint).toContain('atmos auth login --identity gcp-dev')
  })

  it('an identity that gives AWS credentials is refused with exit 2', () => {
    const ctx: ProviderContext = {
      name: 'web',
      spec: { project: PROJECT },
      logger,
      credentials: { type: 'aws', accessKeyId: 'AKIA', secretAccessKey: 'x' },
    }
    expect(() => new GcpLoggingProvider(ctx, { env: {} }).validate()).toThrow(/gcp\/\* identity/)
  })
})

import { describe, expect, it } from '@jest/globals'
import { awsClientConfig } from '../aws/client-config.js'
import type { AwsCredentials } from '../contract.js'
import { ConfigError } from '../errors.js'
import { createCredentialResolver } from './resolver.js'
import type { CredentialAuthConfig, EmulatorLookup } from './types.js'

const auth: CredentialAuthConfig = {
  file: '/p/atmos.yaml',
  identities: {
    'local-aws': { kind: 'aws/emulator', emulator: 'local/aws', default: true },
    'bad-ref': { kind: 'aws/emulator', emulator: 'aws' },
    mystery: { kind: 'aws/web-identity' },
    ambient: { kind: 'aws/ambient' },
  },
}
const source = (identity: string | null) => ({ name: 'app', kind: 'aws/cloudwatch', identity, spec: {} })
const lookup =
  (section: Record<string, unknown> | undefined): EmulatorLookup =>
  async (stack, name) =>
    stack === 'local' && name === 'aws' && section ? { section, file: '/p/stacks/local.yaml' } : undefined
const noAtmos = { PATH: '/nonexistent' }
const CLOUDWATCH = {
  kind: 'aws/cloudwatch',
  name: 'CloudWatch Logs',
  iamPrefix: 'logs',
  endpointVariable: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
}

async function resolve(
  section: Record<string, unknown> | undefined,
  env: NodeJS.ProcessEnv = noAtmos,
  who = 'local-aws',
) {
  return createCredentialResolver({ auth, env, emulators: lookup(section) }).resolveFor(source(who))
}

describe('aws/emulator identities from configuration', () => {
  it('gives atmos dummy keys, the region, and the host port of the lowest container port', async () => {
    const creds = (await resolve({
      region: 'eu-west-1',
      container: {
        ports: [
          { container: 4571, host: 9999 },
          { container: 4566, host: 14566 },
        ],
      },
    })) as AwsCredentials
    expect(creds).toMatchObject({
      type: 'aws',
      accessKeyId: 'test',
      secretAccessKey: 'test',
      region: 'eu-west-1',
      identity: 'local-aws',
      endpoint: 'http://127.0.0.1:14566',
      serviceEndpoints: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:14566' },
    })
    // The identity's endpoint reaches the SDK client, ahead of the ambient environment.
    const config = awsClientConfig(CLOUDWATCH, {}, creds, { AWS_ENDPOINT_URL: 'http://elsewhere:1' })
    expect(config.endpoint).toBe('http://127.0.0.1:14566')
    expect(config.endpointOverridden).toBe(true)
    expect(config.endpointInfo.setBy).toBe('AWS_ENDPOINT_URL of identity "local-aws"')
    // The source's own spec.endpoint still wins.
    expect(awsClientConfig(CLOUDWATCH, { endpoint: 'http://spec:2' }, creds).endpoint).toBe('http://spec:2')
  })

  it('takes us-east-1 without a region and ATMOS_EMULATOR_ENDPOINT_HOST for the host', async () => {
    const creds = (await resolve(
      { container: { ports: [{ container: 4566, host: 4566 }] } },
      { ...noAtmos, ATMOS_EMULATOR_ENDPOINT_HOST: 'host.docker.internal' },
    )) as AwsCredentials
    expect(creds.region).toBe('us-east-1')
    expect(creds.endpoint).toBe('http://host.docker.internal:4566')
  })

  it('refuses an unpinned port without Go atmos, a missing emulator, and a bad reference', async () => {
    const unpinned = await resolve({ container: { ports: [{ container: 4566 }] } }).catch((e: unknown) => e)
    expect(unpinned).toBeInstanceOf(ConfigError)
    expect((unpinned as Error).message).toContain('does not pin the host port of container port 4566')
    const missing = await resolve(undefined).catch((e: unknown) => e)
    expect((missing as Error).message).toContain(
      "no manifest of stack 'local' declares components.emulator.aws",
    )
    const bad = await resolve({}, noAtmos, 'bad-ref').catch((e: unknown) => e)
    expect((bad as Error).message).toContain('needs `emulator: <stack>/<name>`')
  })

  it('names an unknown kind and the two ways out; aws/ambient is the SDK chain', async () => {
    const err = (await resolve({}, noAtmos, 'mystery').catch((e: unknown) => e)) as ConfigError
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('Identity "mystery" is of kind aws/web-identity')
    expect(err.hint).toContain('Install the Go atmos')
    expect(err.hint).toContain('--identity NAME')
    expect(await resolve({}, { ...noAtmos, AWS_REGION: 'us-west-2' }, 'ambient')).toEqual({
      type: 'default',
      region: 'us-west-2',
    })
  })
})

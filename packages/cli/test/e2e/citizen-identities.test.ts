import { writeFile } from 'node:fs/promises'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { cleanEnv, runCli, tempProject } from '../helpers/cli.js'
import { fakeGoAtmos } from '../helpers/go-atmos.js'
import { keysUsedFor, pathWith, recentCalls } from '../helpers/identity.js'

/**
 * atmos's `aws/emulator` identities, as the quick-start-advanced example has them: an emulator
 * component in stack `local`, an identity `emulator: local/aws`. With the host port pinned, the
 * endpoint and keys come from configuration; otherwise `atmos auth env` says where it runs, and
 * every endpoint variable it returns is used. Unknown identity kinds name the way out.
 */
describe('aws/emulator identities', () => {
  let emulator: Emulator
  let port: number

  const project = (ports: string, extraIdentity = '') =>
    tempProject({
      'atmos.yaml': `base_path: .
stacks:
  base_path: stacks
  included_paths: ["deploy/**/*"]
  name_template: "{{ .vars.stage }}"
auth:
  identities:
    local-aws:
      kind: aws/emulator
      emulator: local/aws
      default: true
${extraIdentity}`,
      'stacks/catalog/emulator/aws.yaml': `components:
  emulator:
    aws:
      driver: floci/aws
      region: "{{ .vars.region }}"
${ports}`,
      'stacks/deploy/local.yaml':
        'import:\n  - catalog/emulator/aws\nvars:\n  stage: local\n  region: eu-west-1\n',
      'stacks/deploy/dev.yaml': `vars:
  stage: dev
components:
  terraform:
    api:
      logs:
        sources:
          app: {kind: aws/cloudwatch, spec: {log_group: /acme/dev/api}}
`,
    })

  // Nothing from the outside: no AWS_ENDPOINT_URL, no keys; the identity must supply them.
  const env = (extra: Record<string, string> = {}) => cleanEnv({ PATH: pathWith(), ...extra })

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 })
    port = Number(new URL(emulator.endpoint).port)
  })

  afterAll(async () => {
    await emulator?.close()
  })

  beforeEach(async () => {
    await fetch(`${emulator.endpoint}/_emulator/reset`, { method: 'POST' })
    // In the region the emulator component names, where the identity signs the reads.
    emulator.cloudwatch.putEvents(
      '/acme/dev/api',
      'web-1',
      [{ timestamp: Date.now() - 60_000, message: 'api in the sandbox' }],
      { region: 'eu-west-1' },
    )
  })

  it('reads through the emulator that configuration pins, with the dummy keys, without any Go atmos', async () => {
    const dir = await project(
      `      container:\n        ports:\n          - {container: 4566, host: ${port}}\n`,
    )
    const result = await runCli(['logs', 'view', 'api', '-s', 'dev', '--since', '1h', '--format', 'raw'], {
      cwd: dir,
      env: env(),
    })
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('api in the sandbox\n')
    expect(result.code).toBe(0)
    const calls = await recentCalls(emulator.endpoint)
    expect(keysUsedFor(calls, '/acme/dev/api')).toEqual(['test'])
  })

  it('asks `atmos auth env` when the port is chosen at start, and uses the endpoint it returns', async () => {
    const dir = await project('')
    const goAtmos = await fakeGoAtmos({
      authEnv: {
        'local-aws': {
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_REGION: 'eu-west-1',
          AWS_DEFAULT_REGION: 'eu-west-1',
          AWS_ENDPOINT_URL: emulator.endpoint,
          AWS_ENDPOINT_URL_S3: emulator.endpoint,
        },
      },
    })
    const result = await runCli(['logs', 'view', 'api', '-s', 'dev', '--since', '1h', '--format', 'raw'], {
      cwd: dir,
      env: env({ PATH: pathWith(goAtmos.binDir) }),
    })
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('api in the sandbox\n')
    expect((await goAtmos.runs()).map((r) => r.slice(0, 4))).toEqual([
      ['auth', 'env', '--identity', 'local-aws'],
    ])
  })

  it('without a pinned port or a Go atmos, says why and the two ways out (exit 2)', async () => {
    const dir = await project('')
    const result = await runCli(['logs', 'view', 'api', '-s', 'dev'], { cwd: dir, env: env() })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('Identity "local-aws" (kind aws/emulator) cannot be resolved')
    expect(result.stderr).toContain('lists no container.ports')
    expect(result.stderr).toContain('Hint: Pin the host port')
    expect(result.stderr).toContain('install the Go atmos')
  })

  it('an identity kind it does not know names the kind, Go atmos and --identity (exit 2)', async () => {
    const dir = await project(
      `      container:\n        ports:\n          - {container: 4566, host: ${port}}\n`,
      '    ci-oidc:\n      kind: aws/web-identity\n',
    )
    const stack = `vars:\n  stage: ci\ncomponents:\n  terraform:\n    api:\n      logs:\n        sources:\n          app: {kind: aws/cloudwatch, identity: ci-oidc, spec: {log_group: /acme/dev/api}}\n`
    await writeFile(`${dir}/stacks/deploy/ci.yaml`, stack)
    const result = await runCli(['logs', 'view', 'api', '-s', 'ci', '--since', '1h', '--format', 'raw'], {
      cwd: dir,
      env: env(),
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Identity "ci-oidc" is of kind aws/web-identity')
    expect(result.stderr).toContain('Install the Go atmos')
    expect(result.stderr).toContain('--identity NAME')
    expect(result.stderr).not.toContain('via')
    // The way out works: another identity for this run.
    const other = await runCli(
      ['logs', 'view', 'api', '-s', 'ci', '--since', '1h', '--format', 'raw', '--identity', 'local-aws'],
      { cwd: dir, env: env() },
    )
    expect(other.stderr).toBe('')
    expect(other.stdout).toBe('api in the sandbox\n')
  })
})

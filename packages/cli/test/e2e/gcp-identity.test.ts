/**
 * A gcp/logging source with a gcp/* atmos identity, through the built CLI: the token the Go atmos
 * keeps for the identity signs the reads (the emulator takes no other), the identity's project is
 * read when the source names none, and a missing or expired token is exit 3 naming the identity and
 * `atmos auth login --identity NAME`. No token ever reaches the output, --debug included.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { cleanEnv, runCli, tempDir, tempProject } from '../helpers/cli.js'
import { linkedGcpPlugin } from '../helpers/gcp.js'

const PROJECT = 'acme-dev'
const TOKEN = `ya29.e2e-${Math.random().toString(36).slice(2)}-identity-token`

describe('gcp/logging signs in as its gcp/* identity', () => {
  let emulator: Emulator
  let home: string
  let project: string
  let env: Record<string, string>
  const tokenFile = () =>
    path.join(home, 'config', 'atmos', 'gcp', 'gcp-adc', 'adc', 'gcp-dev', 'access_token')

  beforeAll(async () => {
    emulator = await startEmulator()
    const res = await fetch(`${emulator.endpoint}/v2/entries:write`, {
      method: 'POST',
      headers: { authorization: 'Bearer setup', 'content-type': 'application/json' },
      body: JSON.stringify({
        logName: `projects/${PROJECT}/logs/run.googleapis.com%2Fstdout`,
        resource: { type: 'cloud_run_revision', labels: { service_name: 'web' } },
        entries: Array.from({ length: 3 }, (_, i) => ({
          insertId: `id-${i}`,
          timestamp: new Date(Date.now() - 60_000 + i).toISOString(),
          textPayload: `signed in line ${i}`,
        })),
      }),
    })
    expect(res.status).toBe(200)
    // From here on the emulator answers only the identity's token.
    await emulator.seed({ gcp: { tokens: [TOKEN], entries: [] } })

    home = await tempDir('atmos-gcp-identity-')
    // The Go atmos as it answers for a gcp/service-account identity: the project only.
    const atmos = path.join(home, 'bin', 'atmos')
    await mkdir(path.dirname(atmos), { recursive: true })
    await writeFile(
      atmos,
      `#!/bin/sh\nprintf '{"GOOGLE_CLOUD_PROJECT":"${PROJECT}","GCLOUD_PROJECT":"${PROJECT}","CLOUDSDK_CORE_PROJECT":"${PROJECT}"}'\n`,
      { mode: 0o755 },
    )
    project = await tempProject({
      'atmos.yaml': [
        'auth:',
        '  providers:',
        '    gcp-adc: { kind: gcp/adc }',
        '  identities:',
        '    gcp-dev:',
        '      kind: gcp/service-account',
        '      via: { provider: gcp-adc }',
        `      principal: { service_account_email: logs@${PROJECT}.iam.gserviceaccount.com }`,
        'logs:',
        '  sources:',
        '    run:',
        '      kind: gcp/logging',
        '      identity: gcp-dev',
        '      spec: { resource_type: cloud_run_revision }',
        '',
      ].join('\n'),
    })
    env = cleanEnv({
      ...linkedGcpPlugin(),
      ATMOS_GO_BINARY: atmos,
      XDG_CONFIG_HOME: path.join(home, 'config'),
      CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: emulator.env.CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING,
    })
  }, 120_000)

  afterAll(async () => {
    await emulator?.close()
    if (home) await rm(home, { recursive: true, force: true })
  })

  const view = (...extra: string[]) =>
    runCli(['logs', 'view', '--source', 'run', '--since', '1h', '--format', 'json', ...extra], {
      cwd: project,
      env,
      timeoutMs: 90_000,
    })

  it("reads the identity's project with the token atmos auth keeps, and never prints it (--debug too)", async () => {
    await mkdir(path.dirname(tokenFile()), { recursive: true })
    await writeFile(tokenFile(), `${TOKEN}\n${new Date(Date.now() + 3_600_000).toISOString()}\n`)
    const r = await view('--debug')
    expect({ code: r.code, stderr: r.stderr.slice(-2000) }).toEqual({ code: 0, stderr: expect.any(String) })
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).message),
    ).toEqual(['signed in line 0', 'signed in line 1', 'signed in line 2'])
    expect(r.stderr).toContain('Google credentials resolved')
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN)
  })

  it('an expired token is exit 3 naming the identity and `atmos auth login --identity gcp-dev`', async () => {
    await writeFile(tokenFile(), `${TOKEN}\n${new Date(Date.now() - 60_000).toISOString()}\n`)
    const r = await view()
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/The Google access token of identity "gcp-dev" expired at /)
    expect(r.stderr).toContain('atmos auth login --identity gcp-dev')
    expect(r.stderr).not.toMatch(/\n\s+at /)
    // --debug adds the stack and every log line; still no token.
    const debug = await view('--debug')
    expect(debug.code).toBe(3)
    expect(`${debug.stdout}${debug.stderr}`).not.toContain(TOKEN)
  })

  it('no token at all is exit 3 naming the identity, where atmos auth keeps it and the fix', async () => {
    await rm(tokenFile())
    const r = await view()
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('No Google credentials for identity "gcp-dev"')
    expect(r.stderr).toContain(path.dirname(tokenFile()))
    expect(r.stderr).toContain('atmos auth login --identity gcp-dev')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

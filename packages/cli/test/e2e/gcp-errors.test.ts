/**
 * What a user sees from a gcp/logging source that cannot be read, through the built CLI with the
 * workspace plugin linked: a project that does not exist (Google answers it with the same 403 as a
 * missing role) is explained with both readings and how to tell them apart, and a Logging query that
 * cannot be right is refused before any sign-in or API call.
 */
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { cleanEnv, runCli, tempProject } from '../helpers/cli.js'
import { linkedGcpPlugin } from '../helpers/gcp.js'

describe('gcp/logging errors through the CLI', () => {
  let emulator: Emulator
  let env: Record<string, string>

  beforeAll(async () => {
    emulator = await startEmulator()
    env = cleanEnv({
      ...linkedGcpPlugin(),
      CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: emulator.env.CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING,
    })
  })
  afterAll(async () => {
    await emulator?.close()
  })

  const projectWith = (gcpProject: string) =>
    tempProject({
      'atmos.yaml': [
        'logs:',
        '  sources:',
        '    run:',
        '      kind: gcp/logging',
        `      spec: { project: ${gcpProject}, resource_type: cloud_run_revision }`,
        '',
      ].join('\n'),
    })

  it('a project that does not exist: exit 1 naming it, both readings of the 403, and the command that tells them apart', async () => {
    const cwd = await projectWith('acme-dve')
    const res = await runCli(['logs', 'view', '--source', 'run', '--since', '1h'], { env, cwd })
    expect(res.code).toBe(1)
    expect(res.stdout).toBe('')
    expect(res.stderr).toContain('projects/acme-dve')
    expect(res.stderr).toMatch(/either it does not exist or/)
    expect(res.stderr).toContain('gcloud projects describe acme-dve')
    expect(res.stderr).toContain('roles/logging.viewer')
    expect(res.stderr).not.toMatch(/\n\s+at /)
  })

  it('a filter with an unclosed parenthesis: exit 2 naming the source, and no API call made', async () => {
    const cwd = await projectWith('acme-dev')
    await emulator.reset()
    const res = await runCli(
      [
        'logs',
        'view',
        '--source',
        'run',
        '--since',
        '1h',
        '--filter',
        'severity>=ERROR AND (textPayload:"boom"',
      ],
      { env, cwd },
    )
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('run')
    expect(res.stderr).toContain('cannot apply to source run: the "(" at character 21 is not closed')
    expect(res.stderr).not.toMatch(/\n\s+at /)
    const stats = (await fetch(`${emulator.endpoint}/_emulator/stats`).then((r) => r.json())) as {
      calls: Record<string, number>
    }
    expect(stats.calls.ListLogEntries ?? 0).toBe(0)
  })
})

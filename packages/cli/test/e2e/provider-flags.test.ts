import path from 'node:path'
import { cleanEnv, REPO_ROOT, runCli, tempDir, tempProject } from '../helpers/cli.js'

/** Provider-specific flags reach only the providers that use them; elsewhere the user is told. */
describe('--run-id, --job and --step', () => {
  let env: Record<string, string>
  let project: string

  beforeAll(async () => {
    const dataDir = await tempDir('atmos-data-')
    env = cleanEnv({ ATMOS_DATA_DIR: dataDir })
    const link = await runCli(['plugins', 'link', path.join(REPO_ROOT, 'examples/provider-local-file')], {
      env,
    })
    expect(link.code).toBe(0)
    project = await tempProject({
      'atmos.yaml':
        'logs:\n  sources:\n    app:\n      kind: local/file\n      spec:\n        path: ./app.log\n',
      'app.log': '2026-11-27T10:00:00Z INFO started\n',
    })
  })

  it('says they are ignored when no github/actions source is selected, and still prints the logs', async () => {
    const r = await runCli(
      [
        'logs',
        'view',
        '--source',
        'app',
        '--since',
        '2026-11-27T00:00:00Z',
        '--format',
        'raw',
        '--run-id',
        '42',
        '--job',
        'deploy',
      ],
      { env, cwd: project },
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('2026-11-27T10:00:00Z INFO started\n')
    expect(r.stderr).toContain('--run-id, --job only apply to github/actions sources')
  })

  it('says nothing without them', async () => {
    const r = await runCli(
      ['logs', 'view', '--source', 'app', '--since', '2026-11-27T00:00:00Z', '--format', 'raw'],
      {
        env,
        cwd: project,
      },
    )
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
  })
})

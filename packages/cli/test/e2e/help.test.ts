import { cleanEnv, runCli, tempProject } from '../helpers/cli.js'
import { withLocalFileProvider } from '../helpers/local-file.js'

describe('help and misused commands', () => {
  it.each(['view', 'tail', 'search'])(
    'logs %s --help documents the exit codes and shows examples',
    async (command) => {
      const r = await runCli(['logs', command, '--help'], { env: cleanEnv() })
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('Exit codes: 0 done')
      expect(r.stdout).toContain('3 credentials missing or expired')
      expect(r.stdout).toContain(`atmos logs ${command} `)
    },
  )

  it('logs sources --help: --source narrows the list, which has every source without it', async () => {
    const r = await runCli(['logs', 'sources', '--help'], { env: cleanEnv() })
    expect(r.code).toBe(0)
    const text = r.stdout.replace(/\s+/g, ' ')
    expect(text).toContain(
      "--source=<value> Only the sources of this name, several separated by commas, or a glob ('app*').",
    )
    expect(text).not.toContain('the default source is used')
  })

  it('logs view --follow points at logs tail --follow instead of an unknown flag', async () => {
    const project = await tempProject({ 'atmos.yaml': 'logs:\n  sources: {}\n' })
    const r = await runCli(['logs', 'view', '--source', 'app', '--follow'], { cwd: project, env: cleanEnv() })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('logs view reads a time range and ends')
    expect(r.stderr).toContain('atmos logs tail --follow')
  })
})

describe('tail --lines 0', () => {
  it('prints nothing and says nothing, since nothing was asked for', async () => {
    const local = await withLocalFileProvider()
    try {
      const project = await tempProject({
        'atmos.yaml':
          'logs:\n  sources:\n    app:\n      kind: local/file\n      spec:\n        path: ./app.log\n',
        'app.log': '2026-11-27T10:00:00Z INFO started\n',
      })
      const r = await runCli(['logs', 'tail', '--source', 'app', '--lines', '0'], {
        cwd: project,
        env: local.env({}),
      })
      expect(r.code).toBe(0)
      expect(r.stdout).toBe('')
      expect(r.stderr).toBe('')
    } finally {
      await local.remove()
    }
  })
})

import { readFile } from 'node:fs/promises'
import { tempProject } from '../helpers/cli.js'
import { type CloudWatchHarness, cloudwatchHarness } from '../helpers/cloudwatch.js'
import { type FakeGoAtmos, fakeGoAtmos, oursOnPath, runProgram, shimOnPath } from '../helpers/go-atmos.js'
import { pathWith } from '../helpers/identity.js'

/**
 * Living beside the Go atmos: both programs on PATH, in either order. Our `atmos` runs a command it
 * does not own with the Go atmos (same arguments, streams, exit status); `atmos-logs` is always us;
 * `atmos logs view api -s dev` reaches us whichever comes first (through the documented custom
 * command when the Go atmos does, which the fake mimics by running `atmos-logs logs ...`).
 */
describe('atmos and the Go atmos on one PATH', () => {
  let cw: CloudWatchHarness
  let goAtmos: FakeGoAtmos
  let ours: string
  let project: string

  beforeAll(async () => {
    cw = await cloudwatchHarness()
    goAtmos = await fakeGoAtmos({ exitCode: 5 })
    ours = await oursOnPath()
    project = await tempProject({
      'atmos.yaml':
        'base_path: .\nstacks:\n  base_path: stacks\n  included_paths: ["*.yaml"]\n  name_template: "{{ .vars.stage }}"\n',
      'stacks/dev.yaml': `vars: {stage: dev}
components:
  terraform:
    api:
      logs:
        sources:
          app: {kind: aws/cloudwatch, spec: {log_group: /acme/dev/api}}
`,
    })
    await cw.put('/acme/dev/api', 'web-1', [{ timestamp: Date.now() - 60_000, message: 'api answered 200' }])
  })

  afterAll(async () => {
    await cw?.close()
  })

  const env = (first: string, second: string, extra: Record<string, string> = {}) =>
    cw.env({ PATH: pathWith(first, second), ...extra })
  const run = (name: string, args: string[], e: Record<string, string>, input?: string) =>
    runProgram(name, args, { cwd: project, env: e, input })
  const lastRun = async () => (await goAtmos.runs()).at(-1)

  for (const order of ['ours first', 'Go atmos first'] as const) {
    const pathEnv = (extra: Record<string, string> = {}) =>
      order === 'ours first' ? env(ours, goAtmos.binDir, extra) : env(goAtmos.binDir, ours, extra)

    describe(order, () => {
      it('`atmos list stacks -s dev` reaches the Go atmos with the same arguments, stdin and exit code', async () => {
        const result = await run('atmos', ['list', 'stacks', '-s', 'dev'], pathEnv(), 'typed by the user\n')
        expect(result.stderr).toBe('')
        expect(result.stdout).toBe('go atmos ran: list stacks -s dev\ngo atmos read: typed by the user\n')
        expect(result.code).toBe(5)
        expect(await lastRun()).toEqual(['list', 'stacks', '-s', 'dev'])
      })

      it('`atmos logs view api -s dev` reaches atmos logs and reads the emulator', async () => {
        const before = (await goAtmos.runs()).length
        const result = await run(
          'atmos',
          ['logs', 'view', 'api', '-s', 'dev', '--since', '1h', '--format', 'raw'],
          pathEnv(),
        )
        expect(result.stderr).toBe('')
        expect(result.stdout).toBe('api answered 200\n')
        expect(result.code).toBe(0)
        // Only through the Go atmos when it comes first, and then as `logs ...` for us to answer.
        const runs = (await goAtmos.runs()).slice(before)
        expect(runs).toEqual(
          order === 'ours first'
            ? []
            : [['logs', 'view', 'api', '-s', 'dev', '--since', '1h', '--format', 'raw']],
        )
      })

      it('`atmos-logs` is always us: it answers logs commands and never runs the Go atmos', async () => {
        const before = (await goAtmos.runs()).length
        const view = await run(
          'atmos-logs',
          ['logs', 'view', 'api', '-s', 'dev', '--since', '1h', '--format', 'raw'],
          pathEnv(),
        )
        expect(view.stdout).toBe('api answered 200\n')
        const other = await run('atmos-logs', ['list', 'stacks'], pathEnv())
        expect(other.code).toBe(2)
        expect(other.stdout).toBe('')
        expect(other.stderr).toContain('`atmos-logs list stacks` is not an atmos-logs command')
        expect(other.stderr).toContain('run `atmos list stacks`')
        expect((await goAtmos.runs()).length).toBe(before)
      })
    })
  }

  it('passes a signal on and ends the way the Go atmos ended', async () => {
    const child = run('atmos', ['sleep-forever'], env(ours, goAtmos.binDir))
    // Wait until the fake has started (its log line), then stop our process only.
    for (let i = 0; i < 200 && (await lastRun())?.[0] !== 'sleep-forever'; i++) {
      await new Promise((r) => setTimeout(r, 25))
    }
    process.kill(child.pid()!, 'SIGTERM')
    const result = await child
    expect(result.signal).toBe('SIGTERM')
    expect(result.stderr).toBe('')
  })

  it('a typo under `atmos logs` is ours to point out, never handed to the Go atmos', async () => {
    const before = (await goAtmos.runs()).length
    const result = await run('atmos', ['logs', 'viwe', 'api', '-s', 'dev'], env(ours, goAtmos.binDir))
    expect(result.stdout).toBe('')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      [
        "Error: There is no `atmos logs viwe` command. Did you mean 'view'?",
        "  Hint: The `atmos logs` commands are 'providers', 'search', 'sources', 'tail' and 'view'; `atmos logs --help` says what each does.",
        '',
      ].join('\n'),
    )
    expect((await goAtmos.runs()).length).toBe(before)
  })

  it('skips its own launcher scripts on PATH and runs the Go atmos behind them', async () => {
    const shim = await shimOnPath()
    const result = await run('atmos', ['version'], cw.env({ PATH: pathWith(ours, shim, goAtmos.binDir) }))
    expect(result.stdout).toBe('go atmos ran: version\n')
    expect(result.code).toBe(5)
  })

  it('runs the program ATMOS_GO_BINARY names, which need not be on PATH', async () => {
    const result = await run(
      'atmos',
      ['validate', 'stacks'],
      cw.env({ PATH: pathWith(ours), ATMOS_GO_BINARY: goAtmos.path }),
    )
    expect(result.stdout).toBe('go atmos ran: validate stacks\n')
    expect(result.code).toBe(5)
  })

  it('says that the Go atmos is needed when there is none, and keeps its own commands working', async () => {
    const result = await run(
      'atmos',
      ['terraform', 'plan', 'vpc', '-s', 'dev'],
      cw.env({ PATH: pathWith(ours) }),
    )
    expect(result.stdout).toBe('')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      [
        'Error: `atmos terraform plan vpc -s dev` is a command of the Go atmos, and no Go atmos was found on PATH (this atmos is atmos logs, which runs only `atmos logs ...` and `atmos plugins ...`).',
        '  Hint: Install atmos (https://atmos.tools/install) or set ATMOS_GO_BINARY to its path.',
        '',
      ].join('\n'),
    )
    const help = await run('atmos', ['--help'], cw.env({ PATH: pathWith(ours) }))
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('logs')
    const version = await run('atmos', ['--version'], cw.env({ PATH: pathWith(ours) }))
    expect(version.stdout).toMatch(/^@atmos-logs\/cli\//)
  })

  it('never runs itself: a PATH with only our own bins is not a Go atmos', async () => {
    const result = await run(
      'atmos',
      ['list', 'stacks'],
      cw.env({ PATH: pathWith(ours, await shimOnPath()) }),
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no Go atmos was found on PATH')
    expect(await readFile(`${goAtmos.binDir}/atmos`, 'utf8')).toContain('Fake Go atmos')
  })
})

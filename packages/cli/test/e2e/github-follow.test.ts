/**
 * tail --follow of a github/actions source through the built CLI, with the emulator's test clock
 * moving the runs: a run in progress followed from start to finish (each job's lines once, also
 * from partial logs), the next run picked up, --exit-status 0 and 1 (also beside a CloudWatch
 * source, whose follow the run's end stops), step records with --steps.
 */

import { runCli, tempProject } from '../helpers/cli.js'
import {
  ciJob,
  ciProject,
  MIN,
  parseCi,
  printedByJob,
  truthByJob,
  useGitHubHarness,
} from '../helpers/github.js'
import { spawnCli } from '../helpers/stream.js'

const deploy = [
  ciJob('deploy', [{ name: 'Plan' }, { name: 'Apply' }], { linesPerStep: 4, durationMs: 20_000 }),
]
const failing = [ciJob('deploy', [{ name: 'Plan' }, { name: 'Apply', failure: true }])]

describe('atmos logs tail --follow of a github/actions source', () => {
  const gh = useGitHubHarness()
  let project: string
  beforeAll(async () => {
    project = await ciProject()
  })

  it('--exit-status follows the run from start to finish: exit 0 when it succeeds, 1 when it fails', async () => {
    for (const [jobs, code, said] of [
      [
        deploy,
        0,
        /^ci: Run #1 of deploy\.yml on main succeeded: https:\/\/github\.com\/acme\/app\/actions\/runs\/\d+$/m,
      ],
      [
        failing,
        1,
        /Run #1 of deploy\.yml on main concluded failure: https:\/\/github\.com\/acme\/app\/actions\/runs\/\d+/,
      ],
    ] as const) {
      gh.reset()
      await gh.seed([{ createdAt: gh.clock.now() + 1000, jobs: [...jobs] }])
      gh.emulator.faults.set({ runningJobLogs: 'partial' })
      const cli = runCli(
        ['logs', 'tail', '--source', 'ci', '--follow', '--exit-status', '--format', 'json'],
        {
          cwd: project,
          env: gh.env(),
          timeoutMs: 60_000,
        },
      )
      // The run starts once the CLI is reading: the clock moves only then.
      await gh.called('listWorkflowRuns')
      const stop = gh.drive(1000)
      const r = await cli
      stop()
      expect(r.stderr).toMatch(said)
      expect(r.code).toBe(code)
      const lines = parseCi(r.stdout)
      expect(printedByJob(lines)).toEqual(truthByJob([...jobs]))
      expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length)
    }
  })

  it('prints each line of a running job once, says it waits for the next run, and picks that run up', async () => {
    await gh.seed([
      { createdAt: gh.clock.now() - 30 * MIN, jobs: deploy },
      { createdAt: gh.clock.now() + 2000, jobs: deploy },
      { createdAt: gh.clock.now() + 3 * MIN, jobs: failing },
    ])
    gh.emulator.faults.set({ runningJobLogs: 'partial' })
    const cli = spawnCli(
      [
        'logs',
        'tail',
        '--source',
        'ci',
        '--follow',
        '--lines',
        '0',
        '--format',
        'json',
        '--steps',
        '--debug',
      ],
      {
        cwd: project,
        env: gh.env(),
        timeoutMs: 90_000,
      },
    )
    await gh.called('listWorkflowRuns')
    const stop = gh.drive(1000)
    try {
      await cli.waitForStderr(/Run #2 of deploy\.yml on main succeeded/, 60_000)
      await cli.waitForStderr(/waiting for the next run of deploy\.yml/, 60_000)
      await cli.waitForStderr(/Run #3 of deploy\.yml on main concluded failure/, 60_000)
    } finally {
      stop()
      cli.kill('SIGINT')
    }
    const r = await cli.exited
    const all = parseCi(r.stdout)
    const lines = all.filter((l) => l.type !== 'step')
    expect(lines.filter((l) => l.metadata.runNumber === 1)).toEqual([]) // --lines 0: no backfill
    expect(printedByJob(lines.filter((l) => l.metadata.runNumber === 2))).toEqual(truthByJob(deploy))
    expect(printedByJob(lines.filter((l) => l.metadata.runNumber === 3))).toEqual(truthByJob(failing))
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length)
    // Lines of the running job came before it completed: from partial logs, over several polls.
    expect(gh.emulator.stats.snapshot().calls.jobLogsBlob).toBeGreaterThan(4)
    const steps = all.filter((l) => l.type === 'step').map((l) => l.message)
    expect(steps).toEqual(
      expect.arrayContaining(['deploy › Plan started', 'deploy › Plan: success', 'deploy › Apply: failure']),
    )
    expect(all.find((l) => l.type === 'step')).toMatchObject({ source: 'ci', metadata: { job: 'deploy' } })
  })

  it('--exit-status beside a CloudWatch source: the run ending ends the read, with every line of both sources', async () => {
    const sources = {
      ci: {
        kind: 'github/actions',
        spec: { repo: 'acme/app', workflow: 'deploy.yml', poll_interval: '200ms' },
      },
      app: { kind: 'aws/cloudwatch', spec: { log_group: '/aws/lambda/app' } },
    }
    const mixed = await tempProject({
      'atmos.yaml': `${JSON.stringify({ logs: { sources } }, null, 2)}\n`,
    })
    const put = async (message: string) => {
      const res = await fetch(`${gh.emulator.endpoint}/_emulator/cloudwatch/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          logGroup: '/aws/lambda/app',
          logStream: 'live',
          events: [{ timestamp: Date.now(), message }],
        }),
      })
      expect(res.status).toBe(200)
    }
    for (const [jobs, code] of [
      [deploy, 0],
      [failing, 1],
    ] as const) {
      gh.reset()
      await gh.seed([{ createdAt: gh.clock.now() + 1000, jobs: [...jobs] }])
      // The log group exists before the CLI starts (its backfill prints this line).
      await put('app: before the follow')
      const cli = spawnCli(
        ['logs', 'tail', '--source', 'ci,app', '--follow', '--exit-status', '--format', 'json'],
        { cwd: mixed, env: gh.env(gh.emulator.env), timeoutMs: 60_000 },
      )
      let stop = () => {}
      try {
        await gh.called('listWorkflowRuns')
        await gh.called('StartLiveTail')
        await put('app: while the run waits')
        await cli.waitForLines(2, 30_000)
        stop = gh.drive(1000)
        const r = await cli.exited
        expect(r.signal).toBeNull()
        expect(r.code).toBe(code)
        expect(r.stderr).not.toMatch(/\n\s+at /)
        if (code === 1) expect(r.stderr).toMatch(/ci: Run #1 of deploy\.yml on main concluded failure/)
        else expect(r.stderr).toMatch(/Run #1 of deploy\.yml on main succeeded/)
        const printed = parseCi(r.stdout)
        expect(printedByJob(printed.filter((l) => l.source === 'ci'))).toEqual(truthByJob([...jobs]))
        expect(printed.filter((l) => l.source === 'app').map((l) => l.message)).toEqual([
          'app: before the follow',
          'app: while the run waits',
        ])
        const ci = printed.filter((l) => l.source === 'ci')
        expect(new Set(ci.map((l) => l.id)).size).toBe(ci.length)
      } finally {
        stop()
        cli.kill('SIGKILL')
      }
    }
  }, 120_000)
})

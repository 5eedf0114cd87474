/**
 * github/actions through the built CLI: a finished run's lines exactly once, in order, on the right
 * job and step (logs archive with per-step files, and without them), --job/--step/--failed, a
 * GitHub Enterprise API URL, a refused token, an anonymous caller, a used-up rate limit waited out,
 * and never a token in any output.
 */
import { runCli, tempProject } from '../helpers/cli.js'
import {
  buildTestLintJobs,
  ciProject,
  GH_TOKEN,
  MIN,
  parseCi,
  printedByJob,
  truthByJob,
  useGitHubHarness,
} from '../helpers/github.js'

const jobs = buildTestLintJobs()

describe('atmos logs view of a github/actions source', () => {
  const gh = useGitHubHarness()
  let project: string
  beforeAll(async () => {
    project = await ciProject()
  })

  it.each([
    ['with per-step files', true],
    ['without per-step files (steps by time)', false],
  ])('prints a finished run %s: every line once, in order, on its job and step', async (_, stepLogs) => {
    await gh.seed([
      { createdAt: gh.t0 - 20 * MIN, stepLogs, jobs: [jobs[2]!] },
      { createdAt: gh.t0 - 10 * MIN, stepLogs, jobs },
    ])
    const r = await runCli(['logs', 'view', '--source', 'ci', '--format', 'json'], {
      cwd: project,
      env: gh.env(),
    })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = parseCi(r.stdout)
    expect(new Set(lines.map((l) => l.metadata.runNumber))).toEqual(new Set([2])) // the most recent run only
    expect(printedByJob(lines)).toEqual(truthByJob(jobs))
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length)
    const times = lines.map((l) => Date.parse(l.timestamp))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(lines.find((l) => l.message.startsWith('##[error]Process completed'))).toMatchObject({
      level: 'ERROR',
      metadata: { job: 'test (20, ubuntu)', step: 'Integration' },
    })
  })

  it('prints the runs of a --since range oldest first, and a --run-id', async () => {
    await gh.seed([
      { createdAt: gh.t0 - 20 * MIN, jobs: [jobs[2]!] },
      { createdAt: gh.t0 - 10 * MIN, jobs: [jobs[0]!] },
    ])
    const range = await runCli(['logs', 'view', '--source', 'ci', '--since', '1h', '--format', 'json'], {
      cwd: project,
      env: gh.env(),
    })
    expect(range.code).toBe(0)
    const lines = parseCi(range.stdout)
    expect([...new Set(lines.map((l) => l.metadata.runNumber))]).toEqual([1, 2])
    const runId = lines[0]!.metadata.runId
    const one = await runCli(
      ['logs', 'view', '--source', 'ci', '--run-id', String(runId), '--format', 'json'],
      { cwd: project, env: gh.env() },
    )
    expect(printedByJob(parseCi(one.stdout))).toEqual(truthByJob([jobs[2]!]))
  })

  it('--limit counts runs: the oldest N runs of the range, each whole, while a CloudWatch source beside it gets N lines', async () => {
    await gh.seed([
      { createdAt: gh.t0 - 30 * MIN, jobs: [jobs[2]!] },
      { createdAt: gh.t0 - 20 * MIN, jobs: [jobs[0]!] },
      { createdAt: gh.t0 - 10 * MIN, jobs: [jobs[1]!] },
    ])
    const r = await runCli(
      ['logs', 'view', '--source', 'ci', '--since', '1h', '--limit', '2', '--format', 'json'],
      {
        cwd: project,
        env: gh.env(),
      },
    )
    expect(r.code).toBe(0)
    const lines = parseCi(r.stdout)
    expect([...new Set(lines.map((l) => l.metadata.runNumber))]).toEqual([1, 2])
    expect(printedByJob(lines)).toEqual(truthByJob([jobs[2]!, jobs[0]!]))

    const group = '/aws/lambda/app'
    const events = Array.from({ length: 5 }, (_, i) => ({
      timestamp: gh.t0 - 25 * MIN + i * 1000,
      message: `app line ${i}`,
    }))
    const put = await fetch(`${gh.emulator.endpoint}/_emulator/cloudwatch/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ logGroup: group, logStream: 's', events }),
    })
    expect(put.status).toBe(200)
    const mixed = await tempProject({
      'atmos.yaml': `${JSON.stringify({
        logs: {
          sources: {
            ci: { kind: 'github/actions', spec: { repo: 'acme/app', workflow: 'deploy.yml' } },
            app: { kind: 'aws/cloudwatch', spec: { log_group: group } },
          },
        },
      })}\n`,
    })
    const both = await runCli(
      ['logs', 'view', '--source', 'ci,app', '--since', '1h', '--limit', '2', '--format', 'json'],
      { cwd: mixed, env: gh.env(gh.emulator.env) },
    )
    expect(both.stderr).toBe('')
    expect(both.code).toBe(0)
    const printed = parseCi(both.stdout)
    expect(printed.filter((l) => l.source === 'app').map((l) => l.message)).toEqual([
      'app line 0',
      'app line 1',
    ])
    expect(printedByJob(printed.filter((l) => l.source === 'ci'))).toEqual(truthByJob([jobs[2]!, jobs[0]!]))
    const times = printed.map((l) => Date.parse(l.timestamp))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('bounds the lines by --since/--until, and --until alone reads the newest run created before it', async () => {
    await gh.seed([
      { createdAt: gh.t0 - 20 * MIN, jobs: [jobs[0]!] },
      { createdAt: gh.t0 - 10 * MIN, jobs: [jobs[2]!] },
    ])
    const view = async (...range: string[]) => {
      const r = await runCli(['logs', 'view', '--source', 'ci', ...range, '--format', 'json'], {
        cwd: project,
        env: gh.env(),
      })
      expect(r.code).toBe(0)
      return parseCi(r.stdout)
    }
    const first = (await view('--since', '1h')).filter((l) => l.metadata.runNumber === 1)
    // a moment inside the first run: its later lines lie after it
    const until = first[Math.floor(first.length / 2)]!.timestamp
    const before = first.filter((l) => Date.parse(l.timestamp) <= Date.parse(until)).map((l) => l.id)
    expect(before.length).toBeLessThan(first.length)
    expect((await view('--since', '1h', '--until', until)).map((l) => l.id)).toEqual(before)
    expect((await view('--until', until)).map((l) => l.id)).toEqual(before)
  })

  it('selects with --job and --step (case-insensitive globs) and --failed; pretty shows [job › step]', async () => {
    await gh.seed([{ createdAt: gh.t0 - 10 * MIN, jobs }])
    const run = (...args: string[]) =>
      runCli(['logs', 'view', '--source', 'ci', ...args], { cwd: project, env: gh.env() })
    const job = parseCi((await run('--job', 'TEST (20, *)', '--format', 'json')).stdout)
    expect(printedByJob(job)).toEqual({ 'test (20, ubuntu)': truthByJob(jobs)['test (20, ubuntu)'] })
    const step = parseCi((await run('--step', 'unit*', '--format', 'json')).stdout)
    expect(printedByJob(step)).toEqual({
      build: truthByJob(jobs).build!.filter((l) => l.startsWith('Unit tests:')),
      'test (20, ubuntu)': truthByJob(jobs)['test (20, ubuntu)']!.filter((l) => l.startsWith('Unit tests:')),
    })
    const failed = parseCi((await run('--failed', '--format', 'json')).stdout)
    expect(new Set(failed.map((l) => `${l.metadata.job} › ${l.metadata.step}`))).toEqual(
      new Set(['test (20, ubuntu) › Integration']),
    )
    const pretty = await run('--failed', '--utc')
    expect(pretty.code).toBe(0)
    const shown = pretty.stdout.split('\n').filter(Boolean)
    expect(shown[0]).toMatch(/^\[test \(20, ubuntu\) › Integration\] \S+ INFO {2}▸ Run \.\/integration\.sh$/)
    expect(shown).not.toContainEqual(expect.stringContaining('##[endgroup]'))
    expect(shown.at(-1)).toMatch(/ ERROR Process completed with exit code 1\.$/)
    const raw = await run('--failed', '--format', 'raw')
    expect(raw.stdout.split('\n')).toContain('##[error]Process completed with exit code 1.')
  })

  it('honours a GitHub Enterprise api_url over GITHUB_API_URL', async () => {
    await gh.seed([{ createdAt: gh.t0 - 10 * MIN, jobs: [jobs[2]!] }])
    const ghe = await ciProject({ api_url: gh.emulator.github })
    const r = await runCli(['logs', 'view', '--source', 'ci', '--format', 'json'], {
      cwd: ghe,
      env: gh.env({ GITHUB_API_URL: 'http://127.0.0.1:9/api/v3' }),
    })
    expect(r.code).toBe(0)
    expect(printedByJob(parseCi(r.stdout))).toEqual(truthByJob([jobs[2]!]))
    expect(gh.emulator.stats.snapshot().calls.listWorkflowRuns).toBe(1)
  })

  it('never prints the token, also with --debug; a refused token exits 3 naming the scopes', async () => {
    await gh.seed([{ createdAt: gh.t0 - 10 * MIN, jobs: [jobs[2]!] }])
    const debug = await runCli(['logs', 'view', '--source', 'ci', '--debug'], { cwd: project, env: gh.env() })
    expect(debug.code).toBe(0)
    expect(debug.stderr).toMatch(/GitHub requests: 3 API calls, 1 log downloads/)
    // each call is one line ('GET /repos/... - 200 ... in 12ms'), not a bare 'request' line before it
    expect(debug.stderr).toMatch(/^debug: GET \/repos\/.* - 200 /m)
    expect(debug.stderr).not.toMatch(/^debug: request\b/m)
    expect(debug.stdout + debug.stderr).not.toContain(GH_TOKEN)
    const bad = `ghp_${'refused'.padEnd(30, '9')}`
    const refused = await runCli(['logs', 'view', '--source', 'ci', '--debug'], {
      cwd: project,
      env: gh.env({ GH_TOKEN: bad }),
    })
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/401 Bad credentials/)
    expect(refused.stderr).toMatch(/`repo` scope/)
    expect(refused.stderr).toMatch(/"Actions: read"/)
    expect(refused.stdout + refused.stderr).not.toContain(bad)
  })

  it('reads a public repository without a token, saying it is limited to 60 requests an hour', async () => {
    await gh.seed([{ createdAt: gh.t0 - 10 * MIN, jobs: [jobs[2]!] }])
    const r = await runCli(['logs', 'view', '--source', 'ci', '--format', 'json'], {
      cwd: project,
      env: gh.env({ GH_TOKEN: undefined, PATH: '/nonexistent' }),
    })
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/No GitHub token found.*60 requests an hour/)
    expect(printedByJob(parseCi(r.stdout))).toEqual(truthByJob([jobs[2]!]))
  })

  it('says once that an atmos identity named by a github/actions source is not used, and where the token comes from', async () => {
    await gh.seed([{ createdAt: gh.t0 - 10 * MIN, jobs: [jobs[2]!] }])
    const source = (name: string) => ({
      kind: 'github/actions',
      identity: 'prod-admin',
      spec: { repo: 'acme/app', workflow: 'deploy.yml', poll_interval: '200ms' },
      description: name,
    })
    const withIdentity = await tempProject({
      'atmos.yaml': `${JSON.stringify({
        auth: { identities: { 'prod-admin': { kind: 'aws/permission-set' } } },
        logs: { sources: { ci: source('ci'), deploy: source('deploy') } },
      })}\n`,
    })
    const r = await runCli(['logs', 'view', '--source', 'ci,deploy', '--format', 'json'], {
      cwd: withIdentity,
      env: gh.env(),
    })
    expect(r.code).toBe(0)
    // GitHub was read with the token of the environment, not through the AWS identity
    expect(parseCi(r.stdout).length).toBeGreaterThan(0)
    expect(r.stderr).toBe(
      'Note: identity "prod-admin" is not used for github/actions sources: GitHub is read with a token from GH_TOKEN, GITHUB_TOKEN, ATMOS_GITHUB_TOKEN, else `gh auth token`.\n',
    )
  })

  it('waits out a used-up rate limit and a secondary limit, saying each once, then prints everything', async () => {
    await gh.seed([{ createdAt: gh.t0 - 10 * MIN, jobs }])
    const faults = gh.emulator.faults
    const throttled = (op: string) => gh.emulator.stats.snapshot().throttled[op] ?? 0
    const until = async (ready: () => boolean) => {
      while (!ready()) await new Promise((r) => setTimeout(r, 20))
    }
    // Two refusals of each kind: the primary limit resets a second later on the emulator's clock
    // (the wall clock here), the secondary one asks for a one-second retry-after.
    faults.set({ throttle: 1, throttleKind: 'primary', operations: ['listWorkflowRuns'] })
    const cli = runCli(['logs', 'view', '--source', 'ci', '--format', 'json'], {
      cwd: project,
      env: gh.env(),
    })
    await until(() => throttled('listWorkflowRuns') >= 2)
    faults.set({ throttle: 1, throttleKind: 'secondary', operations: ['listJobsForWorkflowRunAttempt'] })
    await until(() => throttled('listJobsForWorkflowRunAttempt') >= 2)
    faults.clear()
    const r = await cli
    // Each kind of wait is said once on stderr, however many requests waited.
    expect(r.stderr.match(/^ci: GitHub API rate limit used up: .*$/gm)).toEqual([
      expect.stringMatching(
        /^ci: GitHub API rate limit used up: waiting until \d\d:\d\d:\d\d UTC \(\d+s\)…$/,
      ),
    ])
    expect(r.stderr.match(/^ci: GitHub secondary rate limit: .*$/gm)).toEqual([
      'ci: GitHub secondary rate limit: waiting 1s as GitHub asks…',
    ])
    expect(r.code).toBe(0)
    expect(printedByJob(parseCi(r.stdout))).toEqual(truthByJob(jobs))
  })

  it('ends at its --timeout while waiting out an hour-long secondary limit, naming the throttled call', async () => {
    await gh.seed([{ createdAt: gh.t0 - 10 * MIN, jobs }])
    gh.emulator.faults.set({
      throttle: 1,
      throttleKind: 'secondary',
      retryAfterSeconds: 3600,
      operations: ['listWorkflowRuns'],
    })
    // The rate-limit wait is octokit's own timer: the command ending must end the process anyway.
    // The bound counts from the command's start and must outlast the first, throttled answer (its
    // count is in the message): 2s did not on a loaded machine, and 10s is still far below the hour.
    const r = await runCli(['logs', 'view', '--source', 'ci', '--format', 'json', '--timeout', '10s'], {
      cwd: project,
      env: gh.env(),
      timeoutMs: 30_000,
    })
    expect(r.signal).toBeNull()
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^ci: GitHub secondary rate limit: waiting 3600s as GitHub asks…$/m)
    expect(r.stderr).toMatch(
      /^Error: atmos logs view did not finish within 10s \(--timeout\): 0 pages read, 0 entries printed; source ci: listWorkflowRuns throttled 1 time\.$/m,
    )
    expect(r.stdout).toBe('')
  })
})

/**
 * The provider against the testkit GitHub emulator through real octokit, with the emulator's clock
 * moved by the provider's own sleeps: a whole run is followed from start to finish in no time.
 */

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LogEntry, ProviderEvent } from '@atmos-logs/core/contract'
import type { Clock } from '@atmos-logs/core/runtime'
import {
  buildTestLintJobs,
  labelledJob as ciJob,
  deployWorkflowSeed as ciSeed,
  type Emulator,
  isLabelledLine,
  ManualClock,
  seededLinesByJob,
  startEmulator,
} from '@atmos-logs/testkit'
import { GitHubApi } from './client.js'
import { ROUTES } from './github-types.js'
import { GitHubActionsProvider, type GitHubActionsReadOptions } from './provider.js'

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0)
const MIN = 60_000
const TOKEN = `ghp_${'providerTest'.padEnd(36, '0')}`
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

const jobs = buildTestLintJobs()

describe('github/actions provider against the emulator', () => {
  const clock = new ManualClock(T0)
  let emulator: Emulator
  // The provider's sleeps move the emulator's clock: polling costs no wall time.
  const slept: number[] = []
  let afterSleep: (() => void) | undefined
  const providerClock: Clock = {
    now: () => clock.now(),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason
      slept.push(ms)
      clock.advance(ms)
      afterSleep?.()
      await new Promise((r) => setImmediate(r))
    },
  }
  const provider = (spec: Record<string, unknown> = {}, token: string | undefined = TOKEN) =>
    new GitHubActionsProvider(
      {
        name: 'ci',
        spec: { repo: 'acme/app', workflow: 'deploy.yml', poll_interval: '3s', ...spec },
        credentials: { type: 'github', token, baseUrl: emulator.github },
        logger: quiet,
      },
      { clock: providerClock },
    )
  const collect = async (it: AsyncIterable<LogEntry>, max = 100_000) => {
    const out: LogEntry[] = []
    for await (const e of it) {
      out.push(e)
      if (out.length >= max) break
    }
    return out
  }
  /** The seeded lines printed, per job in order, as `step: text` (what seededLinesByJob gives). */
  const printed = (entries: LogEntry[]) => {
    const out: Record<string, string[]> = {}
    for (const e of entries) {
      if (!isLabelledLine(e.message)) continue
      const job = String(e.metadata!.job)
      out[job] = [...(out[job] ?? []), `${e.metadata!.step}: ${e.message}`]
    }
    return out
  }
  const only = (byJob: Record<string, string[]>, keep: (line: string) => boolean) =>
    Object.fromEntries(
      Object.entries(byJob)
        .map(([job, lines]) => [job, lines.filter(keep)] as const)
        .filter(([, lines]) => lines.length > 0),
    )

  beforeAll(async () => {
    emulator = await startEmulator({ clock })
  })
  afterAll(() => emulator.close())
  beforeEach(() => {
    emulator.reset()
    clock.set(T0)
    slept.length = 0
  })

  it.each([
    ['with per-step files', true],
    ['without per-step files (steps by time)', false],
  ])('views a finished run %s: every line once, in order, on its job and step', async (_, stepLogs) => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - 10 * MIN, stepLogs, jobs }]) })
    const entries = await collect(provider().getLogs({ signal: new AbortController().signal }))
    // Jobs run side by side: compare each job's own sequence, and the whole in time order.
    expect(printed(entries)).toEqual(seededLinesByJob(jobs))
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length)
    const times = entries.map((e) => e.timestamp.getTime())
    expect(times).toEqual([...times].sort((a, b) => a - b))
    // Every line of every job log, from the runner's own lines to the failure footer.
    const footer = entries.find((e) => e.message.startsWith('##[error]Process completed'))!
    expect(footer.metadata).toMatchObject({
      job: 'test (20, ubuntu)',
      step: 'Integration',
      conclusion: 'failure',
    })
    expect(footer.level).toBe('ERROR')
    const runner = entries.filter((e) => e.message === 'Cleaning up orphan processes')
    expect(runner.map((e) => e.metadata!.step)).toEqual(['Complete job', 'Complete job', 'Complete job'])
    const header = entries.find((e) => e.message === '##[group]Run ./compile.sh')!
    expect(header.metadata).toMatchObject({ job: 'build', step: 'Compile', group: 'Run ./compile.sh' })
  })

  it.each([
    ['with per-step files', true],
    ['without per-step files (steps by time)', false],
  ])(
    'streams overlapping runs of parallel jobs %s: every line once, in one time line',
    async (_, stepLogs) => {
      // Two runs half a minute apart, three jobs each side by side: lines of all six jobs interleave,
      // and there are more of them than one array of the stream holds.
      const busy = ['build', 'test', 'lint'].map((name) =>
        ciJob(name, [{ name: 'First' }, { name: 'Second' }], { linesPerStep: 600, durationMs: 60_000 }),
      )
      await emulator.seed({
        github: ciSeed([
          { id: 501, createdAt: T0 - 20 * MIN, stepLogs, jobs: busy },
          { id: 502, createdAt: T0 - 20 * MIN + 30_000, stepLogs, jobs: busy },
        ]),
      })
      const since = { since: new Date(T0 - 30 * MIN), sinceFromFlag: true }
      const entries = await collect(
        provider().getLogs({ signal: new AbortController().signal, ...since } as never),
        1_000_000,
      )
      const byRun = (runId: number) => printed(entries.filter((e) => e.metadata!.runId === runId))
      expect(byRun(501)).toEqual(seededLinesByJob(busy))
      expect(byRun(502)).toEqual(seededLinesByJob(busy))
      expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length)
      const times = entries.map((e) => e.timestamp.getTime())
      expect(times).toEqual([...times].sort((a, b) => a - b))
      // The runs did overlap: the second run's first line comes before the first run's last.
      const runs = entries.map((e) => e.metadata!.runId)
      expect(runs.indexOf(502)).toBeLessThan(runs.lastIndexOf(501))
    },
  )

  it('selects jobs and steps by case-insensitive globs, and failed steps only', async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - 10 * MIN, jobs }]) })
    const read = (o: GitHubActionsReadOptions) =>
      collect(provider().getLogs({ signal: new AbortController().signal, ...o } as never))
    expect(Object.keys(printed(await read({ job: 'TEST (20, *)' })))).toEqual(['test (20, ubuntu)'])
    expect(Object.keys(printed(await read({ job: 'test (20, ubuntu)' })))).toEqual(['test (20, ubuntu)'])
    const unit = printed(await read({ step: 'unit*' }))
    expect(unit).toEqual(only(seededLinesByJob(jobs), (l) => l.startsWith('Unit tests:')))
    const failed = await read({ failed: true })
    expect(new Set(failed.map((e) => `${e.metadata!.job} › ${e.metadata!.step}`))).toEqual(
      new Set(['test (20, ubuntu) › Integration']),
    )
    expect(failed.at(-1)!.message).toBe('##[error]Process completed with exit code 1.')
  })

  it('tails the newest N lines at or above a level, with and without follow', async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - 10 * MIN, jobs }]) })
    const all = await collect(provider().getLogs({ signal: new AbortController().signal }))
    const atLeastWarn = all.filter((e) => e.level === 'WARN' || e.level === 'ERROR')
    // The premise: the newest line is below WARN, the failure footer before it is not.
    expect(all.at(-1)!.level).toBe('INFO')
    expect(atLeastWarn.at(-1)!.message).toBe('##[error]Process completed with exit code 1.')
    const tail = await collect(
      provider().tailLogs({ signal: new AbortController().signal, lines: 1, follow: false, level: 'WARN' }),
    )
    expect(tail.map((e) => e.id)).toEqual([atLeastWarn.at(-1)!.id])
    // Following: the finished run's newest lines, counted the same way, before waiting for the next.
    const ac = new AbortController()
    afterSleep = () => ac.abort()
    const followed: LogEntry[] = []
    try {
      for await (const e of provider().tailLogs({ signal: ac.signal, lines: 1, level: 'WARN' }))
        followed.push(e)
    } catch (err) {
      if (!ac.signal.aborted) throw err
    } finally {
      afterSleep = undefined
    }
    expect(followed.map((e) => e.id)).toEqual([atLeastWarn.at(-1)!.id])
  })

  it('follows a run from start to finish, each line once, then the next run; partial logs never repeat', async () => {
    emulator.faults.set({ runningJobLogs: 'partial' })
    const deploy = [
      ciJob('deploy', [{ name: 'Plan' }, { name: 'Apply' }], { linesPerStep: 4, durationMs: 20_000 }),
    ]
    await emulator.seed({
      github: ciSeed([
        { createdAt: T0 - 30 * MIN, jobs: deploy },
        { createdAt: T0 + 5000, jobs: deploy },
        { createdAt: T0 + 10 * MIN, jobs },
      ]),
    })
    const events: ProviderEvent[] = []
    const ac = new AbortController()
    const p = provider()
    const entries: LogEntry[] = []
    for await (const e of p.tailLogs({
      signal: ac.signal,
      lines: 0,
      onEvent: (ev: ProviderEvent) => events.push(ev),
    } as never)) {
      entries.push(e)
      if (
        entries
          .filter((x) => x.metadata!.runNumber === 3)
          .some((x) => x.message === 'Cleaning up orphan processes')
      ) {
        if (
          entries.filter((x) => x.metadata!.runNumber === 3 && x.message === 'Cleaning up orphan processes')
            .length === 3
        )
          ac.abort()
      }
    }
    const run2 = entries.filter((e) => e.metadata!.runNumber === 2)
    const run3 = entries.filter((e) => e.metadata!.runNumber === 3)
    expect(entries.filter((e) => e.metadata!.runNumber === 1)).toEqual([]) // --lines 0: no backfill
    expect(printed(run2)).toEqual(seededLinesByJob(deploy))
    expect(printed(run3)).toEqual(seededLinesByJob(jobs))
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length)
    // The running job's partial log was read before the job finished (lines arrived in several polls).
    const notices = events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message)
    expect(notices[0]).toMatch(
      /^Run #2 of deploy\.yml on main succeeded: https:\/\/github\.com\/acme\/app\/actions\/runs\/\d+$/,
    )
    expect(events).toContainEqual({ type: 'status', message: 'waiting for the next run of deploy.yml' })
    const steps = events.filter((e) => e.type === 'step').map((e) => (e as { message: string }).message)
    expect(steps).toEqual(
      expect.arrayContaining(['deploy › Plan started', 'deploy › Plan: success', 'deploy › Apply: success']),
    )
    expect(emulator.stats.snapshot().calls.jobLogsBlob).toBeGreaterThan(2)
  })

  it('with exitStatus ends when the run completes: quietly on success, with an error on failure', async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 + 1000, jobs }]) })
    const ac = new AbortController()
    await expect(
      collect(provider().tailLogs({ signal: ac.signal, exitStatus: true } as never)),
    ).rejects.toThrow(
      /^Run #1 of deploy\.yml on main concluded failure: https:\/\/github\.com\/acme\/app\/actions\/runs\/\d+/,
    )
    emulator.reset()
    clock.set(T0)
    await emulator.seed({ github: ciSeed([{ createdAt: T0 + 1000, jobs: [jobs[0]!] }]) })
    const lines = await collect(provider().tailLogs({ signal: ac.signal, exitStatus: true } as never))
    expect(printed(lines)).toEqual(seededLinesByJob([jobs[0]!]))
  })

  it('says which scopes a refused token needs, and never prints the token', async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - MIN, jobs }]) })
    const bad = `ghp_${'x'.repeat(8)}` // not a token GitHub could have issued
    const err = await collect(provider({}, bad).getLogs({ signal: new AbortController().signal })).catch(
      (e) => e,
    )
    expect(err).toMatchObject({ exitCode: 3 })
    expect(`${err.message} ${err.hint}`).toMatch(/401 Bad credentials/)
    expect(err.hint).toMatch(/`repo` scope.*"Actions: read"/)
    expect(`${err.message} ${err.hint}`).not.toContain(bad)
    emulator.faults.set({ accessDenied: 1, operations: ['listWorkflowRuns'] })
    const weak = await collect(provider().getLogs({ signal: new AbortController().signal })).catch((e) => e)
    expect(weak).toMatchObject({ exitCode: 3 })
    expect(weak.message).toMatch(/lacks the permission to read Actions in acme\/app/)
  })

  it('reports each call to the read progress by its GitHub operation: pages, rate limits, retried failures', async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - 10 * MIN, jobs }]) })
    const seen: string[] = []
    const progress = {
      page: (api: string) => seen.push(`page ${api}`),
      throttled: (api: string) => seen.push(`throttled ${api}`),
      failed: (api: string, why: string) => seen.push(`failed ${api} (${why})`),
    }
    const read = () =>
      collect(provider().getLogs({ signal: new AbortController().signal, progress } as never))
    // The seeded faults refuse the first two calls; primary limits reset in the (emulated) past
    // here, so octokit retries them at once. The log's URL is a redirect, then the download.
    emulator.faults.set({ throttle: 0.9, throttleKind: 'primary', operations: ['listWorkflowRuns'] })
    expect(printed(await read())).toEqual(seededLinesByJob(jobs))
    const rest = [
      'page listJobsForWorkflowRunAttempt',
      'page downloadWorkflowRunAttemptLogs',
      'page log download',
    ]
    expect(seen).toEqual([
      'throttled listWorkflowRuns',
      'throttled listWorkflowRuns',
      'page listWorkflowRuns',
      ...rest,
    ])
    seen.length = 0
    emulator.faults.set({ error5xx: 0.8, operations: ['listWorkflowRuns'] })
    expect(printed(await read())).toEqual(seededLinesByJob(jobs))
    expect(seen).toEqual([
      'failed listWorkflowRuns (HTTP 503)',
      'failed listWorkflowRuns (HTTP 503)',
      'page listWorkflowRuns',
      ...rest,
    ])
  })

  it('asks again for an expired log URL, and says so when every one has expired', async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - 10 * MIN, jobs }]) })
    emulator.faults.set({ expiredLogUrls: 1, operations: ['runLogsBlob'] })
    const err = await collect(provider().getLogs({ signal: new AbortController().signal })).catch((e) => e)
    expect(err).toMatchObject({ exitCode: 1 })
    expect(err.message).toMatch(
      /Downloading the logs of run #1 failed 4 times: the signed log URL had expired/,
    )
    const calls = emulator.stats.snapshot().calls
    expect(calls.downloadWorkflowRunAttemptLogs).toBe(4) // a fresh URL each time
    expect(calls.runLogsBlob).toBe(4)
    emulator.faults.clear()
    const entries = await collect(provider().getLogs({ signal: new AbortController().signal }))
    expect(printed(entries)).toEqual(seededLinesByJob(jobs))
  })

  it('asks again when an answer is cut short (a 200 that is not whole JSON), API call or log redirect alike', async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - 10 * MIN, jobs }]) })
    const failed: string[] = []
    const progress = {
      page() {},
      throttled() {},
      failed: (api: string, why: string) => failed.push(`${api} (${why})`),
    }
    // The seeded draws cut the first two answers of each; octokit's retry plugin asks a third time.
    for (const operation of ['listJobsForWorkflowRunAttempt', 'downloadWorkflowRunAttemptLogs']) {
      emulator.faults.set({ malformed: 0.75, operations: [operation] })
      failed.length = 0
      const entries = await collect(
        provider().getLogs({ signal: new AbortController().signal, progress } as never),
      )
      expect(printed(entries)).toEqual(seededLinesByJob(jobs))
      expect(failed).toEqual(
        Array(2).fill(`${operation} (an answer GitHub would not give (HTTP 200, application/json))`),
      )
    }
  })

  it('names the endpoint and what set it when nothing answers there, or something that is not GitHub', async () => {
    const at = (baseUrl: string, spec: Record<string, unknown> = {}) =>
      new GitHubActionsProvider(
        {
          name: 'ci',
          spec: { repo: 'acme/app', workflow: 'deploy.yml', ...spec },
          credentials: { type: 'github', token: TOKEN, baseUrl },
          logger: quiet,
        },
        { clock: providerClock },
      )
    const fail = (p: GitHubActionsProvider) =>
      collect(p.getLogs({ signal: new AbortController().signal })).then(
        () => {
          throw new Error('the read should have failed')
        },
        (e: { message: string; hint?: string; exitCode?: number }) => e,
      )
    const dead = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo
        server.close(() => resolve(port))
      })
    })
    const refused = await fail(at(`http://127.0.0.1:${dead}/api/v3`))
    expect(refused.message).toMatch(
      new RegExp(
        `^The github/actions source "ci" could not reach GitHub at http://127\\.0\\.0\\.1:${dead}/api/v3 \\(set by the GITHUB_API_URL environment variable\\): connect ECONNREFUSED .*\\(ECONNREFUSED\\)\\.`,
      ),
    )
    expect(refused.hint).toBe(
      'Check the GITHUB_API_URL environment variable: is the address right, and is the service running there?',
    )
    const fromSpec = await fail(at(emulator.github, { api_url: `http://127.0.0.1:${dead}` }))
    expect(fromSpec.message).toMatch(/\(set by the source's api_url\)/)

    // A web server, not GitHub's API: an HTML 404 page, and an HTML 200 page.
    const pages = createServer((req, res) => {
      res.writeHead(req.url?.includes('/ok/') ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
      res.end('<!doctype html><html><body>not here</body></html>')
    })
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve))
    const web = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`
    try {
      const missing = await fail(at(`${web}/api/v3`))
      expect(missing.message).toBe(
        `The github/actions source "ci" called listWorkflowRuns, but the endpoint ${web}/api/v3 did not answer like GitHub (HTTP 404, text/html). It comes from the GITHUB_API_URL environment variable. ${missing.hint}`,
      )
      expect(missing.hint).toMatch(/^Point the GITHUB_API_URL environment variable at a GitHub endpoint/)
      const page = await fail(at(`${web}/ok`))
      expect(page.message).toMatch(/did not answer like GitHub \(HTTP 200, text\/html\)/)
    } finally {
      pages.close()
    }
    for (const e of [refused, fromSpec]) expect(`${e.message} ${e.hint}`).not.toContain(TOKEN)
  })

  it('says each kind of rate-limit wait once per read, however many requests wait', async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - 10 * MIN, jobs }]) })
    const events: ProviderEvent[] = []
    // Primary limits that reset in the (emulated) past: octokit retries at once, twice here.
    emulator.faults.set({ throttle: 0.9, throttleKind: 'primary', operations: ['listWorkflowRuns'] })
    const entries = await collect(
      provider().getLogs({
        signal: new AbortController().signal,
        onEvent: (e: ProviderEvent) => events.push(e),
      } as never),
    )
    expect(printed(entries)).toEqual(seededLinesByJob(jobs))
    const waits = events.filter((e) => e.message.startsWith('GitHub API rate limit used up'))
    expect(waits.map((e) => e.type)).toEqual(['notice', 'status'])
  })

  it('keeps what each read reports apart when one provider serves several reads at once', async () => {
    await emulator.seed({
      github: ciSeed([
        { createdAt: T0 - 20 * MIN, jobs: [jobs[0]!] },
        { createdAt: T0 - 10 * MIN, jobs },
      ]),
    })
    const p = provider()
    const runs = (await p.listSources({ signal: new AbortController().signal })).filter(
      (s) => s.metadata?.kind === 'run',
    )
    const reader = (select: Record<string, unknown>) => ({
      select,
      pages: [] as string[],
      events: [] as ProviderEvent[],
    })
    const runId = (n: number) => runs.find((r) => r.metadata!.runNumber === n)!.metadata!.runId
    const a = reader({ runId: runId(1) })
    const b = reader({ runId: runId(2) })
    // A range with no run in it: that read alone says so.
    const none = reader({ since: new Date(T0 + MIN), sinceFromFlag: true })
    const go = (r: typeof a) =>
      collect(
        p.getLogs({
          signal: new AbortController().signal,
          ...r.select,
          progress: { page: (api: string) => r.pages.push(api), throttled() {}, failed() {} },
          onEvent: (e: ProviderEvent) => r.events.push(e),
        } as never),
      )
    const [linesA, linesB, linesNone] = await Promise.all([go(a), go(b), go(none)])
    expect(printed(linesA)).toEqual(seededLinesByJob([jobs[0]!]))
    expect(printed(linesB)).toEqual(seededLinesByJob(jobs))
    expect(linesNone).toEqual([])
    expect(none.events).toEqual([{ type: 'status', message: 'no runs of deploy.yml found' }])
    expect(none.pages).toEqual(['listWorkflowRuns'])
    expect([a.events, b.events]).toEqual([[], []])
    // Run 1 has one job (read through the job log), run 2 three (through the run's archive).
    expect(a.pages).toEqual([
      'getWorkflowRun',
      'listJobsForWorkflowRunAttempt',
      'downloadJobLogsForWorkflowRun',
      'log download',
    ])
    expect(b.pages).toEqual([
      'getWorkflowRun',
      'listJobsForWorkflowRunAttempt',
      'downloadWorkflowRunAttemptLogs',
      'log download',
    ])
  })

  it('lists the workflows of the repository and the recent runs of the configured workflow', async () => {
    await emulator.seed({
      github: ciSeed(
        [
          { createdAt: T0 - 30 * MIN, jobs: [jobs[0]!] },
          { createdAt: T0 - 20 * MIN, jobs },
          { createdAt: T0 - 10 * MIN, branch: 'feature', jobs: [jobs[0]!] },
        ],
        {
          others: [
            { name: 'Lint', path: '.github/workflows/lint.yml', runs: [{ createdAt: T0 - MIN, jobs }] },
          ],
        },
      ),
    })
    const sources = await provider({ branch: 'main' }).listSources({ signal: new AbortController().signal })
    expect(sources.filter((s) => s.metadata?.kind === 'workflow').map((s) => s.name)).toEqual([
      'deploy.yml',
      'lint.yml',
    ])
    const runs = sources.filter((s) => s.metadata?.kind === 'run')
    // deploy.yml on main only, newest first, each with its state.
    expect(runs.map((r) => [r.metadata!.runNumber, r.metadata!.conclusion])).toEqual([
      [2, 'failure'],
      [1, 'success'],
    ])
    expect(runs[0]!.description).toMatch(/^#2 deploy\.yml on main: failure/)
    const err = await provider({ repo: 'acme/nothing' })
      .listSources({ signal: new AbortController().signal })
      .catch((e) => e)
    expect(err).toMatchObject({ exitCode: 2 })
    expect(err.message).toMatch(/the workflows and runs of acme\/nothing/)
  })

  it("polls no faster than GitHub's x-poll-interval asks", async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - 10 * MIN, jobs: [jobs[0]!] }]) })
    const events: ProviderEvent[] = []
    /** The pauses of a follow that waits for a next run which never comes, over three polls. */
    const pauses = async (pollIntervalSeconds: number) => {
      emulator.faults.set({ pollIntervalSeconds })
      slept.length = 0
      const ac = new AbortController()
      afterSleep = () => {
        if (slept.length >= 3) ac.abort()
      }
      const onEvent = (e: ProviderEvent) => events.push(e)
      await collect(provider().tailLogs({ signal: ac.signal, lines: 0, onEvent } as never))
      afterSleep = undefined
      return [...slept]
    }
    expect(await pauses(10)).toEqual([10_000, 10_000, 10_000])
    // Less than the source's own poll_interval (3s) changes nothing.
    expect(await pauses(1)).toEqual([3000, 3000, 3000])
    expect(events).toContainEqual({ type: 'status', message: 'waiting for the next run of deploy.yml' })
  })

  it('spreads the last tenth of the hourly limit over the time left to the reset, and says so', async () => {
    await emulator.seed({ github: ciSeed([{ createdAt: T0 - 10 * MIN, jobs: [jobs[0]!] }]) })
    const status: string[] = []
    // Anonymous: 60 requests an hour, so the last tenth is 6 requests away.
    const api = new GitHubApi({ baseUrl: emulator.github, logger: quiet, clock: providerClock })
    const call = {
      signal: new AbortController().signal,
      waiting: (_kind: string, t: string) => status.push(t),
    }
    const ref = { owner: 'acme', repo: 'app' }
    // Distinct parameters: no conditional request (those cost nothing) between them.
    const ask = (n: number) => api.get(ROUTES.workflows, { ...ref, per_page: n }, call)
    for (let n = 1; n <= 55; n++) await ask(n)
    expect(api.rateLimit).toMatchObject({ limit: 60, remaining: 5 })
    expect(slept).toEqual([])
    await ask(56)
    // An hour left and 5 requests: one a minute at most (the wait is capped there).
    expect(slept).toEqual([60_000])
    expect(status.at(-1)).toMatch(
      /^GitHub API: 5 of 60 requests left until \d\d:\d\d:\d\d UTC; slowing to one every 60s$/,
    )
    // Near the reset the same few requests are spread over what is left of the hour.
    const { resetMs } = api.rateLimit!
    clock.set(resetMs - 40_000)
    slept.length = 0
    await ask(57)
    expect(slept).toHaveLength(1)
    expect(slept[0]).toBeGreaterThanOrEqual(9_000)
    expect(slept[0]).toBeLessThanOrEqual(10_000)
  })

  it('with environment reads only the runs whose jobs deployed there, by their deployments', async () => {
    const deployTo = (environment: string) => ({
      ...ciJob('deploy', [{ name: 'Apply' }]),
      needs: ['build'],
      environment,
    })
    const build = ciJob('build', [{ name: 'Compile' }])
    await emulator.seed({
      github: ciSeed([
        { createdAt: T0 - 50 * MIN, jobs: [build, deployTo('production')] },
        { createdAt: T0 - 40 * MIN, jobs: [build, deployTo('staging')] },
        { createdAt: T0 - 30 * MIN, jobs: [build, deployTo('production')] },
        { createdAt: T0 - 20 * MIN, jobs: [build, deployTo('staging')] },
        { createdAt: T0 - 10 * MIN, jobs: [build] },
      ]),
    })
    const runNumbers = (entries: LogEntry[]) => [...new Set(entries.map((e) => e.metadata!.runNumber))]
    const prod = provider({ environment: 'production' })
    // The latest run that deployed to production, not the latest run.
    expect(runNumbers(await collect(prod.getLogs({ signal: new AbortController().signal })))).toEqual([3])
    const range = { since: new Date(T0 - 60 * MIN), sinceFromFlag: true }
    expect(
      runNumbers(await collect(prod.getLogs({ signal: new AbortController().signal, ...range } as never))),
    ).toEqual([1, 3])
    const staging = await collect(
      provider({ environment: 'staging' }).getLogs({
        signal: new AbortController().signal,
        ...range,
      } as never),
    )
    expect(runNumbers(staging)).toEqual([2, 4])
    // Whole runs: the build job's lines come with the deploy job's.
    expect(printed(staging.filter((e) => e.metadata!.runNumber === 2))).toEqual(
      seededLinesByJob([build, deployTo('staging')]),
    )
    const events: ProviderEvent[] = []
    const none = await collect(
      provider({ environment: 'qa' }).getLogs({
        signal: new AbortController().signal,
        onEvent: (e: ProviderEvent) => events.push(e),
      } as never),
    )
    expect(none).toEqual([])
    expect(events).toContainEqual({
      type: 'status',
      message: 'no runs of deploy.yml that deployed to qa found',
    })
  })

  it('with environment follows the next run once its job deploys there', async () => {
    emulator.faults.set({ runningJobLogs: 'partial' })
    const build = ciJob('build', [{ name: 'Compile' }], { durationMs: 20_000 })
    const deploy = { ...ciJob('deploy', [{ name: 'Apply' }]), needs: ['build'], environment: 'production' }
    await emulator.seed({
      github: ciSeed([
        { createdAt: T0 - 30 * MIN, jobs: [build, deploy] },
        // Runs that start later: one that deploys elsewhere, then one that deploys to production.
        { createdAt: T0 + 5000, jobs: [build, { ...deploy, environment: 'staging' }] },
        { createdAt: T0 + 2 * MIN, jobs: [build, deploy] },
      ]),
    })
    const ac = new AbortController()
    const events: ProviderEvent[] = []
    const entries: LogEntry[] = []
    for await (const e of provider({ environment: 'production' }).tailLogs({
      signal: ac.signal,
      lines: 0,
      onEvent: (ev: ProviderEvent) => events.push(ev),
    } as never)) {
      entries.push(e)
      if (e.message === 'Cleaning up orphan processes' && e.metadata!.job === 'deploy') ac.abort()
    }
    expect([...new Set(entries.map((e) => e.metadata!.runNumber))]).toEqual([3])
    expect(printed(entries)).toEqual(seededLinesByJob([build, deploy]))
    expect(events).toContainEqual({
      type: 'status',
      message: 'waiting for the next run of deploy.yml that deploys to production',
    })
  })
})

import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Octokit } from '@octokit/rest'
import { unzipSync } from 'fflate'
import { ManualClock } from '../clock.js'
import { createGitHubEmulator, demoGitHubSeed, type GitHubEmulator, type GitHubSeed } from './index.js'
import { deployWorkflowSeed } from './labelled-seed.js'

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0)
const HOUR = 3_600_000
/** octokit logs every failed request; these tests provoke failures on purpose. */
const log = { debug() {}, info() {}, warn() {}, error() {} }
const LOG_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z /

/** The testkit server is written elsewhere; this stands in for it: `/github/*` to handle(), a second port for logs. */
async function startServers(gh: GitHubEmulator, logsBase: { url: string }) {
  const api = http.createServer((req, res) => {
    const url = req.url ?? '/'
    if (!url.startsWith('/github')) {
      res.writeHead(404).end()
      return
    }
    gh.handle(req, res, url.slice('/github'.length)).catch((err) => res.writeHead(500).end(String(err)))
  })
  const logs = http.createServer((req, res) => {
    gh.handleLogs(req, res).catch((err) => res.writeHead(500).end(String(err)))
  })
  api.listen(0, '127.0.0.1')
  logs.listen(0, '127.0.0.1')
  await Promise.all([once(api, 'listening'), once(logs, 'listening')])
  logsBase.url = `http://127.0.0.1:${(logs.address() as AddressInfo).port}`
  return {
    baseUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}/github`,
    close: async () => {
      for (const s of [api, logs]) {
        s.closeAllConnections()
        s.close()
      }
    },
  }
}

const step = (name: string, durationMs: number, extra: Record<string, unknown> = {}) => ({
  name,
  durationMs,
  ...extra,
})

/** Five finished runs an hour apart, and one created at T0 whose build fails in its Test step. */
function testSeed(): GitHubSeed {
  const okJob = {
    name: 'build',
    steps: [step('Compile', 10_000, { run: 'make', lines: ['compiling', 'done'] })],
  }
  const app = deployWorkflowSeed(
    [
      ...[5, 4, 3, 2, 1].map((h) => ({
        createdAt: T0 - h * HOUR,
        branch: h % 2 === 0 ? 'release' : 'main',
        jobs: [okJob],
      })),
      {
        createdAt: new Date(T0).toISOString(),
        title: 'Ship it',
        jobs: [
          {
            name: 'build',
            steps: [
              step('Compile', 10_000, { run: 'make', lines: ['compiling', 'done'] }),
              step('Test', 20_000, {
                run: 'make test',
                conclusion: 'failure',
                lines: ['##[group]Running tests', 'test a ok', 'test b FAILED', '##[endgroup]'],
              }),
              step('Upload', 5000, { run: 'make upload' }),
            ],
          },
          { name: 'deploy', needs: ['build'], steps: [step('Deploy', 5000)] },
        ],
      },
    ],
    {
      others: [
        {
          name: 'CI',
          path: '.github/workflows/ci.yml',
          runs: [{ createdAt: T0 - 30 * 60_000, jobs: [okJob] }],
        },
      ],
    },
  )
  return { repos: [...app.repos, { owner: 'acme', name: 'secret', private: true, workflows: [] }] }
}

describe('GitHub emulator through octokit', () => {
  let clock: ManualClock
  let gh: GitHubEmulator
  let server: Awaited<ReturnType<typeof startServers>>
  let octokit: Octokit
  const logsBase = { url: '' }

  beforeAll(async () => {
    clock = new ManualClock(T0)
    gh = createGitHubEmulator({ clock, logsOrigin: () => logsBase.url })
    server = await startServers(gh, logsBase)
  })
  afterAll(() => server.close())
  beforeEach(() => {
    gh.reset()
    clock.set(T0)
    gh.seed(testSeed())
    octokit = new Octokit({ auth: 'ghp_test00000000000000000000000000000000', baseUrl: server.baseUrl, log })
  })

  const repo = { owner: 'acme', repo: 'app' }
  const newestRun = async () =>
    (await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: 'deploy.yml', per_page: 1 })).data
      .workflow_runs[0]!
  const jobNamed = async (runId: number, name: string, filter: 'latest' | 'all' = 'latest') =>
    (await octokit.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: runId, filter })).data.jobs.find(
      (j) => j.name === name,
    )!

  it('lists a workflow runs newest first, with Link pagination that octokit.paginate follows', async () => {
    const first = await octokit.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: 'deploy.yml',
      per_page: 2,
    })
    expect(first.data.total_count).toBe(6)
    expect(first.data.workflow_runs).toHaveLength(2)
    expect(first.headers.link).toContain('rel="next"')
    expect(first.headers.link).toContain('rel="last"')
    expect(first.headers.link).toContain(
      `${server.baseUrl}/repos/acme/app/actions/workflows/deploy.yml/runs?per_page=2&page=3>; rel="last"`,
    )

    const all = await octokit.paginate(octokit.rest.actions.listWorkflowRuns, {
      ...repo,
      workflow_id: 'deploy.yml',
      per_page: 2,
    })
    expect(all).toHaveLength(6)
    const created = all.map((r) => Date.parse(r.created_at))
    expect(created).toEqual([...created].sort((a, b) => b - a))
    expect(new Set(all.map((r) => r.id)).size).toBe(6)
    expect(all.map((r) => r.run_number)).toEqual([6, 5, 4, 3, 2, 1])
    expect(all[0]).toMatchObject({
      name: 'Deploy',
      path: '.github/workflows/deploy.yml',
      display_title: 'Ship it',
      event: 'push',
    })
    expect(all[0]!.jobs_url).toBe(`${server.baseUrl}/repos/acme/app/actions/runs/${all[0]!.id}/jobs`)

    // The workflow can be named by id as well as by file name; the repo listing covers both workflows.
    const byId = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: all[0]!.workflow_id })
    expect(byId.data.total_count).toBe(6)
    const forRepo = await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, {
      ...repo,
      per_page: 100,
    })
    expect(forRepo).toHaveLength(7)
  })

  it('filters runs by branch, status, conclusion, event and created', async () => {
    const list = async (params: Record<string, string>) =>
      (
        await octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
          ...repo,
          workflow_id: 'deploy.yml',
          ...params,
        })
      ).data
    expect((await list({ branch: 'release' })).total_count).toBe(2)
    expect((await list({ status: 'completed' })).total_count).toBe(5)
    expect((await list({ status: 'success' })).total_count).toBe(5)
    expect(
      (await list({ status: 'queued' })).workflow_runs.map((r: { display_title: string }) => r.display_title),
    ).toEqual(['Ship it'])
    expect((await list({ event: 'schedule' })).total_count).toBe(0)
    expect((await list({ created: `>=${new Date(T0 - 2.5 * HOUR).toISOString()}` })).total_count).toBe(3)
    expect((await list({ created: '2026-11-27' })).total_count).toBe(6)
    await expect(list({ status: 'sideways' })).rejects.toMatchObject({ status: 422 })
  })

  it('moves a run through queued, in_progress and completed on the clock, step by step', async () => {
    const run = await newestRun()
    expect(run).toMatchObject({ status: 'queued', conclusion: null })
    let build = await jobNamed(run.id, 'build')
    expect(build).toMatchObject({ status: 'queued', conclusion: null, steps: [], runner_name: null })
    expect(
      (await octokit.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: run.id })).data.jobs.map(
        (j) => j.name,
      ),
    ).toEqual(['build'])

    // queue 2 s + "Set up job" 2 s + 5 s into Compile
    clock.set(T0 + 9000)
    expect((await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: run.id })).data.status).toBe(
      'in_progress',
    )
    build = (await octokit.rest.actions.getJobForWorkflowRun({ ...repo, job_id: build.id })).data
    expect(build.status).toBe('in_progress')
    expect(build.runner_name).toMatch(/^GitHub Actions \d+$/)
    expect(build.steps!.map((s) => [s.number, s.name, s.status, s.conclusion])).toEqual([
      [1, 'Set up job', 'completed', 'success'],
      [2, 'Compile', 'in_progress', null],
      [3, 'Test', 'queued', null],
      [4, 'Upload', 'queued', null],
      [5, 'Complete job', 'queued', null],
    ])
    expect(build.steps![0]).toMatchObject({
      started_at: '2026-11-27T10:00:02.000Z',
      completed_at: '2026-11-27T10:00:04.000Z',
    })
    expect(build.steps![1]).toMatchObject({ started_at: '2026-11-27T10:00:04.000Z', completed_at: null })

    clock.set(T0 + 60_000)
    build = await jobNamed(run.id, 'build')
    expect(build).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      completed_at: '2026-11-27T10:00:34Z',
    })
    expect(build.steps!.map((s) => s.conclusion)).toEqual([
      'success',
      'success',
      'failure',
      'skipped',
      'success',
    ])
    const deploy = await jobNamed(run.id, 'deploy')
    expect(deploy).toMatchObject({ status: 'completed', conclusion: 'skipped', steps: [] })
    expect(await newestRun()).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      updated_at: '2026-11-27T10:00:34Z',
    })
  })

  it('serves a running job log as BlobNotFound or the lines so far, then a text log with a BOM and 7-digit timestamps', async () => {
    const run = await newestRun()
    const build = await jobNamed(run.id, 'build')
    const logUrl = async () =>
      (
        await octokit.rest.actions
          .downloadJobLogsForWorkflowRun({ ...repo, job_id: build.id, request: { redirect: 'manual' } })
          .catch((e) => e.response)
      ).headers.location as string
    clock.set(T0 + 500)
    await expect(
      octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: build.id }),
    ).rejects.toMatchObject({ status: 404, response: { data: { message: 'Not Found' } } }) // still queued
    clock.set(T0 + 9000)
    const running = await fetch(await logUrl())
    expect(running.status).toBe(404)
    expect(running.headers.get('x-ms-error-code')).toBe('BlobNotFound')
    expect(await running.text()).toContain('<Code>BlobNotFound</Code>')
    gh.setFaults({ runningJobLogs: 'partial' })
    const partial = await (await fetch(await logUrl())).text()
    expect(partial).toContain("Current runner version: '2.321.0'")
    expect(partial).toContain(' compiling\n')
    expect(partial).not.toContain(' done\n')
    gh.setFaults({})

    clock.set(T0 + 60_000)
    // octokit follows the redirect to the second origin
    const followed = await octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: build.id })
    expect(followed.status).toBe(200)
    expect(String(followed.data)).toContain('##[error]Process completed with exit code 1.')

    const redirect = await octokit.rest.actions
      .downloadJobLogsForWorkflowRun({ ...repo, job_id: build.id, request: { redirect: 'manual' } })
      .catch((e) => e.response)
    expect(redirect.status).toBe(302)
    const location = new URL(redirect.headers.location)
    expect(location.origin).toBe(logsBase.url)
    expect(location.searchParams.get('sig')).toBeTruthy()
    expect(location.searchParams.get('se')).toBe('2026-11-27T10:02:00Z')

    const blob = await fetch(location)
    expect(blob.headers.get('content-type')).toBe('text/plain')
    const bytes = new Uint8Array(await blob.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).trimEnd().split('\n')
    for (const line of lines) expect(line).toMatch(LOG_LINE)
    const texts = lines.map((l) => l.slice(29))
    expect(texts[0]).toBe("Current runner version: '2.321.0'")
    expect(texts).toContain('##[group]Run make test')
    expect(texts.slice(texts.indexOf('##[group]Run make test'))).toEqual([
      '##[group]Run make test',
      'make test',
      'shell: /usr/bin/bash -e {0}',
      '##[endgroup]',
      '##[group]Running tests',
      'test a ok',
      'test b FAILED',
      '##[endgroup]',
      '##[error]Process completed with exit code 1.',
      'Cleaning up orphan processes',
    ])
    expect(texts).not.toContain('##[group]Run make upload') // skipped after the failure
    const stamps = lines.map((l) => l.slice(0, 28))
    expect(stamps).toEqual([...stamps].sort())
    expect(lines.find((l) => l.endsWith(' compiling'))!.startsWith('2026-11-27T10:00:07.333')).toBe(true)

    // The signed URL dies after a minute on the emulator clock, and cannot be edited.
    const tampered = new URL(location)
    tampered.searchParams.set('se', '2030-01-01T00:00:00Z')
    expect((await fetch(tampered)).status).toBe(403)
    clock.set(T0 + 60_000 + 61_000)
    const expired = await fetch(location)
    expect(expired.status).toBe(403)
    expect(await expired.text()).toContain('<Code>AuthenticationFailed</Code>')
  })

  it('serves the run logs as a zip laid out per job and per step', async () => {
    const run = await newestRun()
    clock.set(T0 + 9000)
    await expect(
      octokit.rest.actions.downloadWorkflowRunLogs({ ...repo, run_id: run.id }),
    ).rejects.toMatchObject({ status: 404 })
    clock.set(T0 + 60_000)
    const res = await octokit.rest.actions.downloadWorkflowRunLogs({ ...repo, run_id: run.id })
    const files = unzipSync(new Uint8Array(res.data as ArrayBuffer))
    expect(Object.keys(files).sort()).toEqual([
      '0_build.txt',
      'build/1_Set up job.txt',
      'build/2_Compile.txt',
      'build/3_Test.txt',
      'build/5_Complete job.txt',
    ])
    const test = new TextDecoder('utf-8', { ignoreBOM: true }).decode(files['build/3_Test.txt'])
    expect(test.startsWith('\uFEFF')).toBe(true)
    expect(test).toContain('##[error]Process completed with exit code 1.')
    expect(test).not.toContain('compiling')
    const whole = new TextDecoder().decode(files['0_build.txt'])
    expect(whole).toContain('compiling')
    expect(whole).toContain('test b FAILED')
  })

  it('sends rate-limit headers on every answer and enforces the anonymous limit', async () => {
    const ok = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: (await newestRun()).id })
    expect(ok.headers['x-ratelimit-limit']).toBe('5000')
    expect(ok.headers['x-ratelimit-remaining']).toBe('4998')
    expect(ok.headers['x-ratelimit-used']).toBe('2')
    expect(ok.headers['x-ratelimit-resource']).toBe('core')
    expect(Number(ok.headers['x-ratelimit-reset'])).toBe(T0 / 1000 + 3600)

    const missing = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 1 }).catch((e) => e)
    expect(missing.status).toBe(404)
    expect(missing.response.headers['x-ratelimit-remaining']).toBe('4997')

    const anonymous = new Octokit({ baseUrl: server.baseUrl, log })
    for (let i = 0; i < 60; i++) await anonymous.rest.actions.listRepoWorkflows(repo)
    const refused = await anonymous.rest.actions.listRepoWorkflows(repo).catch((e) => e)
    expect(refused.status).toBe(403)
    expect(refused.response.headers['x-ratelimit-remaining']).toBe('0')
    expect(refused.response.headers['x-ratelimit-limit']).toBe('60')
    expect(gh.stats().throttled.listRepoWorkflows).toBe(1)
    // The hourly window starts over on the emulator clock.
    clock.set(T0 + HOUR)
    expect((await anonymous.rest.actions.listRepoWorkflows(repo)).data.total_count).toBe(2)
  })

  it('refuses calls with 429 + retry-after or 403 + remaining 0 when the throttle fault says so', async () => {
    gh.setFaults({ throttle: 1, operations: ['listJobsForWorkflowRun'] })
    const run = await newestRun() // not a targeted operation
    const secondary = await octokit.rest.actions
      .listJobsForWorkflowRun({ ...repo, run_id: run.id })
      .catch((e) => e)
    expect(secondary.status).toBe(429)
    expect(secondary.response.headers['retry-after']).toBe('1')
    const primary = await octokit.rest.actions
      .listJobsForWorkflowRun({ ...repo, run_id: run.id })
      .catch((e) => e)
    expect(primary.status).toBe(403)
    expect(primary.response.headers['x-ratelimit-remaining']).toBe('0')
    expect(Number(primary.response.headers['x-ratelimit-reset'])).toBe(T0 / 1000 + 1)

    gh.setFaults({ throttle: 1, throttleKind: 'secondary' })
    for (let i = 0; i < 3; i++) {
      await expect(octokit.rest.actions.getWorkflowRun({ ...repo, run_id: run.id })).rejects.toMatchObject({
        status: 429,
      })
    }
    gh.setFaults({ error5xx: 1 })
    await expect(octokit.rest.actions.getWorkflowRun({ ...repo, run_id: run.id })).rejects.toMatchObject({
      status: 503,
    })
    gh.setFaults({})
    expect((await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: run.id })).status).toBe(200)

    expect(gh.stats()).toEqual({
      calls: { listWorkflowRuns: 1, listJobsForWorkflowRun: 2, getWorkflowRun: 5 },
      throttled: { listJobsForWorkflowRun: 2, getWorkflowRun: 3 },
    })
  })

  it('throttles about the requested share of calls with a ratio below 1', async () => {
    gh.setFaults({ throttle: 0.3, throttleKind: 'secondary' })
    let refused = 0
    for (let i = 0; i < 100; i++) {
      const r = await octokit.rest.actions.listRepoWorkflows(repo).catch((e) => e)
      if (r.status === 429) refused++
    }
    expect(refused).toBeGreaterThan(15)
    expect(refused).toBeLessThan(45)
  })

  it('hides private repositories from anonymous callers and honours a seeded token list', async () => {
    await expect(
      new Octokit({ baseUrl: server.baseUrl, log }).rest.repos.get({ owner: 'acme', repo: 'secret' }),
    ).rejects.toMatchObject({ status: 404 })
    expect((await octokit.rest.repos.get({ owner: 'ACME', repo: 'Secret' })).data).toMatchObject({
      full_name: 'acme/secret',
      private: true,
    })

    gh.seed({ repos: [], tokens: ['ghp_good'] })
    await expect(octokit.rest.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Bad credentials' } },
    })
    const good = new Octokit({ auth: 'ghp_good', baseUrl: server.baseUrl, log })
    expect((await good.rest.repos.get({ owner: 'acme', repo: 'app' })).status).toBe(200)
  })

  it('answers 304 to a matching If-None-Match without spending the rate limit', async () => {
    const first = await octokit.rest.actions.listRepoWorkflows(repo)
    const again = await octokit.rest.actions
      .listRepoWorkflows({ ...repo, headers: { 'if-none-match': first.headers.etag! } })
      .catch((e) => e)
    expect(again.status).toBe(304)
    expect(again.response.headers['x-ratelimit-remaining']).toBe(first.headers['x-ratelimit-remaining'])
  })

  it('lists every attempt with filter=all and the latest one by default', async () => {
    gh.seed({
      repos: [
        {
          owner: 'acme',
          name: 'rerun',
          workflows: [
            {
              name: 'Deploy',
              path: '.github/workflows/deploy.yml',
              runs: [
                {
                  createdAt: T0 - HOUR,
                  attempts: [
                    { jobs: [{ name: 'build', steps: [step('Compile', 1000, { conclusion: 'failure' })] }] },
                    { delayMs: 60_000, jobs: [{ name: 'build', steps: [step('Compile', 1000)] }] },
                  ],
                },
              ],
            },
          ],
        },
      ],
    })
    const r = { owner: 'acme', repo: 'rerun' }
    const [run] = (await octokit.rest.actions.listWorkflowRunsForRepo(r)).data.workflow_runs
    expect(run).toMatchObject({ run_attempt: 2, status: 'completed', conclusion: 'success' })
    expect(run!.previous_attempt_url).toBe(`${run!.url}/attempts/1`)
    const latest = (await octokit.rest.actions.listJobsForWorkflowRun({ ...r, run_id: run!.id })).data.jobs
    expect(latest.map((j) => [j.run_attempt, j.conclusion])).toEqual([[2, 'success']])
    const all = (await octokit.rest.actions.listJobsForWorkflowRun({ ...r, run_id: run!.id, filter: 'all' }))
      .data.jobs
    expect(all.map((j) => [j.run_attempt, j.conclusion])).toEqual([
      [1, 'failure'],
      [2, 'success'],
    ])
    const first = await octokit.rest.actions.getWorkflowRunAttempt({
      ...r,
      run_id: run!.id,
      attempt_number: 1,
    })
    expect(first.data).toMatchObject({ run_attempt: 1, conclusion: 'failure' })
  })

  it("serves the demo seed: the story's release run finished, and before it a failed run with ##[error] lines", async () => {
    gh.reset()
    gh.seed(demoGitHubSeed(T0))
    const d = { owner: 'acme', repo: 'infrastructure' }
    const runs = await octokit.paginate(octokit.rest.actions.listWorkflowRuns, {
      ...d,
      workflow_id: 'deploy.yml',
    })
    expect(runs.length).toBeGreaterThanOrEqual(5)
    // Newest first: the release the demo's incident follows, then the failed apply three hours ago.
    expect(runs[0]).toMatchObject({
      display_title: 'Release 1.43.0',
      status: 'completed',
      conclusion: 'success',
    })
    expect(Date.parse(runs[0]!.created_at)).toBeLessThan(T0)
    expect(runs[1]).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(runs.slice(2).every((r) => r.conclusion === 'success')).toBe(true)

    const jobs = (await octokit.rest.actions.listJobsForWorkflowRun({ ...d, run_id: runs[1]!.id })).data.jobs
    const failed = jobs.find((j) => j.conclusion === 'failure')!
    expect(failed.steps!.filter((s) => s.conclusion === 'failure').map((s) => s.name)).toEqual([
      'Terraform apply',
    ])
    const log = String(
      (await octokit.rest.actions.downloadJobLogsForWorkflowRun({ ...d, job_id: failed.id })).data,
    )
    expect(log.split('\n').filter((l) => l.includes('##[error]')).length).toBeGreaterThanOrEqual(2)
  })
})

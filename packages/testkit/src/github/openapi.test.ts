/**
 * Every GitHub route the github/actions provider calls, checked against GitHub's official OpenAPI
 * description: the status code must be one the description declares for the operation (or a
 * generic error GitHub answers anywhere), and the body must match the declared schema.
 */
import { ManualClock } from '../clock.js'
import { type Emulator, startEmulator } from '../server.js'
import { loadGitHubDescription } from '../test-support/openapi.js'
import { deployWorkflowSeed } from './labelled-seed.js'

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0)
const REPO = '/repos/{owner}/{repo}'
const PATHS = {
  listRepoWorkflows: `${REPO}/actions/workflows`,
  getWorkflow: `${REPO}/actions/workflows/{workflow_id}`,
  listWorkflowRuns: `${REPO}/actions/workflows/{workflow_id}/runs`,
  listWorkflowRunsForRepo: `${REPO}/actions/runs`,
  getWorkflowRun: `${REPO}/actions/runs/{run_id}`,
  getWorkflowRunAttempt: `${REPO}/actions/runs/{run_id}/attempts/{attempt_number}`,
  listJobsForWorkflowRun: `${REPO}/actions/runs/{run_id}/jobs`,
  listJobsForWorkflowRunAttempt: `${REPO}/actions/runs/{run_id}/attempts/{attempt_number}/jobs`,
  downloadJobLogsForWorkflowRun: `${REPO}/actions/jobs/{job_id}/logs`,
  downloadWorkflowRunAttemptLogs: `${REPO}/actions/runs/{run_id}/attempts/{attempt_number}/logs`,
  listDeployments: `${REPO}/deployments`,
  getDeployment: `${REPO}/deployments/{deployment_id}`,
  listDeploymentStatuses: `${REPO}/deployments/{deployment_id}/statuses`,
  getRateLimit: '/rate_limit',
} as const
/** Errors GitHub can answer on any route, whether or not the description lists them there. */
const GENERIC_ERRORS = new Set([401, 403, 404, 422, 429, 500, 503])

const step = (name: string, durationMs: number, extra: Record<string, unknown> = {}) => ({
  name,
  durationMs,
  ...extra,
})

describe("the GitHub emulator against GitHub's OpenAPI description", () => {
  const description = loadGitHubDescription(Object.values(PATHS))
  let emulator: Emulator
  const clock = new ManualClock(T0)
  const token = `ghp_${'openapiCheck'.padEnd(36, '0')}`

  beforeAll(async () => {
    emulator = await startEmulator({ clock })
    await emulator.seed({
      github: deployWorkflowSeed([
        {
          createdAt: T0 - 3_600_000,
          attempts: [
            {
              jobs: [
                {
                  name: 'build',
                  environment: 'staging',
                  steps: [step('Make', 5000, { run: 'make', conclusion: 'failure' })],
                },
              ],
            },
            {
              jobs: [{ name: 'build', environment: 'staging', steps: [step('Make', 5000, { run: 'make' })] }],
            },
          ],
        },
        {
          createdAt: T0 - 10_000,
          stepLogs: false,
          jobs: [
            { name: 'build', steps: [step('Make', 60_000, { run: 'make', lines: ['one', 'two'] })] },
            { name: 'deploy', needs: ['build'], steps: [step('Ship', 5000)] },
          ],
        },
      ]),
    })
  })
  afterAll(() => emulator.close())

  async function exchange(
    operation: keyof typeof PATHS,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const res = await fetch(`${emulator.github}${path}`, {
      headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', ...headers },
      redirect: 'manual',
    })
    const text = await res.text()
    const body = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined
    const declared = description.operations.get(PATHS[operation])!
    // Any GET with an ETag can answer 304 to a conditional request (RFC 9110); the description lists it on a few only.
    const conditional = res.status === 304 && headers['if-none-match'] !== undefined
    if (!declared.statuses.has(res.status) && !GENERIC_ERRORS.has(res.status) && !conditional) {
      throw new Error(
        `${operation} answered ${res.status}; GitHub declares ${[...declared.statuses].join(', ')}`,
      )
    }
    const validate = res.status >= 400 ? description.basicError : declared.validators.get(res.status)
    if (validate && !validate(body)) {
      throw new Error(
        `${operation} ${res.status} body does not match GitHub's schema: ${JSON.stringify(validate.errors?.slice(0, 5))}`,
      )
    }
    if (res.status === 302) expect(res.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    return { status: res.status, body, headers: res.headers }
  }

  it('answers every route the provider uses with declared statuses and schema-valid bodies', async () => {
    const repo = '/repos/acme/app'
    expect((await exchange('listRepoWorkflows', `${repo}/actions/workflows`)).status).toBe(200)
    expect((await exchange('getWorkflow', `${repo}/actions/workflows/deploy.yml`)).status).toBe(200)
    const runs = await exchange('listWorkflowRuns', `${repo}/actions/workflows/deploy.yml/runs?per_page=100`)
    const [running, finished] = (runs.body as { workflow_runs: Array<{ id: number; status: string }> })
      .workflow_runs
    expect(running!.status).toBe('in_progress')
    expect(finished!.status).toBe('completed')
    expect(
      (await exchange('listWorkflowRunsForRepo', `${repo}/actions/runs?created=%3E%3D2026-11-27`)).status,
    ).toBe(200)
    for (const run of [running!, finished!]) {
      expect((await exchange('getWorkflowRun', `${repo}/actions/runs/${run.id}`)).status).toBe(200)
      expect(
        (await exchange('getWorkflowRunAttempt', `${repo}/actions/runs/${run.id}/attempts/1`)).status,
      ).toBe(200)
      const jobs = await exchange('listJobsForWorkflowRun', `${repo}/actions/runs/${run.id}/jobs?filter=all`)
      expect(jobs.status).toBe(200)
      expect(
        (await exchange('listJobsForWorkflowRunAttempt', `${repo}/actions/runs/${run.id}/attempts/1/jobs`))
          .status,
      ).toBe(200)
      for (const job of (jobs.body as { jobs: Array<{ id: number; status: string }> }).jobs) {
        const logs = await exchange('downloadJobLogsForWorkflowRun', `${repo}/actions/jobs/${job.id}/logs`)
        expect(logs.status).toBe(job.status === 'queued' ? 404 : 302)
      }
    }
    expect(
      (
        await exchange(
          'downloadWorkflowRunAttemptLogs',
          `${repo}/actions/runs/${finished!.id}/attempts/2/logs`,
        )
      ).status,
    ).toBe(302)
    expect(
      (
        await exchange(
          'downloadWorkflowRunAttemptLogs',
          `${repo}/actions/runs/${running!.id}/attempts/1/logs`,
        )
      ).status,
    ).toBe(404)
    const deployments = await exchange('listDeployments', `${repo}/deployments?environment=staging`)
    const [second, first] = deployments.body as Array<{ id: number }>
    expect(deployments.body).toHaveLength(2)
    expect((await exchange('getDeployment', `${repo}/deployments/${first!.id}`)).status).toBe(200)
    const statuses = await exchange('listDeploymentStatuses', `${repo}/deployments/${second!.id}/statuses`)
    expect((statuses.body as Array<{ state: string }>).map((s) => s.state)).toEqual([
      'success',
      'in_progress',
      'queued',
    ])
    expect((await exchange('getRateLimit', '/rate_limit')).status).toBe(200)
  })

  it('has schemas strict enough to catch what the emulator used to leave out', async () => {
    const run = (await exchange('getWorkflowRun', '/repos/acme/app/actions/runs/12000000001')).body as any
    const validate = description.operations.get(PATHS.getWorkflowRun)!.validators.get(200)!
    expect(validate(run)).toBe(true)
    for (const drop of [
      (r: any) => delete r.actor.followers_url,
      (r: any) => delete r.triggering_actor.repos_url,
      (r: any) => delete r.repository.owner.events_url,
      (r: any) => delete r.head_repository.trees_url,
      (r: any) => delete r.repository.archive_url,
    ]) {
      const copy = structuredClone(run)
      drop(copy)
      expect(validate(copy)).toBe(false)
    }
    const rate = (await exchange('getRateLimit', '/rate_limit')).body as any
    delete rate.resources.search
    expect(description.operations.get(PATHS.getRateLimit)!.validators.get(200)!(rate)).toBe(false)
  })

  it('answers conditional requests, missing things, bad tokens and limits in shapes GitHub declares', async () => {
    const path = '/repos/acme/app/actions/workflows/deploy.yml/runs'
    const first = await exchange('listWorkflowRuns', path)
    expect(
      (await exchange('listWorkflowRuns', path, { 'if-none-match': first.headers.get('etag')! })).status,
    ).toBe(304)
    expect((await exchange('getWorkflowRun', '/repos/acme/app/actions/runs/1')).status).toBe(404)
    expect((await exchange('getWorkflowRun', '/repos/acme/nope/actions/runs/1')).status).toBe(404)
    const bad = await exchange('listWorkflowRuns', path, { authorization: 'token nope' })
    expect(bad).toMatchObject({ status: 401, body: { message: 'Bad credentials' } })
    emulator.faults.set({ throttle: 1, throttleKind: 'secondary', operations: ['getWorkflowRun'] })
    expect((await exchange('getWorkflowRun', '/repos/acme/app/actions/runs/1')).status).toBe(429)
    emulator.faults.set({ accessDenied: 1, operations: ['listWorkflowRuns'] })
    expect(await exchange('listWorkflowRuns', path)).toMatchObject({
      status: 403,
      body: { message: 'Resource not accessible by personal access token' },
    })
    emulator.faults.clear()
  })
})

/**
 * Deployments made by workflow jobs that name an environment: created with the job, statuses that
 * follow the job on the clock, the earlier success left inactive, the job's URL in every status,
 * and the list filters and order of GitHub's deployments endpoint.
 */
import { Octokit } from '@octokit/rest'
import { ManualClock } from '../clock.js'
import { type Emulator, startEmulator } from '../server.js'
import { deployWorkflowSeed } from './labelled-seed.js'

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0)
const MIN = 60_000
const log = { debug() {}, info() {}, warn() {}, error() {} }

const job = (name: string, extra: Record<string, unknown> = {}, durationMs = 10_000) => ({
  name,
  steps: [{ name: 'Go', durationMs, run: './go.sh' }],
  ...extra,
})

describe('GitHub emulator deployments', () => {
  const clock = new ManualClock(T0)
  let emulator: Emulator
  let octokit: Octokit
  const repo = { owner: 'acme', repo: 'app' }

  beforeAll(async () => {
    emulator = await startEmulator({ clock })
    octokit = new Octokit({ auth: `ghp_${'deployments'.padEnd(36, '0')}`, baseUrl: emulator.github, log })
  })
  afterAll(() => emulator.close())
  beforeEach(async () => {
    emulator.reset()
    clock.set(T0)
    await emulator.seed({
      github: deployWorkflowSeed([
        {
          createdAt: T0 - 60 * MIN,
          jobs: [job('build'), job('deploy', { needs: ['build'], environment: 'production' })],
        },
        { createdAt: T0 - 30 * MIN, branch: 'feature', jobs: [job('deploy', { environment: 'staging' })] },
        {
          createdAt: T0 - 10 * MIN,
          jobs: [job('build'), job('deploy', { needs: ['build'], environment: 'production' }, 15 * MIN)],
        },
        // A job that never runs makes no deployment.
        {
          createdAt: T0 - 5 * MIN,
          jobs: [
            { name: 'build', steps: [{ name: 'Go', durationMs: 1000, conclusion: 'failure' }] },
            job('deploy', { needs: ['build'], environment: 'production' }),
          ],
        },
      ]),
    })
  })

  const statuses = async (deploymentId: number) =>
    (await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: deploymentId })).data

  it('makes one deployment per job that names an environment, newest first, linked to its job', async () => {
    const runs = (await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: 'deploy.yml' })).data
      .workflow_runs
    const all = (await octokit.rest.repos.listDeployments(repo)).data
    expect(all.map((d) => d.environment)).toEqual(['production', 'staging', 'production'])
    expect(all[0]).toMatchObject({
      task: 'deploy',
      ref: 'main',
      sha: runs.find((r) => r.run_number === 3)!.head_sha,
      creator: { login: 'github-actions[bot]', type: 'Bot' },
      performed_via_github_app: { slug: 'github-actions' },
    })
    // The run's deploy job, as the statuses name it.
    const run3 = runs.find((r) => r.run_number === 3)!
    const deployJob = (
      await octokit.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: run3.id })
    ).data.jobs.find((j) => j.name === 'deploy')!
    const [latest] = await statuses(all[0]!.id)
    expect(latest!.log_url).toBe(`https://github.com/acme/app/actions/runs/${run3.id}/job/${deployJob.id}`)
    expect(latest!.target_url).toBe(latest!.log_url)
    expect(Date.parse(all[0]!.created_at)).toBe(Date.parse(deployJob.created_at))
  })

  it('moves statuses with the job, and leaves the earlier success inactive', async () => {
    const production = async () =>
      (await octokit.rest.repos.listDeployments({ ...repo, environment: 'production' })).data
    const [newer, older] = await production()
    expect((await statuses(older!.id)).map((s) => s.state)).toEqual(['success', 'in_progress', 'queued'])
    // The newer deploy job runs for 15 minutes from about T0 - 10 min.
    expect((await statuses(newer!.id)).map((s) => s.state)).toEqual(['in_progress', 'queued'])
    clock.set(T0 + 6 * MIN)
    expect((await statuses(newer!.id)).map((s) => s.state)).toEqual(['success', 'in_progress', 'queued'])
    expect((await statuses(older!.id)).map((s) => s.state)).toEqual([
      'inactive',
      'success',
      'in_progress',
      'queued',
    ])
    const ids = (await statuses(older!.id)).map((s) => s.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
  })

  it('filters by environment, ref, sha and task, pages like every list, and hides what does not exist yet', async () => {
    const list = async (q: Record<string, string | number>) =>
      (await octokit.rest.repos.listDeployments({ ...repo, ...q })).data
    expect((await list({ environment: 'staging' })).map((d) => d.ref)).toEqual(['feature'])
    expect(await list({ ref: 'feature', environment: 'production' })).toEqual([])
    const [newest] = await list({})
    expect((await list({ sha: newest!.sha })).map((d) => d.id)).toEqual([newest!.id])
    expect(await list({ task: 'deploy:migrations' })).toEqual([])
    const paged = await octokit.paginate(octokit.rest.repos.listDeployments, { ...repo, per_page: 1 })
    expect(paged).toHaveLength(3)
    clock.set(T0 - 45 * MIN)
    expect((await list({})).map((d) => d.environment)).toEqual(['production'])
    await expect(
      octokit.rest.repos.getDeployment({ ...repo, deployment_id: newest!.id }),
    ).rejects.toMatchObject({
      status: 404,
    })
  })
})

/**
 * Deployments as GitHub Actions makes them. A job that names an `environment` creates a deployment
 * of the run's commit to it when the job is created, and moves it through statuses as the job
 * goes: queued, in_progress, then success or failure. A later successful deployment to the same
 * environment marks the earlier successful one inactive. Every status links the job that made it
 * (`log_url` and `target_url`: https://github.com/OWNER/REPO/actions/runs/RUN/job/JOB): the REST
 * API's only link from a deployment back to its workflow run.
 */
import type { IdAllocator, JobModel, RepoModel } from './model.js'

export type DeploymentState = 'queued' | 'in_progress' | 'success' | 'failure' | 'inactive'

export interface DeploymentStatusModel {
  id: number
  state: DeploymentState
  at: number
}

export interface DeploymentModel {
  id: number
  environment: string
  job: JobModel
  createdAt: number
  /** Oldest first; a status exists once the clock has reached its `at`. */
  statuses: DeploymentStatusModel[]
}

/** The repository's deployments, from its runs' jobs; ids count up in creation order, as GitHub's do. */
export function buildDeployments(repo: RepoModel, ids: IdAllocator, path: string): DeploymentModel[] {
  const jobs = repo.runs
    .flatMap((r) => r.attempts.flatMap((a) => a.jobs))
    .filter((j) => j.environment !== undefined && j.conclusion !== 'skipped')
    .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
  const pending = new Map<DeploymentModel, Array<Omit<DeploymentStatusModel, 'id'>>>()
  const deployments = jobs.map((job) => {
    const d: DeploymentModel = {
      id: ids.take('deployment', undefined, path),
      environment: job.environment!,
      job,
      createdAt: job.createdAt,
      statuses: [],
    }
    pending.set(d, [
      { state: 'queued', at: job.createdAt },
      { state: 'in_progress', at: job.startAt },
      { state: job.conclusion === 'success' ? 'success' : 'failure', at: job.endAt },
    ])
    return d
  })
  // A success leaves the environment's previous success inactive.
  const lastSuccess = new Map<string, DeploymentModel>()
  for (const d of [...deployments]
    .filter((d) => d.job.conclusion === 'success')
    .sort((a, b) => a.job.endAt - b.job.endAt)) {
    const previous = lastSuccess.get(d.environment)
    if (previous) pending.get(previous)!.push({ state: 'inactive', at: d.job.endAt })
    lastSuccess.set(d.environment, d)
  }
  const all = [...pending.entries()]
    .flatMap(([d, statuses]) => statuses.map((s) => ({ d, s })))
    .sort((a, b) => a.s.at - b.s.at || a.d.id - b.d.id)
  for (const { d, s } of all) d.statuses.push({ ...s, id: ids.take('deploymentStatus', undefined, path) })
  return deployments
}

/** The statuses that exist at `now`, newest first (as GitHub lists them). */
export const visibleStatuses = (d: DeploymentModel, now: number) =>
  d.statuses.filter((s) => s.at <= now).reverse()

/** Deployments that exist at `now` matching the list filters, newest first. */
export function listDeployments(repo: RepoModel, now: number, query: URLSearchParams): DeploymentModel[] {
  const wanted = (name: string) => {
    const v = query.get(name)
    return v === null || v === '' || v === 'none' ? undefined : v
  }
  const sha = wanted('sha')
  const ref = wanted('ref')
  const task = wanted('task')
  const environment = wanted('environment')
  return repo.deployments
    .filter(
      (d) =>
        d.createdAt <= now &&
        (sha === undefined || d.job.run.headSha === sha) &&
        (ref === undefined || d.job.run.branch === ref) &&
        (task === undefined || task === 'deploy') &&
        (environment === undefined || d.environment === environment),
    )
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
}

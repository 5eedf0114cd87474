/**
 * `environment`: the runs with a job that deployed to it. GitHub makes a deployment for every job
 * that names an environment; the REST API links that deployment back to its run only through its
 * statuses, whose `log_url` (and `target_url`) is the job's page: …/actions/runs/RUN/job/JOB.
 * Deployments made any other way carry no such link and are passed over.
 */
import type { Call, GitHubApi } from './client.js'
import { type Deployment, type DeploymentStatus, ROUTES } from './github-types.js'
import type { RepoRef } from './run-reader.js'

const JOB_PAGE = /\/actions\/runs\/(\d+)\/job\/\d+(?:[/?#]|$)/

/** How many of the newest deployments a follow looks at on each poll. */
const POLLED_DEPLOYMENTS = 10

export class EnvironmentRuns {
  /** Deployment id → the run that made it (null: not made by a workflow job). Never changes. */
  private readonly runOf = new Map<number, number | null>()

  constructor(
    private readonly api: GitHubApi,
    private readonly ref: RepoRef,
    readonly environment: string,
  ) {}

  /** The run ids of the environment's deployments created at or after `since`, newest first, at most `max` deployments. */
  async runIds(call: Call, opts: { since?: Date; max: number }): Promise<number[]> {
    // Second precision, as GitHub writes times (and matches `created` ranges).
    const from = opts.since ? Math.floor(opts.since.getTime() / 1000) * 1000 : Number.NEGATIVE_INFINITY
    // Listed newest first, and a run's deployment comes after the run: stop at the first older one.
    const deployments = await this.api.list<Deployment>(
      ROUTES.deployments,
      { ...this.ref, environment: this.environment },
      call,
      opts.max,
      (d) => Date.parse(d.created_at) < from,
    )
    return this.resolve(deployments, call)
  }

  /** The runs behind the newest deployments: one conditional request while nothing changes. */
  async recent(call: Call): Promise<Set<number>> {
    const answer = await this.api.get<Deployment[]>(
      ROUTES.deployments,
      { ...this.ref, environment: this.environment, per_page: POLLED_DEPLOYMENTS },
      call,
    )
    return new Set(await this.resolve(answer.data, call))
  }

  private async resolve(deployments: Deployment[], call: Call): Promise<number[]> {
    const runs: number[] = []
    for (const d of deployments) {
      let run = this.runOf.get(d.id)
      if (run === undefined) {
        const statuses = await this.api.list<DeploymentStatus>(
          ROUTES.deploymentStatuses,
          { ...this.ref, deployment_id: d.id },
          call,
          100,
        )
        const link = statuses.map((s) => JOB_PAGE.exec(s.log_url || s.target_url || '')).find(Boolean)
        run = link ? Number(link[1]) : null
        // A deployment that has no status yet may get its link in a moment: ask again next time.
        if (statuses.length > 0) this.runOf.set(d.id, run)
      }
      if (run !== null && !runs.includes(run)) runs.push(run)
    }
    return runs
  }
}

/** The seeded repositories and the lookups the routes need (names are case-insensitive, as on GitHub). */
import type { DeploymentModel } from './deployments.js'
import {
  buildRepo,
  type IdAllocator,
  type JobModel,
  newIdAllocator,
  type RepoModel,
  type RunModel,
  type WorkflowModel,
} from './model.js'
import { type GitHubSeed, parseGitHubSeed } from './seed.js'

const repoKey = (owner: string, name: string) => `${owner.toLowerCase()}/${name.toLowerCase()}`

export class GitHubStore {
  private repos = new Map<string, RepoModel>()
  private ids: IdAllocator = newIdAllocator()
  /** Tokens a seed restricted access to; undefined accepts every token. */
  acceptedTokens: Set<string> | undefined

  /** Adds the seed's repositories; a repository seeded again replaces the earlier one. */
  seed(input: GitHubSeed): void {
    const seed = parseGitHubSeed(input)
    // Build into copies and swap them in at the end: a seed that fails leaves the state as it was.
    const ids = this.ids.clone()
    const repos = new Map(this.repos)
    for (const [i, r] of seed.repos.entries()) {
      const key = repoKey(r.owner, r.name)
      const previous = repos.get(key)
      if (previous) forget(ids, previous)
      repos.set(key, buildRepo(r, ids, `github.repos[${i}]`))
    }
    this.ids = ids
    this.repos = repos
    if (seed.tokens) this.acceptedTokens = new Set([...(this.acceptedTokens ?? []), ...seed.tokens])
  }

  reset(): void {
    this.repos = new Map()
    this.ids = newIdAllocator()
    this.acceptedTokens = undefined
  }

  repo(owner: string, name: string): RepoModel | undefined {
    return this.repos.get(repoKey(owner, name))
  }

  /** By numeric id or by file name (`deploy.yml`), as the workflow_id path parameter allows. */
  workflow(repo: RepoModel, idOrFile: string): WorkflowModel | undefined {
    if (/^\d+$/.test(idOrFile)) return repo.workflows.find((w) => w.id === Number(idOrFile))
    return repo.workflows.find((w) => w.path.split('/').pop() === idOrFile || w.path === idOrFile)
  }

  run(repo: RepoModel, id: string): RunModel | undefined {
    return /^\d+$/.test(id) ? repo.runs.find((r) => r.id === Number(id)) : undefined
  }

  deployment(repo: RepoModel, id: string): DeploymentModel | undefined {
    return /^\d+$/.test(id) ? repo.deployments.find((d) => d.id === Number(id)) : undefined
  }

  job(repo: RepoModel, id: string): JobModel | undefined {
    if (!/^\d+$/.test(id)) return undefined
    const wanted = Number(id)
    for (const run of repo.runs) {
      for (const attempt of run.attempts) {
        const job = attempt.jobs.find((j) => j.id === wanted)
        if (job) return job
      }
    }
    return undefined
  }
}

function forget(ids: IdAllocator, repo: RepoModel): void {
  ids.release('repo', repo.id)
  for (const w of repo.workflows) ids.release('workflow', w.id)
  for (const run of repo.runs) {
    ids.release('run', run.id)
    for (const a of run.attempts) for (const j of a.jobs) ids.release('job', j.id)
  }
  for (const d of repo.deployments) {
    ids.release('deployment', d.id)
    for (const s of d.statuses) ids.release('deploymentStatus', s.id)
  }
}

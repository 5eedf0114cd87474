/**
 * The GitHub REST routes the emulator answers. Each route has the operation name octokit gives
 * it (used for stats and fault targeting) and the documentation anchor GitHub puts in errors.
 */
import { blobPath } from './blobs.js'
import { listDeployments } from './deployments.js'
import type { RepoModel } from './model.js'
import { paginate, runFilter, ValidationFailed } from './query.js'
import { deploymentJson, deploymentStatusesJson, jobJson, repoJson, runJson, workflowJson } from './shapes.js'
import type { UrlSigner } from './signing.js'
import { isJobVisible, isRunVisible, jobState, runState, visibleJobs } from './state.js'
import type { GitHubStore } from './store.js'

export interface Reply {
  status: number
  headers?: Record<string, string>
  json?: unknown
}

export interface RouteContext {
  store: GitHubStore
  now: number
  /** The API root as the client reached it, e.g. `http://127.0.0.1:4566/github`. */
  apiBase: string
  pathname: string
  query: URLSearchParams
  params: Record<string, string>
  anonymous: boolean
  signer: UrlSigner
  logsOrigin: string
  docUrl: string
}

interface Route {
  operation: string
  template: string
  doc: string
  /** Answers a client polls while a run goes on: they carry `x-poll-interval` when one is set. */
  polled?: boolean
  handler: (ctx: RouteContext) => Reply
}

const DOCS = 'https://docs.github.com/rest'

export function errorReply(
  status: number,
  message: string,
  docUrl: string,
  extra: Record<string, unknown> = {},
): Reply {
  return { status, json: { message, ...extra, documentation_url: docUrl, status: String(status) } }
}

const notFound = (ctx: RouteContext) => errorReply(404, 'Not Found', ctx.docUrl)

/** Anonymous callers cannot see private repositories: GitHub answers 404, not 403. */
function repoOf(ctx: RouteContext): RepoModel | undefined {
  const repo = ctx.store.repo(ctx.params.owner!, ctx.params.repo!)
  if (!repo || (repo.private && ctx.anonymous)) return undefined
  return repo
}

function listRuns(ctx: RouteContext, repo: RepoModel, workflowId?: number): Reply {
  const keep = runFilter(ctx.query, ctx.now)
  const runs = repo.runs.filter(
    (r) => isRunVisible(r, ctx.now) && (workflowId === undefined || r.workflow.id === workflowId) && keep(r),
  )
  const page = paginate(runs, ctx.query, `${ctx.apiBase}${ctx.pathname}`)
  return {
    status: 200,
    headers: page.link ? { link: page.link } : {},
    json: { total_count: page.total, workflow_runs: page.items.map((r) => runJson(ctx.apiBase, r, ctx.now)) },
  }
}

function findRun(ctx: RouteContext) {
  const repo = repoOf(ctx)
  const run = repo && ctx.store.run(repo, ctx.params.run_id!)
  return run && isRunVisible(run, ctx.now) ? run : undefined
}

function findAttempt(ctx: RouteContext) {
  const run = findRun(ctx)
  const number = Number(ctx.params.attempt_number)
  const attempt = run?.attempts.find((a) => a.number === number)
  return run && attempt && attempt.startAt <= ctx.now ? { run, attempt } : undefined
}

function findJob(ctx: RouteContext) {
  const repo = repoOf(ctx)
  const job = repo && ctx.store.job(repo, ctx.params.job_id!)
  return job && isJobVisible(job, ctx.now) ? job : undefined
}

function listJobs(ctx: RouteContext, attemptNumber?: number): Reply {
  const run = findRun(ctx)
  if (!run) return notFound(ctx)
  const filter = ctx.query.get('filter') ?? 'latest'
  if (filter !== 'latest' && filter !== 'all') {
    throw new ValidationFailed('filter', `filter: "${filter}" is not one of "latest", "all".`)
  }
  const jobs = visibleJobs(run, ctx.now, filter, attemptNumber)
  const page = paginate(jobs, ctx.query, `${ctx.apiBase}${ctx.pathname}`)
  return {
    status: 200,
    headers: page.link ? { link: page.link } : {},
    json: { total_count: page.total, jobs: page.items.map((j) => jobJson(ctx.apiBase, j, ctx.now)) },
  }
}

const redirectTo = (ctx: RouteContext, path: string, contentType: string): Reply => ({
  status: 302,
  headers: { location: `${ctx.logsOrigin}${path}?${ctx.signer.sign(path, contentType)}` },
})

function runLogs(ctx: RouteContext, attemptNumber?: number): Reply {
  const run = findRun(ctx)
  if (!run) return notFound(ctx)
  const state = runState(run, ctx.now, attemptNumber)
  if (attemptNumber !== undefined && state.attempt.number !== attemptNumber) return notFound(ctx)
  // Logs are archived once the attempt has finished; before that GitHub has nothing to serve.
  if (state.status !== 'completed') return notFound(ctx)
  const path = blobPath({
    kind: 'run',
    owner: run.repo.owner,
    repo: run.repo.name,
    id: run.id,
    attempt: state.attempt.number,
  })
  return redirectTo(ctx, path, 'application/zip')
}

const REPO = '/repos/{owner}/{repo}'

function findDeployment(ctx: RouteContext) {
  const repo = repoOf(ctx)
  const d = repo && ctx.store.deployment(repo, ctx.params.deployment_id!)
  return d && d.createdAt <= ctx.now ? d : undefined
}

export const ROUTES: Route[] = [
  {
    operation: 'getRepo',
    template: REPO,
    doc: 'repos/repos#get-a-repository',
    handler: (ctx) => {
      const repo = repoOf(ctx)
      return repo ? { status: 200, json: repoJson(ctx.apiBase, repo) } : notFound(ctx)
    },
  },
  {
    operation: 'listRepoWorkflows',
    template: `${REPO}/actions/workflows`,
    doc: 'actions/workflows#list-repository-workflows',
    handler: (ctx) => {
      const repo = repoOf(ctx)
      if (!repo) return notFound(ctx)
      const page = paginate(repo.workflows, ctx.query, `${ctx.apiBase}${ctx.pathname}`)
      return {
        status: 200,
        headers: page.link ? { link: page.link } : {},
        json: { total_count: page.total, workflows: page.items.map((w) => workflowJson(ctx.apiBase, w)) },
      }
    },
  },
  {
    operation: 'getWorkflow',
    template: `${REPO}/actions/workflows/{workflow_id}`,
    doc: 'actions/workflows#get-a-workflow',
    handler: (ctx) => {
      const repo = repoOf(ctx)
      const workflow = repo && ctx.store.workflow(repo, ctx.params.workflow_id!)
      return workflow ? { status: 200, json: workflowJson(ctx.apiBase, workflow) } : notFound(ctx)
    },
  },
  {
    operation: 'listWorkflowRuns',
    polled: true,
    template: `${REPO}/actions/workflows/{workflow_id}/runs`,
    doc: 'actions/workflow-runs#list-workflow-runs-for-a-workflow',
    handler: (ctx) => {
      const repo = repoOf(ctx)
      const workflow = repo && ctx.store.workflow(repo, ctx.params.workflow_id!)
      return repo && workflow ? listRuns(ctx, repo, workflow.id) : notFound(ctx)
    },
  },
  {
    operation: 'listWorkflowRunsForRepo',
    polled: true,
    template: `${REPO}/actions/runs`,
    doc: 'actions/workflow-runs#list-workflow-runs-for-a-repository',
    handler: (ctx) => {
      const repo = repoOf(ctx)
      return repo ? listRuns(ctx, repo) : notFound(ctx)
    },
  },
  {
    operation: 'getWorkflowRun',
    polled: true,
    template: `${REPO}/actions/runs/{run_id}`,
    doc: 'actions/workflow-runs#get-a-workflow-run',
    handler: (ctx) => {
      const run = findRun(ctx)
      return run ? { status: 200, json: runJson(ctx.apiBase, run, ctx.now) } : notFound(ctx)
    },
  },
  {
    operation: 'getWorkflowRunAttempt',
    polled: true,
    template: `${REPO}/actions/runs/{run_id}/attempts/{attempt_number}`,
    doc: 'actions/workflow-runs#get-a-workflow-run-attempt',
    handler: (ctx) => {
      const found = findAttempt(ctx)
      return found
        ? { status: 200, json: runJson(ctx.apiBase, found.run, ctx.now, found.attempt.number) }
        : notFound(ctx)
    },
  },
  {
    operation: 'listJobsForWorkflowRun',
    polled: true,
    template: `${REPO}/actions/runs/{run_id}/jobs`,
    doc: 'actions/workflow-jobs#list-jobs-for-a-workflow-run',
    handler: (ctx) => listJobs(ctx),
  },
  {
    operation: 'listJobsForWorkflowRunAttempt',
    polled: true,
    template: `${REPO}/actions/runs/{run_id}/attempts/{attempt_number}/jobs`,
    doc: 'actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt',
    handler: (ctx) => (findAttempt(ctx) ? listJobs(ctx, Number(ctx.params.attempt_number)) : notFound(ctx)),
  },
  {
    operation: 'downloadWorkflowRunLogs',
    template: `${REPO}/actions/runs/{run_id}/logs`,
    doc: 'actions/workflow-runs#download-workflow-run-logs',
    handler: (ctx) => runLogs(ctx),
  },
  {
    operation: 'downloadWorkflowRunAttemptLogs',
    template: `${REPO}/actions/runs/{run_id}/attempts/{attempt_number}/logs`,
    doc: 'actions/workflow-runs#download-workflow-run-attempt-logs',
    handler: (ctx) => (findAttempt(ctx) ? runLogs(ctx, Number(ctx.params.attempt_number)) : notFound(ctx)),
  },
  {
    operation: 'getJobForWorkflowRun',
    polled: true,
    template: `${REPO}/actions/jobs/{job_id}`,
    doc: 'actions/workflow-jobs#get-a-job-for-a-workflow-run',
    handler: (ctx) => {
      const job = findJob(ctx)
      return job ? { status: 200, json: jobJson(ctx.apiBase, job, ctx.now) } : notFound(ctx)
    },
  },
  {
    operation: 'downloadJobLogsForWorkflowRun',
    template: `${REPO}/actions/jobs/{job_id}/logs`,
    doc: 'actions/workflow-jobs#download-job-logs-for-a-workflow-run',
    handler: (ctx) => {
      const job = findJob(ctx)
      // A queued or skipped job has no log; a running one redirects, and the storage answers with
      // what has been written so far or BlobNotFound (see the runningJobLogs fault).
      if (!job || jobState(job, ctx.now).status === 'queued' || job.conclusion === 'skipped')
        return notFound(ctx)
      const run = job.run
      const path = blobPath({ kind: 'job', owner: run.repo.owner, repo: run.repo.name, id: job.id })
      return redirectTo(ctx, path, 'text/plain')
    },
  },
  {
    operation: 'listDeployments',
    template: `${REPO}/deployments`,
    doc: 'deployments/deployments#list-deployments',
    handler: (ctx) => {
      const repo = repoOf(ctx)
      if (!repo) return notFound(ctx)
      const page = paginate(
        listDeployments(repo, ctx.now, ctx.query),
        ctx.query,
        `${ctx.apiBase}${ctx.pathname}`,
      )
      return {
        status: 200,
        headers: page.link ? { link: page.link } : {},
        json: page.items.map((d) => deploymentJson(ctx.apiBase, d, ctx.now)),
      }
    },
  },
  {
    operation: 'getDeployment',
    template: `${REPO}/deployments/{deployment_id}`,
    doc: 'deployments/deployments#get-a-deployment',
    handler: (ctx) => {
      const d = findDeployment(ctx)
      return d ? { status: 200, json: deploymentJson(ctx.apiBase, d, ctx.now) } : notFound(ctx)
    },
  },
  {
    operation: 'listDeploymentStatuses',
    template: `${REPO}/deployments/{deployment_id}/statuses`,
    doc: 'deployments/statuses#list-deployment-statuses',
    handler: (ctx) => {
      const d = findDeployment(ctx)
      if (!d) return notFound(ctx)
      const page = paginate(
        deploymentStatusesJson(ctx.apiBase, d, ctx.now),
        ctx.query,
        `${ctx.apiBase}${ctx.pathname}`,
      )
      return { status: 200, headers: page.link ? { link: page.link } : {}, json: page.items }
    },
  },
]

/** `/repos/{owner}/{repo}` → a regular expression with one named group per parameter. */
function compile(template: string): RegExp {
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')
  return new RegExp(`^${source}/?$`)
}

const COMPILED = ROUTES.map((route) => ({ route, pattern: compile(route.template) }))

export const RATE_LIMIT_OPERATION = 'getRateLimit'

export function matchRoute(pathname: string): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, pattern } of COMPILED) {
    const m = pattern.exec(pathname)
    if (!m) continue
    const params: Record<string, string> = {}
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v)
    return { route, params }
  }
  return undefined
}

export const docUrlFor = (route: Route | undefined) => (route ? `${DOCS}/${route.doc}` : DOCS)

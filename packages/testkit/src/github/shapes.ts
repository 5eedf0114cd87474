/**
 * JSON bodies shaped as the GitHub REST API returns them (workflow, workflow run, job, repository).
 * URLs point back at the emulator (`apiBase`), HTML URLs at github.com as the real API does.
 */
import type { DeploymentModel } from './deployments.js'
import { visibleStatuses } from './deployments.js'
import type { JobModel, RepoModel, RunModel, WorkflowModel } from './model.js'
import { jobState, runState, stepState } from './state.js'

const HTML = 'https://github.com'

/** GitHub writes run and job times without fractions: `2026-11-27T10:00:01Z`. */
export const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`
/** Step times carry a zero millisecond part: `2026-11-27T10:00:01.000Z`. */
const isoStep = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}.000Z`

const nodeId = (prefix: string, id: number) =>
  `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`

export function userJson(apiBase: string, login: string) {
  let id = 0
  for (const c of login) id = (id * 31 + c.charCodeAt(0)) % 90_000_000
  id += 1_000_000
  // A bot's login (`github-actions[bot]`) is escaped in URLs, as GitHub writes it.
  const path = encodeURIComponent(login)
  return {
    login,
    id,
    node_id: nodeId('U', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: `${apiBase}/users/${path}`,
    html_url: `${HTML}/${path}`,
    followers_url: `${apiBase}/users/${path}/followers`,
    following_url: `${apiBase}/users/${path}/following{/other_user}`,
    gists_url: `${apiBase}/users/${path}/gists{/gist_id}`,
    starred_url: `${apiBase}/users/${path}/starred{/owner}{/repo}`,
    subscriptions_url: `${apiBase}/users/${path}/subscriptions`,
    organizations_url: `${apiBase}/users/${path}/orgs`,
    repos_url: `${apiBase}/users/${path}/repos`,
    events_url: `${apiBase}/users/${path}/events{/privacy}`,
    received_events_url: `${apiBase}/users/${path}/received_events`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
  }
}

export function repoJson(apiBase: string, repo: RepoModel) {
  const full = `${repo.owner}/${repo.name}`
  const url = `${apiBase}/repos/${full}`
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: full,
    private: repo.private,
    owner: { ...userJson(apiBase, repo.owner), type: 'Organization' },
    html_url: `${HTML}/${full}`,
    description: null,
    fork: false,
    url,
    default_branch: repo.defaultBranch,
    visibility: repo.private ? 'private' : 'public',
    ...repoUrls(url),
  }
}

/** The URL templates GitHub puts in every repository object (all required by its OpenAPI description). */
function repoUrls(url: string): Record<string, string> {
  const templates: Record<string, string> = {
    archive_url: '/{archive_format}{/ref}',
    assignees_url: '/assignees{/user}',
    blobs_url: '/git/blobs{/sha}',
    branches_url: '/branches{/branch}',
    collaborators_url: '/collaborators{/collaborator}',
    comments_url: '/comments{/number}',
    commits_url: '/commits{/sha}',
    compare_url: '/compare/{base}...{head}',
    contents_url: '/contents/{+path}',
    contributors_url: '/contributors',
    deployments_url: '/deployments',
    downloads_url: '/downloads',
    events_url: '/events',
    forks_url: '/forks',
    git_commits_url: '/git/commits{/sha}',
    git_refs_url: '/git/refs{/sha}',
    git_tags_url: '/git/tags{/sha}',
    hooks_url: '/hooks',
    issue_comment_url: '/issues/comments{/number}',
    issue_events_url: '/issues/events{/number}',
    issues_url: '/issues{/number}',
    keys_url: '/keys{/key_id}',
    labels_url: '/labels{/name}',
    languages_url: '/languages',
    merges_url: '/merges',
    milestones_url: '/milestones{/number}',
    notifications_url: '/notifications{?since,all,participating}',
    pulls_url: '/pulls{/number}',
    releases_url: '/releases{/id}',
    stargazers_url: '/stargazers',
    statuses_url: '/statuses/{sha}',
    subscribers_url: '/subscribers',
    subscription_url: '/subscription',
    tags_url: '/tags',
    teams_url: '/teams',
    trees_url: '/git/trees{/sha}',
  }
  return Object.fromEntries(Object.entries(templates).map(([k, v]) => [k, `${url}${v}`]))
}

export function workflowJson(apiBase: string, workflow: WorkflowModel) {
  const full = `${workflow.repo.owner}/${workflow.repo.name}`
  return {
    id: workflow.id,
    node_id: nodeId('W', workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: 'active',
    created_at: isoSeconds(workflow.createdAt),
    updated_at: isoSeconds(workflow.createdAt),
    url: `${apiBase}/repos/${full}/actions/workflows/${workflow.id}`,
    html_url: `${HTML}/${full}/blob/${workflow.repo.defaultBranch}/${workflow.path}`,
    badge_url: `${HTML}/${full}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  }
}

export function runJson(apiBase: string, run: RunModel, now: number, attemptNumber?: number) {
  const state = runState(run, now, attemptNumber)
  const full = `${run.repo.owner}/${run.repo.name}`
  const url = `${apiBase}/repos/${full}/actions/runs/${run.id}`
  const actor = userJson(apiBase, run.actor)
  const attempt = state.attempt.number
  return {
    id: run.id,
    name: run.workflow.name,
    node_id: nodeId('WFR', run.id),
    head_branch: run.branch,
    head_sha: run.headSha,
    path: run.workflow.path,
    display_title: run.title,
    run_number: run.runNumber,
    event: run.event,
    status: state.status,
    conclusion: state.conclusion,
    workflow_id: run.workflow.id,
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: nodeId('CS', run.checkSuiteId),
    url,
    html_url: `${HTML}/${full}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: isoSeconds(run.createdAt),
    updated_at: isoSeconds(state.updatedAt),
    actor,
    run_attempt: attempt,
    referenced_workflows: [],
    run_started_at: isoSeconds(state.runStartedAt),
    triggering_actor: actor,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${apiBase}/repos/${full}/check-suites/${run.checkSuiteId}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: attempt > 1 ? `${url}/attempts/${attempt - 1}` : null,
    workflow_url: `${apiBase}/repos/${full}/actions/workflows/${run.workflow.id}`,
    head_commit: {
      id: run.headSha,
      tree_id: run.headSha.split('').reverse().join(''),
      message: run.title,
      timestamp: isoSeconds(run.createdAt - 30_000),
      author: { name: run.actor, email: `${run.actor}@users.noreply.github.com` },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
    },
    repository: repoJson(apiBase, run.repo),
    head_repository: repoJson(apiBase, run.repo),
  }
}

export function jobJson(apiBase: string, job: JobModel, now: number) {
  const run = job.run
  const full = `${run.repo.owner}/${run.repo.name}`
  const state = jobState(job, now)
  // A queued job has no steps yet; once it runs, every step is listed with its own status.
  const steps =
    state.status === 'queued'
      ? []
      : job.steps.map((s) => {
          const st = stepState(s, now)
          return {
            name: s.name,
            status: st.status,
            conclusion: st.conclusion,
            number: s.number,
            started_at: st.startedAt === null ? null : isoStep(st.startedAt),
            completed_at: st.completedAt === null ? null : isoStep(st.completedAt),
          }
        })
  return {
    id: job.id,
    run_id: run.id,
    workflow_name: run.workflow.name,
    head_branch: run.branch,
    run_url: `${apiBase}/repos/${full}/actions/runs/${run.id}`,
    run_attempt: job.attempt,
    node_id: nodeId('CR', job.id),
    head_sha: run.headSha,
    url: `${apiBase}/repos/${full}/actions/jobs/${job.id}`,
    html_url: `${HTML}/${full}/actions/runs/${run.id}/job/${job.id}`,
    status: state.status,
    conclusion: state.conclusion,
    created_at: isoSeconds(job.createdAt),
    started_at: isoSeconds(state.startedAt),
    completed_at: state.completedAt === null ? null : isoSeconds(state.completedAt),
    name: job.name,
    steps,
    check_run_url: `${apiBase}/repos/${full}/check-runs/${job.id}`,
    labels: job.labels,
    runner_id: state.hasRunner ? job.runnerId : null,
    runner_name: state.hasRunner ? job.runnerName : null,
    runner_group_id: state.hasRunner ? 2 : null,
    runner_group_name: state.hasRunner ? 'GitHub Actions' : null,
  }
}

/** github-actions[bot], who creates the deployments of workflow jobs. */
function actionsBotJson(apiBase: string) {
  const id = 41_898_282
  return {
    ...userJson(apiBase, 'github-actions[bot]'),
    id,
    node_id: nodeId('BOT', id),
    avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
    html_url: `${HTML}/apps/github-actions`,
    type: 'Bot',
  }
}

/** The GitHub Actions app, through which those deployments are made. */
function actionsAppJson(apiBase: string) {
  return {
    id: 15_368,
    slug: 'github-actions',
    node_id: nodeId('A', 15_368),
    owner: { ...userJson(apiBase, 'github'), type: 'Organization' },
    name: 'GitHub Actions',
    description: 'Workflows that build, test and deploy repositories.',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${HTML}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { actions: 'write', contents: 'write', deployments: 'write', metadata: 'read' },
    events: [],
  }
}

const deploymentUrl = (apiBase: string, d: DeploymentModel) => {
  const run = d.job.run
  return `${apiBase}/repos/${run.repo.owner}/${run.repo.name}/deployments/${d.id}`
}

export function deploymentJson(apiBase: string, d: DeploymentModel, now: number) {
  const run = d.job.run
  const url = deploymentUrl(apiBase, d)
  const latest = visibleStatuses(d, now)[0]
  return {
    url,
    id: d.id,
    node_id: nodeId('DE', d.id),
    task: 'deploy',
    original_environment: d.environment,
    environment: d.environment,
    description: '',
    created_at: isoSeconds(d.createdAt),
    updated_at: isoSeconds(latest?.at ?? d.createdAt),
    statuses_url: `${url}/statuses`,
    repository_url: `${apiBase}/repos/${run.repo.owner}/${run.repo.name}`,
    creator: actionsBotJson(apiBase),
    sha: run.headSha,
    ref: run.branch,
    payload: {},
    performed_via_github_app: actionsAppJson(apiBase),
  }
}

/** A deployment's statuses, newest first; each links the job that made the deployment. */
export function deploymentStatusesJson(apiBase: string, d: DeploymentModel, now: number) {
  const run = d.job.run
  const url = deploymentUrl(apiBase, d)
  const jobUrl = `${HTML}/${run.repo.owner}/${run.repo.name}/actions/runs/${run.id}/job/${d.job.id}`
  return visibleStatuses(d, now).map((s) => ({
    url: `${url}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DES', s.id),
    state: s.state,
    creator: actionsBotJson(apiBase),
    description: '',
    environment: d.environment,
    target_url: jobUrl,
    created_at: isoSeconds(s.at),
    updated_at: isoSeconds(s.at),
    deployment_url: url,
    repository_url: `${apiBase}/repos/${run.repo.owner}/${run.repo.name}`,
    log_url: jobUrl,
    performed_via_github_app: actionsAppJson(apiBase),
  }))
}

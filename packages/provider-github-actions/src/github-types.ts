/** The fields of GitHub's workflow run, job and workflow objects this provider reads. */
import type { StepTiming } from './steps.js'

export interface WorkflowRun {
  id: number
  name?: string | null
  path?: string
  run_number: number
  run_attempt?: number
  event: string
  head_branch: string | null
  status: string | null
  conclusion: string | null
  created_at: string
  html_url: string
  workflow_id: number
  display_title?: string
  head_sha?: string
}

export interface Job {
  id: number
  run_id: number
  run_attempt?: number
  name: string
  status: string
  conclusion: string | null
  started_at: string
  completed_at: string | null
  html_url: string | null
  steps?: StepTiming[]
}

export interface Deployment {
  id: number
  environment: string
  created_at: string
}

export interface DeploymentStatus {
  state: string
  log_url?: string
  target_url: string
}

export interface Workflow {
  id: number
  name: string
  path: string
  state: string
}

export const REPO = '/repos/{owner}/{repo}'
export const ROUTES = {
  workflows: `GET ${REPO}/actions/workflows`,
  workflowRuns: `GET ${REPO}/actions/workflows/{workflow_id}/runs`,
  repoRuns: `GET ${REPO}/actions/runs`,
  run: `GET ${REPO}/actions/runs/{run_id}`,
  attempt: `GET ${REPO}/actions/runs/{run_id}/attempts/{attempt_number}`,
  attemptJobs: `GET ${REPO}/actions/runs/{run_id}/attempts/{attempt_number}/jobs`,
  jobLogs: `GET ${REPO}/actions/jobs/{job_id}/logs`,
  attemptLogs: `GET ${REPO}/actions/runs/{run_id}/attempts/{attempt_number}/logs`,
  deployments: `GET ${REPO}/deployments`,
  deploymentStatuses: `GET ${REPO}/deployments/{deployment_id}/statuses`,
} as const

/** GitHub's (and octokit's) names of those routes, as read progress and messages name a call. */
export const OPERATIONS: Record<string, string> = {
  [ROUTES.workflows]: 'listRepoWorkflows',
  [ROUTES.workflowRuns]: 'listWorkflowRuns',
  [ROUTES.repoRuns]: 'listWorkflowRunsForRepo',
  [ROUTES.run]: 'getWorkflowRun',
  [ROUTES.attempt]: 'getWorkflowRunAttempt',
  [ROUTES.attemptJobs]: 'listJobsForWorkflowRunAttempt',
  [ROUTES.jobLogs]: 'downloadJobLogsForWorkflowRun',
  [ROUTES.attemptLogs]: 'downloadWorkflowRunAttemptLogs',
  [ROUTES.deployments]: 'listDeployments',
  [ROUTES.deploymentStatuses]: 'listDeploymentStatuses',
}

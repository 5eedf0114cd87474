/**
 * Which runs a read covers: `--run-id` (and `--attempt`), else the runs of the workflow created in
 * the time range, oldest first, up to --limit (else the spec's max_runs), or the most recent run (created by --until) alone when no --since
 * was given. Their lines are then bounded by the range.
 */
import { UsageError } from '@atmos-logs/core/errors'
import type { Call, GitHubApi } from './client.js'
import type { EnvironmentRuns } from './environment.js'
import { ROUTES, type WorkflowRun } from './github-types.js'
import type { RepoRef } from './run-reader.js'
import type { GitHubActionsSpec } from './spec.js'

export interface RunSelection {
  runId?: number
  attempt?: number
  since?: Date
  until?: Date
  /** True when the time range came from --since on the command line (not a default). */
  sinceFromFlag: boolean
  /** The CLI said its `since` is only the default: it picks no runs and bounds no lines. */
  sinceIsDefault: boolean
  /** --limit: at most this many runs (the registration says the limit counts runs). */
  limit?: number
}

export function runSelectionOf(opts: Record<string, unknown>): RunSelection {
  const runId = positive(
    opts.runId,
    '--run-id',
    'a workflow run id such as 12000000001 (the number in the run URL)',
  )
  const attempt = positive(opts.attempt, '--attempt', 'an attempt number such as 2')
  if (attempt !== undefined && runId === undefined) {
    throw new UsageError('--attempt needs --run-id: it picks an attempt of one run.', {
      hint: 'Add --run-id ID (the number in the run URL).',
    })
  }
  return {
    runId,
    attempt,
    since: opts.since instanceof Date ? opts.since : undefined,
    until: opts.until instanceof Date ? opts.until : undefined,
    sinceFromFlag: opts.sinceFromFlag === true,
    sinceIsDefault: opts.sinceFromFlag === false,
    limit: typeof opts.limit === 'number' && opts.limit > 0 ? opts.limit : undefined,
  }
}

/** Whether a line lies in the read's range, both ends inclusive: whole runs are read, their lines are bounded. */
export function inRange(sel: RunSelection): (timestamp: Date) => boolean {
  const from = sel.since && !sel.sinceIsDefault ? sel.since.getTime() : Number.NEGATIVE_INFINITY
  const to = sel.until ? sel.until.getTime() : Number.POSITIVE_INFINITY
  return (t) => t.getTime() >= from && t.getTime() <= to
}

function positive(v: unknown, flag: string, what: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined
  const n = typeof v === 'number' ? v : /^\d+$/.test(String(v).trim()) ? Number(String(v).trim()) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} ${String(v)} is not ${what}.`)
  return n
}

/** The list filters the spec sets: branch and event. */
export function runFilters(spec: GitHubActionsSpec): Record<string, string> {
  const q: Record<string, string> = {}
  if (spec.branch) q.branch = spec.branch
  if (spec.event) q.event = spec.event
  return q
}

/** The workflow's runs (or the repository's when no workflow is set), newest first. */
export function listRuns(
  api: GitHubApi,
  ref: RepoRef,
  spec: GitHubActionsSpec,
  extra: Record<string, string>,
  call: Call,
  max: number,
): Promise<WorkflowRun[]> {
  const params = { ...ref, ...runFilters(spec), ...extra }
  return spec.workflow
    ? api.list<WorkflowRun>(ROUTES.workflowRuns, { ...params, workflow_id: spec.workflow }, call, max)
    : api.list<WorkflowRun>(ROUTES.repoRuns, params, call, max)
}

/** GitHub's `created` range syntax. */
const createdRange = (since?: Date, until?: Date) =>
  `${since ? since.toISOString().replace(/\.\d{3}Z$/, 'Z') : '*'}..${until ? until.toISOString().replace(/\.\d{3}Z$/, 'Z') : '*'}`

/** Whether a run is one the spec's workflow, branch and event filters keep. */
export function matchesSpec(spec: GitHubActionsSpec, run: WorkflowRun): boolean {
  const file = run.path?.split('@')[0]?.split('/').pop()
  return (
    (!spec.workflow || spec.workflow === file || spec.workflow === String(run.workflow_id)) &&
    (!spec.branch || spec.branch === run.head_branch) &&
    (!spec.event || spec.event === run.event)
  )
}

/** How many of an environment's newest deployments are looked through for the latest run. */
const NEWEST_DEPLOYMENTS = 100

/**
 * The newest run of the spec's workflow (created by `until`), or with `environment` the newest
 * such run that deployed there.
 */
export async function newestRun(
  api: GitHubApi,
  ref: RepoRef,
  spec: GitHubActionsSpec,
  env: EnvironmentRuns | undefined,
  call: Call,
  until?: Date,
): Promise<WorkflowRun | undefined> {
  if (!env) {
    const before: Record<string, string> = until ? { created: createdRange(undefined, until) } : {}
    const [newest] = await listRuns(api, ref, spec, before, call, 1)
    return newest
  }
  for (const runId of await env.runIds(call, { max: NEWEST_DEPLOYMENTS })) {
    const run = (await api.get<WorkflowRun>(ROUTES.run, { ...ref, run_id: runId }, call)).data
    if (matchesSpec(spec, run) && (!until || Date.parse(run.created_at) <= until.getTime())) return run
  }
  return undefined
}

/** The runs a view covers, oldest first, each with the attempt to read. */
export async function selectRuns(
  api: GitHubApi,
  ref: RepoRef,
  spec: GitHubActionsSpec,
  sel: RunSelection,
  call: Call,
  env?: EnvironmentRuns,
): Promise<Array<{ run: WorkflowRun; attempt: number }>> {
  if (sel.runId !== undefined) {
    const run = sel.attempt
      ? (
          await api.get<WorkflowRun>(
            ROUTES.attempt,
            { ...ref, run_id: sel.runId, attempt_number: sel.attempt },
            call,
          )
        ).data
      : (await api.get<WorkflowRun>(ROUTES.run, { ...ref, run_id: sel.runId }, call)).data
    return [{ run, attempt: sel.attempt ?? run.run_attempt ?? 1 }]
  }
  if (!sel.sinceFromFlag) {
    const newest = await newestRun(api, ref, spec, env, call, sel.until)
    return newest ? [{ run: newest, attempt: newest.run_attempt ?? 1 }] : []
  }
  // GitHub lists newest first and stops at 1,000 results; the view wants the oldest first.
  let runs = await listRuns(api, ref, spec, { created: createdRange(sel.since, sel.until) }, call, 1000)
  if (env) {
    // A run's deployments are made after the run: those since --since cover every run in the range.
    const deployed = new Set(await env.runIds(call, { since: sel.since, max: 1000 }))
    runs = runs.filter((r) => deployed.has(r.id))
  }
  return runs
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id)
    .slice(0, sel.limit ?? spec.maxRuns)
    .map((run) => ({ run, attempt: run.run_attempt ?? 1 }))
}

/**
 * tail --follow: polls the run and its jobs (conditional requests, which GitHub does not count
 * against the rate limit), prints each job's lines as soon as GitHub serves them — when the job
 * completes at the latest, earlier when the job log endpoint serves a running job's partial log —
 * and never a line twice. When the run completes it says so and waits for the next run.
 */
import type { LogEntry, ProviderEvent } from '@atmos-logs/core/contract'
import { ProviderError } from '@atmos-logs/core/errors'
import type { Clock } from '@atmos-logs/core/runtime'
import { lineId, type RunContext, stepMetadata, toEntry, workflowLabel } from './entries.js'
import type { EnvironmentRuns } from './environment.js'
import { type Job, ROUTES, type WorkflowRun } from './github-types.js'
import { newestOf, type ReadContext, readJobLog, readRuns, selectedJobs, stepKept } from './run-reader.js'
import { newestRun } from './runs.js'
import { type LineSelection, levelKept } from './select.js'
import type { GitHubActionsSpec } from './spec.js'

export interface FollowContext extends ReadContext {
  spec: GitHubActionsSpec
  sel: LineSelection
  clock: Clock
  /** With `environment`: which runs deployed there. */
  env?: EnvironmentRuns
  emit(event: ProviderEvent): void
  /** Backfill: the newest this many lines of what is already there. */
  lines: number
  runId?: number
  /** Stop when the followed run completes: resolve on success, throw on any other conclusion. */
  exitStatus: boolean
}

/** Per job: how many lines were printed, whether it is done, and what its steps looked like. */
interface JobProgress {
  printed: number
  done: boolean
  steps: Map<number, string>
  /** The steps' states when the log endpoint last had nothing for the running job. */
  missingAt?: string
}

const sleepFor = (c: FollowContext, headers: Record<string, unknown>) => {
  const asked = Number(headers['x-poll-interval'])
  const ms = Math.max(c.spec.pollIntervalMs, Number.isFinite(asked) ? asked * 1000 : 0)
  return c.clock.sleep(ms, c.signal)
}

export async function* followRuns(c: FollowContext): AsyncGenerator<LogEntry> {
  const workflow = c.spec.workflow ?? `${c.ref.owner}/${c.ref.repo}`
  const where = `${workflow}${c.spec.branch ? ` on ${c.spec.branch}` : ''}${c.env ? ` that deploys to ${c.env.environment}` : ''}`
  if (c.runId !== undefined) {
    const run = (await c.api.get<WorkflowRun>(ROUTES.run, { ...c.ref, run_id: c.runId }, c)).data
    yield* followRun(c, run, c.lines)
    return
  }
  const handled = new Set<number>()
  let newestSeen = 0
  const first = await newestRun(c.api, c.ref, c.spec, c.env, c)
  if (first) {
    newestSeen = first.id
    if (first.status === 'completed') {
      // Nothing running: show the end of the last run, then wait for the next one.
      const ctx: RunContext = {
        repo: `${c.ref.owner}/${c.ref.repo}`,
        workflow: workflowLabel(first),
        run: first,
        attempt: first.run_attempt ?? 1,
      }
      yield* await newestOf(readRuns(c, [ctx], c.sel), c.lines)
      handled.add(first.id)
    }
  }
  let said = ''
  while (!c.signal.aborted) {
    const answer = await c.api.get<{ workflow_runs: WorkflowRun[] }>(
      c.spec.workflow ? ROUTES.workflowRuns : ROUTES.repoRuns,
      {
        ...c.ref,
        ...(c.spec.workflow ? { workflow_id: c.spec.workflow } : {}),
        ...filters(c.spec),
        per_page: 10,
      },
      c,
    )
    // With an environment, a run counts once its deploying job has begun (GitHub then makes the deployment).
    const deployed = c.env ? await c.env.recent(c) : undefined
    const next = answer.data.workflow_runs
      .filter(
        (r) =>
          !handled.has(r.id) &&
          (r.id >= newestSeen || r.status !== 'completed') &&
          (!deployed || deployed.has(r.id)),
      )
      .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id)[0]
    if (!next) {
      const text = `waiting for the next run of ${where}`
      if (said !== text) c.emit({ type: 'status', message: text })
      said = text
      await sleepFor(c, answer.headers)
      continue
    }
    said = ''
    handled.add(next.id)
    newestSeen = Math.max(newestSeen, next.id)
    // --lines applies to what was there when the command started: a run found later prints whole.
    yield* followRun(c, next, next.id === first?.id ? c.lines : undefined)
    if (c.exitStatus) return
  }
}

const filters = (spec: GitHubActionsSpec) => ({
  ...(spec.branch ? { branch: spec.branch } : {}),
  ...(spec.event ? { event: spec.event } : {}),
})

/** Follows one run to its end; its conclusion goes to stderr (and decides the exit with --exit-status). */
async function* followRun(
  c: FollowContext,
  initial: WorkflowRun,
  backfill: number | undefined,
): AsyncGenerator<LogEntry> {
  let run = initial
  let attempt = run.run_attempt ?? 1
  let progress = new Map<number, JobProgress>()
  let first = true
  c.emit({
    type: 'status',
    message: `following run #${run.run_number} of ${workflowLabel(run)} (${run.status ?? 'queued'})`,
  })
  while (!c.signal.aborted) {
    const runAnswer = await c.api.get<WorkflowRun>(ROUTES.run, { ...c.ref, run_id: run.id }, c)
    run = runAnswer.data
    if ((run.run_attempt ?? 1) !== attempt) {
      // A re-run: a new attempt with new jobs and new line ids.
      attempt = run.run_attempt ?? 1
      progress = new Map()
    }
    const jobsAnswer = await c.api.get<{ jobs: Job[] }>(
      ROUTES.attemptJobs,
      { ...c.ref, run_id: run.id, attempt_number: attempt, per_page: 100 },
      c,
    )
    const ctx: RunContext = {
      repo: `${c.ref.owner}/${c.ref.repo}`,
      workflow: workflowLabel(run),
      run,
      attempt,
    }
    const batch: LogEntry[] = []
    for (const job of selectedJobs(jobsAnswer.data.jobs, c.sel)) {
      const p = progress.get(job.id) ?? { printed: 0, done: false, steps: new Map<number, string>() }
      progress.set(job.id, p)
      reportSteps(c, ctx, job, p)
      if (p.done || job.status === 'queued' || job.status === 'waiting' || job.status === 'pending') continue
      const complete = job.status === 'completed'
      const stepsNow = stepSignature(job)
      if (!complete && p.missingAt === stepsNow) continue // nothing served last time, and nothing moved since
      const labelled = await readJobLog(c, job, complete)
      if (!labelled) {
        p.missingAt = stepsNow
        if (complete) c.logger.debug({ job: job.name }, 'GitHub served no log for a completed job')
        p.done = complete
        continue
      }
      p.missingAt = undefined
      // A later fetch returns more of the same log: only the lines past those already printed are new.
      const settled = complete ? labelled.length : settledLines(labelled)
      for (const { line, step } of labelled.slice(p.printed, settled)) {
        if (!stepKept(step, c.sel)) continue
        const entry = toEntry(ctx, job, step, line)
        if (levelKept(entry, c.sel)) batch.push(entry)
      }
      p.printed = Math.max(p.printed, settled)
      p.done = complete
    }
    batch.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())
    yield* first && backfill !== undefined ? batch.slice(Math.max(0, batch.length - backfill)) : batch
    first = false
    const allDone = [...progress.values()].every((p) => p.done)
    if (run.status === 'completed' && allDone) {
      const conclusion = run.conclusion ?? 'unknown'
      const message = `Run #${run.run_number} of ${workflowLabel(run)}${run.head_branch ? ` on ${run.head_branch}` : ''} ${conclusion === 'success' ? 'succeeded' : `concluded ${conclusion}`}: ${run.html_url}`
      if (c.exitStatus && conclusion !== 'success') {
        throw new ProviderError(message, {
          hint: `To see only what failed: atmos logs view --source SOURCE --run-id ${run.id} --failed`,
        })
      }
      c.emit({ type: 'notice', message })
      return
    }
    await sleepFor(c, runAnswer.headers)
  }
}

/**
 * How many lines of a running job's log can be printed with their step known. The jobs answer
 * may be older than the log: a step that has begun since still shows as queued, and its lines
 * would go to the step before. A second `##[group]Run` header inside a step that is still running
 * is such a step beginning, as is a line after every step the answer knows; from there on the
 * lines wait for a newer jobs answer.
 */
function settledLines(
  labelled: Array<{ line: { text: string }; step: { number: number; status: string } | undefined }>,
): number {
  const seen = new Set<number>()
  for (let i = 0; i < labelled.length; i++) {
    const { line, step } = labelled[i]!
    if (!step) return i
    if (step.status !== 'completed' && seen.has(step.number) && line.text.startsWith('##[group]Run '))
      return i
    seen.add(step.number)
  }
  return labelled.length
}

const stepSignature = (job: Job) => (job.steps ?? []).map((s) => `${s.number}:${s.status}`).join(',')

/** Step starts and conclusions, once each. */
function reportSteps(c: FollowContext, ctx: RunContext, job: Job, p: JobProgress): void {
  for (const step of job.steps ?? []) {
    const state = `${step.status}:${step.conclusion ?? ''}`
    if (p.steps.get(step.number) === state) continue
    p.steps.set(step.number, state)
    if (step.status === 'queued' || step.status === 'pending' || step.status === 'waiting') continue
    if (step.conclusion === 'skipped') continue
    const done = step.status === 'completed'
    const at = (done ? step.completed_at : step.started_at) ?? null
    c.emit({
      type: 'step',
      timestamp: at ? new Date(at) : new Date(c.clock.now()),
      message: done ? `${job.name} › ${step.name}: ${step.conclusion}` : `${job.name} › ${step.name} started`,
      metadata: {
        ...stepMetadata(ctx, job, step),
        status: step.status,
        conclusion: step.conclusion,
        id: `${lineId(ctx.run.id, ctx.attempt, job.id, 0)}:step:${step.number}:${step.status}`,
      },
    })
  }
}

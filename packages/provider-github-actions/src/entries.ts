import type { LogEntry } from '@atmos-logs/core/contract'
import type { Job, WorkflowRun } from './github-types.js'
import type { LogLine } from './log-lines.js'
import type { StepTiming } from './steps.js'

export interface RunContext {
  repo: string
  /** The workflow's file name (`deploy.yml`), else its name. */
  workflow: string
  run: WorkflowRun
  attempt: number
}

/** `run:attempt:job:line`: the same line has the same id however it was fetched (zip, job log, follow). */
export const lineId = (run: number, attempt: number, job: number, line: number) =>
  `${run}:${attempt}:${job}:${line}`

/** Where in a run something happened: the metadata of lines and of step events. */
export function stepMetadata(
  ctx: RunContext,
  job: Job,
  step: StepTiming | undefined,
): Record<string, unknown> {
  return {
    repo: ctx.repo,
    workflow: ctx.workflow,
    runId: ctx.run.id,
    runNumber: ctx.run.run_number,
    attempt: ctx.attempt,
    job: job.name,
    jobId: job.id,
    step: step?.name ?? null,
    stepNumber: step?.number ?? null,
  }
}

export function toEntry(ctx: RunContext, job: Job, step: StepTiming | undefined, line: LogLine): LogEntry {
  const metadata: Record<string, unknown> = {
    ...stepMetadata(ctx, job, step),
    conclusion: ctx.run.conclusion,
    htmlUrl: ctx.run.html_url,
    group: line.group ?? null,
  }
  return {
    timestamp: new Date(line.time),
    message: line.text,
    id: lineId(ctx.run.id, ctx.attempt, job.id, line.number),
    level: line.level,
    metadata,
  }
}

export const workflowLabel = (run: WorkflowRun) =>
  run.path?.split('@')[0]?.split('/').pop() || run.name || String(run.workflow_id)

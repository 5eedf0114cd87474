/** Reads the status of runs, jobs and steps off the timeline at a given instant. */
import type { AttemptModel, Conclusion, JobModel, RunModel, StepModel } from './model.js'

export type Status = 'queued' | 'in_progress' | 'completed'

export interface StepState {
  status: Status
  conclusion: Conclusion | null
  startedAt: number | null
  completedAt: number | null
}

export interface JobState {
  status: Status
  conclusion: Conclusion | null
  startedAt: number
  completedAt: number | null
  /** A runner is assigned once the job starts. */
  hasRunner: boolean
}

export interface RunState {
  attempt: AttemptModel
  status: Status
  conclusion: 'success' | 'failure' | 'skipped' | null
  runStartedAt: number
  updatedAt: number
}

export const isRunVisible = (run: RunModel, now: number) => run.createdAt <= now
export const isJobVisible = (job: JobModel, now: number) => job.createdAt <= now && job.run.createdAt <= now

export function stepState(step: StepModel, now: number): StepState {
  if (now < step.startAt) return { status: 'queued', conclusion: null, startedAt: null, completedAt: null }
  // A skipped step takes no time: it completes the moment the job reaches it.
  if (now < step.endAt)
    return { status: 'in_progress', conclusion: null, startedAt: step.startAt, completedAt: null }
  return {
    status: 'completed',
    conclusion: step.conclusion,
    startedAt: step.startAt,
    completedAt: step.endAt,
  }
}

export function jobState(job: JobModel, now: number): JobState {
  if (now >= job.endAt && (job.conclusion === 'skipped' || now >= job.startAt)) {
    return {
      status: 'completed',
      conclusion: job.conclusion,
      startedAt: job.startAt,
      completedAt: job.endAt,
      hasRunner: job.conclusion !== 'skipped',
    }
  }
  if (now < job.startAt)
    return {
      status: 'queued',
      conclusion: null,
      startedAt: job.createdAt,
      completedAt: null,
      hasRunner: false,
    }
  return {
    status: 'in_progress',
    conclusion: null,
    startedAt: job.startAt,
    completedAt: null,
    hasRunner: true,
  }
}

/** The attempt a run shows at `now`: the newest one that has started. */
export function currentAttempt(run: RunModel, now: number): AttemptModel {
  let current = run.attempts[0]!
  for (const a of run.attempts) if (a.startAt <= now) current = a
  return current
}

/** The run as it stands at `now`, seen through its current attempt or the one given. */
export function runState(run: RunModel, now: number, attemptNumber?: number): RunState {
  const attempt =
    (attemptNumber !== undefined ? run.attempts.find((a) => a.number === attemptNumber) : undefined) ??
    currentAttempt(run, now)
  const working = attempt.jobs.filter((j) => j.conclusion !== 'skipped')
  const firstStart = working.length > 0 ? Math.min(...working.map((j) => j.startAt)) : attempt.startAt
  const transitions = [attempt.startAt, firstStart, attempt.endAt].filter((t) => t <= now)
  const updatedAt = Math.max(run.createdAt, ...transitions)
  if (now >= attempt.endAt) {
    const conclusion = attempt.jobs.some((j) => j.conclusion === 'failure')
      ? 'failure'
      : attempt.jobs.length > 0 && attempt.jobs.every((j) => j.conclusion === 'skipped')
        ? 'skipped'
        : 'success'
    return { attempt, status: 'completed', conclusion, runStartedAt: attempt.startAt, updatedAt }
  }
  return {
    attempt,
    status: now < firstStart ? 'queued' : 'in_progress',
    conclusion: null,
    runStartedAt: attempt.startAt,
    updatedAt,
  }
}

/**
 * The jobs a run lists at `now`: `latest` shows the current attempt's jobs, `all` every attempt's
 * (oldest attempt first, as GitHub lists them).
 */
export function visibleJobs(
  run: RunModel,
  now: number,
  filter: 'latest' | 'all',
  attemptNumber?: number,
): JobModel[] {
  const attempts =
    attemptNumber !== undefined
      ? run.attempts.filter((a) => a.number === attemptNumber)
      : filter === 'latest'
        ? [currentAttempt(run, now)]
        : run.attempts
  return attempts.filter((a) => a.startAt <= now).flatMap((a) => a.jobs.filter((j) => isJobVisible(j, now)))
}

/**
 * The lines of one run attempt: its jobs from the jobs API, their logs from the run's logs archive
 * (one download for every job) or from the per-job logs endpoint (cheaper for one job, and the only
 * way while the run is still going), each line labelled with its step.
 */
import type { LogEntry, Logger } from '@atmos-logs/core/contract'
import { strFromU8, unzipSync } from 'fflate'
import type { Call, GitHubApi } from './client.js'
import { type RunContext, toEntry } from './entries.js'
import { type Job, ROUTES } from './github-types.js'
import { type LogLine, parseLogText } from './log-lines.js'
import type { LineSelection } from './select.js'
import { assignStepsByTime, type StepTiming } from './steps.js'

export interface RepoRef {
  owner: string
  repo: string
}

/** One read: the client, the repository, and the read's own call (signal, progress, status). */
export interface ReadContext extends Call {
  api: GitHubApi
  ref: RepoRef
  logger: Logger
}

/** The jobs of one attempt, in workflow order. */
export function listJobs(c: ReadContext, runId: number, attempt: number): Promise<Job[]> {
  return c.api.list<Job>(ROUTES.attemptJobs, { ...c.ref, run_id: runId, attempt_number: attempt }, c)
}

/** Jobs that --job and --failed keep (skipped jobs have no log). */
export function selectedJobs(jobs: Job[], sel: LineSelection): Job[] {
  return jobs.filter(
    (j) => j.conclusion !== 'skipped' && sel.job(j.name) && (!sel.failedOnly || j.conclusion === 'failure'),
  )
}

/** Whether a line's step passes --step and --failed. */
export function stepKept(step: StepTiming | undefined, sel: LineSelection): boolean {
  if (sel.failedOnly && step?.conclusion !== 'failure') return false
  return step ? sel.step(step.name) : sel.step('')
}

/** Lines of one job log text with their steps, by the jobs API's step times (no per-step files here). */
export function labelLines(
  c: Pick<ReadContext, 'logger'>,
  job: Job,
  lines: LogLine[],
): Array<{ line: LogLine; step: StepTiming | undefined }> {
  c.logger.debug(
    { job: job.name, jobId: job.id },
    `job "${job.name}": no per-step log files; steps assigned by the jobs API's step times (second precision)`,
  )
  const labels = assignStepsByTime(lines, job.steps ?? [], job.status !== 'completed')
  return lines.map((line, i) => ({ line, step: labels[i] }))
}

/**
 * A run's selected lines in time order, by the cheapest download: the archive (one download for
 * all jobs) when the attempt has finished and more than one job is wanted, else job by job (a
 * running job gives what GitHub serves so far, or nothing).
 */
export async function readRun(
  c: ReadContext,
  ctx: RunContext,
  sel: LineSelection,
  jobList?: Job[],
): Promise<LogEntry[]> {
  const jobs = selectedJobs(jobList ?? (await listJobs(c, ctx.run.id, ctx.attempt)), sel)
  if (jobs.length === 0) return []
  const finished = ctx.run.status === 'completed'
  const perJob = jobs.length > 1 && finished ? await readArchive(c, ctx, jobs) : undefined
  const entries: LogEntry[] = []
  for (const job of jobs) {
    if (job.status === 'queued' || job.status === 'waiting' || job.status === 'pending') continue
    const labelled = perJob?.get(job.id) ?? (await readJobLog(c, job, job.status === 'completed'))
    for (const { line, step } of labelled ?? [])
      if (stepKept(step, sel)) entries.push(toEntry(ctx, job, step, line))
  }
  // Jobs run side by side: one time line for the run (a stable sort keeps each job's own order).
  return entries.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())
}

/** One job's log from the per-job endpoint; undefined while GitHub has none to serve. */
export async function readJobLog(
  c: ReadContext,
  job: Job,
  complete: boolean,
): Promise<Array<{ line: LogLine; step: StepTiming | undefined }> | undefined> {
  const bytes = await c.api.download(
    ROUTES.jobLogs,
    { ...c.ref, job_id: job.id },
    c,
    `the log of job "${job.name}"`,
  )
  if (!bytes) return undefined
  return labelLines(c, job, parseLogText(strFromU8(bytes), complete))
}

/** The run's logs archive: `<n>_<job>.txt` per job, and `<job>/<n>_<step>.txt` per step when GitHub wrote them. */
async function readArchive(
  c: ReadContext,
  ctx: RunContext,
  jobs: Job[],
): Promise<Map<number, Array<{ line: LogLine; step: StepTiming | undefined }>> | undefined> {
  const bytes = await c.api.download(
    ROUTES.attemptLogs,
    { ...c.ref, run_id: ctx.run.id, attempt_number: ctx.attempt },
    c,
    `the logs of run #${ctx.run.run_number}`,
  )
  if (!bytes) return undefined
  const folders = new Set(jobs.map((j) => `${archiveName(j.name)}/`))
  // Inflate only what is read: the selected jobs' step files, and their job files.
  const files = unzipSync(bytes, {
    filter: (f) => !f.name.includes('/') || folders.has(f.name.slice(0, f.name.indexOf('/') + 1)),
  })
  const out = new Map<number, Array<{ line: LogLine; step: StepTiming | undefined }>>()
  for (const job of jobs) {
    const folder = archiveName(job.name)
    const stepFiles = Object.keys(files)
      .filter((f) => f.startsWith(`${folder}/`) && /^\d+_/.test(f.slice(folder.length + 1)))
      .map((f) => ({ number: Number.parseInt(f.slice(folder.length + 1), 10), text: strFromU8(files[f]!) }))
      .sort((a, b) => a.number - b.number)
    if (stepFiles.length > 0) {
      // The step files, in step order, are the job log: each line's step is the file it is in.
      const steps = job.steps ?? []
      const labelled: Array<{ line: LogLine; step: StepTiming | undefined }> = []
      for (const f of stepFiles) {
        const step = steps.find((s) => s.number === f.number)
        for (const line of parseLogText(f.text, true))
          labelled.push({ line: { ...line, number: labelled.length + 1 }, step })
      }
      out.set(job.id, labelled)
      continue
    }
    const jobFile = Object.keys(files).find(
      (f) => !f.includes('/') && f.replace(/^\d+_/, '') === `${folder}.txt`,
    )
    if (!jobFile) continue // not in the archive: the per-job endpoint will be asked instead
    out.set(job.id, labelLines(c, job, parseLogText(strFromU8(files[jobFile]!), true)))
  }
  return out
}

/** GitHub writes path separators in job names as `_` inside the archive. */
const archiveName = (name: string) => name.replace(/[/\\]/g, '_')

/**
 * The lines of one run attempt: its jobs from the jobs API, their logs from the run's logs archive
 * (one download for every job) or from the per-job logs endpoint (cheaper for one job, and the only
 * way while the run is still going), each line labelled with its step.
 */
import type { LogEntry, Logger } from '@atmos-logs/core/contract'
import { MinHeap } from '@atmos-logs/core/stream'
import type { Call, GitHubApi } from './client.js'
import { type RunContext, toEntry } from './entries.js'
import { type Job, ROUTES } from './github-types.js'
import { type LogLine, logLines } from './log-lines.js'
import { type LineSelection, levelKept } from './select.js'
import { labelByTime, type StepTiming } from './steps.js'
import { unzipEntries } from './zip.js'

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

/** Log text as GitHub serves it; a leading byte-order mark is dropped. */
const utf8 = new TextDecoder()
const strFromU8 = (bytes: Uint8Array) => utf8.decode(bytes)

type Labelled = { line: LogLine; step: StepTiming | undefined }

/** A job's log as downloaded, held as bytes until it is read: its step files in step order, or one text. */
type JobLog =
  | { stepFiles: Array<{ step: StepTiming | undefined; bytes: Uint8Array }> }
  | { bytes: Uint8Array; complete: boolean }

/** A job log's lines with their steps, one at a time. */
function* labelled(c: Pick<ReadContext, 'logger'>, job: Job, log: JobLog): Generator<Labelled> {
  if ('stepFiles' in log) {
    // The step files, in step order, are the job log: each line's step is the file it is in.
    let number = 0
    for (const f of log.stepFiles)
      for (const line of logLines(strFromU8(f.bytes), true))
        yield { line: { ...line, number: ++number }, step: f.step }
    return
  }
  c.logger.debug(
    { job: job.name, jobId: job.id },
    `job "${job.name}": no per-step log files; steps assigned by the jobs API's step times (second precision)`,
  )
  yield* labelByTime(
    logLines(strFromU8(log.bytes), log.complete),
    job.steps ?? [],
    job.status !== 'completed',
  )
}

/**
 * A run's selected jobs, each as its lines in log order (lazily: nothing is parsed yet), by the
 * cheapest download: the archive (one download for all jobs) when the attempt has finished and
 * more than one job is wanted, else job by job (a running job gives what GitHub serves so far, or
 * nothing).
 */
export async function openRun(
  c: ReadContext,
  ctx: RunContext,
  sel: LineSelection,
  jobList?: Job[],
): Promise<Array<Iterable<LogEntry>>> {
  const jobs = selectedJobs(jobList ?? (await listJobs(c, ctx.run.id, ctx.attempt)), sel)
  if (jobs.length === 0) return []
  const finished = ctx.run.status === 'completed'
  const perJob = jobs.length > 1 && finished ? await readArchive(c, ctx, jobs) : undefined
  const out: Array<Iterable<LogEntry>> = []
  for (const job of jobs) {
    if (job.status === 'queued' || job.status === 'waiting' || job.status === 'pending') continue
    const log = perJob?.get(job.id) ?? (await downloadJobLog(c, job, job.status === 'completed'))
    if (log) out.push(entriesOf(c, ctx, job, log, sel))
  }
  return out
}

function* entriesOf(c: ReadContext, ctx: RunContext, job: Job, log: JobLog, sel: LineSelection) {
  for (const { line, step } of labelled(c, job, log)) {
    if (!stepKept(step, sel)) continue
    const entry = toEntry(ctx, job, step, line)
    if (levelKept(entry, sel)) yield entry
  }
}

/** A job's open lines: its next entry and the rest; `order` breaks ties (earlier run, then earlier job). */
interface Cursor {
  entry: LogEntry
  time: number
  order: number
  rest: Iterator<LogEntry>
}

/**
 * The runs' lines in one time line, handed out in arrays. Jobs run side by side and runs may
 * overlap, so their lines are merged; a run's logs are downloaded only once the time line reaches
 * its creation (no line of it can come earlier), and a job's log is let go once it is printed.
 * What is held is the downloaded logs (as bytes) of the runs that overlap in time, never their
 * lines as entries. Each job's log is in time order already, as the runner writes it.
 */
export async function* readRuns(
  c: ReadContext,
  runs: RunContext[],
  sel: LineSelection,
  batchSize = 1000,
): AsyncGenerator<LogEntry[]> {
  const pending = [...runs].sort((a, b) => Date.parse(a.run.created_at) - Date.parse(b.run.created_at))
  const heap = new MinHeap<Cursor>((a, b) => a.time < b.time || (a.time === b.time && a.order < b.order))
  let order = 0
  const add = (rest: Iterator<LogEntry>, at: number) => {
    const first = rest.next()
    if (!first.done) heap.push({ entry: first.value, time: first.value.timestamp.getTime(), order: at, rest })
  }
  let batch: LogEntry[] = []
  for (;;) {
    const head = heap.peek()
    const next = pending[0]
    if (next && (!head || Date.parse(next.run.created_at) <= head.time)) {
      pending.shift()
      for (const job of await openRun(c, next, sel)) add(job[Symbol.iterator](), order++)
      continue
    }
    if (!head) break
    heap.pop()
    batch.push(head.entry)
    add(head.rest, head.order)
    if (batch.length >= batchSize) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/** The last `n` items of a stream, holding no more than `n`. */
export async function newestOf<T>(batches: AsyncIterable<T[]>, n: number): Promise<T[]> {
  const kept: T[] = []
  for await (const batch of batches) {
    kept.push(...batch)
    if (kept.length > 2 * n + batch.length) kept.splice(0, kept.length - n)
  }
  return kept.slice(Math.max(0, kept.length - n))
}

/** One job's log from the per-job endpoint; undefined while GitHub has none to serve. */
async function downloadJobLog(c: ReadContext, job: Job, complete: boolean): Promise<JobLog | undefined> {
  const bytes = await c.api.download(
    ROUTES.jobLogs,
    { ...c.ref, job_id: job.id },
    c,
    `the log of job "${job.name}"`,
  )
  return bytes ? { bytes, complete } : undefined
}

/** One job's log from the per-job endpoint, labelled; undefined while GitHub has none to serve. */
export async function readJobLog(
  c: ReadContext,
  job: Job,
  complete: boolean,
): Promise<Labelled[] | undefined> {
  const log = await downloadJobLog(c, job, complete)
  return log && [...labelled(c, job, log)]
}

/** The run's logs archive: `<n>_<job>.txt` per job, and `<job>/<n>_<step>.txt` per step when GitHub wrote them. */
async function readArchive(
  c: ReadContext,
  ctx: RunContext,
  jobs: Job[],
): Promise<Map<number, JobLog> | undefined> {
  const bytes = await c.api.download(
    ROUTES.attemptLogs,
    { ...c.ref, run_id: ctx.run.id, attempt_number: ctx.attempt },
    c,
    `the logs of run #${ctx.run.run_number}`,
  )
  if (!bytes) return undefined
  const folders = new Set(jobs.map((j) => `${archiveName(j.name)}/`))
  // Inflate only what is read: the selected jobs' step files, and their job files.
  const files = unzipEntries(
    bytes,
    (name) => !name.includes('/') || folders.has(name.slice(0, name.indexOf('/') + 1)),
  )
  const out = new Map<number, JobLog>()
  for (const job of jobs) {
    const folder = archiveName(job.name)
    const steps = job.steps ?? []
    const stepFiles = [...files.keys()]
      .filter((f) => f.startsWith(`${folder}/`) && /^\d+_/.test(f.slice(folder.length + 1)))
      .map((f) => ({ number: Number.parseInt(f.slice(folder.length + 1), 10), bytes: files.get(f)! }))
      .sort((a, b) => a.number - b.number)
      .map((f) => ({ step: steps.find((s) => s.number === f.number), bytes: f.bytes }))
    if (stepFiles.length > 0) {
      out.set(job.id, { stepFiles })
      continue
    }
    const jobFile = [...files.keys()].find(
      (f) => !f.includes('/') && f.replace(/^\d+_/, '') === `${folder}.txt`,
    )
    // Not in the archive: the per-job endpoint will be asked instead.
    if (jobFile) out.set(job.id, { bytes: files.get(jobFile)!, complete: true })
  }
  return out
}

/** GitHub writes path separators in job names as `_` inside the archive. */
const archiveName = (name: string) => name.replace(/[/\\]/g, '_')

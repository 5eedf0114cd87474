/**
 * The emulator's timeline: a seed turned into absolute times for every attempt, job and step,
 * plus every log line. Nothing here knows the current time; `state.ts` reads status off it.
 */
import { buildDeployments, type DeploymentModel } from './deployments.js'
import { COMPLETE_JOB_TEXTS, JobLogWriter, type LogLine, setUpJobTexts, writeStepLines } from './logs.js'
import {
  type GitHubSeedAttempt,
  GitHubSeedError,
  type GitHubSeedJob,
  type GitHubSeedRepo,
  type GitHubSeedRun,
  type GitHubSeedStep,
  type GitHubSeedWorkflow,
  parseSeedTime,
} from './seed.js'

export type Conclusion = 'success' | 'failure' | 'skipped'

export interface StepModel {
  number: number
  name: string
  startAt: number
  endAt: number
  conclusion: Conclusion
  lines: LogLine[]
}

export interface JobModel {
  id: number
  name: string
  run: RunModel
  attempt: number
  /** When the job appeared: the attempt's start, or when its needs finished. */
  createdAt: number
  startAt: number
  endAt: number
  conclusion: Conclusion
  labels: string[]
  runnerId: number
  runnerName: string
  steps: StepModel[]
  /** Every line of the job log in order (the steps' lines concatenated). */
  lines: LogLine[]
  /** The environment the job deploys to (`jobs.<id>.environment`): it makes a deployment. */
  environment?: string
}

export interface AttemptModel {
  number: number
  startAt: number
  endAt: number
  jobs: JobModel[]
}

export interface RunModel {
  id: number
  repo: RepoModel
  workflow: WorkflowModel
  runNumber: number
  event: string
  branch: string
  headSha: string
  actor: string
  title: string
  createdAt: number
  checkSuiteId: number
  /** Whether the run's logs archive has a file per step (GitHub's newer archives sometimes do not). */
  stepLogs: boolean
  attempts: AttemptModel[]
}

export interface WorkflowModel {
  id: number
  name: string
  path: string
  repo: RepoModel
  createdAt: number
}

export interface RepoModel {
  id: number
  owner: string
  name: string
  private: boolean
  defaultBranch: string
  workflows: WorkflowModel[]
  runs: RunModel[]
  deployments: DeploymentModel[]
}

const DEFAULT_JOB_QUEUE_MS = 2000
const DEFAULT_RERUN_DELAY_MS = 60_000
const SET_UP_JOB_MS = 2000
const COMPLETE_JOB_MS = 500

/** Hands out ids like GitHub's (large, increasing) and refuses duplicates from seeds. */
export class IdAllocator {
  private readonly used = new Map<string, Set<number>>()
  private readonly next = new Map<string, number>()

  constructor(private readonly starts: Record<string, number>) {}

  take(kind: string, wanted: number | undefined, path: string): number {
    const used = this.used.get(kind) ?? new Set<number>()
    this.used.set(kind, used)
    if (wanted !== undefined) {
      if (used.has(wanted))
        throw new GitHubSeedError(`${path}.id`, `id ${wanted} is already used by another ${kind}`)
      used.add(wanted)
      return wanted
    }
    let id = this.next.get(kind) ?? this.starts[kind] ?? 1
    while (used.has(id)) id++
    used.add(id)
    this.next.set(kind, id + 1)
    return id
  }

  release(kind: string, id: number): void {
    this.used.get(kind)?.delete(id)
  }

  /** A copy to build into, so that a seed that fails halfway leaves the original untouched. */
  clone(): IdAllocator {
    const copy = new IdAllocator(this.starts)
    for (const [kind, used] of this.used) copy.used.set(kind, new Set(used))
    for (const [kind, next] of this.next) copy.next.set(kind, next)
    return copy
  }
}

export const newIdAllocator = () =>
  new IdAllocator({
    repo: 700_000_001,
    workflow: 110_000_001,
    run: 12_000_000_001,
    job: 33_000_000_001,
    checkSuite: 31_000_000_001,
    runner: 1,
    deployment: 1_900_000_001,
    deploymentStatus: 4_100_000_001,
  })

/** Jobs in an order where every job comes after the jobs it needs. */
function dependencyOrder(jobs: GitHubSeedJob[], path: string): GitHubSeedJob[] {
  const done = new Set<string>()
  const ordered: GitHubSeedJob[] = []
  let pending = [...jobs]
  while (pending.length > 0) {
    const ready = pending.filter((j) => (j.needs ?? []).every((n) => done.has(n)))
    if (ready.length === 0) {
      throw new GitHubSeedError(
        path,
        `jobs ${pending.map((j) => `"${j.name}"`).join(', ')} need each other in a cycle`,
      )
    }
    for (const j of ready) {
      done.add(j.name)
      ordered.push(j)
    }
    pending = pending.filter((j) => !done.has(j.name))
  }
  return ordered
}

function buildJob(
  seed: GitHubSeedJob,
  run: RunModel,
  attempt: number,
  createdAt: number,
  skipped: boolean,
  ids: IdAllocator,
  path: string,
): JobModel {
  const id = ids.take('job', seed.id, path)
  const runnerId = ids.take('runner', undefined, path)
  const labels = seed.runsOn ?? ['ubuntu-latest']
  const job: JobModel = {
    id,
    name: seed.name,
    run,
    attempt,
    createdAt,
    startAt: createdAt,
    endAt: createdAt,
    conclusion: 'skipped',
    labels,
    runnerId,
    runnerName: `GitHub Actions ${runnerId}`,
    steps: [],
    lines: [],
    ...(seed.environment === undefined ? {} : { environment: seed.environment }),
  }
  if (skipped) return job

  const writer = new JobLogWriter(id % 0x7fffffff)
  const seededSteps: Array<GitHubSeedStep & { texts?: string[] }> = [...seed.steps]
  if (seed.setupSteps !== false) {
    seededSteps.unshift({
      name: 'Set up job',
      durationMs: SET_UP_JOB_MS,
      texts: setUpJobTexts(seed.name, labels, job.runnerName),
    })
    seededSteps.push({
      name: 'Complete job',
      durationMs: COMPLETE_JOB_MS,
      always: true,
      texts: COMPLETE_JOB_TEXTS,
    })
  }
  job.startAt = createdAt + (seed.queueMs ?? DEFAULT_JOB_QUEUE_MS)
  let cursor = job.startAt
  let failed = false
  seededSteps.forEach((s, i) => {
    const runs = s.conclusion !== 'skipped' && (!failed || s.always === true)
    const startAt = cursor
    const endAt = runs ? cursor + s.durationMs : cursor
    const stepFails = runs && s.conclusion === 'failure'
    const lines = !runs
      ? []
      : s.texts
        ? s.texts.map((t, k) =>
            writer.add(startAt + Math.floor((k * s.durationMs) / (s.texts!.length + 1)), t),
          )
        : writeStepLines(writer, s, startAt, endAt, stepFails)
    job.steps.push({
      number: i + 1,
      name: s.name,
      startAt,
      endAt,
      conclusion: runs ? (stepFails ? 'failure' : 'success') : 'skipped',
      lines,
    })
    job.lines.push(...lines)
    if (stepFails) failed = true
    cursor = endAt
  })
  job.endAt = cursor
  job.conclusion = failed ? 'failure' : 'success'
  return job
}

function buildAttempt(
  seed: GitHubSeedAttempt,
  run: RunModel,
  number: number,
  startAt: number,
  ids: IdAllocator,
  path: string,
): AttemptModel {
  const byName = new Map<string, JobModel>()
  const jobIndex = new Map(seed.jobs.map((j, i) => [j.name, i]))
  for (const js of dependencyOrder(seed.jobs, path)) {
    const needs = (js.needs ?? []).map((n) => byName.get(n)!)
    const createdAt = needs.length === 0 ? startAt : Math.max(...needs.map((n) => n.endAt))
    const skipped = needs.some((n) => n.conclusion !== 'success')
    byName.set(
      js.name,
      buildJob(js, run, number, createdAt, skipped, ids, `${path}[${jobIndex.get(js.name)}]`),
    )
  }
  // Keep the seed's job order (GitHub lists jobs in workflow order).
  const jobs = seed.jobs.map((j) => byName.get(j.name)!)
  return { number, startAt, endAt: Math.max(startAt, ...jobs.map((j) => j.endAt)), jobs }
}

export function buildRun(
  seed: GitHubSeedRun,
  workflow: WorkflowModel,
  runNumber: number,
  ids: IdAllocator,
  path: string,
): RunModel {
  const createdAt = parseSeedTime(seed.createdAt, `${path}.createdAt`)
  const id = ids.take('run', seed.id, path)
  const run: RunModel = {
    id,
    repo: workflow.repo,
    workflow,
    runNumber,
    event: seed.event ?? 'push',
    branch: seed.branch ?? workflow.repo.defaultBranch,
    headSha: seed.headSha ?? fakeSha(id),
    actor: seed.actor ?? 'octocat',
    title: seed.title ?? `${workflow.name} #${runNumber}`,
    createdAt,
    checkSuiteId: ids.take('checkSuite', undefined, path),
    stepLogs: seed.stepLogs ?? true,
    attempts: [],
  }
  const attempts = seed.attempts ?? [{ jobs: seed.jobs ?? [] }]
  let startAt = createdAt
  attempts.forEach((a, i) => {
    if (i > 0) startAt = run.attempts[i - 1]!.endAt + (a.delayMs ?? DEFAULT_RERUN_DELAY_MS)
    const jobsPath = seed.attempts ? `${path}.attempts[${i}].jobs` : `${path}.jobs`
    run.attempts.push(buildAttempt(a, run, i + 1, startAt, ids, jobsPath))
  })
  return run
}

export function buildWorkflow(
  seed: GitHubSeedWorkflow,
  repo: RepoModel,
  ids: IdAllocator,
  path: string,
): WorkflowModel {
  const workflow: WorkflowModel = {
    id: ids.take('workflow', seed.id, path),
    name: seed.name,
    path: seed.path,
    repo,
    createdAt: 0,
  }
  // Run numbers count up in creation order, after any numbers the seed fixed itself.
  const order = seed.runs
    .map((r, i) => ({ r, i, at: parseSeedTime(r.createdAt, `${path}.runs[${i}].createdAt`) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
  let nextNumber = Math.max(0, ...seed.runs.map((r) => r.runNumber ?? 0)) + 1
  const runs: RunModel[] = []
  for (const { r, i } of order) {
    const number = r.runNumber ?? nextNumber++
    runs.push(buildRun(r, workflow, number, ids, `${path}.runs[${i}]`))
  }
  workflow.createdAt = Math.min(...runs.map((r) => r.createdAt - 86_400_000), Date.UTC(2024, 0, 15))
  repo.runs.push(...runs)
  return workflow
}

export function buildRepo(seed: GitHubSeedRepo, ids: IdAllocator, path: string): RepoModel {
  const repo: RepoModel = {
    id: ids.take('repo', seed.id, path),
    owner: seed.owner,
    name: seed.name,
    private: seed.private ?? false,
    defaultBranch: seed.defaultBranch ?? 'main',
    workflows: [],
    runs: [],
    deployments: [],
  }
  seed.workflows.forEach((w, i) => {
    repo.workflows.push(buildWorkflow(w, repo, ids, `${path}.workflows[${i}]`))
  })
  repo.runs.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
  repo.deployments = buildDeployments(repo, ids, path)
  return repo
}

/** A stable 40-hex-digit commit id derived from a number. */
export function fakeSha(n: number): string {
  let out = ''
  let h = n >>> 0 || 1
  while (out.length < 40) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
    h = (h + 0x6d2b79f5) >>> 0
    out += h.toString(16).padStart(8, '0')
  }
  return out.slice(0, 40)
}

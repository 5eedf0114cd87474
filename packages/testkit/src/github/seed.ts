/**
 * The seed format of the GitHub Actions emulator: repositories, workflows and runs described by
 * their timing (when a run was created, how long each step takes) rather than by their status.
 * The emulator derives status, timestamps and visible log lines from the clock, so a run seeded
 * "30 seconds ago" with a 2 minute job is in progress now and completed two minutes later.
 *
 * The format is plain JSON so that `--seed FILE` and `POST /_emulator/seed` can carry it.
 */

export interface GitHubSeed {
  repos: GitHubSeedRepo[]
  /** When given, only these tokens are accepted (others get 401); anonymous calls stay allowed. */
  tokens?: string[]
}

export interface GitHubSeedRepo {
  owner: string
  name: string
  id?: number
  /** Private repositories answer 404 to anonymous callers, as GitHub does. */
  private?: boolean
  defaultBranch?: string
  workflows: GitHubSeedWorkflow[]
}

export interface GitHubSeedWorkflow {
  id?: number
  name: string
  /** Path in the repository, e.g. `.github/workflows/deploy.yml`; its file name also selects it. */
  path: string
  runs: GitHubSeedRun[]
}

export interface GitHubSeedRun {
  id?: number
  runNumber?: number
  event?: string
  branch?: string
  headSha?: string
  actor?: string
  /** The run's display title (the head commit's first line for push runs). */
  title?: string
  /** Epoch milliseconds or an ISO 8601 string. */
  createdAt: number | string
  /** Whether the logs archive holds a file per step (default true); GitHub's newer archives may not. */
  stepLogs?: boolean
  /** A run with a single attempt lists its jobs here... */
  jobs?: GitHubSeedJob[]
  /** ...a re-run one lists each attempt; attempt n+1 starts `delayMs` after attempt n ends. */
  attempts?: GitHubSeedAttempt[]
}

export interface GitHubSeedAttempt {
  /** Pause between the end of the previous attempt and this one (default 60 s). */
  delayMs?: number
  jobs: GitHubSeedJob[]
}

export interface GitHubSeedJob {
  id?: number
  name: string
  /** Names of jobs in the same attempt that must finish first; a failed need skips this job. */
  needs?: string[]
  /** Time between the job being created and a runner picking it up (default 2 s). */
  queueMs?: number
  runsOn?: string[]
  /** Add GitHub's own "Set up job" and "Complete job" steps around the seeded ones (default true). */
  setupSteps?: boolean
  /** The environment the job deploys to: GitHub makes a deployment for it, with statuses as it runs. */
  environment?: string
  steps: GitHubSeedStep[]
}

export interface GitHubSeedStep {
  name: string
  durationMs: number
  /** `failure` fails the job and skips later steps except `always` ones; `skipped` never runs. */
  conclusion?: 'success' | 'failure' | 'skipped'
  /** Runs even after an earlier step failed (`if: always()`). */
  always?: boolean
  /** A shell step: the log opens with a `##[group]Run <first line>` block showing the script. */
  run?: string
  /** An action step: the log opens with `##[group]Run <uses>` and its `with:` inputs. */
  uses?: string
  with?: Record<string, string>
  /** Output lines, spread evenly over the step, or placed at `atMs` after the step starts. */
  lines?: Array<string | { atMs: number; text: string }>
}

/** A seed that does not match the format; the message names the JSON path of the problem. */
export class GitHubSeedError extends Error {
  constructor(path: string, problem: string) {
    super(
      `The GitHub emulator seed is invalid at ${path}: ${problem}. ` +
        'Fix that field in the seed file (or the body of POST /_emulator/seed) and load it again.',
    )
    this.name = 'GitHubSeedError'
  }
}

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

function object(v: unknown, path: string): Json {
  if (!isObject(v)) throw new GitHubSeedError(path, 'expected an object')
  return v
}

function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new GitHubSeedError(path, 'expected an array')
  return v
}

function text(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new GitHubSeedError(path, 'expected a non-empty string')
  return v
}

function optionalText(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : text(v, path)
}

function optionalCount(v: unknown, path: string, { positive = false } = {}): number | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'number' || !Number.isFinite(v) || v < (positive ? 1 : 0) || !Number.isInteger(v)) {
    throw new GitHubSeedError(path, `expected a ${positive ? 'positive' : 'non-negative'} integer`)
  }
  return v
}

function optionalBoolean(v: unknown, path: string): boolean | undefined {
  if (v === undefined || typeof v === 'boolean') return v
  throw new GitHubSeedError(path, 'expected true or false')
}

/** Epoch milliseconds from a number or an ISO 8601 string. */
export function parseSeedTime(v: unknown, path: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string') {
    const ms = Date.parse(v)
    if (!Number.isNaN(ms)) return ms
  }
  throw new GitHubSeedError(path, 'expected epoch milliseconds or an ISO 8601 date-time')
}

function step(v: unknown, path: string): GitHubSeedStep {
  const o = object(v, path)
  const conclusion = o.conclusion
  if (
    conclusion !== undefined &&
    conclusion !== 'success' &&
    conclusion !== 'failure' &&
    conclusion !== 'skipped'
  ) {
    throw new GitHubSeedError(`${path}.conclusion`, 'expected "success", "failure" or "skipped"')
  }
  let withInputs: Record<string, string> | undefined
  if (o.with !== undefined) {
    const w = object(o.with, `${path}.with`)
    for (const [k, val] of Object.entries(w)) {
      if (typeof val !== 'string') throw new GitHubSeedError(`${path}.with.${k}`, 'expected a string')
    }
    withInputs = w as Record<string, string>
  }
  const lines = o.lines === undefined ? undefined : array(o.lines, `${path}.lines`)
  lines?.forEach((line, i) => {
    if (typeof line === 'string') return
    const l = object(line, `${path}.lines[${i}]`)
    optionalCount(l.atMs, `${path}.lines[${i}].atMs`)
    if (l.atMs === undefined) throw new GitHubSeedError(`${path}.lines[${i}].atMs`, 'required')
    if (typeof l.text !== 'string') throw new GitHubSeedError(`${path}.lines[${i}].text`, 'expected a string')
  })
  const durationMs = optionalCount(o.durationMs, `${path}.durationMs`)
  if (durationMs === undefined) throw new GitHubSeedError(`${path}.durationMs`, 'required')
  return {
    name: text(o.name, `${path}.name`),
    durationMs,
    conclusion,
    always: optionalBoolean(o.always, `${path}.always`),
    run: optionalText(o.run, `${path}.run`),
    uses: optionalText(o.uses, `${path}.uses`),
    with: withInputs,
    lines: lines as GitHubSeedStep['lines'],
  }
}

function job(v: unknown, path: string): GitHubSeedJob {
  const o = object(v, path)
  const strings = (value: unknown, p: string) =>
    value === undefined ? undefined : array(value, p).map((s, i) => text(s, `${p}[${i}]`))
  return {
    id: optionalCount(o.id, `${path}.id`, { positive: true }),
    name: text(o.name, `${path}.name`),
    needs: strings(o.needs, `${path}.needs`),
    queueMs: optionalCount(o.queueMs, `${path}.queueMs`),
    runsOn: strings(o.runsOn, `${path}.runsOn`),
    setupSteps: optionalBoolean(o.setupSteps, `${path}.setupSteps`),
    environment: optionalText(o.environment, `${path}.environment`),
    steps: array(o.steps, `${path}.steps`).map((s, i) => step(s, `${path}.steps[${i}]`)),
  }
}

function jobs(v: unknown, path: string): GitHubSeedJob[] {
  const list = array(v, path).map((j, i) => job(j, `${path}[${i}]`))
  const names = new Set<string>()
  list.forEach((j, i) => {
    if (names.has(j.name))
      throw new GitHubSeedError(`${path}[${i}].name`, `job name "${j.name}" is used twice`)
    names.add(j.name)
  })
  list.forEach((j, i) => {
    for (const need of j.needs ?? []) {
      if (!names.has(need) || need === j.name) {
        throw new GitHubSeedError(`${path}[${i}].needs`, `"${need}" is not another job of the same attempt`)
      }
    }
  })
  return list
}

function run(v: unknown, path: string): GitHubSeedRun {
  const o = object(v, path)
  if ((o.jobs === undefined) === (o.attempts === undefined)) {
    throw new GitHubSeedError(path, 'give either "jobs" (one attempt) or "attempts" (a re-run run), not both')
  }
  const attempts =
    o.attempts === undefined
      ? undefined
      : array(o.attempts, `${path}.attempts`).map((a, i) => {
          const ao = object(a, `${path}.attempts[${i}]`)
          return {
            delayMs: optionalCount(ao.delayMs, `${path}.attempts[${i}].delayMs`),
            jobs: jobs(ao.jobs, `${path}.attempts[${i}].jobs`),
          }
        })
  if (attempts?.length === 0) throw new GitHubSeedError(`${path}.attempts`, 'needs at least one attempt')
  return {
    id: optionalCount(o.id, `${path}.id`, { positive: true }),
    runNumber: optionalCount(o.runNumber, `${path}.runNumber`, { positive: true }),
    event: optionalText(o.event, `${path}.event`),
    branch: optionalText(o.branch, `${path}.branch`),
    headSha: optionalText(o.headSha, `${path}.headSha`),
    actor: optionalText(o.actor, `${path}.actor`),
    title: optionalText(o.title, `${path}.title`),
    createdAt: parseSeedTime(o.createdAt, `${path}.createdAt`),
    stepLogs: optionalBoolean(o.stepLogs, `${path}.stepLogs`),
    jobs: o.jobs === undefined ? undefined : jobs(o.jobs, `${path}.jobs`),
    attempts,
  }
}

function workflow(v: unknown, path: string): GitHubSeedWorkflow {
  const o = object(v, path)
  return {
    id: optionalCount(o.id, `${path}.id`, { positive: true }),
    name: text(o.name, `${path}.name`),
    path: text(o.path, `${path}.path`),
    runs: array(o.runs ?? [], `${path}.runs`).map((r, i) => run(r, `${path}.runs[${i}]`)),
  }
}

function repo(v: unknown, path: string): GitHubSeedRepo {
  const o = object(v, path)
  return {
    owner: text(o.owner, `${path}.owner`),
    name: text(o.name, `${path}.name`),
    id: optionalCount(o.id, `${path}.id`, { positive: true }),
    private: optionalBoolean(o.private, `${path}.private`),
    defaultBranch: optionalText(o.defaultBranch, `${path}.defaultBranch`),
    workflows: array(o.workflows ?? [], `${path}.workflows`).map((w, i) =>
      workflow(w, `${path}.workflows[${i}]`),
    ),
  }
}

/**
 * Checks a seed that came from outside (a file, a request body) and returns it typed.
 * Throws GitHubSeedError naming the first wrong field, e.g. `github.repos[0].workflows[0].path`.
 */
export function parseGitHubSeed(v: unknown, path = 'github'): GitHubSeed {
  const o = object(v, path)
  return {
    repos: array(o.repos, `${path}.repos`).map((r, i) => repo(r, `${path}.repos[${i}]`)),
    tokens:
      o.tokens === undefined
        ? undefined
        : array(o.tokens, `${path}.tokens`).map((t, i) => text(t, `${path}.tokens[${i}]`)),
  }
}

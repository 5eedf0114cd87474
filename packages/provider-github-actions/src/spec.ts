import { specChecker } from '@atmos-logs/core/errors'

/** A source's spec after validation: every field checked, defaults applied. */
export interface GitHubActionsSpec {
  owner: string
  repo: string
  /** A workflow file name (`deploy.yml`) or numeric id; undefined means every workflow of the repo. */
  workflow?: string
  branch?: string
  event?: string
  /** Only runs with a job that deployed to this environment (`jobs.<id>.environment`). */
  environment?: string
  /** GitHub Enterprise API root, e.g. https://ghe.example.com/api/v3 (else GITHUB_API_URL, else api.github.com). */
  apiUrl?: string
  /** How often follow mode polls the run and its jobs. */
  pollIntervalMs: number
  /** At most this many runs when a time range selects them. */
  maxRuns: number
}

export const DEFAULT_POLL_INTERVAL_MS = 3000
export const DEFAULT_MAX_RUNS = 10

const KNOWN_FIELDS = [
  'repo',
  'workflow',
  'branch',
  'event',
  'environment',
  'api_url',
  'poll_interval',
  'max_runs',
]

// GitHub owner and repository names: letters, digits, - _ . (owners at most 39 characters).
const REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/
const WORKFLOW = /^(?:\d+|[^/\\]+\.ya?ml)$/
const INTERVAL = /^(\d+(?:\.\d+)?)(ms|s|m)$/

/** Validate `spec` of source `source`; every problem names its field and what to write instead. */
export function parseSpec(spec: Record<string, unknown>, source: string): GitHubActionsSpec {
  const problem = specChecker('github/actions', source, spec, KNOWN_FIELDS)
  const text = (field: string, example: string): string | undefined => {
    const v = spec[field]
    if (v === undefined) return undefined
    if (typeof v !== 'string' || v.trim() === '')
      return problem(field, `expected a non-empty string such as ${example}.`)
    return v.trim()
  }

  if (spec.repo === undefined)
    problem('repo', 'required: the repository as owner/name, e.g. acme/infrastructure.')
  const repoText = text('repo', 'acme/infrastructure')!
  const m = REPO.exec(repoText)
  if (!m)
    return problem(
      'repo',
      `"${repoText}" is not owner/name (letters, digits, - _ .), e.g. acme/infrastructure.`,
    )

  let workflow: string | undefined
  if (typeof spec.workflow === 'number' && Number.isInteger(spec.workflow) && spec.workflow > 0) {
    workflow = String(spec.workflow)
  } else {
    workflow = text('workflow', 'deploy.yml')
    if (workflow !== undefined && !WORKFLOW.test(workflow)) {
      problem(
        'workflow',
        `"${workflow}" is neither a workflow file name (deploy.yml) nor a numeric workflow id.`,
      )
    }
  }

  let apiUrl = text('api_url', 'https://ghe.example.com/api/v3')
  if (apiUrl !== undefined) {
    let ok = false
    try {
      const url = new URL(apiUrl)
      ok = url.protocol === 'https:' || url.protocol === 'http:'
    } catch {
      ok = false
    }
    if (!ok)
      problem('api_url', `expected an http(s) URL such as https://ghe.example.com/api/v3; got "${apiUrl}".`)
    apiUrl = apiUrl.replace(/\/+$/, '')
  }

  let pollIntervalMs = DEFAULT_POLL_INTERVAL_MS
  if (spec.poll_interval !== undefined) {
    const p = spec.poll_interval
    const parsed =
      typeof p === 'number' ? { ms: p * 1000 } : typeof p === 'string' ? intervalMs(p) : undefined
    if (!parsed || !(parsed.ms >= 100) || parsed.ms > 3_600_000) {
      problem(
        'poll_interval',
        `expected a duration from 100ms to 1h such as 3s or 500ms; got ${JSON.stringify(p)}.`,
      )
    }
    pollIntervalMs = parsed!.ms
  }

  let maxRuns = DEFAULT_MAX_RUNS
  if (spec.max_runs !== undefined) {
    const n = spec.max_runs
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100) {
      problem('max_runs', `expected a whole number from 1 to 100; got ${JSON.stringify(n)}.`)
    }
    maxRuns = n as number
  }

  return {
    owner: m[1]!,
    repo: m[2]!,
    workflow,
    branch: text('branch', 'main'),
    event: text('event', 'push'),
    environment: text('environment', 'production'),
    apiUrl,
    pollIntervalMs,
    maxRuns,
  }
}

function intervalMs(text: string): { ms: number } | undefined {
  const m = INTERVAL.exec(text.trim())
  if (!m) return undefined
  const n = Number(m[1])
  return { ms: m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000 }
}

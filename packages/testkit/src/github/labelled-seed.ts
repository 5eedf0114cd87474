/**
 * Seeds whose lines say where they belong, for tests that check a GitHub Actions client against
 * ground truth: every seeded output line reads `job|step|n`, placed away from its step's last
 * second (where two steps' times would be ambiguous at the API's one-second precision).
 */
import type { GitHubSeed, GitHubSeedJob, GitHubSeedRun, GitHubSeedWorkflow } from './seed.js'

/** A job of shell steps (`durationMs` each, default 10 s) with `linesPerStep` lines each (default 3). */
export function labelledJob(
  name: string,
  steps: Array<{ name: string; failure?: boolean }>,
  opts: { linesPerStep?: number; durationMs?: number } = {},
): GitHubSeedJob {
  const n = opts.linesPerStep ?? 3
  const durationMs = opts.durationMs ?? 10_000
  return {
    name,
    steps: steps.map((s) => ({
      name: s.name,
      durationMs,
      run: `./${s.name.toLowerCase().replace(/\W+/g, '-')}.sh`,
      conclusion: s.failure ? ('failure' as const) : undefined,
      lines: Array.from({ length: n }, (_, k) => ({
        atMs: 1000 + Math.floor((k * (durationMs - 2500)) / n),
        text: `${name}|${s.name}|${k + 1}`,
      })),
    })),
  }
}

/**
 * Three jobs side by side: `build`, a matrix `test (20, ubuntu)` whose middle step fails (so its
 * last step never runs), and `lint` — a run with a failure, a skipped step and parallel jobs.
 */
export function buildTestLintJobs(): GitHubSeedJob[] {
  return [
    labelledJob('build', [{ name: 'Compile' }, { name: 'Unit tests' }]),
    labelledJob('test (20, ubuntu)', [
      { name: 'Unit tests' },
      { name: 'Integration', failure: true },
      { name: 'Report' },
    ]),
    labelledJob('lint', [{ name: 'Lint' }]),
  ]
}

/** A repository (`acme/app` unless named) whose workflow `.github/workflows/deploy.yml` holds the given runs, then `others`. */
export function deployWorkflowSeed(
  runs: GitHubSeedRun[],
  { repo = 'acme/app', others = [] }: { repo?: string; others?: GitHubSeedWorkflow[] } = {},
): GitHubSeed {
  const [owner, name] = repo.split('/') as [string, string]
  return {
    repos: [
      {
        owner,
        name,
        workflows: [{ name: 'Deploy', path: '.github/workflows/deploy.yml', runs }, ...others],
      },
    ],
  }
}

/** The seeded lines of the jobs, per job in order, as `step: text` (steps after a failed one never run). */
export function seededLinesByJob(jobs: GitHubSeedJob[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const j of jobs) {
    const failed = j.steps.findIndex((s) => s.conclusion === 'failure')
    const ran = failed >= 0 ? j.steps.slice(0, failed + 1) : j.steps
    out[j.name] = ran.flatMap((s) =>
      (s.lines ?? []).map((l) => `${s.name}: ${typeof l === 'string' ? l : l.text}`),
    )
  }
  return out
}

/** Whether a printed message is one of those seeded lines. */
export const isLabelledLine = (message: string) => /^[^|]+\|[^|]+\|\d+$/.test(message)

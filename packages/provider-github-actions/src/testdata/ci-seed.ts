/**
 * Seeds whose lines say where they belong: every seeded output line reads `job|step|n`, so the
 * job and step the provider labels a line with can be checked against the seed itself.
 */
import type { GitHubSeed, GitHubSeedJob, GitHubSeedRun } from '@atmos-logs/testkit'

export const TOKEN = `ghp_${'providerTest'.padEnd(36, '0')}`

/** A job of shell steps, each `durationMs` long, with `linesPerStep` lines placed away from the step's last second. */
export function ciJob(
  name: string,
  steps: Array<{ name: string; failure?: boolean }>,
  opts: { linesPerStep?: number; durationMs?: number; needs?: string[] } = {},
): GitHubSeedJob {
  const n = opts.linesPerStep ?? 3
  const durationMs = opts.durationMs ?? 10_000
  return {
    name,
    needs: opts.needs,
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

export function ciSeed(runs: GitHubSeedRun[], workflow = 'deploy.yml'): GitHubSeed {
  return {
    repos: [{ owner: 'acme', name: 'app', workflows: [{ name: 'Deploy', path: `.github/workflows/${workflow}`, runs }] }],
  }
}

/** The seeded lines (`job|step|n`) of the given jobs, as the provider must label them (steps after a failure never run). */
export function seededLines(jobs: GitHubSeedJob[]): Array<{ job: string; step: string; text: string }> {
  return jobs.flatMap((j) => {
    const ran = j.steps.slice(0, j.steps.findIndex((s) => s.conclusion === 'failure') + 1 || j.steps.length)
    return ran.flatMap((s) =>
      (s.lines ?? []).map((l) => ({ job: j.name, step: s.name, text: typeof l === 'string' ? l : l.text })),
    )
  })
}

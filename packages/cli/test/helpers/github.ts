import {
  deployWorkflowSeed,
  type Emulator,
  type GitHubSeedRun,
  isLabelledLine,
  ManualClock,
  startEmulator,
} from '@atmos-logs/testkit'
import { cleanEnv, tempProject } from './cli.js'

/**
 * What the github/actions end-to-end tests share: an emulator on a test clock that starts at the
 * current second (the CLI runs on the wall clock, so the two must agree), a project with a `ci`
 * source, and seeds whose lines say where they belong (`job|step|n`, testkit's labelled seeds),
 * the ground truth the CLI's output is checked against.
 */
export const GH_TOKEN = `ghp_${'e2eGitHubActions'.padEnd(36, '0')}`
export const MIN = 60_000

export interface GitHubHarness {
  emulator: Emulator
  clock: ManualClock
  /** The clock's value when the harness started (a whole second). */
  t0: number
  env(extra?: Record<string, string | undefined>): Record<string, string>
  seed(runs: GitHubSeedRun[]): Promise<void>
  /** Moves the emulator's clock forward `stepMs` every `everyMs` of wall time until stopped. */
  drive(stepMs: number, everyMs?: number): () => void
  /** Resolves once the emulator has answered `operation` (the CLI has started reading). */
  called(operation: string): Promise<void>
  reset(): void
  close(): Promise<void>
}

export async function githubHarness(): Promise<GitHubHarness> {
  const t0 = Math.floor(Date.now() / 1000) * 1000
  const clock = new ManualClock(t0)
  const emulator = await startEmulator({ clock })
  return {
    emulator,
    clock,
    t0,
    env: (extra = {}) => cleanEnv({ GITHUB_API_URL: emulator.github, GH_TOKEN, ...extra }),
    seed: async (runs) => {
      await emulator.seed({ github: deployWorkflowSeed(runs) })
    },
    drive(stepMs, everyMs = 25) {
      const timer = setInterval(() => clock.advance(stepMs), everyMs)
      return () => clearInterval(timer)
    },
    async called(operation) {
      while (!emulator.stats.snapshot().calls[operation]) await new Promise((r) => setTimeout(r, 20))
    },
    reset() {
      emulator.reset()
      clock.set(Math.max(clock.now(), Math.floor(Date.now() / 1000) * 1000))
    },
    close: () => emulator.close(),
  }
}

/**
 * The set-up of a github/actions test file or block: a harness started in beforeAll, reset before
 * each test and closed in afterAll. Use it only inside hooks and tests.
 */
export function useGitHubHarness(): GitHubHarness {
  // Filled in by beforeAll: the returned object is the harness once the hook has run.
  const harness = {} as GitHubHarness
  beforeAll(async () => {
    Object.assign(harness, await githubHarness())
  })
  afterAll(async () => {
    await harness.close?.()
  })
  beforeEach(() => harness.reset())
  return harness
}

/** The seed builders the provider's own tests use too: lines that say where they belong. */
export {
  buildTestLintJobs,
  deployWorkflowSeed as ciSeed,
  labelledJob as ciJob,
  seededLinesByJob as truthByJob,
} from '@atmos-logs/testkit'

export interface CiJsonLine {
  type?: string
  timestamp: string
  level: string
  message: string
  id: string
  source: string
  metadata: {
    job: string
    step: string | null
    runNumber: number
    runId: number
    attempt: number
    group: string | null
  }
}

export const parseCi = (stdout: string): CiJsonLine[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CiJsonLine)

/** The printed seeded lines, per job in order, as `step: text` (what truthByJob gives). */
export function printedByJob(lines: CiJsonLine[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const l of lines) {
    if (l.type === 'step' || !isLabelledLine(l.message)) continue
    out[l.metadata.job] = [...(out[l.metadata.job] ?? []), `${l.metadata.step}: ${l.message}`]
  }
  return out
}

/** A project whose atmos.yaml has one github/actions source `ci`. */
export function ciProject(spec: Record<string, unknown> = {}): Promise<string> {
  const source = {
    kind: 'github/actions',
    spec: { repo: 'acme/app', workflow: 'deploy.yml', poll_interval: '200ms', ...spec },
  }
  return tempProject({ 'atmos.yaml': `${JSON.stringify({ logs: { sources: { ci: source } } }, null, 2)}\n` })
}

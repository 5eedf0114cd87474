/**
 * The testkit conformance suite run on this provider, as third-party authors are told to run it on
 * theirs: the registration from the hook, real octokit, the emulator's GitHub routes over HTTP.
 * The seeded events are the lines of one finished run; each appended batch is the next run.
 */
import type { ProviderRegistration } from '@atmos-logs/core/contract'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { type ConformanceEvent, describeProviderConformance } from '@atmos-logs/testkit/conformance'
import providers from './hooks/providers.js'

const registration = (await providers()) as ProviderRegistration

/** One run whose single step prints `events`, each line at its own time; the job ends a second after the last. */
function runOf(id: number, events: ConformanceEvent[]) {
  const createdAt = events[0]!.timestamp
  const last = events[events.length - 1]!.timestamp
  return {
    id,
    createdAt,
    jobs: [
      {
        id,
        name: 'conformance',
        queueMs: 0,
        setupSteps: false,
        steps: [
          {
            name: 'print',
            durationMs: last - createdAt + 1000,
            lines: events.map((e) => ({ atMs: e.timestamp - createdAt, text: e.message })),
          },
        ],
      },
    ],
  }
}

let emu: Emulator | undefined

describeProviderConformance({
  name: 'github/actions against the emulator',
  registration,
  invalidSpec: { spec: { repo: 'not a repository' }, mentions: ['spec.repo'] },
  missingSpec: {
    spec: (spec) => ({ ...spec, repo: 'acme/no-such-repo' }),
    mentions: ['acme/no-such-repo'],
  },
  async setup(events) {
    const e = await startEmulator()
    emu = e
    const runs = [runOf(1, events)]
    // Re-seeding a repository replaces it: the runs so far, plus one more per appended batch.
    const seed = () =>
      e.seed({
        github: {
          repos: [
            {
              owner: 'acme',
              name: 'app',
              workflows: [{ name: 'Conformance', path: '.github/workflows/conformance.yml', runs }],
            },
          ],
        },
      })
    await seed()
    return {
      spec: { repo: 'acme/app', workflow: 'conformance.yml', poll_interval: '200ms' },
      credentials: { type: 'github', token: e.env.GITHUB_TOKEN, baseUrl: e.github },
      append: async (more) => {
        runs.push(runOf(runs.length + 1, more))
        await seed()
      },
      teardown: async () => {
        await emu?.close()
        emu = undefined
      },
    }
  },
})

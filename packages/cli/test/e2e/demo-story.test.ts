import path from 'node:path'
import {
  demoSeed,
  type Emulator,
  STORY_RELEASE,
  type StoryTimes,
  startEmulator,
  storyTimes,
} from '@atmos-logs/testkit'
import { cleanEnv, REPO_ROOT, runCli } from '../helpers/cli.js'

/**
 * The demo tells one story (what `pnpm demo` ends with): the deploy run "Release 1.43.0" at T,
 * its CloudTrail change to the api function at T+40 s, and from T+1 min errors in api, events and
 * worker. The emulator holds the demo seed made for a known `now`, so the story's times are known;
 * the CLI reads examples/demo-project as a user would.
 */
const DEMO = path.join(REPO_ROOT, 'examples/demo-project')

interface Line {
  timestamp: string
  level: string | null
  message: string
  source: string
  kind: string
  component: string
}

let emulator: Emulator
let story: StoryTimes

beforeAll(async () => {
  emulator = await startEmulator()
  const now = Date.now()
  await emulator.seed(demoSeed(now))
  story = storyTimes(now)
}, 60_000)

afterAll(async () => {
  await emulator?.close()
})

const atmos = (args: string[]) =>
  runCli(['logs', ...args], {
    env: cleanEnv({ ...emulator.env, ATMOS_CLI_CONFIG_PATH: DEMO }),
    cwd: DEMO,
    timeoutMs: 120_000,
  })

/** What `pnpm demo` ends with, in json. */
const apiStory = (more: string[]) =>
  atmos([
    'view',
    '--stack',
    'dev',
    '--component',
    'api',
    '--all-sources',
    '--since',
    '30m',
    '--format',
    'json',
    ...more,
  ])

const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line)
const at = (l: Line) => Date.parse(l.timestamp)
const releaseErrors = (all: Line[]) =>
  all.filter((l) => l.level === 'ERROR' && l.message.includes(STORY_RELEASE))

describe('the demo story', () => {
  it('api --all-sources --since 30m: the deploy run, then its CloudTrail change, then the errors, in time order', async () => {
    const result = await apiStory([])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const all = lines(result.stdout)
    expect(all.map(at)).toStrictEqual([...all.map(at)].sort((a, b) => a - b))

    const ci = all.filter((l) => l.source === 'ci')
    expect(at(ci[0]!)).toBeGreaterThanOrEqual(story.deployAt)
    expect(at(ci[0]!)).toBeLessThan(story.deployAt + 5_000)
    const modifying = all.findIndex((l) => l.message.startsWith('aws_lambda_function.api: Modifying'))
    const change = all.findIndex((l) => l.source === 'audit')
    expect(all.filter((l) => l.source === 'audit')).toHaveLength(1)
    expect(all[change]!.message).toMatch(/UpdateFunctionCode.*function:acme-dev-api/)
    expect(at(all[change]!)).toBe(story.changeAt)
    expect(modifying).toBeGreaterThan(-1)
    expect(modifying).toBeLessThan(change)

    // The rise: the release's errors only from T+1 min, and many more than before the deploy.
    const function_ = all.filter((l) => l.source === 'function')
    const released = releaseErrors(function_)
    expect(released.length).toBeGreaterThanOrEqual(20)
    expect(Math.min(...released.map(at))).toBeGreaterThanOrEqual(story.errorsAt)
    expect(function_.filter((l) => l.level === 'ERROR' && at(l) < story.deployAt).length).toBeLessThan(5)
  })

  it('the same story reaches events and worker: their changes at T+40 s, their errors from T+1 min', async () => {
    const result = await atmos([
      'view',
      '--stack',
      'dev',
      '--component',
      'events,worker',
      '--all-sources',
      '--since',
      '30m',
      '--format',
      'json',
    ])
    expect(result.code).toBe(0)
    const all = lines(result.stdout)
    for (const component of ['events', 'worker']) {
      const own = all.filter((l) => l.component === component)
      const changes = own.filter((l) => l.source === 'audit')
      expect(changes).toHaveLength(1)
      expect(at(changes[0]!)).toBeGreaterThanOrEqual(story.changeAt)
      expect(at(changes[0]!)).toBeLessThan(story.changeAt + 5_000)
      const errors = releaseErrors(own)
      expect(errors.length).toBeGreaterThanOrEqual(5)
      expect(Math.min(...errors.map(at))).toBeGreaterThanOrEqual(story.errorsAt)
    }
  })

  it('--summary names the release error first', async () => {
    const result = await apiStory(['--summary'])
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as {
      sources: Array<{
        source: string
        entries: number
        topErrors: Array<{ message: string; count: number }>
      }>
    }
    const bySource = new Map(summary.sources.map((s) => [s.source, s]))
    expect([...bySource.keys()].sort()).toStrictEqual(['access', 'audit', 'ci', 'function'])
    expect(bySource.get('audit')!.entries).toBe(1)
    expect(bySource.get('function')!.topErrors[0]!.message).toBe('Payment provider rejected the order')
  })
})

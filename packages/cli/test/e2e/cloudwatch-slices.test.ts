import { runCli } from '../helpers/cli.js'
import {
  type CloudWatchHarness,
  cloudwatchHarness,
  directProject,
  filterCalls,
  iso,
  parseJsonLines,
  printedKey,
  type TruthEvent,
  truthKey,
} from '../helpers/cloudwatch.js'

/**
 * `atmos logs view` of one log group whose pages take long (injected latency): the built CLI reads
 * the window as concurrent time slices, says so under --debug, and still prints every event
 * exactly once, in the service's order, across slice borders where events share a millisecond.
 */
const BASE = Date.UTC(2026, 2, 1, 8, 0, 0)
const MILLIS = 300
const STREAMS = ['s1', 's2']
const PER_MS = 4

let cw: CloudWatchHarness

beforeAll(async () => {
  // Pages of at most 250 events, so a small window spans many of them and a page ends mid-millisecond.
  cw = await cloudwatchHarness({ filterScanLimit: 250 })
})
afterAll(async () => {
  await cw?.close()
})

it('reads a slow window in time slices and prints every event once, in order', async () => {
  const truth: TruthEvent[] = []
  for (const stream of STREAMS) {
    const events = []
    for (let ms = 0; ms < MILLIS; ms++) {
      for (let k = 0; k < PER_MS; k++)
        events.push({ timestamp: BASE + ms, message: `${stream} ms ${ms} #${k}` })
    }
    truth.push(...(await cw.put('/app/slow', stream, events)))
  }
  // The service's order: by timestamp, then by when it was put (every event of s1 came first).
  const order = new Map(truth.map((e, i) => [e, i]))
  const expected = [...truth].sort((a, b) => a.timestamp - b.timestamp || order.get(a)! - order.get(b)!)
  await cw.faults({ latencyMs: 150, operations: ['FilterLogEvents'] })
  const project = await directProject({ slow: { spec: { log_group: '/app/slow', rate_limit: 100 } } })

  const res = await runCli(
    [
      'logs',
      'view',
      '--source',
      'slow',
      '--format',
      'json',
      '--debug',
      '--since',
      iso(BASE),
      '--until',
      iso(BASE + MILLIS - 1),
    ],
    { env: cw.env(), cwd: project },
  )

  expect(res.code).toBe(0)
  expect(res.stderr).toMatch(/read as \d+ time slices, \d+ at a time: 2026-03-01T08:00:00\.\d{3}Z\.\./)
  const printed = parseJsonLines(res.stdout)
  expect(printed.map(printedKey)).toEqual(expected.map(truthKey))
  // Each slice ran its own token chain from its own start time.
  const starts = new Set(filterCalls(await cw.stats()).map((p) => p.startTime))
  expect(starts.size).toBeGreaterThan(2)
})

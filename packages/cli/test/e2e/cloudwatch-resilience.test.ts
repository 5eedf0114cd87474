import { runCli } from '../helpers/cli.js'
import {
  directProject,
  expectExactlyOnceInOrder,
  iso,
  type TruthEvent,
  useCloudWatchHarness,
} from '../helpers/cloudwatch.js'

/**
 * A flaky service must not cost a single event: with throttling, connection resets and 5xx
 * answers injected by the emulator, `atmos logs view` still prints every event exactly once, in
 * order, and exits 0. Small pages (filterScanLimit) make every read span many requests, so the
 * faults land in the middle of paginations.
 */
const BASE = Date.UTC(2026, 0, 11, 8, 0, 0)
const WINDOW = ['--since', iso(BASE - 1000), '--until', iso(BASE + 86_400_000)]
const GROUPS = ['/aws/lambda/pay', '/aws/lambda/ship', '/aws/lambda/bill']

const cw = useCloudWatchHarness({ filterScanLimit: 40 })
let project: string
beforeAll(async () => {
  project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', rate_limit: 100 } } })
})

async function putData(): Promise<TruthEvent[]> {
  await cw.reset()
  const truth: TruthEvent[] = []
  for (const [g, group] of GROUPS.entries()) {
    const events = Array.from({ length: 240 }, (_, i) => ({
      timestamp: BASE + i * 300 + g * 100,
      message: `${group} #${i}`,
    }))
    for (const stream of ['s1', 's2']) {
      truth.push(
        ...(await cw.put(
          group,
          stream,
          events.filter((_, i) => (i % 2 === 0) === (stream === 's1')),
        )),
      )
    }
  }
  return truth
}

async function viewAll() {
  return runCli(['logs', 'view', '--source', 'fns', '--format', 'json', ...WINDOW], {
    env: cw.env(),
    cwd: project,
    timeoutMs: 50_000,
  })
}

describe('atmos logs view under injected faults (aws/cloudwatch)', () => {
  it('prints every event exactly once with 30% of FilterLogEvents throttled, exit 0', async () => {
    const truth = await putData()
    await cw.faults({ throttle: 0.3, operations: ['FilterLogEvents'] })

    const res = await viewAll()

    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(res.stdout, truth)
    const stats = await cw.stats()
    expect(stats.throttled.FilterLogEvents).toBeGreaterThan(0)
  })

  it('prints every event exactly once with 20% of all connections reset, exit 0', async () => {
    const truth = await putData()
    // Every operation, so group discovery is hit as well as the reads.
    await cw.faults({ reset: 0.2 })

    const res = await viewAll()

    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(res.stdout, truth)
    expect((await cw.stats()).faults.reset).toBeGreaterThan(0)
  })

  it('prints every event exactly once with 20% of FilterLogEvents answered 500, exit 0', async () => {
    const truth = await putData()
    await cw.faults({ error5xx: 0.2, operations: ['FilterLogEvents'] })

    const res = await viewAll()

    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(res.stdout, truth)
    expect((await cw.stats()).faults.error5xx).toBeGreaterThan(0)
  })
})

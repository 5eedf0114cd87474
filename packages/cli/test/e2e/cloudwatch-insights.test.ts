import { runCli } from '../helpers/cli.js'
import { directProject, iso, useCloudWatchHarness } from '../helpers/cloudwatch.js'
import { spawnCli } from '../helpers/stream.js'

/**
 * `atmos logs search --insights` (CloudWatch Logs Insights) end to end: StartQuery over the
 * source's groups, GetQueryResults until Complete, rows as a table or NDJSON, the service's own
 * words for a malformed query, StopQuery on Ctrl-C.
 */
const BASE = Date.UTC(2026, 0, 12, 9, 0, 0)
const WINDOW = ['--since', iso(BASE - 60_000), '--until', iso(BASE + 3_600_000)]

interface AppLog {
  level: string
  service: string
  msg: string
}
const LOGS: AppLog[] = [
  { level: 'INFO', service: 'orders', msg: 'order placed' },
  { level: 'ERROR', service: 'orders', msg: 'card declined' },
  { level: 'INFO', service: 'payments', msg: 'charge ok' },
  { level: 'ERROR', service: 'payments', msg: 'gateway timeout' },
  { level: 'WARN', service: 'payments', msg: 'retrying' },
  { level: 'ERROR', service: 'payments', msg: 'gateway timeout again' },
]

const cw = useCloudWatchHarness({ queryTiming: { scheduledMs: 100, runningMs: 300 } })
let project: string
beforeAll(async () => {
  project = await directProject({ api: { spec: { log_group: '/aws/lambda/shop-*' } } })
})
beforeEach(async () => {
  await cw.reset()
  for (const [i, log] of LOGS.entries()) {
    await cw.put(`/aws/lambda/shop-${log.service}`, 'stream', [
      { timestamp: BASE + i * 1000, message: JSON.stringify(log) },
    ])
  }
  await cw.put('/aws/lambda/other', 'stream', [
    { timestamp: BASE, message: JSON.stringify({ level: 'ERROR', service: 'other', msg: 'not ours' }) },
  ])
})

describe('atmos logs search --insights (aws/cloudwatch)', () => {
  it('prints the rows as a table by default', async () => {
    const res = await runCli(
      [
        'logs',
        'search',
        '--source',
        'api',
        '--insights',
        'filter level = "ERROR" | stats count(*) as errors by service | sort service asc',
        ...WINDOW,
      ],
      { env: cw.env(), cwd: project },
    )

    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout.split('\n').map((l) => l.split(/\s{2,}/))).toEqual([
      ['service', 'errors'],
      ['orders', '1'],
      ['payments', '2'],
      [''],
    ])
    const stats = await cw.stats()
    const start = stats.recent.find((c) => c.operation === 'StartQuery')!.params as {
      logGroupNames: string[]
      startTime: number
      endTime: number
    }
    expect([...start.logGroupNames].sort()).toEqual(['/aws/lambda/shop-orders', '/aws/lambda/shop-payments'])
    expect(start.startTime).toBe((BASE - 60_000) / 1000)
    expect(start.endTime).toBe((BASE + 3_600_000) / 1000)
    expect(stats.calls.GetQueryResults).toBeGreaterThanOrEqual(1)
  })

  it('prints one JSON object per row with --format json', async () => {
    const res = await runCli(
      [
        'logs',
        'search',
        '--source',
        'api',
        '--format',
        'json',
        '--insights',
        'fields @timestamp, service, msg | filter level = "ERROR" | sort @timestamp asc',
        ...WINDOW,
      ],
      { env: cw.env(), cwd: project },
    )

    expect(res.code).toBe(0)
    const rows = res.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
    const errors = LOGS.map((log, i) => ({ ...log, at: BASE + i * 1000 })).filter((l) => l.level === 'ERROR')
    expect(rows).toEqual(
      errors.map((e) => ({
        '@timestamp': iso(e.at).replace('T', ' ').replace('Z', ''),
        service: e.service,
        msg: e.msg,
      })),
    )
  })

  it('reports a malformed query as bad input in the service words, naming --insights, exit 2', async () => {
    const query = 'fields @timestamp | filtr level = "ERROR"'
    // What the service itself says about this query.
    const direct = await fetch(cw.emulator.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.StartQuery' },
      body: JSON.stringify({
        logGroupNames: ['/aws/lambda/shop-orders'],
        queryString: query,
        startTime: 0,
        endTime: 1,
      }),
    }).then((r) => r.json() as Promise<{ __type: string; message: string }>)
    expect(direct.__type).toMatch(/MalformedQueryException/)

    const res = await runCli(['logs', 'search', '--source', 'api', '--insights', query, ...WINDOW], {
      env: cw.env(),
      cwd: project,
    })

    // The query is what the user typed: the service refusing it is a usage error, not its failure.
    expect(res.code).toBe(2)
    expect(res.stdout).toBe('')
    expect(res.stderr).toMatch(
      /^Error: The --insights query for the aws\/cloudwatch source "api" is not valid/,
    )
    expect(res.stderr).toContain(direct.message)
    expect(res.stderr).toContain('Logs Insights query syntax')
    expect(res.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('atmos logs search --insights interrupted', () => {
  // A query that stays Running far longer than the test.
  const slow = useCloudWatchHarness({ queryTiming: { scheduledMs: 100, runningMs: 600_000 } })

  it('stops the running query with StopQuery on Ctrl-C and exits 130', async () => {
    await slow.put('/aws/lambda/shop-orders', 'stream', [{ timestamp: BASE, message: 'x' }])
    const cli = spawnCli(['logs', 'search', '--source', 'api', '--insights', 'stats count(*)', ...WINDOW], {
      env: slow.env(),
      cwd: project,
    })
    const deadline = Date.now() + 20_000
    while (((await slow.stats()).calls.GetQueryResults ?? 0) < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50))
    }

    cli.kill('SIGINT')
    const res = await cli.exited

    expect(res.code).toBe(130)
    expect(res.stdout).toBe('')
    expect(res.stderr).not.toMatch(/\n\s+at |Error:/)
    const stats = await slow.stats()
    const polled = stats.recent.find((c) => c.operation === 'GetQueryResults')!.params as { queryId: string }
    const stopped = stats.recent.find((c) => c.operation === 'StopQuery')?.params as { queryId: string }
    expect(stopped).toEqual({ queryId: polled.queryId })
  })
})

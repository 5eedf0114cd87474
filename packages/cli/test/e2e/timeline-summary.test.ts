import { runCli } from '../helpers/cli.js'
import { putTrail } from '../helpers/cloudtrail.js'
import { directProject, useCloudWatchHarness } from '../helpers/cloudwatch.js'

/**
 * `--summary` against what the test put: per source, counts by level, the first and last time,
 * and the repeated ERROR messages ranked by how often their shape (ids, numbers, times, uuids and
 * hex set aside) occurred. Each shape below is logged with different ids and numbers each time.
 */
const SECOND = 1000
const T = Math.floor((Date.now() - 20 * 60 * SECOND) / SECOND) * SECOND
const hex = (i: number, n: number) => ((i + 1) * 2_654_435_761).toString(16).padStart(n, 'a').slice(0, n)
const uuid = (i: number) =>
  `${hex(i, 8)}-${hex(i + 1, 4)}-4${hex(i + 2, 3)}-a${hex(i + 3, 3)}-${hex(i + 4, 12)}`

/** Error shapes, how often each occurs, and how one occurrence is written. */
const SHAPES: Array<{ shape: string; count: number; write: (i: number) => string }> = [
  {
    shape: 'order <id> failed after <n> ms (request <uuid>)',
    count: 7,
    write: (i) => `ERROR order ord-${1000 + i} failed after ${3000 + i * 17} ms (request ${uuid(i)})`,
  },
  {
    shape: 'payment provider timed out at <time>',
    count: 6,
    write: (i) =>
      JSON.stringify({
        level: 'error',
        msg: `payment provider timed out at ${new Date(T + i * 1000).toISOString()}`,
        order: `ord-${i}`,
      }),
  },
  {
    shape: 'cache key <hex> evicted',
    count: 5,
    write: (i) => `[ERROR] cache key 0x${hex(i, 10)} evicted`,
  },
  { shape: 'worker <n> crashed', count: 4, write: (i) => `ERROR: worker ${40 + i} crashed` },
  {
    shape: 'retry <n> of <n> for job <id>',
    count: 3,
    write: (i) => `{"level":50,"msg":"retry ${i + 1} of 5 for job j${900 + i}","pid":${100 + i}}`,
  },
  { shape: 'disk full on <id>', count: 2, write: (i) => `ERROR disk full on vol-${i}` },
]
const OTHER = [
  ...Array.from({ length: 9 }, (_, i) => `INFO handled GET /orders/${i} in ${i + 3} ms`),
  ...Array.from({ length: 4 }, (_, i) => `WARN slow response ${i * 100} ms`),
  ...Array.from({ length: 3 }, () => `{"level":"debug","msg":"cache lookup"}`),
  ...Array.from({ length: 2 }, (_, i) => `a line with no level ${i}`),
]

const FUNCTION_MESSAGES = [
  ...SHAPES.flatMap((s) => Array.from({ length: s.count }, (_, i) => s.write(i))),
  ...OTHER,
]
// Spread over ten minutes, in an order that mixes the shapes (a fixed shuffle).
const FUNCTION_EVENTS = FUNCTION_MESSAGES.map((message, i) => ({ message, order: (i * 37) % 101 }))
  .sort((a, b) => a.order - b.order)
  .map((e, i) => ({ timestamp: T + i * 7_000 + 250, message: e.message }))

const h = useCloudWatchHarness()
let project: string

beforeAll(async () => {
  await h.put('/aws/lambda/acme-dev-api', 'stream-a', FUNCTION_EVENTS.slice(0, 25))
  await h.put('/aws/lambda/acme-dev-api', 'stream-b', FUNCTION_EVENTS.slice(25))
  await h.put('/ecs/acme-dev/worker', 'worker/1', [
    { timestamp: T + 30_000, message: 'INFO job 1 done' },
    { timestamp: T + 90_000, message: 'INFO job 2 done' },
  ])
  await putTrail(h, [
    { EventName: 'UpdateFunctionCode20150331v2', EventSource: 'lambda.amazonaws.com', EventTime: T + 40_000 },
    {
      EventName: 'UpdateFunctionConfiguration20150331v2',
      EventSource: 'lambda.amazonaws.com',
      EventTime: T + 100_000,
      errorCode: 'ResourceConflictException',
    },
  ])
  project = await directProject({
    function: { spec: { log_group: '/aws/lambda/acme-dev-api' } },
    worker: { spec: { log_group: '/ecs/acme-dev/worker' } },
    quiet: { spec: { log_group: '/aws/lambda/acme-dev-quiet' } },
    audit: { kind: 'aws/cloudtrail', spec: { event_source: 'lambda.amazonaws.com' } },
  })
  await h.put('/aws/lambda/acme-dev-quiet', 'none', [])
}, 60_000)

const logs = (command: 'view' | 'search', sources: string, args: string[]) =>
  runCli(['logs', command, '--source', sources, '--since', '30m', '--summary', ...args], {
    env: h.env(),
    cwd: project,
    timeoutMs: 90_000,
  })
const view = (args: string[]) => logs('view', 'function,worker,quiet,audit', args)

const count = (level: string) =>
  FUNCTION_MESSAGES.filter((m) => {
    if (level === 'ERROR')
      return SHAPES.some((s) => Array.from({ length: s.count }, (_, i) => s.write(i)).includes(m))
    if (level === 'none') return m.startsWith('a line')
    if (level === 'DEBUG') return m.includes('"debug"')
    return m.startsWith(level)
  }).length

describe('--summary', () => {
  it('json: counts by level, first and last time, the top 5 error shapes of each source', async () => {
    const out = await view(['--format', 'json'])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    const lines = out.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    const summary = JSON.parse(lines[0]!)
    expect(summary.type).toBe('summary')
    const bySource = Object.fromEntries(summary.sources.map((s: { source: string }) => [s.source, s]))
    expect(summary.sources.map((s: { source: string }) => s.source).sort()).toEqual([
      'audit',
      'function',
      'quiet',
      'worker',
    ])
    expect(bySource.function).toMatchObject({
      kind: 'aws/cloudwatch',
      entries: FUNCTION_EVENTS.length,
      levels: {
        ERROR: count('ERROR'),
        WARN: count('WARN'),
        INFO: count('INFO'),
        DEBUG: count('DEBUG'),
        none: count('none'),
      },
      first: new Date(FUNCTION_EVENTS[0]!.timestamp).toISOString(),
      last: new Date(FUNCTION_EVENTS.at(-1)!.timestamp).toISOString(),
      approximate: false,
    })
    expect(bySource.function.levels.ERROR).toBe(27)
    expect(
      bySource.function.topErrors.map((e: { message: string; count: number }) => [e.message, e.count]),
    ).toEqual(SHAPES.slice(0, 5).map((s) => [s.shape, s.count]))
    expect(bySource.worker).toMatchObject({ entries: 2, levels: { INFO: 2, ERROR: 0 }, topErrors: [] })
    expect(bySource.quiet).toMatchObject({ entries: 0, first: null, last: null, topErrors: [] })
    expect(bySource.audit).toMatchObject({
      kind: 'aws/cloudtrail',
      entries: 2,
      levels: { INFO: 1, ERROR: 1 },
      first: new Date(T + 40_000).toISOString(),
      last: new Date(T + 100_000).toISOString(),
    })
    expect(bySource.audit.topErrors).toHaveLength(1)
    expect(bySource.audit.topErrors[0].count).toBe(1)
  }, 90_000)

  it('pretty: one screen, a block per source, the counts and shapes readable', async () => {
    const out = await view(['--utc'])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    const text = out.stdout
    expect(text.split('\n')[0]).toMatch(/^Summary of .*: 49 entries$/)
    expect(text).toContain(`function (aws/cloudwatch)  ${FUNCTION_EVENTS.length} entries`)
    expect(text).toContain(
      `ERROR ${count('ERROR')}  WARN ${count('WARN')}  INFO ${count('INFO')}  DEBUG ${count('DEBUG')}  no level ${count('none')}`,
    )
    for (const s of SHAPES.slice(0, 5))
      expect(text).toMatch(new RegExp(` ${s.count}× ${s.shape.replace(/[()]/g, '\\$&')}\\n`))
    expect(text).not.toContain(SHAPES[5]!.shape)
    expect(text).toMatch(/quiet \(aws\/cloudwatch\) {2}0 entries\n/)
    expect(text.split('\n').length).toBeLessThan(40)
  }, 90_000)

  it('--format raw is refused with exit 2; search --summary counts what the filter kept', async () => {
    const raw = await view(['--format', 'raw'])
    expect(raw.code).toBe(2)
    expect(raw.stderr).toContain('--summary prints pretty or json')
    const search = await logs('search', 'function', ['--query', 'ERROR', '--format', 'json'])
    expect(search.stderr).toBe('')
    expect(search.code).toBe(0)
    const [only] = JSON.parse(search.stdout).sources
    // CloudWatch's term ERROR matches the plain ERROR lines (a JSON "error" is another word).
    const plainErrors = FUNCTION_MESSAGES.filter((m) => /\bERROR\b/.test(m)).length
    expect(only.entries).toBe(plainErrors)
    expect(only.levels.ERROR).toBe(plainErrors)
  }, 90_000)
})

import { type LambdaInvocation, lambdaInvocationEvents } from '@atmos-logs/testkit'
import { runCli } from '../helpers/cli.js'
import {
  type CloudWatchHarness,
  directProject,
  iso,
  type JsonLine,
  parseJsonLines,
  type TruthEvent,
  useCloudWatchHarness,
} from '../helpers/cloudwatch.js'
import { spawnCli } from '../helpers/stream.js'

/**
 * --group-requests through the built CLI against the emulator: concurrent Lambda invocations whose
 * lines interleave (in one log stream, as a multi-concurrency environment writes them, and across
 * streams), lines of no invocation, an invocation still running when the window ends and one that
 * began before it. The ground truth is the invocations the test put.
 */
const FUNCTION_GROUP = '/aws/lambda/acme-dev-orders'
const ACCESS_GROUP = '/aws/apigateway/acme-dev-orders/access'
const T0 = Math.floor((Date.now() - 20 * 60_000) / 1000) * 1000
const SINCE = T0
const UNTIL = T0 + 6_000

const id = (n: number) => `${String(n).repeat(8)}-0000-4000-8000-${String(n).repeat(12)}`
const runtimeLine = (at: number, requestId: string, level: string, text: string) =>
  `${new Date(at).toISOString()}\t${requestId}\t${level}\t${text}`
const powertools = (text: string, trace: string, requestId?: string) =>
  JSON.stringify({
    level: 'INFO',
    message: text,
    service: 'orders',
    ...(requestId ? { function_request_id: requestId } : {}),
    xray_trace_id: trace,
  })

const cw = useCloudWatchHarness()
let project: string
/** Every event put, and per invocation its events (in time order). */
const invocations = new Map<string, { invocation: LambdaInvocation; events: TruthEvent[] }>()
let loose: TruthEvent[] = []

async function putInvocations(
  stream: string,
  list: LambdaInvocation[],
  extra: Array<{ timestamp: number; message: string }> = [],
) {
  // One stream's lines in time order, the invocations' lines interleaved as they ran.
  const tagged = [
    ...list.flatMap((invocation) =>
      lambdaInvocationEvents(invocation).map((e) => ({ ...e, of: invocation.requestId })),
    ),
    ...extra.map((e) => ({ ...e, of: undefined as string | undefined })),
  ].sort((a, b) => a.timestamp - b.timestamp)
  const put = await cw.put(
    FUNCTION_GROUP,
    stream,
    tagged.map(({ timestamp, message }) => ({ timestamp, message })),
  )
  put.forEach((event, i) => {
    const of = tagged[i]!.of
    if (of === undefined) loose.push(event)
    else invocations.get(of)!.events.push(event)
  })
}

const invocation = (n: number, over: Partial<LambdaInvocation>): LambdaInvocation => {
  const requestId = id(n)
  const made: LambdaInvocation = {
    requestId,
    start: T0,
    durationMs: 100,
    memorySizeMB: 256,
    maxMemoryUsedMB: 60 + n,
    lines: [],
    ...over,
  }
  invocations.set(requestId, { invocation: made, events: [] })
  return made
}

beforeAll(async () => {
  project = await directProject({
    function: { spec: { log_group: FUNCTION_GROUP } },
    access: { spec: { log_group: ACCESS_GROUP } },
  })
  invocations.clear()
  loose = []
  // Stream 1: a multi-concurrency environment, B and D at once; an init line and an extension line of no invocation.
  const b = invocation(2, {
    start: T0 + 100,
    durationMs: 812.5,
    initDurationMs: 230.25,
    lines: [
      { atMs: 10, message: runtimeLine(T0 + 110, id(2), 'INFO', 'b reading order ord-7') },
      { atMs: 700, message: runtimeLine(T0 + 800, id(2), 'ERROR', 'b payment timed out') },
    ],
  })
  const d = invocation(4, {
    start: T0 + 150,
    durationMs: 450,
    lines: [
      // Powertools before the logger knows the request: only the trace ties it to D.
      { atMs: 10, message: powertools('d cold cache', '1-aaaa-d') },
      { atMs: 20, message: powertools('d reading order ord-9', '1-aaaa-d', id(4)) },
    ],
  })
  await putInvocations(
    '2026/12/02/[$LATEST]multi',
    [b, d],
    [
      {
        timestamp: T0 + 50,
        message:
          'INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0',
      },
      {
        timestamp: T0 + 620,
        message: 'EXTENSION\tName: otel-collector\tState: Ready\tEvents: [INVOKE, SHUTDOWN]',
      },
    ],
  )
  // Stream 2: one invocation after another, the last still running when the window ends.
  const a = invocation(1, {
    start: T0 + 20,
    durationMs: 300.75,
    lines: [{ atMs: 40, message: runtimeLine(T0 + 60, id(1), 'INFO', 'a listed 3 orders') }],
  })
  const c = invocation(3, {
    start: T0 + 1_000,
    durationMs: 3_000,
    status: 'timeout',
    lines: [{ atMs: 2_999, message: `${iso(T0 + 3_999)} ${id(3)} Task timed out after 3.00 seconds` }],
  })
  const e = invocation(5, {
    start: T0 + 5_000,
    durationMs: 60_000,
    ended: false,
    lines: [{ atMs: 300, message: runtimeLine(T0 + 5_300, id(5), 'INFO', 'e exporting 10000 rows') }],
  })
  await putInvocations('2026/12/02/[$LATEST]serial', [a, c, e])
  // Stream 3: an invocation whose START is before the window.
  const f = invocation(6, {
    start: T0 - 500,
    durationMs: 700,
    lines: [{ atMs: 530, message: runtimeLine(T0 + 30, id(6), 'INFO', 'f almost done') }],
  })
  await putInvocations('2026/12/02/[$LATEST]early', [f])
  invocations.get(id(6))!.events = invocations.get(id(6))!.events.filter((ev) => ev.timestamp >= SINCE)
  // Another source of the same read, API Gateway's access log: lines of no invocation.
  loose.push(
    ...(await cw.put(ACCESS_GROUP, 'access', [
      { timestamp: T0 + 130, message: '203.0.113.7 - - "GET /orders/ord-7 HTTP/1.1" 200 512' },
      { timestamp: T0 + 4_010, message: '203.0.113.7 - - "GET /orders/ord-8 HTTP/1.1" 504 36' },
    ])),
  )
}, 60_000)

/**
 * What --group-requests must print, from the truth alone: each invocation's lines together, ordered
 * by its first line in the window; every other line at its own time.
 */
function expectedOrder(): TruthEvent[] {
  const items = [
    ...[...invocations.values()].map(({ events }) => ({ at: events[0]!.timestamp, events })),
    ...loose.map((event) => ({ at: event.timestamp, events: [event] })),
  ].sort((x, y) => x.at - y.at)
  return items.flatMap((item) => item.events)
}

const view = (args: string[]) =>
  runCli(
    [
      'logs',
      'view',
      '--source',
      'function,access',
      '--since',
      iso(SINCE),
      '--until',
      iso(UNTIL),
      '--group-requests',
      ...args,
    ],
    { env: cw.env(), cwd: project, timeoutMs: 90_000 },
  )

type Grouped = JsonLine & { invocation?: Record<string, unknown> }

describe('--group-requests', () => {
  it('prints each invocation together, in order of START, every line once, the REPORT on the first line', async () => {
    const result = await view(['--format', 'json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const printed = parseJsonLines(result.stdout) as Grouped[]
    expect(printed.map((l) => `${l.id} ${l.message}`)).toStrictEqual(
      expectedOrder().map((e) => `${e.id} ${e.message}`),
    )
    expect(new Set(printed.map((l) => l.id)).size).toBe(printed.length)

    const heads = printed.filter((l) => l.invocation)
    expect(heads.map((l) => l.invocation!.requestId)).toStrictEqual([
      id(1),
      id(6),
      id(2),
      id(4),
      id(3),
      id(5),
    ])
    for (const head of heads) {
      const { invocation: truth, events } = invocations.get(head.invocation!.requestId as string)!
      const ended = truth.ended !== false
      expect(head.invocation).toStrictEqual({
        requestId: truth.requestId,
        ...(ended
          ? {
              durationMs: truth.durationMs,
              billedDurationMs: Math.ceil(truth.durationMs),
              memorySizeMB: truth.memorySizeMB,
              maxMemoryUsedMB: truth.maxMemoryUsedMB,
            }
          : { open: 'end' }),
        ...(truth.initDurationMs !== undefined ? { initDurationMs: truth.initDurationMs } : {}),
        ...(truth.status ? { status: truth.status } : {}),
        started: truth.start >= SINCE,
        lines: events.length,
      })
    }
  })

  it('reads as a story in pretty output', async () => {
    const result = await view(['--utc', '--no-color'])
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    const startOf = (n: number) => lines.findIndex((l) => l.includes(`START RequestId: ${id(n)}`))
    expect(lines[startOf(2)]).toMatch(/— 812\.5 ms, max memory 62 of 256 MB, init 230\.25 ms$/)
    // B's own lines hang under its START, D's after them, the extension line after both.
    expect(lines[startOf(2) + 1]).toMatch(/INFO {2}│ b reading order ord-7$/)
    expect(lines[startOf(2) + 4]).toMatch(/└ REPORT RequestId: /)
    expect(lines[startOf(4) + 1]).toMatch(/│ d cold cache service=orders xray_trace_id=1-aaaa-d$/)
    expect(lines[startOf(4) + 2]).toMatch(/│ d reading order ord-9 service=orders xray_trace_id=1-aaaa-d$/)
    expect(lines[startOf(3)]).toMatch(/— 3000 ms, max memory 63 of 256 MB, timeout$/)
    expect(lines[startOf(5)]).toMatch(/— no REPORT before the read ended$/)
    expect(lines.at(-1)).toMatch(/└ e exporting 10000 rows$/)
    expect(lines[startOf(1) + 4]).toMatch(
      /INFO {2}f almost done — 700 ms, max memory 66 of 256 MB, began before the lines read$/,
    )
  })

  it('refuses --summary with it (exit 2), before reading anything', async () => {
    const result = await view(['--summary'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--summary counts entries; --group-requests orders the entries it prints/)
    expect(result.stdout).toBe('')
  })

  it('raw output changes only the order', async () => {
    const result = await view(['--format', 'raw'])
    expect(result.stdout.trimEnd().split('\n')).toStrictEqual(expectedOrder().map((e) => e.message))
  })

  it('following prints other lines at once, an invocation when its REPORT comes, one without it after the hold', async () => {
    const cli = spawnCli(
      [
        'logs',
        'tail',
        '--source',
        'function',
        '--follow',
        '--lines',
        '0',
        '--group-requests',
        '--format',
        'json',
      ],
      { env: cw.env(), cwd: project, timeoutMs: 90_000 },
    )
    try {
      await untilLive(cw)
      const now = Date.now()
      const x = {
        requestId: id(7),
        start: now,
        durationMs: 40,
        memorySizeMB: 128,
        maxMemoryUsedMB: 70,
        lines: [],
      }
      const [startX, endX, reportX] = lambdaInvocationEvents(x)
      await cw.put(FUNCTION_GROUP, 'live', [
        startX!,
        { timestamp: now + 1, message: runtimeLine(now + 1, id(7), 'INFO', 'x working') },
      ])
      await cw.put(FUNCTION_GROUP, 'live', [
        { timestamp: now + 2, message: 'EXTENSION\tName: otel-collector\tState: Ready' },
      ])
      // The extension line arrives first: X waits for its REPORT.
      const first = await cli.waitForLines(1)
      expect(first.map((l) => (JSON.parse(l) as Grouped).message)).toStrictEqual([
        'EXTENSION\tName: otel-collector\tState: Ready',
      ])
      await cw.put(FUNCTION_GROUP, 'live', [endX!, reportX!])
      const withX = (await cli.waitForLines(5)).map((l) => JSON.parse(l) as Grouped)
      expect(withX.slice(1).map((l) => l.message)).toStrictEqual([
        startX!.message,
        runtimeLine(now + 1, id(7), 'INFO', 'x working'),
        endX!.message,
        reportX!.message,
      ])
      expect(withX[1]!.invocation).toMatchObject({ requestId: id(7), durationMs: 40, maxMemoryUsedMB: 70 })

      // Y never reports while followed: printed after the hold, flagged; its next line then prints alone.
      const y = Date.now()
      await cw.put(FUNCTION_GROUP, 'live', [
        { timestamp: y, message: `START RequestId: ${id(8)} Version: $LATEST` },
      ])
      const withY = (await cli.waitForLines(6, 40_000)).map((l) => JSON.parse(l) as Grouped)
      expect(withY[5]!.invocation).toMatchObject({ requestId: id(8), open: 'held', started: true })
      await cw.put(FUNCTION_GROUP, 'live', [
        { timestamp: Date.now(), message: runtimeLine(Date.now(), id(8), 'INFO', 'y still going') },
      ])
      const after = (await cli.waitForLines(7)).map((l) => JSON.parse(l) as Grouped)
      expect(after[6]!.message).toMatch(/y still going$/)
      expect(after[6]).not.toHaveProperty('invocation')
    } finally {
      cli.kill('SIGINT')
      await cli.exited
    }
  }, 90_000)
})

async function untilLive(h: CloudWatchHarness): Promise<void> {
  const deadline = Date.now() + 20_000
  while (((await h.stats()).calls.StartLiveTail ?? 0) < 1) {
    if (Date.now() > deadline) throw new Error('gave up waiting for StartLiveTail')
    await new Promise((r) => setTimeout(r, 50))
  }
}

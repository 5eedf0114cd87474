import { readFileSync } from 'node:fs'
import path from 'node:path'
import { runCli, tempProject } from '../helpers/cli.js'
import { type CloudWatchHarness, cloudwatchHarness } from '../helpers/cloudwatch.js'

/**
 * Structured log lines through the built CLI: one line of each logger's documented JSON shape in a
 * CloudWatch log group (the emulator). Pretty shows level, message, then the other fields; json
 * and raw print each message exactly as logged.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/structured-logs')
const SHAPES = ['powertools', 'pino', 'bunyan', 'zap', 'logrus', 'slog', 'ecs']
const GROUP = '/aws/lambda/acme-dev-structured'
const T = Date.parse('2026-12-02T08:00:00.000Z')
const RID = 'd507e233-2faf-4666-adb7-9357d971957a'
const RANGE = ['--since', '2026-12-02T07:59:00Z', '--until', '2026-12-02T08:01:00Z']

let h: CloudWatchHarness
let project: string
const lines = SHAPES.map((s) => readFileSync(path.join(FIXTURES, `${s}.json`), 'utf8').trimEnd())

beforeAll(async () => {
  h = await cloudwatchHarness()
  project = await tempProject({
    'atmos.yaml': `logs:\n  sources:\n    fn: {kind: aws/cloudwatch, spec: {log_group: "${GROUP}"}}\n`,
  })
  await h.put(GROUP, '2026/12/02/[$LATEST]s1', [
    ...lines.map((message, i) => ({ timestamp: T + i * 1000, message })),
    { timestamp: T + 7000, message: '2026-12-02T08:00:07.000Z INFO worker: job done' },
    // The Node.js Lambda runtime's own head: time, request id and level, tab separated.
    {
      timestamp: T + 8000,
      message: `2026-12-02T08:00:08.000Z\t${RID}\tWARN\tMessage m-1 failed, back to the queue`,
    },
  ])
})
afterAll(async () => {
  await h?.close()
})

const view = (args: string[]) =>
  runCli(['logs', 'view', '--source', 'fn', ...RANGE, ...args], { env: h.env(), cwd: project })

describe('structured log lines, end to end', () => {
  it('pretty: the level, the message, then the other fields; a repeated time and level once', async () => {
    const out = await view(['--utc'])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    expect(out.stdout.split('\n')).toEqual([
      '2026-12-02T08:00:00.000Z INFO  Collecting payment location=collect_payment:29 service=payment cold_start=true function_name=acme-dev-api function_request_id=4b1e9c2a-7d3f-4e51-9a0b-2f6c8d1e5a77 xray_trace_id=1-6753c2a1-0f3b5d7e9a1c2e4f6a8b0c2d',
      '2026-12-02T08:00:01.000Z INFO  order stored pid=4711 hostname=ip-10-0-1-7 orderId=ord-981 total=12345678901234567890',
      '2026-12-02T08:00:02.000Z ERROR card declined name=checkout hostname=ip-10-0-1-8 pid=812 v=0',
      '2026-12-02T08:00:03.000Z WARN  retrying delivery caller=queue/consumer.go:88 attempt=3 backoff=2s',
      '2026-12-02T08:00:04.000Z INFO  cache warmed entries=1200',
      '2026-12-02T08:00:05.000Z ERROR upstream failed service=billing status=503 err="connect: connection refused"',
      '2026-12-02T08:00:06.000Z INFO  request served ecs.version=8.10.0 http={"request":{"method":"GET"}} url={"path":"/orders"}',
      '2026-12-02T08:00:07.000Z INFO  worker: job done',
      `2026-12-02T08:00:08.000Z WARN  Message m-1 failed, back to the queue request_id=${RID}`,
      '',
    ])
  })

  it('json and raw: every message exactly as logged', async () => {
    const [json, raw] = await Promise.all([view(['--format', 'json']), view(['--format', 'raw'])])
    expect(json.code).toBe(0)
    const messages = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).message)
    expect(messages.slice(0, SHAPES.length)).toEqual(lines)
    expect(raw.stdout.split('\n').slice(0, SHAPES.length)).toEqual(lines)
  })

  it('--expand indents the JSON instead', async () => {
    const out = await view(['--utc', '--expand', '--limit', '1'])
    expect(out.stdout.split('\n').slice(0, 3)).toEqual([
      '2026-12-02T08:00:00.000Z INFO  {',
      `${' '.repeat(33)}"level": "INFO",`,
      `${' '.repeat(33)}"location": "collect_payment:29",`,
    ])
  })
})

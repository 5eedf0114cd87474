import { spawn } from 'node:child_process'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { BIN, type CliResult, runCli } from '../helpers/cli.js'
import { PRETTY_MESSAGE, useOutputProject, WORKER_LOG } from '../helpers/output-project.js'

/**
 * Two providers in one command: a Lambda's CloudWatch log group (the emulator, built-in
 * aws/cloudwatch) and a worker's local file, merged into one time-ordered stream.
 */
const GROUP = '/aws/lambda/acme-dev-api'
const at = (iso: string) => Date.parse(iso)
const CLOUDWATCH = [
  { timestamp: at('2026-11-27T10:00:00.500Z'), message: 'START RequestId: 7f1c Version: $LATEST' },
  {
    timestamp: at('2026-11-27T10:00:02.000Z'),
    message: '[ERROR] ValueError: bad input\nTraceback (most recent call last):\n  File "handler.py", line 3',
  },
  {
    timestamp: at('2026-11-27T10:00:03.900Z'),
    message: '{ "level": "info", "msg": "done", "id": 12345678901234567890 }',
  },
]
const RANGE = ['--since', '2026-11-27T09:00:00Z', '--until', '2026-11-27T11:00:00Z']

describe('sources from two providers, interleaved', () => {
  let emulator: Emulator
  const fixture = useOutputProject({
    files: {
      'stacks/deploy/dev.yaml': [
        'vars:',
        '  stage: dev',
        'components:',
        '  terraform:',
        '    lambda:',
        '      logs:',
        '        sources:',
        `          function: {kind: aws/cloudwatch, spec: {log_group: "${GROUP}"}}`,
        '    worker:',
        '      logs:',
        '        sources:',
        '          service: {kind: local/file, spec: {path: ./logs/worker.log}}',
        '',
      ].join('\n'),
    },
  })
  const env = (extra: Record<string, string | undefined> = {}) =>
    fixture.env({
      ...emulator.env,
      // nothing from the machine's own AWS setup
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      ...extra,
    })

  beforeAll(async () => {
    emulator = await startEmulator({ liveTailIntervalMs: 100 })
    emulator.cloudwatch.putEvents(GROUP, '2026/11/27/[$LATEST]a1', CLOUDWATCH)
  })

  afterAll(async () => {
    await emulator?.close()
  })

  const view = (args: string[]) =>
    runCli(['logs', 'view', '--stack', 'dev', '--component', 'lambda,worker', ...RANGE, ...args], {
      env: env(),
      cwd: fixture.project,
    })

  it('pretty: one time-ordered stream, [component] prefixes aligned, multi-line messages indented', async () => {
    const out = await view(['--utc'])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    expect(out.stdout.split('\n')).toEqual([
      '[lambda] 2026-11-27T10:00:00.500Z       START RequestId: 7f1c Version: $LATEST',
      `[worker] 2026-11-27T10:00:01.200Z DEBUG ${PRETTY_MESSAGE[WORKER_LOG[0]!]}`,
      '[lambda] 2026-11-27T10:00:02.000Z ERROR [ERROR] ValueError: bad input',
      '                                        Traceback (most recent call last):',
      '                                          File "handler.py", line 3',
      `[worker] 2026-11-27T10:00:03.400Z WARN  ${PRETTY_MESSAGE[WORKER_LOG[1]!]}`,
      // a JSON message: its msg, then its other fields, the 64-bit number as logged
      '[lambda] 2026-11-27T10:00:03.900Z INFO  done id=12345678901234567890',
      '',
    ])
  })

  it('--expand lays a JSON message out over several lines, under its first', async () => {
    const out = await runCli(
      [
        'logs',
        'view',
        '--stack',
        'dev',
        '--component',
        'lambda',
        '--since',
        '2026-11-27T10:00:03Z',
        '--utc',
        '--expand',
      ],
      { env: env(), cwd: fixture.project },
    )
    expect(out.code).toBe(0)
    expect(out.stdout).toBe(
      [
        '2026-11-27T10:00:03.900Z INFO  {',
        '                                 "level": "info",',
        '                                 "msg": "done",',
        '                                 "id": 12345678901234567890',
        '                               }',
        '',
      ].join('\n'),
    )
  })

  it('json: the same stream with each entry’s kind, component and stack', async () => {
    const out = await view(['--format', 'json'])
    expect(out.code).toBe(0)
    const entries = out.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(entries.map((e) => [e.timestamp, e.kind, e.component, e.source, e.stack])).toEqual([
      ['2026-11-27T10:00:00.500Z', 'aws/cloudwatch', 'lambda', 'function', 'dev'],
      ['2026-11-27T10:00:01.200Z', 'local/file', 'worker', 'service', 'dev'],
      ['2026-11-27T10:00:02.000Z', 'aws/cloudwatch', 'lambda', 'function', 'dev'],
      ['2026-11-27T10:00:03.400Z', 'local/file', 'worker', 'service', 'dev'],
      ['2026-11-27T10:00:03.900Z', 'aws/cloudwatch', 'lambda', 'function', 'dev'],
    ])
    expect(entries[2].message).toBe(CLOUDWATCH[1]!.message)
    expect(entries[4].message).toBe(CLOUDWATCH[2]!.message) // json keeps the message exactly as logged
    for (const e of entries) expect(e.id).toEqual(expect.any(String))
  })

  it('--limit counts over the merged stream', async () => {
    const out = await view(['--format', 'raw', '--limit', '3'])
    expect(out.code).toBe(0)
    expect(out.stdout).toBe(`${CLOUDWATCH[0]!.message}\n${WORKER_LOG[0]}\n${CLOUDWATCH[1]!.message}\n`)
  })

  it('follow mode on the emulator: new events print as they come; Ctrl-C exits 130 with whole lines', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'logs',
        'tail',
        '--follow',
        '--stack',
        'dev',
        '--component',
        'lambda',
        '--format',
        'json',
        '--lines',
        '1',
      ],
      { cwd: fixture.project, env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000)
    const exited = new Promise<CliResult>((resolve) =>
      child.on('close', (code, signal) => {
        clearTimeout(guard)
        resolve({ stdout, stderr, code, signal })
      }),
    )
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const seen = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => stdout.includes(text) && resolve()
        child.stdout.on('data', check)
        exited.then(() => resolve())
        check()
      })
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    await seen('done') // the newest entry of the backlog
    // Live events go in until one shows: the first may land before the live session is listening.
    let n = 0
    const feeder = setInterval(() => {
      emulator.cloudwatch.putEvents(GROUP, '2026/11/27/[$LATEST]a1', [{ message: `live event ${++n}` }])
    }, 200)
    await seen('live event')
    clearInterval(feeder)
    child.kill('SIGINT')
    const result = await exited
    expect(result.stderr).toBe('')
    expect(result.code).toBe(130)
    const lines = result.stdout.split('\n')
    expect(lines.pop()).toBe('')
    const entries = lines.map((l) => JSON.parse(l))
    expect(entries[0].message).toBe(CLOUDWATCH[2]!.message)
    expect(entries.slice(1).every((e) => /^live event \d+$/.test(e.message))).toBe(true)
  })
})

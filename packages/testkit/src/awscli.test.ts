import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { describeWithPeer } from './peers.js'
import { generateEvents } from './seeds/generate.js'
import { type Emulator, startEmulator } from './server.js'

/**
 * The Debian `awscli` against the emulator, by --endpoint-url, as users and benchmarks run it.
 * Without it the tests are skipped with a message, and fail under CI.
 */
const run = promisify(execFile)
// The Debian package's aws (v2) is the peer we test against; a pyenv or pip `aws` earlier on PATH
// may be v1, which lacks `logs tail`, so PATH is never asked.
const AWS_BIN = '/usr/bin/aws'

async function awsVersion(): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(AWS_BIN, ['--version'])
    return (stdout || stderr).trim()
  } catch {
    return undefined
  }
}

const version = existsSync(AWS_BIN) ? await awsVersion() : undefined
const describeAws = describeWithPeer({ describe, it }, version !== undefined, {
  what: 'the Debian awscli (/usr/bin/aws)',
  install: 'apt-get install awscli',
})

describeAws(`awscli (${version}) against the emulator`, () => {
  let emulator: Emulator
  const now = Date.now()
  let aws: (...args: string[]) => Promise<any>

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: generateEvents({
        events: 25_000,
        groups: 1,
        streams: 5,
        start: now - 3_600_000,
        end: now - 1000,
        seed: 11,
      }),
      queryTiming: { scheduledMs: 20, runningMs: 50 },
    })
    emulator.cloudwatch.createStream('/app/cli', 'one')
    aws = async (...args: string[]) => {
      const { stdout } = await run(
        AWS_BIN,
        ['--endpoint-url', emulator.endpoint, '--output', 'json', ...args],
        {
          maxBuffer: 256 * 1024 * 1024,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '/tmp',
            AWS_ACCESS_KEY_ID: 'AKIAAWSCLITEST000001',
            AWS_SECRET_ACCESS_KEY: 'cli-secret',
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_CONFIG_FILE: '/nonexistent/aws-config',
            AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
            AWS_PAGER: '',
          },
        },
      )
      return stdout.trim() ? JSON.parse(stdout) : undefined
    }
  })
  afterAll(() => emulator?.close())

  it('describe-log-groups', async () => {
    const out = await aws('logs', 'describe-log-groups', '--log-group-name-prefix', '/atmos/')
    expect(out.logGroups.map((g: any) => g.logGroupName)).toEqual(['/atmos/generated/group-000'])
    const stats = emulator.stats.snapshot()
    expect(stats.recent.at(-1)).toMatchObject({
      operation: 'DescribeLogGroups',
      accessKeyId: 'AKIAAWSCLITEST000001',
    })
  })

  it('filter-log-events auto-paginates 25,000 events to the exact count', async () => {
    const before = emulator.stats.snapshot().calls.FilterLogEvents ?? 0
    const count = await aws(
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/atmos/generated/group-000',
      '--query',
      'length(events)',
    )
    expect(count).toBe(25_000)
    expect((emulator.stats.snapshot().calls.FilterLogEvents ?? 0) - before).toBeGreaterThanOrEqual(3)
  })

  it('filter-log-events with a JSON filter pattern', async () => {
    const messages: string[] = await aws(
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/atmos/generated/group-000',
      '--filter-pattern',
      '{ $.level = "ERROR" && $.latencyMs > 1000 }',
      '--query',
      'events[].message',
    )
    const group = emulator.cloudwatch.getGroup('/atmos/generated/group-000')!
    const expected = [...group.streams.values()]
      .flatMap((s) => emulator.cloudwatch.eventsOf(s).map((e) => e.message))
      .filter((m) => m.startsWith('{') && JSON.parse(m).level === 'ERROR' && JSON.parse(m).latencyMs > 1000)
    expect(expected.length).toBeGreaterThan(0)
    expect([...messages].sort()).toEqual([...expected].sort())
  })

  it('start-query and get-query-results', async () => {
    const { queryId } = await aws(
      'logs',
      'start-query',
      '--log-group-name',
      '/atmos/generated/group-000',
      '--start-time',
      String(Math.floor((now - 7_200_000) / 1000)),
      '--end-time',
      String(Math.floor(now / 1000)),
      '--query-string',
      'stats count(*) as n by level | sort level',
    )
    let result: any
    for (let attempt = 0; attempt < 50; attempt++) {
      result = await aws('logs', 'get-query-results', '--query-id', queryId)
      if (result.status === 'Complete') break
    }
    expect(result.status).toBe('Complete')
    const total = result.results.reduce(
      (sum: number, row: any[]) => sum + Number(row.find((f) => f.field === 'n').value),
      0,
    )
    expect(total).toBe(25_000)
  })

  it('logs tail (awscli v2)', async () => {
    const hasTail = await run(AWS_BIN, ['logs', 'tail', 'help']).then(
      () => true,
      () => false,
    )
    // /usr/bin/aws is the Debian package, v2: without `logs tail` it is not the peer we test with.
    expect({ version, hasTail }).toEqual({ version, hasTail: true })
    emulator.cloudwatch.putEvents('/app/cli', 'one', [{ message: 'tail me please' }])
    const { stdout } = await run(
      AWS_BIN,
      ['--endpoint-url', emulator.endpoint, 'logs', 'tail', '/app/cli', '--since', '5m'],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'AKIAAWSCLITEST000001',
          AWS_SECRET_ACCESS_KEY: 'x',
          AWS_DEFAULT_REGION: 'us-east-1',
        },
      },
    )
    expect(stdout).toContain('tail me please')
  })

  it('cloudtrail lookup-events', async () => {
    emulator.cloudtrail.putEvents([
      { EventName: 'CreateLogGroup', EventSource: 'logs.amazonaws.com', Username: 'deployer' },
    ])
    const out = await aws(
      'cloudtrail',
      'lookup-events',
      '--lookup-attributes',
      'AttributeKey=EventName,AttributeValue=CreateLogGroup',
    )
    expect(out.Events).toHaveLength(1)
    expect(out.Events[0]).toMatchObject({ EventName: 'CreateLogGroup', Username: 'deployer' })
  })
})

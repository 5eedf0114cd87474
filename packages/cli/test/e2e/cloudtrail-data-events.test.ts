import { randomUUID } from 'node:crypto'
import { runCli } from '../helpers/cli.js'
import { parseTrailLines, trailProject } from '../helpers/cloudtrail.js'
import { filterCalls, useCloudWatchHarness } from '../helpers/cloudwatch.js'

/**
 * Data events (S3 object calls, Lambda Invoke) never reach LookupEvents: an aws/cloudtrail source
 * with `log_group` reads the CloudWatch Logs group its trail delivers to, with the spec's
 * conditions sent as a JSON filter pattern. The records are put as a trail writes them.
 */
const NOW = Date.now()
const GROUP = '/aws/cloudtrail/acme-org'
const STREAM = '123456789012_CloudTrail_us-east-1'

const h = useCloudWatchHarness()

function record(i: number) {
  const put = i % 3 !== 2
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', userName: i % 2 ? 'alice' : 'bob', accessKeyId: 'AKIAEXAMPLEKEY000001' },
    eventTime: new Date(Math.floor((NOW - 3_600_000 + i * 10_000) / 1000) * 1000)
      .toISOString()
      .replace('.000Z', 'Z'),
    eventSource: i % 5 === 4 ? 'lambda.amazonaws.com' : 's3.amazonaws.com',
    eventName: i % 5 === 4 ? 'Invoke' : put ? 'PutObject' : 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.9.19 Python/3.11.2',
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: !put,
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::acme-data/key-${i}` }],
    eventType: 'AwsApiCall',
    managementEvent: false,
    eventCategory: 'Data',
    ...(i % 7 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'Access Denied' } : {}),
  }
}

/** A fresh emulator whose trail group holds records 0 to count-1, as the trail delivered them. */
async function deliver(count: number) {
  await h.reset()
  const records = Array.from({ length: count }, (_, i) => record(i))
  await h.put(
    GROUP,
    STREAM,
    records.map((r) => ({ timestamp: Date.parse(r.eventTime), message: JSON.stringify(r) })),
  )
  return records
}

describe('atmos logs view (aws/cloudtrail with log_group): data events', () => {
  it('reads the trail log group with the conditions pushed down as a JSON filter pattern, and never LookupEvents', async () => {
    const records = await deliver(120)
    await h.put(GROUP, STREAM, [{ timestamp: NOW - 60_000, message: 'not a CloudTrail record' }])
    const project = await trailProject({
      audit: {
        log_group: GROUP,
        region: 'us-east-1',
        event_source: 's3.amazonaws.com',
        event_name: 'PutObject',
        username: 'alice',
      },
    })
    const res = await runCli(['logs', 'view', '--source', 'audit', '--format', 'json', '--since', '2h'], {
      env: h.env(),
      cwd: project,
    })
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const expected = records.filter(
      (r) =>
        r.eventSource === 's3.amazonaws.com' &&
        r.eventName === 'PutObject' &&
        r.userIdentity.userName === 'alice',
    )
    const printed = parseTrailLines(res.stdout)
    expect(printed.map((l) => l.id)).toStrictEqual(expected.map((r) => r.eventID))
    expect(printed.map((l) => l.metadata)).toStrictEqual(expected)
    expect(printed[0]!.message).toMatch(
      /^alice PutObject on s3\.amazonaws\.com \(arn:aws:s3:::acme-data\/key-\d+\) from 203\.0\.113\.24 via aws-cli\/2\.9\.19/,
    )

    const stats = await h.stats()
    expect(stats.calls.LookupEvents).toBeUndefined()
    const calls = filterCalls(stats)
    expect(calls.length).toBeGreaterThan(0)
    for (const params of calls) {
      expect(params).toMatchObject({
        logGroupName: GROUP,
        filterPattern: '{ ($.eventName = "PutObject") && ($.eventSource = "s3.amazonaws.com") }',
      })
    }
  })

  it('errors_only and --filter terms go into the pattern too', async () => {
    const records = await deliver(60)
    const project = await trailProject({
      audit: { log_group: GROUP, region: 'us-east-1', errors_only: 'true' },
    })
    const res = await runCli(
      [
        'logs',
        'view',
        '--source',
        'audit',
        '--format',
        'json',
        '--since',
        '2h',
        '--filter',
        'ReadOnly=false',
      ],
      { env: h.env(), cwd: project },
    )
    expect(res.code).toBe(0)
    const expected = records.filter((r) => r.errorCode && !r.readOnly)
    expect(parseTrailLines(res.stdout).map((l) => l.id)).toStrictEqual(expected.map((r) => r.eventID))
    expect(filterCalls(await h.stats())[0]!.filterPattern).toBe(
      '{ ($.readOnly IS FALSE) && ($.errorCode = "*") }',
    )
  })

  it('tail --lines N prints the newest N records of the group', async () => {
    const records = await deliver(90)
    const project = await trailProject({
      audit: { log_group: GROUP, region: 'us-east-1', event_name: 'GetObject' },
    })
    const res = await runCli(['logs', 'tail', '--source', 'audit', '--lines', '4', '--format', 'json'], {
      env: h.env(),
      cwd: project,
    })
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const expected = records.filter((r) => r.eventName === 'GetObject').slice(-4)
    expect(parseTrailLines(res.stdout).map((l) => l.id)).toStrictEqual(expected.map((r) => r.eventID))
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ManualClock } from './clock.js'
import { describeWithPeer } from './peers.js'
import { type Emulator, startEmulator } from './server.js'
import { checkAnswer, loadServiceModel, type ServiceModel } from './test-support/aws-model.js'

/**
 * Every answer of the operations the CloudTrail provider uses (CloudTrail LookupEvents, CloudWatch
 * Logs FilterLogEvents for a trail's log group) checked against the services' own models, the
 * botocore `service-2.json` files of the Debian awscli package: successes against the output
 * shape, errors against the operation's error list (or AWS's common errors) and their status.
 * Skipped (with a message) when awscli is not installed, and failing under CI.
 */
const cloudtrail = loadServiceModel('cloudtrail')
const logs = loadServiceModel('logs')
const describeModels = describeWithPeer({ describe, it }, Boolean(cloudtrail && logs), {
  what: "the Debian awscli package's service models",
  install: 'apt-get install awscli',
})

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0)
const MINUTE = 60_000

interface Answer {
  operation: string
  status: number
  body: any
}

describeModels('emulator answers against the AWS service models', () => {
  const clock = new ManualClock(NOW)
  let emulator: Emulator
  const answers: Answer[] = []

  /** One raw JSON 1.1 call, signed-looking for `region` (signatures are not checked). */
  const call = async (target: string, input: unknown, region = 'us-east-1'): Promise<Answer> => {
    const service = target.startsWith('Logs_') ? 'logs' : 'cloudtrail'
    const res = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': target,
        authorization: `AWS4-HMAC-SHA256 Credential=AKIAMODELCHECK000001/20260310/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify(input),
    })
    const answer = { operation: target.split('.').pop()!, status: res.status, body: await res.json() }
    answers.push(answer)
    // one call per second: CloudTrail's quota is tested on purpose below, not by accident
    clock.advance(1000)
    return answer
  }
  /** Checks every answer collected since the last check; the test fails on any problem. */
  const expectConforming = (atLeast: number) => {
    const checked = answers.splice(0)
    const problems = checked.flatMap((a) => {
      const model = (a.operation === 'FilterLogEvents' ? logs : cloudtrail) as ServiceModel
      return checkAnswer(model, a.operation, a.status, a.body).map(
        (p) => `${a.operation} HTTP ${a.status}: ${p}`,
      )
    })
    expect(problems).toStrictEqual([])
    expect(checked.length).toBeGreaterThanOrEqual(atLeast)
  }
  const lookup = (input: unknown, region?: string) => call('CloudTrail_20131101.LookupEvents', input, region)
  const filter = (input: unknown) => call('Logs_20140328.FilterLogEvents', input)

  beforeAll(async () => {
    emulator = await startEmulator({ clock, seed: 'demo' })
    emulator.cloudtrail.putEvents(
      Array.from({ length: 120 }, (_, i) => ({
        EventName: i % 3 ? 'GetObject' : 'DeleteObject',
        EventSource: 's3.amazonaws.com',
        EventTime: NOW - (i + 1) * MINUTE,
        Username: `user${i % 4}`,
        awsRegion: i % 2 ? 'us-west-2' : 'us-east-1',
        Resources: [{ ResourceType: 'AWS::S3::Bucket', ResourceName: `bucket-${i % 5}` }],
        ...(i % 7 === 0 ? { errorCode: 'AccessDenied' } : {}),
      })),
    )
    emulator.cloudwatch.putEvents(
      '/aws/cloudtrail/org',
      '123456789012_CloudTrail_us-east-1',
      Array.from({ length: 30 }, (_, i) => ({
        timestamp: NOW - i * MINUTE,
        message: JSON.stringify({
          eventSource: 's3.amazonaws.com',
          eventName: 'PutObject',
          eventID: `e${i}`,
        }),
      })),
    )
  })
  afterAll(async () => {
    await emulator?.close()
  })

  it('LookupEvents: pages, every attribute, both regions, insights', async () => {
    let token: string | undefined
    do {
      const page = await lookup({ MaxResults: 50, ...(token ? { NextToken: token } : {}) }, 'us-west-2')
      expect(page.status).toBe(200)
      token = page.body.NextToken
    } while (token)
    const first = (await lookup({})).body.Events[0]
    for (const [AttributeKey, AttributeValue] of [
      ['EventId', first.EventId],
      ['EventName', 'DeleteObject'],
      ['ReadOnly', 'true'],
      ['Username', 'user1'],
      ['ResourceType', 'AWS::S3::Bucket'],
      ['ResourceName', 'bucket-2'],
      ['EventSource', 's3.amazonaws.com'],
      ['AccessKeyId', first.AccessKeyId ?? 'AKIANONE'],
    ]) {
      expect(
        (await lookup({ LookupAttributes: [{ AttributeKey, AttributeValue }], MaxResults: 5 })).status,
      ).toBe(200)
    }
    await lookup({ EventCategory: 'insight' })
    await lookup({ StartTime: (NOW - 30 * MINUTE) / 1000, EndTime: NOW / 1000 })
    expectConforming(12)
  })

  it('LookupEvents: the errors of bad requests and of its quota', async () => {
    const bad = [
      {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'a' },
          { AttributeKey: 'Username', AttributeValue: 'b' },
        ],
      },
      { LookupAttributes: [{ AttributeKey: 'Region', AttributeValue: 'x' }] },
      { StartTime: NOW / 1000, EndTime: NOW / 1000 - 60 },
      { MaxResults: 51 },
      { NextToken: 'not-a-token' },
      { EventCategory: 'management' },
    ]
    for (const input of bad) expect((await lookup(input)).status).toBe(400)
    // three at once, within the same second: the third is over the quota
    const burst = await Promise.all(
      [1, 2, 3].map(async () => {
        const res = await fetch(emulator.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'CloudTrail_20131101.LookupEvents',
            authorization:
              'AWS4-HMAC-SHA256 Credential=AKIABURST00000000001/20260310/us-east-1/cloudtrail/aws4_request, Signature=0',
          },
          body: '{}',
        })
        return { operation: 'LookupEvents', status: res.status, body: (await res.json()) as any }
      }),
    )
    answers.push(...burst)
    expect(burst.map((a) => a.body.__type ?? 'ok').sort()).toStrictEqual(['ThrottlingException', 'ok', 'ok'])
    expectConforming(9)
  })

  it('LookupEvents and FilterLogEvents under injected faults', async () => {
    for (const [fault, type] of [
      ['throttle', 'ThrottlingException'],
      ['error5xx', 'InternalFailure'],
      ['accessDenied', 'AccessDeniedException'],
    ] as const) {
      emulator.faults.set({ [fault]: 1, operations: ['LookupEvents'] })
      expect((await lookup({})).body.__type).toBe(type)
    }
    emulator.faults.set({ duplicates: 1, operations: ['LookupEvents'] })
    const page = await lookup({ MaxResults: 10 })
    expect(new Set(page.body.Events.map((e: { EventId: string }) => e.EventId)).size).toBe(10)
    expect(page.body.Events).toHaveLength(11)
    emulator.faults.set({ error5xx: 1, operations: ['FilterLogEvents'] })
    expect((await filter({ logGroupName: '/aws/cloudtrail/org' })).body.__type).toBe(
      'ServiceUnavailableException',
    )
    emulator.faults.clear()
    expectConforming(5)
  })

  it('FilterLogEvents: pages, a JSON filter pattern, a missing group', async () => {
    let token: string | undefined
    do {
      const page = await filter({
        logGroupName: '/aws/cloudtrail/org',
        filterPattern: '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "PutObject") }',
        limit: 7,
        ...(token ? { nextToken: token } : {}),
      })
      expect(page.status).toBe(200)
      token = page.body.nextToken
    } while (token)
    expect((await filter({ logGroupName: '/nope' })).body.__type).toBe('ResourceNotFoundException')
    expectConforming(6)
  })
})

/**
 * Drives CloudTrailService with the unmodified AWS SDK v3 client over real HTTP on loopback, through
 * the emulator's JSON 1.1 helpers (the full emulator server wires the service in the same way).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CloudTrailClient,
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
  LookupEventsCommand,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail'
import { AwsServiceError } from '../aws-error.js'
import { parseJsonBody, parseTarget, readBody, sendAwsError, sendJson } from '../aws-json.js'
import { ManualClock } from '../clock.js'
import { CloudTrailService, demoCloudTrailEvents } from './index.js'

const NOW = Date.UTC(2025, 2, 10, 12, 0, 0)
const clock = new ManualClock(NOW)
// Time stands still here, so the lookup quota (tested on its own) is lifted.
const service = new CloudTrailService(clock, { lookupRatePerSecond: Number.POSITIVE_INFINITY })
let server: Server
let client: CloudTrailClient
const targets: string[] = []

beforeAll(async () => {
  server = createServer(async (req, res) => {
    try {
      const target = parseTarget(req.headers['x-amz-target'] as string | undefined)
      targets.push(String(req.headers['x-amz-target']))
      if (target?.service !== 'cloudtrail')
        throw new AwsServiceError('UnknownOperationException', 'not a CloudTrail target')
      const input = parseJsonBody(await readBody(req))
      sendJson(res, 200, service.handle(target.operation, input))
    } catch (e) {
      if (e instanceof AwsServiceError) sendAwsError(res, e)
      else sendAwsError(res, new AwsServiceError('InternalFailure', String(e), 500))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  client = new CloudTrailClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'not-a-secret' },
    maxAttempts: 1,
  })
  service.seed(demoCloudTrailEvents(NOW))
  service.putEvents(
    Array.from({ length: 75 }, (_, i) => ({
      EventName: 'GetObject',
      EventSource: 's3.amazonaws.com',
      EventTime: NOW - 10 * 3600_000 + i * 1000,
      Username: 'reader',
    })),
  )
})

afterAll(async () => {
  client.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('@aws-sdk/client-cloudtrail against the CloudTrail emulator', () => {
  it('reads events with Date EventTime, string ReadOnly and a parseable CloudTrailEvent', async () => {
    const out = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'PutObject' }],
      }),
    )
    expect(targets.at(-1)).toBe('CloudTrail_20131101.LookupEvents')
    expect(out.Events).toHaveLength(1)
    const [e] = out.Events!
    expect(e!.EventTime).toBeInstanceOf(Date)
    expect(e!.EventTime!.getTime()).toBe(NOW - 90 * 60_000)
    expect(e!.ReadOnly).toBe('false')
    expect(e!.Username).toBe('alice')
    expect(e!.Resources?.[0]).toStrictEqual({
      ResourceType: 'AWS::S3::Object',
      ResourceName: 'arn:aws:s3:::acme-dev-artifacts/releases/api-hotfix.zip',
    })
    expect(JSON.parse(e!.CloudTrailEvent!)).toMatchObject({
      errorCode: 'AccessDenied',
      eventName: 'PutObject',
    })
  })

  it('sends StartTime and EndTime as epoch seconds', async () => {
    const out = await client.send(
      new LookupEventsCommand({
        StartTime: new Date(NOW - 170 * 60_000),
        EndTime: new Date(NOW - 160 * 60_000),
      }),
    )
    expect(out.Events!.map((e) => e.EventName)).toStrictEqual([
      'UpdateService',
      'UpdateFunctionCode20150331v2',
      'CreateLogGroup',
      'AssumeRoleWithWebIdentity',
    ])
  })

  it('paginates with the SDK paginator to every event exactly once', async () => {
    const ids: string[] = []
    let pages = 0
    for await (const page of paginateLookupEvents(
      { client, pageSize: 20 },
      { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'reader' }] },
    )) {
      pages++
      ids.push(...page.Events!.map((e) => e.EventId!))
    }
    expect(pages).toBe(4)
    expect(ids).toHaveLength(75)
    expect(new Set(ids).size).toBe(75)
  })

  it('surfaces the service errors as the SDK exception classes', async () => {
    await expect(
      client.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'Username', AttributeValue: 'a' },
            { AttributeKey: 'EventName', AttributeValue: 'b' },
          ],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidLookupAttributesException)
    await expect(
      client.send(new LookupEventsCommand({ StartTime: new Date(NOW), EndTime: new Date(NOW - 1000) })),
    ).rejects.toBeInstanceOf(InvalidTimeRangeException)
    await expect(client.send(new LookupEventsCommand({ MaxResults: 51 }))).rejects.toBeInstanceOf(
      InvalidMaxResultsException,
    )
    const error = await client.send(new LookupEventsCommand({ NextToken: 'bogus' })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidNextTokenException)
    expect((error as Error).message).toMatch(/NextToken is not valid/)
  })

  it('returns the insight events to EventCategory insight', async () => {
    const out = await client.send(new LookupEventsCommand({ EventCategory: 'insight' }))
    expect(out.Events!.map((e) => e.EventName)).toStrictEqual(['UpdateService'])
  })
})

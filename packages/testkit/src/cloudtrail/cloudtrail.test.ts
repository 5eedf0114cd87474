import { AwsServiceError } from '../aws-error.js'
import { ManualClock } from '../clock.js'
import {
  CloudTrailService,
  type ControlCloudTrailEvent,
  demoCloudTrailEvents,
  LOOKUP_ATTRIBUTE_KEYS,
} from './index.js'

const NOW = Date.UTC(2025, 2, 10, 12, 0, 0)
const MINUTE = 60_000

interface LookupEvent {
  EventId: string
  EventName: string
  ReadOnly?: string
  AccessKeyId?: string
  EventTime: number
  EventSource: string
  Username?: string
  Resources: Array<{ ResourceType?: string; ResourceName?: string }>
  CloudTrailEvent: string
}
interface LookupResponse {
  Events: LookupEvent[]
  NextToken?: string
}

// The quota has tests of its own; here time stands still, so it is lifted.
const setup = (events: ControlCloudTrailEvent[] = []) => {
  const clock = new ManualClock(NOW)
  const service = new CloudTrailService(clock, { lookupRatePerSecond: Number.POSITIVE_INFINITY })
  const { eventIds } = service.putEvents(events)
  const lookup = (input: Record<string, unknown> = {}) =>
    service.handle('LookupEvents', input) as LookupResponse
  return { clock, service, eventIds, lookup }
}

const errorOf = (fn: () => unknown): AwsServiceError => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AwsServiceError)
    return e as AwsServiceError
  }
  throw new Error('expected an AwsServiceError')
}

/** An event `minutesAgo` before NOW, with the fields a test needs beyond name, source, time and user. */
const event = (
  EventName: string,
  EventSource: string,
  minutesAgo: number,
  Username: string,
  more: Partial<ControlCloudTrailEvent> = {},
): ControlCloudTrailEvent => ({
  EventName,
  EventSource,
  EventTime: NOW - minutesAgo * MINUTE,
  Username,
  ...more,
})

const sample: ControlCloudTrailEvent[] = [
  event('ConsoleLogin', 'signin.amazonaws.com', 30, 'alice'),
  event('CreateLogGroup', 'logs.amazonaws.com', 20, 'bob', {
    Resources: [{ ResourceType: 'AWS::Logs::LogGroup', ResourceName: '/app/api' }],
    requestParameters: { logGroupName: '/app/api' },
  }),
  event('DescribeLogGroups', 'logs.amazonaws.com', 10, 'bob'),
  event('PutObject', 's3.amazonaws.com', 5, 'alice', {
    errorCode: 'AccessDenied',
    Resources: [{ ResourceType: 'AWS::S3::Object', ResourceName: 'arn:aws:s3:::bucket/key' }],
  }),
]

describe('LookupEvents results', () => {
  it('returns events newest first in the service shape, EventTime in epoch seconds and ReadOnly as a string', () => {
    const { lookup, eventIds } = setup(sample)
    const { Events, NextToken } = lookup()
    expect(NextToken).toBeUndefined()
    expect(Events.map((e) => e.EventName)).toStrictEqual([
      'PutObject',
      'DescribeLogGroups',
      'CreateLogGroup',
      'ConsoleLogin',
    ])
    const create = Events[2]!
    expect(create).toStrictEqual({
      EventId: eventIds[1],
      EventName: 'CreateLogGroup',
      ReadOnly: 'false',
      AccessKeyId: expect.stringMatching(/^AKIA[A-Z2-7]{16}$/),
      EventTime: (NOW - 20 * MINUTE) / 1000,
      EventSource: 'logs.amazonaws.com',
      Username: 'bob',
      Resources: [{ ResourceType: 'AWS::Logs::LogGroup', ResourceName: '/app/api' }],
      CloudTrailEvent: expect.any(String),
    })
    expect(Events[1]!.ReadOnly).toBe('true')
  })

  it('puts the full record in CloudTrailEvent as a JSON string', () => {
    const { lookup } = setup(sample)
    const events = lookup().Events
    const denied = JSON.parse(events[0]!.CloudTrailEvent)
    expect(denied).toMatchObject({
      eventVersion: expect.stringMatching(/^1\.\d\d$/),
      userIdentity: {
        type: 'IAMUser',
        userName: 'alice',
        arn: 'arn:aws:iam::123456789012:user/alice',
        accountId: '123456789012',
      },
      eventTime: '2025-03-10T11:55:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'PutObject',
      awsRegion: 'us-east-1',
      sourceIPAddress: expect.any(String),
      userAgent: expect.any(String),
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      requestParameters: null,
      responseElements: null,
      requestID: expect.any(String),
      eventID: events[0]!.EventId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '123456789012',
      eventCategory: 'Management',
    })
    const create = JSON.parse(events[2]!.CloudTrailEvent)
    expect(create.requestParameters).toStrictEqual({ logGroupName: '/app/api' })
    // LookupEvents' ResourceName is the name given; the record holds the resource's ARN.
    expect(create.resources).toStrictEqual([
      {
        accountId: '123456789012',
        type: 'AWS::Logs::LogGroup',
        ARN: 'arn:aws:logs:us-east-1:123456789012:log-group:/app/api',
      },
    ])
    expect(denied.resources[0].ARN).toBe('arn:aws:s3:::bucket/key')
    expect(create).not.toHaveProperty('errorCode')
    expect(create.userIdentity.accessKeyId).toBe(events[2]!.AccessKeyId)
    const login = JSON.parse(events[3]!.CloudTrailEvent)
    expect(login.eventType).toBe('AwsConsoleSignIn')
    expect(events[3]!.AccessKeyId).toBeUndefined()
  })

  it('defaults EventTime to the clock and keeps whole seconds', () => {
    const { lookup, clock, service } = setup()
    clock.set(NOW + 1234)
    service.putEvents([{ EventName: 'ListBuckets', EventSource: 's3.amazonaws.com' }])
    const [e] = lookup().Events
    expect(e!.EventTime).toBe((NOW + 1000) / 1000)
    expect(e!.Username).toBeUndefined()
    expect(JSON.parse(e!.CloudTrailEvent).userIdentity).toStrictEqual({
      type: 'AWSService',
      invokedBy: 's3.amazonaws.com',
    })
  })

  it('orders events of the same second newest arrival first', () => {
    const same = ['A', 'B', 'C'].map((EventName) => ({
      EventName,
      EventSource: 'x.amazonaws.com',
      EventTime: NOW,
    }))
    expect(
      setup(same)
        .lookup()
        .Events.map((e) => e.EventName),
    ).toStrictEqual(['C', 'B', 'A'])
  })

  it('only covers the last 90 days', () => {
    const { lookup } = setup([
      { EventName: 'Old', EventSource: 'x.amazonaws.com', EventTime: NOW - 91 * 24 * 3600_000 },
      { EventName: 'Recent', EventSource: 'x.amazonaws.com', EventTime: NOW - 89 * 24 * 3600_000 },
    ])
    expect(lookup().Events.map((e) => e.EventName)).toStrictEqual(['Recent'])
  })
})

describe('LookupEvents filters', () => {
  it.each([
    ['EventName', 'CreateLogGroup', ['CreateLogGroup']],
    ['EventSource', 'logs.amazonaws.com', ['DescribeLogGroups', 'CreateLogGroup']],
    ['ReadOnly', 'true', ['DescribeLogGroups']],
    ['ReadOnly', 'false', ['PutObject', 'CreateLogGroup', 'ConsoleLogin']],
    ['Username', 'alice', ['PutObject', 'ConsoleLogin']],
    ['ResourceType', 'AWS::S3::Object', ['PutObject']],
    ['ResourceName', '/app/api', ['CreateLogGroup']],
    ['Username', 'nobody', []],
  ])('%s = %s', (AttributeKey, AttributeValue, names) => {
    const { lookup } = setup(sample)
    const { Events } = lookup({ LookupAttributes: [{ AttributeKey, AttributeValue }] })
    expect(Events.map((e) => e.EventName)).toStrictEqual(names)
  })

  it('finds an event by EventId and by AccessKeyId', () => {
    const { lookup, eventIds } = setup(sample)
    expect(
      lookup({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: eventIds[2] }] }).Events.map(
        (e) => e.EventName,
      ),
    ).toStrictEqual(['DescribeLogGroups'])
    const key = lookup().Events[1]!.AccessKeyId!
    const byKey = lookup({ LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: key }] }).Events
    expect(byKey.map((e) => e.EventName)).toStrictEqual(['DescribeLogGroups', 'CreateLogGroup'])
  })

  it('bounds by StartTime and EndTime in epoch seconds, both inclusive', () => {
    const { lookup } = setup(sample)
    const { Events } = lookup({ StartTime: (NOW - 20 * MINUTE) / 1000, EndTime: (NOW - 10 * MINUTE) / 1000 })
    expect(Events.map((e) => e.EventName)).toStrictEqual(['DescribeLogGroups', 'CreateLogGroup'])
  })

  it('returns insight events only to EventCategory insight', () => {
    const { lookup } = setup([
      ...sample,
      {
        EventName: 'UpdateService',
        EventSource: 'ecs.amazonaws.com',
        EventTime: NOW - MINUTE,
        EventCategory: 'Insight',
      },
    ])
    expect(lookup().Events).toHaveLength(4)
    const insights = lookup({ EventCategory: 'insight' }).Events
    expect(insights.map((e) => e.EventName)).toStrictEqual(['UpdateService'])
    expect(JSON.parse(insights[0]!.CloudTrailEvent)).toMatchObject({
      eventType: 'AwsCloudTrailInsight',
      eventCategory: 'Insight',
      insightDetails: { state: 'Start' },
    })
    expect(setup(sample).lookup({ EventCategory: 'insight' }).Events).toStrictEqual([])
  })
})

describe('LookupEvents pagination', () => {
  const many = Array.from({ length: 120 }, (_, i) => ({
    EventName: `Call${i}`,
    EventSource: 'x.amazonaws.com',
    EventTime: NOW - (120 - i) * 1000,
  }))

  it('pages 50 at a time by default and NextToken walks every event exactly once', () => {
    const { lookup } = setup(many)
    const seen: string[] = []
    let token: string | undefined
    const sizes: number[] = []
    do {
      const page = lookup(token ? { NextToken: token } : {})
      sizes.push(page.Events.length)
      seen.push(...page.Events.map((e) => e.EventName))
      token = page.NextToken
    } while (token)
    expect(sizes).toStrictEqual([50, 50, 20])
    expect(seen).toStrictEqual(many.map((e) => e.EventName).reverse())
  })

  it('honours MaxResults and keeps its place when newer events arrive between pages', () => {
    const { lookup, service } = setup(many)
    const first = lookup({ MaxResults: 7 })
    expect(first.Events).toHaveLength(7)
    service.putEvents([{ EventName: 'Newer', EventSource: 'x.amazonaws.com', EventTime: NOW }])
    const second = lookup({ MaxResults: 7, NextToken: first.NextToken })
    expect(second.Events.map((e) => e.EventName)).toStrictEqual([
      'Call112',
      'Call111',
      'Call110',
      'Call109',
      'Call108',
      'Call107',
      'Call106',
    ])
  })

  it('refuses a token used with different parameters, a garbled token, and tokens from before a reset', () => {
    const { lookup, service } = setup(many)
    const { NextToken } = lookup({ MaxResults: 5 })
    expect(errorOf(() => lookup({ NextToken, StartTime: 0 })).type).toBe('InvalidNextTokenException')
    expect(errorOf(() => lookup({ NextToken: 'garbage!!' })).type).toBe('InvalidNextTokenException')
    expect(errorOf(() => lookup({ NextToken: Buffer.from('{"v":1}').toString('base64') })).type).toBe(
      'InvalidNextTokenException',
    )
    service.reset()
    expect(errorOf(() => lookup({ NextToken })).type).toBe('InvalidNextTokenException')
    expect(lookup().Events).toStrictEqual([])
  })
})

describe('LookupEvents errors', () => {
  it.each([
    [
      {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'a' },
          { AttributeKey: 'Username', AttributeValue: 'b' },
        ],
      },
      'InvalidLookupAttributesException',
      /only one item.*has 2/,
    ],
    [
      { LookupAttributes: [{ AttributeKey: 'Region', AttributeValue: 'x' }] },
      'InvalidLookupAttributesException',
      /"Region" is not valid/,
    ],
    [
      { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: '' }] },
      'InvalidLookupAttributesException',
      /1 to 2000/,
    ],
    [
      { EventCategory: 'insight', LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'a' }] },
      'InvalidLookupAttributesException',
      /Insights events/,
    ],
    [{ StartTime: 200, EndTime: 100 }, 'InvalidTimeRangeException', /StartTime .* is after EndTime/],
    [{ StartTime: 'yesterday' }, 'SerializationException', /epoch seconds/],
    [{ MaxResults: 0 }, 'InvalidMaxResultsException', /1 to 50, but was 0/],
    [{ MaxResults: 51 }, 'InvalidMaxResultsException', /but was 51/],
    [{ MaxResults: 2.5 }, 'InvalidMaxResultsException', /whole number/],
    [{ EventCategory: 'management' }, 'InvalidEventCategoryException', /only event category is "insight"/],
    [{ NextToken: '' }, 'InvalidNextTokenException', /NextToken is not valid/],
  ])('%j → %s', (input, type, message) => {
    const { lookup } = setup(sample)
    const error = errorOf(() => lookup(input))
    expect(error.type).toBe(type)
    expect(error.status).toBe(400)
    expect(error.message).toMatch(message)
  })

  it('lists the eight attribute keys', () => {
    expect(LOOKUP_ATTRIBUTE_KEYS).toStrictEqual([
      'EventId',
      'EventName',
      'ReadOnly',
      'Username',
      'ResourceType',
      'ResourceName',
      'EventSource',
      'AccessKeyId',
    ])
  })

  it('accepts the long target form and refuses operations it does not implement', () => {
    const { service } = setup(sample)
    const long = service.handle(
      'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
      {},
    ) as LookupResponse
    expect(long.Events).toHaveLength(4)
    const error = errorOf(() => service.handle('DescribeTrails', {}))
    expect(error.type).toBe('UnknownOperationException')
    expect(error.message).toContain('DescribeTrails')
  })
})

describe('regions, quota, delivery and duplicates', () => {
  it('answers each region with the events recorded in it, unsigned requests in the default region', () => {
    const { service } = setup([
      { EventName: 'East', EventSource: 'x.amazonaws.com', EventTime: NOW - 3000 },
      { EventName: 'West', EventSource: 'x.amazonaws.com', EventTime: NOW - 2000, awsRegion: 'us-west-2' },
    ])
    const names = (region?: string) =>
      (service.handle('LookupEvents', {}, { region }) as LookupResponse).Events.map((e) => e.EventName)
    expect(names('us-west-2')).toStrictEqual(['West'])
    expect(names('us-east-1')).toStrictEqual(['East'])
    expect(names()).toStrictEqual(['East'])
    expect(names('eu-west-1')).toStrictEqual([])
  })

  it('throttles past two lookups a second per access key and region with HTTP 400 ThrottlingException', () => {
    const clock = new ManualClock(NOW)
    const service = new CloudTrailService(clock)
    const call = (accessKeyId: string, region = 'us-east-1') =>
      service.handle('LookupEvents', {}, { accessKeyId, region })
    call('AKIAONE')
    call('AKIAONE')
    const error = errorOf(() => call('AKIAONE'))
    expect(error.type).toBe('ThrottlingException')
    expect(error.status).toBe(400)
    // another key, another region: quotas of their own
    call('AKIATWO')
    call('AKIAONE', 'us-west-2')
    // evenly spaced calls at the quota never throttle
    for (let i = 0; i < 20; i++) {
      clock.advance(500)
      call('AKIAONE')
    }
  })

  it('keeps an event invisible until its delivery delay has passed, so it shows up late and out of order', () => {
    const { service, lookup, clock } = setup()
    service.putEvents([
      { EventName: 'Older', EventSource: 'x.amazonaws.com', EventTime: NOW - 60_000, deliveryDelayMs: 5000 },
      { EventName: 'Newer', EventSource: 'x.amazonaws.com', EventTime: NOW - 1000 },
    ])
    expect(lookup().Events.map((e) => e.EventName)).toStrictEqual(['Newer'])
    clock.advance(5000)
    expect(lookup().Events.map((e) => e.EventName)).toStrictEqual(['Newer', 'Older'])
  })

  it('applies the deliveryDelayMs fault to events that name no delay, and repeats an event on a duplicates fault', () => {
    const clock = new ManualClock(NOW)
    let duplicate = false
    const service = new CloudTrailService(clock, {
      lookupRatePerSecond: Number.POSITIVE_INFINITY,
      faults: { duplicatePage: () => duplicate, deliveryDelayMs: () => 10_000 },
    })
    service.putEvents(
      ['A', 'B', 'C'].map((EventName, i) => ({
        EventName,
        EventSource: 'x.amazonaws.com',
        EventTime: NOW - i * 1000,
      })),
    )
    const lookup = () => (service.handle('LookupEvents', {}) as LookupResponse).Events
    expect(lookup()).toStrictEqual([])
    clock.advance(10_000)
    expect(lookup().map((e) => e.EventName)).toStrictEqual(['A', 'B', 'C'])
    duplicate = true
    const page = lookup()
    expect(page.map((e) => e.EventName)).toStrictEqual(['A', 'B', 'B', 'C'])
    expect(page[1]!.EventId).toBe(page[2]!.EventId)
  })

  it('refuses a bad deliveryDelayMs or awsRegion in a control event', () => {
    const { service } = setup()
    expect(
      errorOf(() => service.putEvents([{ EventName: 'A', EventSource: 'x', deliveryDelayMs: -1 }])).message,
    ).toMatch(/deliveryDelayMs -1/)
    expect(
      errorOf(() => service.putEvents([{ EventName: 'A', EventSource: 'x', awsRegion: 'mars' }])).message,
    ).toMatch(/awsRegion "mars"/)
  })
})

describe('control events', () => {
  it('refuses events without a name or source, saying which one', () => {
    const { service } = setup()
    const error = errorOf(() =>
      service.putEvents([{ EventName: 'A', EventSource: 'x' }, { EventName: 'B' } as ControlCloudTrailEvent]),
    )
    expect(error.message).toMatch(/event 1 .* no EventSource/)
    expect(service.size).toBe(0)
  })

  it('accepts ReadOnly as a boolean or a string and errorCode as given', () => {
    const { lookup } = setup([
      { EventName: 'DoThing', EventSource: 'x.amazonaws.com', ReadOnly: 'true', EventTime: NOW - 2000 },
      {
        EventName: 'GetThing',
        EventSource: 'x.amazonaws.com',
        ReadOnly: false,
        errorCode: 'ThrottlingException',
        EventTime: NOW - 1000,
      },
    ])
    const [get, doThing] = lookup().Events
    expect(doThing!.ReadOnly).toBe('true')
    expect(get!.ReadOnly).toBe('false')
    expect(JSON.parse(get!.CloudTrailEvent)).toMatchObject({
      errorCode: 'ThrottlingException',
      readOnly: false,
    })
  })

  it('seed takes the events bare or under "events"', () => {
    const { service, lookup } = setup()
    service.seed(sample.slice(0, 1))
    service.seed({ events: sample.slice(1, 2) })
    expect(lookup().Events.map((e) => e.EventName)).toStrictEqual(['CreateLogGroup', 'ConsoleLogin'])
  })
})

describe('demo seed', () => {
  it('loads realistic management events, with one denied PutObject and one insight', () => {
    const { service, lookup } = setup()
    service.seed(demoCloudTrailEvents(NOW))
    const names = lookup().Events.map((e) => e.EventName)
    for (const name of [
      'ConsoleLogin',
      'AssumeRoleWithWebIdentity',
      'UpdateFunctionCode20150331v2',
      'PutObject',
      'CreateLogGroup',
      'UpdateService',
    ]) {
      expect(names).toContain(name)
    }
    const denied = lookup({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'PutObject' }],
    }).Events
    expect(JSON.parse(denied[0]!.CloudTrailEvent)).toMatchObject({
      errorCode: 'AccessDenied',
      userIdentity: { userName: 'alice' },
    })
    const deploy = lookup({
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'GitHubActions' }],
    }).Events
    expect(deploy.length).toBeGreaterThanOrEqual(3)
    expect(new Set(deploy.map((e) => e.AccessKeyId)).size).toBe(1)
    expect(lookup({ EventCategory: 'insight' }).Events).toHaveLength(1)
    for (const e of lookup().Events) expect(e.EventTime * 1000).toBeLessThanOrEqual(NOW)
  })
})

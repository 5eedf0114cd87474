import { fromLookupEvent, fromRecord, messageOf, shortAgent, toLogEntry } from './trail-event.js'

const record = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::123456789012:assumed-role/github-deploy/GitHubActions',
    accessKeyId: 'ASIAEXAMPLE',
    sessionContext: { sessionIssuer: { type: 'Role', userName: 'github-deploy' } },
  },
  eventTime: '2026-03-10T11:55:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'DeleteBucket',
  awsRegion: 'us-east-1',
  sourceIPAddress: '4.227.134.8',
  userAgent:
    'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.80.0',
  errorCode: 'AccessDenied',
  errorMessage: 'Access Denied',
  requestID: 'REQ-1',
  eventID: 'e-1',
  readOnly: false,
  resources: [{ accountId: '123456789012', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::logs-bucket' }],
}

describe('CloudTrail events as entries', () => {
  it('builds the entry from a LookupEvents event: time, id, requestId, level, one readable line, the record', () => {
    const e = fromLookupEvent({
      EventId: 'e-1',
      EventName: 'DeleteBucket',
      ReadOnly: 'false',
      EventTime: new Date('2026-03-10T11:55:00Z'),
      EventSource: 's3.amazonaws.com',
      Username: 'GitHubActions',
      Resources: [{ ResourceType: 'AWS::S3::Bucket', ResourceName: 'logs-bucket' }],
      CloudTrailEvent: JSON.stringify(record),
    })
    expect(toLogEntry(e)).toStrictEqual({
      timestamp: new Date('2026-03-10T11:55:00Z'),
      id: 'e-1',
      requestId: 'REQ-1',
      level: 'WARN',
      message:
        'github-deploy/GitHubActions DeleteBucket on s3.amazonaws.com (arn:aws:s3:::logs-bucket) from 4.227.134.8 via Terraform/1.9.8 — AccessDenied: Access Denied',
      metadata: record,
    })
  })

  it('levels: ERROR for other error codes, INFO without one', () => {
    const base = { EventId: 'x', EventTime: new Date(0) }
    expect(
      toLogEntry(fromLookupEvent({ ...base, CloudTrailEvent: JSON.stringify({ errorCode: 'NoSuchBucket' }) }))
        .level,
    ).toBe('ERROR')
    expect(
      toLogEntry(
        fromLookupEvent({
          ...base,
          CloudTrailEvent: JSON.stringify({ errorCode: 'Client.UnauthorizedOperation' }),
        }),
      ).level,
    ).toBe('WARN')
    expect(toLogEntry(fromLookupEvent({ ...base, CloudTrailEvent: '{}' })).level).toBe('INFO')
  })

  it('names users, root and services, and shortens user agents', () => {
    const msg = (userIdentity: unknown, extra: object = {}) =>
      messageOf(
        fromLookupEvent({
          EventId: 'x',
          EventName: 'Op',
          EventSource: 'x.amazonaws.com',
          EventTime: new Date(0),
          CloudTrailEvent: JSON.stringify({ userIdentity, ...extra }),
        }),
      )
    expect(
      msg(
        { type: 'IAMUser', userName: 'alice' },
        { sourceIPAddress: '1.2.3.4', userAgent: 'aws-cli/2.9.19 Python/3.11.2' },
      ),
    ).toBe('alice Op on x.amazonaws.com from 1.2.3.4 via aws-cli/2.9.19')
    expect(msg({ type: 'Root' })).toBe('root Op on x.amazonaws.com')
    expect(
      msg(
        { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
        { sourceIPAddress: 'lambda.amazonaws.com', userAgent: 'lambda.amazonaws.com' },
      ),
    ).toBe('lambda.amazonaws.com Op on x.amazonaws.com from lambda.amazonaws.com')
    expect(shortAgent('Mozilla/5.0 (X11; Linux x86_64)')).toBe('console')
    expect(shortAgent(undefined)).toBeUndefined()
  })

  it('keeps a CloudTrailEvent that is not JSON instead of losing the event', () => {
    const e = fromLookupEvent({ EventId: 'x', EventTime: new Date(0), CloudTrailEvent: 'not json' })
    expect(e.record).toStrictEqual({ unparsed: 'not json' })
  })

  it('reads a record from a trail log group with the attributes LookupEvents would give', () => {
    const e = fromRecord(JSON.stringify(record), 0)!
    expect(e).toMatchObject({
      EventId: 'e-1',
      EventName: 'DeleteBucket',
      EventSource: 's3.amazonaws.com',
      Username: 'GitHubActions',
      AccessKeyId: 'ASIAEXAMPLE',
      ReadOnly: 'false',
      ResourceType: ['AWS::S3::Bucket'],
      ResourceName: ['arn:aws:s3:::logs-bucket', 'logs-bucket'],
      time: Date.parse('2026-03-10T11:55:00Z'),
      errorCode: 'AccessDenied',
    })
    expect(fromRecord('plain text', 0)).toBeUndefined()
  })
})

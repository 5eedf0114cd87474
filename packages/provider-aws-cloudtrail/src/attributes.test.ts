import { UsageError } from '@atmos-logs/core/errors'
import { type EventAttributes, matches, parseFilterTerms, planLookup, specConstraints } from './attributes.js'

const event: EventAttributes = {
  EventId: 'e-1',
  EventName: 'DeleteBucket',
  EventSource: 's3.amazonaws.com',
  Username: 'alice',
  AccessKeyId: 'AKIAALICE',
  ReadOnly: 'false',
  ResourceType: ['AWS::S3::Bucket'],
  ResourceName: ['logs-bucket'],
}

describe('--filter terms', () => {
  it('reads Attribute=Value terms, quoted values, either-of for a repeated attribute', () => {
    expect(
      parseFilterTerms('EventName=DeleteBucket  username="John Smith" EventName=PutObject'),
    ).toStrictEqual([
      { key: 'EventName', values: ['DeleteBucket', 'PutObject'], from: '--filter/--query' },
      { key: 'Username', values: ['John Smith'], from: '--filter/--query' },
    ])
    expect(parseFilterTerms(undefined)).toStrictEqual([])
    expect(parseFilterTerms('  ')).toStrictEqual([])
  })

  it.each([
    [
      'Region=us-east-1',
      /"Region", which aws\/cloudtrail sources do not know/,
      /EventId, ResourceName, AccessKeyId, Username, EventName, ResourceType, EventSource, ReadOnly/,
    ],
    ['DeleteBucket', /not a list of Attribute=Value terms/, /EventName=DeleteBucket Username=alice/],
    ['EventName=', /not a list of Attribute=Value terms/, /Attribute|attributes/],
    ['ReadOnly=maybe', /ReadOnly "maybe"/, /ReadOnly=true/],
  ])('%s is a usage error (exit 2) that lists the valid attributes', (filter, message, hint) => {
    let error: unknown
    try {
      parseFilterTerms(filter)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UsageError)
    expect((error as UsageError).message).toMatch(message)
    expect((error as UsageError).hint).toMatch(hint)
    expect((error as UsageError).exitCode).toBe(2)
  })
})

describe('the lookup plan', () => {
  it('sends the most selective attribute server side and checks every condition on the client', () => {
    const constraints = [
      ...specConstraints({ EventSource: ['s3.amazonaws.com'], ReadOnly: ['false'] }, (k) => k),
      ...parseFilterTerms('Username=alice EventName=DeleteBucket'),
    ]
    const plan = planLookup(constraints)
    expect(plan.server).toMatchObject({ key: 'Username', values: ['alice'] })
    expect(plan.client).toBe(constraints)
    expect(planLookup(parseFilterTerms('ReadOnly=true ResourceName=x EventId=abc')).server?.key).toBe(
      'EventId',
    )
    expect(planLookup([]).server).toBeUndefined()
  })

  it('keeps a condition with many values on the client and takes the next attribute', () => {
    const plan = planLookup(
      parseFilterTerms(
        'EventName=A EventName=B EventName=C EventName=D EventName=E EventName=F EventSource=s3.amazonaws.com',
      ),
    )
    expect(plan.server?.key).toBe('EventSource')
    expect(planLookup(parseFilterTerms('EventName=A EventName=B')).server?.values).toStrictEqual(['A', 'B'])
  })

  it('matches every condition, resources by any of theirs', () => {
    expect(
      matches(event, parseFilterTerms('EventName=DeleteBucket Username=alice ResourceName=logs-bucket')),
    ).toBe(true)
    expect(
      matches(event, parseFilterTerms('EventName=PutObject EventName=DeleteBucket ReadOnly=false')),
    ).toBe(true)
    expect(matches(event, parseFilterTerms('Username=bob'))).toBe(false)
    expect(matches(event, parseFilterTerms('ResourceType=AWS::S3::Object'))).toBe(false)
    expect(matches({ ...event, Username: undefined }, parseFilterTerms('Username=alice'))).toBe(false)
  })
})

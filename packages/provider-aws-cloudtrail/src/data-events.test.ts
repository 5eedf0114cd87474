import { parseFilterTerms, specConstraints } from './attributes.js'
import { jsonFilterPattern } from './data-events.js'

describe('data events: conditions pushed down as a CloudWatch JSON filter pattern', () => {
  it('pushes the attributes a record carries one to one, and errors only', () => {
    const constraints = [
      ...specConstraints(
        { EventSource: ['s3.amazonaws.com'], EventName: ['PutObject', 'GetObject'], ReadOnly: ['false'] },
        (k) => k,
      ),
      ...parseFilterTerms('AccessKeyId=AKIAX Username=alice ResourceName=bucket'),
    ]
    expect(jsonFilterPattern(constraints, true)).toBe(
      '{ ($.eventName = "PutObject" || $.eventName = "GetObject") && ($.eventSource = "s3.amazonaws.com") && ($.readOnly IS FALSE) && ($.userIdentity.accessKeyId = "AKIAX") && ($.errorCode = "*") }',
    )
  })

  it('leaves out what it cannot push exactly, and quotes values', () => {
    expect(
      jsonFilterPattern(parseFilterTerms('Username=alice ResourceType=AWS::S3::Object'), false),
    ).toBeUndefined()
    expect(jsonFilterPattern(parseFilterTerms('EventName=a*b'), false)).toBeUndefined()
    expect(jsonFilterPattern([{ key: 'EventId', values: ['x"y'], from: 'test' }], false)).toBe(
      '{ ($.eventID = "x\\"y") }',
    )
  })
})

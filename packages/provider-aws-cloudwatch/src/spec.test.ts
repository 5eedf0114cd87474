import { parseSpec } from './spec.js'

describe('parseSpec', () => {
  it('accepts a single group and applies defaults', () => {
    expect(parseSpec({ log_group: '/aws/lambda/api' }, 'fn')).toEqual({
      logGroups: ['/aws/lambda/api'],
      streamPrefix: undefined,
      streams: undefined,
      region: undefined,
      endpoint: undefined,
      followMode: 'auto',
      rateLimit: undefined,
    })
  })

  it('accepts a list with patterns and every optional field', () => {
    const spec = parseSpec(
      {
        log_groups: ['/aws/lambda/*', '/ecs/web'],
        stream_prefix: '2024/',
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:4566',
        follow_mode: 'poll',
        rate_limit: 2,
      },
      'fn',
    )
    expect(spec.logGroups).toEqual(['/aws/lambda/*', '/ecs/web'])
    expect(spec.streamPrefix).toBe('2024/')
    expect(spec.region).toBe('eu-west-1')
    expect(spec.endpoint).toBe('http://127.0.0.1:4566')
    expect(spec.followMode).toBe('poll')
    expect(spec.rateLimit).toBe(2)
  })

  it.each([
    [{}, 'spec.log_group: required'],
    [{ log_group: '' }, 'spec.log_group: expected a log group name'],
    [{ log_group: 'a b' }, 'spec.log_group: "a b" is not a log group name'],
    [
      { log_group: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/api:*' },
      'spec.log_group: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/api:*" is a log group ARN; write the group\'s name instead, /aws/lambda/api, with region: eu-west-1 (the ARN\'s region).',
    ],
    [
      { log_groups: ['arn:aws-us-gov:logs:us-gov-west-1:1:log-group:/x'], region: 'us-gov-west-1' },
      'spec.log_groups[0]: "arn:aws-us-gov:logs:us-gov-west-1:1:log-group:/x" is a log group ARN; write the group\'s name instead, /x.',
    ],
    [{ log_group: 'a', log_groups: ['b'] }, 'spec.log_groups: set either'],
    [{ log_groups: [] }, 'spec.log_groups: expected a non-empty list'],
    [{ log_groups: ['ok', 3] }, 'spec.log_groups[1]: expected a log group name'],
    [{ log_group: 'a', streams: 'x' }, 'spec.streams: expected a non-empty list'],
    [{ log_group: 'a', streams: ['x'], stream_prefix: 'y' }, 'spec.streams: set either'],
    [{ log_group: 'a', stream_prefix: 5 }, 'spec.stream_prefix: expected a non-empty string'],
    [{ log_group: 'a', region: 'mars' }, 'spec.region: expected an AWS region'],
    [{ log_group: 'a', endpoint: 'ftp://x' }, 'spec.endpoint: expected an http(s) URL'],
    [{ log_group: 'a', follow_mode: 'push' }, 'spec.follow_mode: expected auto, live or poll; got "push"'],
    [{ log_group: 'a', rate_limit: 0 }, 'spec.rate_limit: expected requests per second'],
    [{ log_group: 'a', loggroup: 'b' }, 'spec.loggroup: unknown field'],
  ])('rejects %j naming the field', (spec, message) => {
    expect(() => parseSpec(spec, 'my-source')).toThrow(message)
    try {
      parseSpec(spec, 'my-source')
    } catch (err) {
      expect((err as Error).message).toContain('source "my-source"')
      expect((err as { exitCode: number }).exitCode).toBe(2)
    }
  })
})

import { ConfigError } from '@atmos-logs/core/errors'
import { DEFAULT_LATE_WINDOW_MS, DEFAULT_POLL_INTERVAL_MS, parseSpec } from './spec.js'

const problemOf = (spec: Record<string, unknown>): ConfigError => {
  try {
    parseSpec(spec, 'audit')
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return e as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('aws/cloudtrail spec', () => {
  it('reads every field, lists of event names and regions, and the defaults', () => {
    expect(
      parseSpec(
        {
          event_source: 'lambda.amazonaws.com',
          event_name: ['UpdateFunctionCode20150331v2', 'DeleteFunction20150331'],
          username: 'alice',
          resource_type: 'AWS::Lambda::Function',
          resource_name: 'acme-dev-api',
          access_key_id: 'AKIAIOSFODNN7EXAMPLE',
          read_only: 'false',
          regions: ['us-east-1', 'eu-west-1', 'us-east-1'],
          endpoint: 'http://127.0.0.1:4566',
          errors_only: true,
          poll_interval: '5s',
          late_window: '2m',
        },
        'audit',
      ),
    ).toStrictEqual({
      attributes: {
        EventSource: ['lambda.amazonaws.com'],
        EventName: ['UpdateFunctionCode20150331v2', 'DeleteFunction20150331'],
        Username: ['alice'],
        ResourceType: ['AWS::Lambda::Function'],
        ResourceName: ['acme-dev-api'],
        AccessKeyId: ['AKIAIOSFODNN7EXAMPLE'],
        ReadOnly: ['false'],
      },
      regions: ['us-east-1', 'eu-west-1'],
      endpoint: 'http://127.0.0.1:4566',
      errorsOnly: true,
      logGroup: undefined,
      pollIntervalMs: 5000,
      lateWindowMs: 120_000,
    })
    expect(parseSpec({}, 'audit')).toMatchObject({
      attributes: {},
      regions: undefined,
      errorsOnly: false,
      pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
      lateWindowMs: DEFAULT_LATE_WINDOW_MS,
    })
    expect(parseSpec({ region: 'us-west-2', log_group: '/aws/cloudtrail/org' }, 'audit')).toMatchObject({
      regions: ['us-west-2'],
      logGroup: '/aws/cloudtrail/org',
    })
  })

  it.each([
    [{ evnt_source: 'x' }, 'evnt_source', /unknown field\. Known fields are event_source/],
    [
      { event_source: 'lambda' },
      'event_source',
      /"lambda" is not valid; expected something like lambda.amazonaws.com/,
    ],
    [{ event_name: [] }, 'event_name', /an API name such as DeleteBucket/],
    [{ event_name: 'Delete Bucket' }, 'event_name', /an API name/],
    [{ username: '' }, 'username', /non-empty string/],
    [{ resource_type: 'Bucket' }, 'resource_type', /AWS::S3::Bucket/],
    [{ access_key_id: 'secret' }, 'access_key_id', /AKIAIOSFODNN7EXAMPLE/],
    [{ read_only: 'yes' }, 'read_only', /true or false; got "yes"/],
    [{ errors_only: 1 }, 'errors_only', /true or false; got 1/],
    [{ region: 'useast1' }, 'region', /us-east-1/],
    [{ regions: [] }, 'regions', /non-empty list/],
    [{ regions: ['us-east-1', 'mars'] }, 'regions[1]', /got "mars"/],
    [{ region: 'us-east-1', regions: ['us-east-1'] }, 'regions', /either region or regions/],
    [{ endpoint: 'ftp://x' }, 'endpoint', /http\(s\) URL/],
    [{ log_group: 'not a group' }, 'log_group', /not valid/],
    [{ log_group: '/a', regions: ['us-east-1', 'us-west-2'] }, 'regions', /lives in one region/],
    [{ poll_interval: '10' }, 'poll_interval', /duration of at least 1s/],
    [{ poll_interval: '100ms' }, 'poll_interval', /at least 1s/],
    [{ late_window: 'soon' }, 'late_window', /such as 30s or 20m/],
    [{ late_window: '10s' }, 'late_window', /"10s" is shorter than poll_interval \(30s\)/],
  ])('%j names spec.%s', (spec, field, what) => {
    const error = problemOf(spec)
    expect(error.yamlPath).toBe(`spec.${field}`)
    expect(error.message).toContain(`aws/cloudtrail source "audit" has an invalid spec.${field}:`)
    expect(error.message).toMatch(what)
    expect(error.exitCode).toBe(2)
  })
})

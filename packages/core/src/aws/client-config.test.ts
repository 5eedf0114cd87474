import { describe, expect, it } from '@jest/globals'
import { awsClientConfig, awsLimiterKey, sdkClientSettings } from './client-config.js'
import type { AwsService } from './errors.js'

const LOGS: AwsService = {
  kind: 'aws/cloudwatch',
  name: 'CloudWatch Logs',
  iamPrefix: 'logs',
  endpointVariable: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
}
const TRAIL: AwsService = { ...LOGS, kind: 'aws/cloudtrail', name: 'CloudTrail', iamPrefix: 'cloudtrail' }
const keys = { type: 'aws' as const, accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }

describe('sdkClientSettings', () => {
  it('leaves retries to AwsCaller and passes the endpoint and credentials only when set', () => {
    const bare = sdkClientSettings(awsClientConfig(LOGS, { region: 'eu-west-1' }, undefined, {}))
    expect(bare).toEqual({ region: 'eu-west-1', maxAttempts: 1, requestHandler: { connectionTimeout: 5000 } })
    const set = sdkClientSettings(
      awsClientConfig(LOGS, { region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566' }, keys, {}),
      'us-west-2',
    )
    expect(set).toMatchObject({
      region: 'us-west-2',
      endpoint: 'http://127.0.0.1:4566',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
    })
  })
})

describe('awsLimiterKey', () => {
  it('is one key per account, region and API, whichever kind asks', () => {
    const logs = awsClientConfig(LOGS, {}, keys, {})
    const trail = awsClientConfig(TRAIL, {}, keys, {})
    expect(awsLimiterKey(logs, 'us-east-1', 'FilterLogEvents')).toBe(
      awsLimiterKey(trail, 'us-east-1', 'FilterLogEvents'),
    )
    expect(awsLimiterKey(logs, 'us-east-1', 'FilterLogEvents')).not.toBe(
      awsLimiterKey(logs, 'us-west-2', 'FilterLogEvents'),
    )
    const other = awsClientConfig(LOGS, {}, { ...keys, accessKeyId: 'AKIAOTHER' }, {})
    expect(awsLimiterKey(other, 'us-east-1', 'FilterLogEvents')).not.toBe(
      awsLimiterKey(logs, 'us-east-1', 'FilterLogEvents'),
    )
  })
})

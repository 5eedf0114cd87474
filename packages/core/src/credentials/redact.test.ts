import { describe, expect, it } from '@jest/globals'
import { maskSpec, redactUrlCredentials, specSecretValues } from './redact.js'

describe('redactUrlCredentials', () => {
  it('masks the user:password of every URL and leaves other @ alone', () => {
    expect(
      redactUrlCredentials(
        'GET https://bob:hunter2@logs.acme.io/v1 failed; mail ops@acme.io; s3://a:b@bucket',
        '****',
      ),
    ).toBe('GET https://****@logs.acme.io/v1 failed; mail ops@acme.io; s3://****@bucket')
    expect(redactUrlCredentials('https://logs.acme.io/v1?x=1')).toBe('https://logs.acme.io/v1?x=1')
  })
})

describe('secret spec keys', () => {
  const spec = {
    url: 'https://bob:hunter2@logs.acme.io',
    token: 'tok-123456',
    headers: { Authorization: 'Bearer abcdef', Accept: 'json' },
    nested: { key: 'k-987654', public: 'visible' },
    region: 'eu-west-1',
  }

  it('collects every string under a listed key or dotted path', () => {
    expect(specSecretValues(spec, ['token', 'headers', 'nested.key', 'absent'])).toEqual([
      'tok-123456',
      'Bearer abcdef',
      'json',
      'k-987654',
    ])
    expect(specSecretValues(spec, undefined)).toEqual([])
  })

  it('masks those values and URL passwords in a copy, leaving the rest and the original as they were', () => {
    expect(maskSpec(spec, ['token', 'headers', 'nested.key'], '****')).toEqual({
      url: 'https://****@logs.acme.io',
      token: '****',
      headers: { Authorization: '****', Accept: '****' },
      nested: { key: '****', public: 'visible' },
      region: 'eu-west-1',
    })
    expect(spec.token).toBe('tok-123456')
  })
})

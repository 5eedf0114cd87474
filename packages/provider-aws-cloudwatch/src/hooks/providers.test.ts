import { isProviderRegistration } from '@atmos-logs/core/contract'
import providers from './providers.js'

describe('atmos-logs:providers hook', () => {
  it('returns one version-1 registration for aws/cloudwatch', async () => {
    const registration = await providers()
    expect(isProviderRegistration(registration)).toBe(true)
    expect(registration).toMatchObject({
      apiVersion: 1,
      kind: 'aws/cloudwatch',
      capabilities: ['list', 'get', 'tail', 'query'],
    })
  })

  it('creates a provider that validates its spec', async () => {
    const registration = await providers()
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    }
    const provider = await registration.create({
      name: 'fn',
      spec: { log_group: '/aws/lambda/api', region: 'us-east-1' },
      logger,
    })
    expect(provider).toMatchObject({
      kind: 'aws/cloudwatch',
      name: 'fn',
      queryLanguage: 'CloudWatch Logs Insights',
    })
    await provider.close()
    // create() accepts any spec; validate() (called once, by core's ProviderManager) rejects it.
    const bad = await registration.create({
      name: 'bad',
      spec: { follow_mode: 'x', log_group: '/a' },
      logger,
    })
    expect(() => bad.validate()).toThrow(/source "bad" has an invalid spec.follow_mode/)
    await bad.close()
  })
})

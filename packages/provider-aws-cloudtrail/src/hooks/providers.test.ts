import { isProviderRegistration } from '@atmos-logs/core/contract'
import providers from './providers.js'

describe('atmos-logs:providers hook', () => {
  it('returns one version-1 registration for aws/cloudtrail', async () => {
    const registration = await providers()
    expect(isProviderRegistration(registration)).toBe(true)
    expect(registration).toMatchObject({
      apiVersion: 1,
      kind: 'aws/cloudtrail',
      capabilities: ['list', 'get', 'tail'],
    })
  })

  it('creates a provider whose validate() checks the spec', async () => {
    const registration = await providers()
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    }
    const provider = await registration.create({ name: 'audit', spec: { region: 'us-east-1' }, logger })
    expect(provider).toMatchObject({ kind: 'aws/cloudtrail', name: 'audit' })
    expect(() => provider.validate()).not.toThrow()
    await provider.close()
    const bad = await registration.create({ name: 'bad', spec: { errors_only: 'maybe' }, logger })
    expect(() => bad.validate()).toThrow(/source "bad" has an invalid spec.errors_only/)
  })
})

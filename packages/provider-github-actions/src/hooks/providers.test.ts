import { isProviderRegistration } from '@atmos-logs/core/contract'
import providers from './providers.js'

describe('atmos-logs:providers hook', () => {
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  }

  it('returns one version-1 registration for github/actions', async () => {
    const registration = await providers()
    expect(isProviderRegistration(registration)).toBe(true)
    expect(registration).toMatchObject({
      apiVersion: 1,
      kind: 'github/actions',
      capabilities: ['list', 'get', 'tail'],
    })
  })

  it('creates a provider whose validate() rejects a bad spec by field', async () => {
    const registration = await providers()
    const good = await registration.create({
      name: 'ci',
      spec: { repo: 'acme/app', workflow: 'deploy.yml' },
      logger,
    })
    expect(() => good.validate()).not.toThrow()
    const bad = await registration.create({ name: 'ci', spec: { repo: 'nope' }, logger })
    expect(() => bad.validate()).toThrow(/source "ci" has an invalid spec\.repo/)
  })
})

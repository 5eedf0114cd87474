import {
  ConfigError,
  DEFAULT_ENDPOINT,
  ExitCode,
  notTheServiceError,
  ProviderError,
  specChecker,
  unreachableEndpointError,
} from './errors.js'

describe('specChecker', () => {
  const spec = { repo: 'acme/app', workflow: 'deploy.yml' }

  it('returns a thrower whose ConfigError names the kind, the source and spec.<field>', () => {
    const problem = specChecker('demo/kind', 'ci', spec, ['repo', 'workflow'])
    let thrown: unknown
    try {
      problem('repo', 'expected owner/name.')
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    const e = thrown as ConfigError
    expect(e.message).toBe('The demo/kind source "ci" has an invalid spec.repo: expected owner/name.')
    expect(e.yamlPath).toBe('spec.repo')
    expect(e.hint).toBe('Fix the source spec in your stack or atmos.yaml.')
    expect(e.exitCode).toBe(ExitCode.USAGE)
  })

  it('refuses a field it does not know, listing the known ones', () => {
    expect(() => specChecker('demo/kind', 'ci', { ...spec, wrokflow: 'x' }, ['repo', 'workflow'])).toThrow(
      'The demo/kind source "ci" has an invalid spec.wrokflow: unknown field. Known fields are repo, workflow.',
    )
  })
})

describe('endpoint failures', () => {
  const where = 'The demo/kind source "ci"'
  const service = { name: 'Demo', otherwise: 'demo.example.com', example: 'https://demo.example.com' }
  const chosen = { url: 'http://127.0.0.1:9/api', setBy: 'the DEMO_URL environment variable' }
  const own = { url: 'https://demo.example.com', setBy: DEFAULT_ENDPOINT }

  it("names an unreachable address and what set it, or the network when the address is the service's own", () => {
    const set = unreachableEndpointError(where, 'Demo', chosen, 'connect ECONNREFUSED (ECONNREFUSED)', null)
    expect(set).toBeInstanceOf(ProviderError)
    expect(set.exitCode).toBe(ExitCode.PROVIDER)
    expect(set.message).toBe(
      `${where} could not reach Demo at http://127.0.0.1:9/api (set by the DEMO_URL environment variable): connect ECONNREFUSED (ECONNREFUSED). ${set.hint}`,
    )
    expect(set.hint).toBe(
      'Check the DEMO_URL environment variable: is the address right, and is the service running there?',
    )
    const unset = unreachableEndpointError(where, 'Demo', own, 'getaddrinfo ENOTFOUND demo.example.com', null)
    expect(unset.message).toBe(
      `${where} could not reach Demo at https://demo.example.com: getaddrinfo ENOTFOUND demo.example.com. ${unset.hint}`,
    )
    expect(unset.hint).toBe(
      'Check the network connection (and HTTPS_PROXY, when one is needed) to demo.example.com.',
    )
  })

  it('says what answered in place of the service, and how to point the setting elsewhere', () => {
    const set = notTheServiceError(where, service, 'ListThings', chosen, 'HTTP 404, text/html', null)
    expect(set.message).toBe(
      `${where} called ListThings, but the endpoint http://127.0.0.1:9/api did not answer like Demo (HTTP 404, text/html). It comes from the DEMO_URL environment variable. ${set.hint}`,
    )
    expect(set.hint).toBe(
      'Point the DEMO_URL environment variable at a Demo endpoint (https://demo.example.com), or unset it to use demo.example.com.',
    )
    // Nothing to unset when the address is the service's own: what answered sits between.
    const unset = notTheServiceError(where, service, 'ListThings', own, 'HTTP 200, text/html', null)
    expect(unset.message).toBe(
      `${where} called ListThings, but the endpoint https://demo.example.com did not answer like Demo (HTTP 200, text/html). ${unset.hint}`,
    )
    expect(unset.hint).toBe('Check any proxy between here and demo.example.com.')
  })
})

import { ConfigError, ExitCode, specChecker } from './errors.js'

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

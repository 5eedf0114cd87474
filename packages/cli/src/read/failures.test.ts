import { CredentialsError, ExitCode, ProviderError, type ResolvedSource } from '@atmos-logs/core'
import { failuresError } from './failures.js'

const source = (stack: string | null, component: string | null, name: string) =>
  ({ name, kind: 'aws/cloudwatch', component, stack }) as ResolvedSource
const expired = (identity: string) =>
  new CredentialsError(`No credentials for identity "${identity}".`, { hint: 'Run `atmos auth login`.' })

describe('failuresError', () => {
  it('says a cause shared by several sources once, naming each source it took down', () => {
    const err = failuresError(
      [
        { source: source('dev', 'api', 'audit'), error: expired('security') },
        { source: source('dev', 'api-auth', 'audit'), error: expired('security') },
        { source: source('dev', 'worker', 'service'), error: expired('security') },
      ],
      3,
    )
    expect(err.message).toBe(
      'All 3 sources failed: api/audit, api-auth/audit and worker/service: No credentials for identity "security".',
    )
    // every source failed the same way: the sign-in exit code and its hint survive
    expect(err.exitCode).toBe(ExitCode.CREDENTIALS)
    expect(err.hint).toBe('Run `atmos auth login`.')
  })

  it('gives each distinct cause its own line, names the stack when there are several, and falls back to --debug', () => {
    const err = failuresError(
      [
        { source: source('dev', 'api', 'audit'), error: expired('security') },
        { source: source('prod', 'api', 'audit'), error: expired('security') },
        { source: source('prod', 'api', 'function-logs'), error: new Error('socket hang up') },
      ],
      5,
    )
    expect(err.message).toBe(
      [
        '3 of 5 sources failed (the others were printed):',
        '  dev/api/audit and prod/api/audit: No credentials for identity "security".',
        '  prod/api/function-logs: socket hang up',
      ].join('\n'),
    )
    // a mix of failures is a provider failure, and the hints do not agree
    expect(err).toBeInstanceOf(ProviderError)
    expect(err.hint).toBe('Run again with --debug for details.')
  })

  it('names a source of atmos.yaml by its own name', () => {
    const err = failuresError(
      [{ source: source(null, null, 'lambda-functions'), error: new Error('boom') }],
      2,
    )
    expect(err.message).toBe('1 of 2 sources failed (the others were printed): lambda-functions: boom')
  })
})

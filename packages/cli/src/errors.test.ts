import { ConfigError } from '@atmos-logs/core/errors'
import { describe, expect, it } from '@jest/globals'
import { renderError } from './errors.js'

const plain = { debug: false, scrub: (s: string) => s, command: 'atmos logs view' }

/** The shape of an oclif parse error: a CLIError whose `oclif.exit` is 2. */
function oclifError(message: string): Error {
  return Object.assign(new Error(message), { oclif: { exit: 2 } })
}

describe('renderError', () => {
  it('makes an oclif parse error one paragraph with a hint naming the command', () => {
    const { text, exitCode } = renderError(
      oclifError(
        'Parsing --limit \n\tExpected an integer greater than or equal to 1 but received: 0\nSee more help with --help',
      ),
      plain,
    )
    expect(exitCode).toBe(2)
    expect(text).toBe(
      'Error: Parsing --limit: Expected an integer greater than or equal to 1 but received: 0\n' +
        '  Hint: Run `atmos logs view --help` to see the flags and the values they take.',
    )
    expect(renderError(oclifError('Nonexistent flag: --bogus\nSee more help with --help'), plain).text).toBe(
      'Error: Nonexistent flag: --bogus\n  Hint: Run `atmos logs view --help` to see the flags and the values they take.',
    )
  })

  it('says two flags that exclude each other once, in one sentence, where oclif says each side', () => {
    const message =
      'The following errors occurred:\n  --local=true cannot also be provided when using --utc\n' +
      '  --utc=true cannot also be provided when using --local\nSee more help with --help'
    expect(renderError(oclifError(message), plain).text).toBe(
      'Error: --local and --utc cannot be used together: use one of them.\n' +
        '  Hint: Run `atmos logs view --help` to see the flags and the values they take.',
    )
  })

  it('keeps our own errors as written, with their hint; the stack only with --debug', () => {
    const err = new ConfigError('Cannot parse YAML in /p/atmos.yaml:5:1: bad indentation.', {
      hint: 'Fix line 5.',
    })
    expect(renderError(err, plain)).toEqual({
      text: 'Error: Cannot parse YAML in /p/atmos.yaml:5:1: bad indentation.\n  Hint: Fix line 5.',
      exitCode: 2,
    })
    expect(renderError(err, { ...plain, debug: true }).text).toMatch(
      /Hint: Fix line 5\.\n\nConfigError: .*\n\s+at /,
    )
  })
  it('says a hint once when the message already ends with it', () => {
    const hint = 'Check spec.log_group of this source.'
    const err = new ConfigError(`Log group "/a" does not exist. ${hint}`, { hint })
    expect(renderError(err, plain).text).toBe(`Error: Log group "/a" does not exist.\n  Hint: ${hint}`)
  })
})

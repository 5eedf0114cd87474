import { EMULATOR_DUMMY_KEY } from './emulator.js'
import { execTimeBoxed, TimedOutError } from './exec.js'
import { atmosExpiration, parseIni } from './ini-file.js'
import {
  CREDENTIAL_REDACT_PATHS,
  REDACTED,
  redactCredentialText,
  redactSecrets,
  secretValues,
} from './redact.js'
import type { ExecFile } from './types.js'

describe('parseIni', () => {
  it('attaches the atmos expiry comment written above a section header to that section', () => {
    const doc = parseIni(
      [
        '; atmos: expiration=2026-01-01T00:00:00Z',
        '[first]',
        'aws_access_key_id = A1',
        '',
        '; atmos: expiration=2026-02-02T00:00:00Z',
        '[second]',
        'aws_access_key_id=A2',
        'aws_session_token = `tok;en`',
      ].join('\n'),
    )
    expect(atmosExpiration(doc.get('first')!)).toBe('2026-01-01T00:00:00Z')
    expect(atmosExpiration(doc.get('second')!)).toBe('2026-02-02T00:00:00Z')
    expect(doc.get('second')!.values).toEqual({ aws_access_key_id: 'A2', aws_session_token: 'tok;en' })
  })

  it('also reads the comment inside the section body, and CRLF files', () => {
    const doc = parseIni(
      '[dev]\r\n# atmos: expiration=2026-03-03T00:00:00Z\r\naws_access_key_id = A\r\n[profile dev]\r\nregion = eu-west-1\r\n',
    )
    expect(atmosExpiration(doc.get('dev')!)).toBe('2026-03-03T00:00:00Z')
    expect(doc.get('profile dev')!.values.region).toBe('eu-west-1')
    expect(atmosExpiration(doc.get('profile dev')!)).toBeUndefined()
  })
})

describe('redaction', () => {
  it('redactSecrets replaces every occurrence, longest first, and ignores empty strings', () => {
    expect(redactSecrets('key=abc123 again abc123 and abc', ['abc', 'abc123', ''])).toBe(
      `key=${REDACTED} again ${REDACTED} and ${REDACTED}`,
    )
    expect(redactSecrets('nothing here', [])).toBe('nothing here')
  })

  it('secretValues lists the secret fields of each kind of credentials, not identifiers', () => {
    expect(
      secretValues({
        type: 'aws',
        accessKeyId: 'AKIAID',
        secretAccessKey: 'sek',
        sessionToken: 'tok',
        region: 'r',
      }),
    ).toEqual(['sek', 'tok'])
    expect(secretValues({ type: 'github', token: 'ghp_x', baseUrl: 'u' })).toEqual(['ghp_x'])
    // An emulator identity's keys are public: masking them would mask that word in every line.
    const dummy = { accessKeyId: EMULATOR_DUMMY_KEY, secretAccessKey: EMULATOR_DUMMY_KEY }
    expect(secretValues({ type: 'aws', ...dummy, region: 'r' })).toEqual([])
    expect(secretValues({ type: 'github' })).toEqual([])
    expect(secretValues({ type: 'default', region: 'r' })).toEqual([])
    expect(secretValues(undefined)).toEqual([])
  })

  it('redactCredentialText masks keyed values and GitHub tokens in text from a child process', () => {
    const text = [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG',
      'export AWS_SESSION_TOKEN="IQoJb3JpZ2luX2VjEJr"',
      '{"SecretAccessKey": "abcDEF123"}',
      'token ghp_abcdefghijklmnopqrstuvwxyz0123456789 used',
      'region = us-east-1',
    ].join('\n')
    const out = redactCredentialText(text)
    for (const secret of [
      'wJalrXUtnFEMI/K7MDENG',
      'IQoJb3JpZ2luX2VjEJr',
      'abcDEF123',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    ]) {
      expect(out).not.toContain(secret)
    }
    expect(out).toContain('region = us-east-1')
  })

  it('CREDENTIAL_REDACT_PATHS covers the secret fields at the top level and nested', () => {
    expect(CREDENTIAL_REDACT_PATHS).toEqual(
      expect.arrayContaining(['secretAccessKey', '*.sessionToken', 'credentials.token']),
    )
  })
})

describe('execTimeBoxed', () => {
  it('aborts the runner signal and rejects with TimedOutError when the program outlives the time box', async () => {
    let signal: AbortSignal | undefined
    const never: ExecFile = (_file, _args, opts) => {
      signal = opts.signal
      return new Promise(() => {})
    }
    const err = await execTimeBoxed(never, 'atmos', [], { env: {}, timeoutMs: 5 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TimedOutError)
    expect(signal?.aborted).toBe(true)
  })

  it('passes the result through when the program finishes', async () => {
    const quick: ExecFile = async (file, args) => ({
      stdout: `${file} ${args.join(' ')}`,
      stderr: '',
      code: 0,
    })
    expect(await execTimeBoxed(quick, 'gh', ['auth', 'token'], { env: {}, timeoutMs: 1000 })).toEqual({
      stdout: 'gh auth token',
      stderr: '',
      code: 0,
    })
  })
})

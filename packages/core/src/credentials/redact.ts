import type { Credentials } from '../contract.js'
import { EMULATOR_DUMMY_KEY } from './emulator.js'

export const REDACTED = '[REDACTED]'

/** Replaces every occurrence of each secret in `text`. Longest first, so overlapping secrets all go. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const unique = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length > 0))]
  unique.sort((a, b) => b.length - a.length)
  let out = text
  for (const secret of unique) out = out.split(secret).join(REDACTED)
  return out
}

/**
 * The secret strings inside resolved credentials, for log redaction and for scrubbing error output.
 * The access key id is an identifier, not a secret (AWS prints it in CloudTrail; the emulator's
 * stats record it), so it is left out; so is the dummy key of an emulator identity, which is
 * public, and masking it would mask that word in every log line.
 */
export function secretValues(creds: Credentials | undefined): string[] {
  if (!creds) return []
  switch (creds.type) {
    case 'aws':
      return [creds.secretAccessKey, creds.sessionToken].filter(
        (v): v is string => !!v && v !== EMULATOR_DUMMY_KEY,
      )
    case 'github':
      return creds.token ? [creds.token] : []
    case 'google':
      return creds.accessToken ? [creds.accessToken] : []
    default:
      return []
  }
}

/** pino `redact` paths covering the credential fields wherever a log object carries them. */
export const CREDENTIAL_REDACT_PATHS: readonly string[] = [
  'secretAccessKey',
  'sessionToken',
  'token',
  'accessToken',
  '*.secretAccessKey',
  '*.sessionToken',
  '*.token',
  '*.accessToken',
  'credentials.secretAccessKey',
  'credentials.sessionToken',
  'credentials.token',
  'credentials.accessToken',
  '*.credentials.secretAccessKey',
  '*.credentials.sessionToken',
  '*.credentials.token',
  '*.credentials.accessToken',
]

// Values that follow a credential-looking key in text a child process printed.
const KEYED_SECRET =
  /((?:aws_secret_access_key|aws_session_token|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|SecretAccessKey|SessionToken|secret_access_key|session_token|GH_TOKEN|GITHUB_TOKEN|ATMOS_GITHUB_TOKEN|GOOGLE_OAUTH_ACCESS_TOKEN|CLOUDSDK_AUTH_ACCESS_TOKEN|access_token|refresh_token)["']?\s*[:=]\s*["']?)([^\s"',;]+)/g
// GitHub token formats (classic, OAuth, app, refresh, fine-grained), and Google's OAuth access tokens.
const TOKEN_SHAPES = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|ya29\.[A-Za-z0-9_-]{20,})/g

/**
 * Masks credential-shaped values in text whose secrets we do not know yet (the stderr of a failed
 * `atmos auth env` or `gh auth token`), on top of the known `secrets`.
 */
export function redactCredentialText(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, secrets).replace(KEYED_SECRET, `$1${REDACTED}`).replace(TOKEN_SHAPES, REDACTED)
}

/** The `user:password@` part of a URL (`https://bob:hunter2@host/`): masked wherever text is printed. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@:]*:[^\s/?#@]*@/gi

/** Masks the user and password of every URL in `text`. */
export function redactUrlCredentials(text: string, mask = REDACTED): string {
  return text.includes('@') ? text.replace(URL_USERINFO, `$1${mask}@`) : text
}

/**
 * The secret strings of a source's spec: every string under a key its kind lists in
 * `secretSpecKeys` (a top-level key, or a dotted path such as `headers.Authorization`), however
 * deep, e.g. each header value when the key is `headers`.
 */
export function specSecretValues(
  spec: Record<string, unknown>,
  secretKeys: readonly string[] | undefined,
): string[] {
  const out: string[] = []
  const collect = (v: unknown) => {
    if (typeof v === 'string') out.push(v)
    else if (v && typeof v === 'object') for (const x of Object.values(v)) collect(x)
  }
  for (const key of secretKeys ?? []) collect(valueAt(spec, key))
  return out.filter((s) => s.length > 0)
}

/**
 * A copy of a spec fit to print: values under its secret keys replaced by `mask`, and the
 * user:password of every URL in any string masked as well.
 */
export function maskSpec(
  spec: Record<string, unknown>,
  secretKeys: readonly string[] | undefined,
  mask = REDACTED,
): Record<string, unknown> {
  const secret = new Set(secretKeys ?? [])
  const walk = (v: unknown, path: string): unknown => {
    if (path !== '' && secret.has(path)) return maskLeaves(v, mask)
    if (typeof v === 'string') return redactUrlCredentials(v, mask)
    if (Array.isArray(v)) return v.map((x) => walk(x, path))
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]))
    return v
  }
  return walk(spec, '') as Record<string, unknown>
}

function maskLeaves(v: unknown, mask: string): unknown {
  if (Array.isArray(v)) return v.map((x) => maskLeaves(x, mask))
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskLeaves(x, mask)]))
  return v === undefined || v === null ? v : mask
}

function valueAt(spec: Record<string, unknown>, path: string): unknown {
  let v: unknown = spec
  for (const part of path.split('.'))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined
  return v
}

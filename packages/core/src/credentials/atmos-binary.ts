import { CredentialsError } from '../errors.js'
import { describeGoAtmos, type GoAtmos } from '../go-atmos/locate.js'
import { loginHint, type ProfileCredentials, readProfileCredentials } from './atmos-files.js'
import { execTimeBoxed, TimedOutError } from './exec.js'
import { redactCredentialText } from './redact.js'
import type { ExecFile } from './types.js'

/** The Go atmos asked for credentials. */
export type AtmosBinary = GoAtmos

export interface AuthEnvInput {
  binary: AtmosBinary
  identity: string
  execFile: ExecFile
  env: NodeJS.ProcessEnv
  cwd?: string
  timeoutMs: number
  now: Date
  /** Secrets resolved for other identities, masked in atmos's stderr too. */
  knownSecrets?: readonly string[]
}

const MAX_STDERR_CHARS = 2000

export function describeAuthEnv(binary: AtmosBinary, identity: string): string {
  return `\`atmos auth env --identity ${identity}\` (${describeGoAtmos(binary)})`
}

// The tail of stderr, credential-shaped values masked: shown only when atmos failed.
function stderrExcerpt(stderr: string, knownSecrets: readonly string[] = []): string {
  const text = redactCredentialText(stderr.trim(), knownSecrets)
  if (!text) return ''
  const tail = text.length > MAX_STDERR_CHARS ? `...${text.slice(-MAX_STDERR_CHARS)}` : text
  return ` It said: ${tail.replace(/\s*\n\s*/g, ' | ')}`
}

/**
 * Runs `atmos auth env --identity NAME --format json --login`: the variables it printed. A failure,
 * a hang or output that is not a JSON object is a CredentialsError naming the identity and the fix.
 */
export async function authEnvVariables(input: AuthEnvInput): Promise<Record<string, string>> {
  const { binary, identity } = input
  const fix = `Run \`${loginHint(identity)}\` in a terminal, then try again.`
  let result: Awaited<ReturnType<ExecFile>>
  try {
    result = await execTimeBoxed(
      input.execFile,
      binary.path,
      ['auth', 'env', '--identity', identity, '--format', 'json', '--login'],
      { env: input.env, cwd: input.cwd, timeoutMs: input.timeoutMs },
    )
  } catch (err) {
    if (err instanceof TimedOutError) {
      throw new CredentialsError(
        `${describeAuthEnv(binary, identity)} hung: it did not finish within ${formatSeconds(input.timeoutMs)} and was stopped. It may be waiting for a browser or device sign-in that cannot be shown here. ${fix}`,
      )
    }
    throw new CredentialsError(
      `Could not run ${describeAuthEnv(binary, identity)}: ${(err as Error).message}. Check that the file is the Go atmos and is executable, or set ATMOS_GO_BINARY to it. ${fix}`,
      { cause: err },
    )
  }

  if (result.code !== 0) {
    const how = result.code === null ? 'was killed by a signal' : `exited with code ${result.code}`
    throw new CredentialsError(
      `${describeAuthEnv(binary, identity)} ${how}.${stderrExcerpt(result.stderr, input.knownSecrets)} ${fix}`,
    )
  }

  const vars = parseEnvJson(result.stdout)
  if (!vars) {
    // Never echo stdout: it may hold keys.
    throw new CredentialsError(
      `${describeAuthEnv(binary, identity)} printed ${result.stdout.length} characters that are not a JSON object of environment variables; this atmos may be too old for \`auth env --format json\`. Upgrade atmos, or set ATMOS_GO_BINARY to a newer one.`,
    )
  }
  return vars
}

/** `atmos auth env` for an AWS identity: its keys, or the files it points to. */
export async function credentialsFromAtmosBinary(input: AuthEnvInput): Promise<ProfileCredentials> {
  const { binary, identity } = input
  const fix = `Run \`${loginHint(identity)}\` in a terminal, then try again.`
  const vars = await authEnvVariables(input)

  const envRegion = vars.AWS_REGION || vars.AWS_DEFAULT_REGION || undefined
  const endpoints = endpointsOf(vars)
  if (vars.AWS_ACCESS_KEY_ID && vars.AWS_SECRET_ACCESS_KEY) {
    return { ...credentialsFromVariables(vars, identity, envRegion, input), ...endpoints }
  }

  const credentialsFile = vars.AWS_SHARED_CREDENTIALS_FILE
  const profile = vars.AWS_PROFILE || identity
  if (!credentialsFile) {
    throw new CredentialsError(
      `${describeAuthEnv(binary, identity)} printed neither AWS_SHARED_CREDENTIALS_FILE nor AWS_ACCESS_KEY_ID, so there are no credentials to use. ${fix}`,
    )
  }
  const configFile = vars.AWS_CONFIG_FILE || undefined
  const creds = await readProfileCredentials({
    identity,
    profile,
    sharedCredentialsFile: credentialsFile,
    configFile,
    origin: `the file \`atmos auth env\` named`,
    now: input.now,
  })
  return { ...creds, profileRegion: envRegion ?? creds.profileRegion, ...endpoints }
}

/**
 * The endpoints `atmos auth env` set (an emulator identity sets AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_S3): the SDK would honour them from the environment, so the provider must too.
 */
function endpointsOf(
  vars: Record<string, string>,
): Pick<ProfileCredentials, 'endpoint' | 'serviceEndpoints'> {
  const out: Pick<ProfileCredentials, 'endpoint' | 'serviceEndpoints'> = {}
  if (vars.AWS_ENDPOINT_URL) out.endpoint = vars.AWS_ENDPOINT_URL
  for (const [key, value] of Object.entries(vars)) {
    if (key.startsWith('AWS_ENDPOINT_URL_') && value)
      out.serviceEndpoints = { ...out.serviceEndpoints, [key]: value }
  }
  return out
}

function credentialsFromVariables(
  vars: Record<string, string>,
  identity: string,
  region: string | undefined,
  input: AuthEnvInput,
): ProfileCredentials {
  let expiration: Date | undefined
  if (vars.AWS_CREDENTIAL_EXPIRATION) {
    expiration = new Date(vars.AWS_CREDENTIAL_EXPIRATION)
    if (Number.isNaN(expiration.getTime())) expiration = undefined
    else if (expiration.getTime() <= input.now.getTime()) {
      throw new CredentialsError(
        `${describeAuthEnv(input.binary, identity)} returned credentials that expired at ${expiration.toISOString()}. Run \`${loginHint(identity)}\`, then try again.`,
      )
    }
  }
  return {
    accessKeyId: vars.AWS_ACCESS_KEY_ID,
    secretAccessKey: vars.AWS_SECRET_ACCESS_KEY,
    sessionToken: vars.AWS_SESSION_TOKEN || undefined,
    expiration,
    profileRegion: region,
    profile: vars.AWS_PROFILE || identity,
    sharedCredentialsFile: vars.AWS_SHARED_CREDENTIALS_FILE || undefined,
    configFile: vars.AWS_CONFIG_FILE || undefined,
  }
}

function parseEnvJson(stdout: string): Record<string, string> | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(stdout)
  } catch {
    // Tolerate a stray line around the object (a notice printed to stdout).
    const start = stdout.indexOf('{')
    const end = stdout.lastIndexOf('}')
    if (start < 0 || end <= start) return undefined
    try {
      parsed = JSON.parse(stdout.slice(start, end + 1))
    } catch {
      return undefined
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  const vars: Record<string, string> = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') vars[key] = value
    else if (typeof value === 'number' || typeof value === 'boolean') vars[key] = String(value)
  }
  return vars
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`
}

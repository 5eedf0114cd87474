import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GoogleCredentials } from '../contract.js'
import { CredentialsError } from '../errors.js'
import { loginHint } from './atmos-files.js'
import type { CredentialAuthConfig } from './types.js'

/** Where atmos auth puts a Google access token for tools (gcloud's and Google's SDKs' variables). */
const TOKEN_VARIABLES = ['GOOGLE_OAUTH_ACCESS_TOKEN', 'CLOUDSDK_AUTH_ACCESS_TOKEN']
const PROJECT_VARIABLES = ['GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT', 'GCLOUD_PROJECT']
const ENDPOINT_PREFIX = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_'

/**
 * Identity kinds that may have no credential of their own: a project identity adds a project to
 * whatever signs in (its chain's token, else Application Default Credentials); an emulator needs none.
 */
const AMBIENT_KINDS = new Set(['gcp/project', 'gcp/emulator'])

export interface GoogleIdentityInput {
  identity: string
  kind: string | undefined
  /** What `atmos auth env` printed, and that command as errors name it; undefined without a Go atmos. */
  authEnv: { vars: Record<string, string>; command: string } | undefined
  /**
   * The directories atmos auth keeps this identity's Google token in, nearest first (the identity's
   * own, then those of the identities it signs in through); computed only when needed.
   */
  tokenDirs: () => string[]
  now: Date
}

/**
 * An identity's Google credentials: the token or credentials file `atmos auth env` printed, else the
 * token atmos auth keeps for it (`atmos auth env` prints only the project of a service account
 * identity; `atmos auth login` writes its token beside the other tools' files). Missing or expired:
 * exit 3 naming the identity and `atmos auth login --identity NAME`.
 */
export async function googleIdentityCredentials(input: GoogleIdentityInput): Promise<GoogleCredentials> {
  const { identity } = input
  const vars = input.authEnv?.vars ?? {}
  const command = input.authEnv?.command ?? 'atmos auth env'
  const base: GoogleCredentials = { type: 'google', identity }
  const project = PROJECT_VARIABLES.map((k) => vars[k]?.trim()).find(Boolean)
  if (project) base.project = project
  const endpoints = Object.fromEntries(
    Object.entries(vars).filter(([k, v]) => k.startsWith(ENDPOINT_PREFIX) && v.trim() !== ''),
  )
  if (Object.keys(endpoints).length > 0) base.endpoints = endpoints
  if (vars.CLOUDSDK_AUTH_DISABLE_CREDENTIALS?.toLowerCase() === 'true') return base

  const token = TOKEN_VARIABLES.map((k) => vars[k]?.trim()).find(Boolean)
  if (token) return { ...base, accessToken: token }
  const file = vars.GOOGLE_APPLICATION_CREDENTIALS?.trim()
  if (file) {
    const found = await readCredentialsFile(file, identity, `${command} named it`, input.now)
    if (!found) throw missing(identity, `${file} does not exist (${command} named it)`)
    return { ...base, ...found }
  }

  const looked: string[] = []
  if (input.kind !== 'gcp/emulator') {
    for (const dir of input.tokenDirs()) {
      const found =
        (await readTokenFile(join(dir, 'access_token'), identity, input.now)) ??
        (await readCredentialsFile(join(dir, ADC_FILE), identity, 'atmos auth wrote it', input.now))
      if (found) return { ...base, ...found }
      looked.push(dir)
    }
  }
  if (input.kind !== undefined && AMBIENT_KINDS.has(input.kind)) return base
  const kept = looked.length > 0 ? `atmos auth keeps none in ${looked.join(', ')}` : 'atmos auth keeps none'
  throw missing(
    identity,
    input.authEnv
      ? `${command} printed no token or credentials file, and ${kept}`
      : `${kept} (no Go atmos was found to ask \`atmos auth env\`)`,
  )
}

const ADC_FILE = 'application_default_credentials.json'

/** `<config home>/atmos/[<realm>/]gcp/<provider>/adc/<identity>`: where atmos auth keeps a Google token. */
export function atmosGoogleTokenDir(
  base: string,
  provider: string,
  realm: string | undefined,
  identity: string,
): string {
  return join(base, 'atmos', ...(realm ? [realm] : []), 'gcp', provider, 'adc', identity)
}

/** The identity and those it signs in through (`via.identity`), nearest first. */
export function identityChain(auth: CredentialAuthConfig, identity: string): string[] {
  const chain: string[] = []
  for (let name: string | undefined = identity; name && !chain.includes(name); ) {
    chain.push(name)
    name = auth.identities?.[name]?.via?.identity
  }
  return chain
}

function missing(identity: string, why: string): CredentialsError {
  const hint = `Run \`${loginHint(identity)}\`, then try again.`
  return new CredentialsError(`No Google credentials for identity "${identity}": ${why}. ${hint}`, { hint })
}

function expired(identity: string, at: Date, where: string): CredentialsError {
  const hint = `Run \`${loginHint(identity)}\`, then try again.`
  return new CredentialsError(
    `The Google access token of identity "${identity}" expired at ${at.toISOString()} (${where}). ${hint}`,
    { hint },
  )
}

async function readText(path: string, identity: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new CredentialsError(
      `Cannot read ${path}, the Google credentials of identity "${identity}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Check the file's permissions, or run \`${loginHint(identity)}\`.`,
      { cause: err },
    )
  }
}

function checked(
  token: string,
  expiration: Date | undefined,
  identity: string,
  where: string,
  now: Date,
): Pick<GoogleCredentials, 'accessToken' | 'expiration'> {
  if (expiration && expiration.getTime() <= now.getTime()) throw expired(identity, expiration, where)
  return { accessToken: token, ...(expiration ? { expiration } : {}) }
}

/** atmos auth's `access_token` file: the token on the first line, its RFC 3339 expiry on the second. */
async function readTokenFile(path: string, identity: string, now: Date) {
  const text = await readText(path, identity)
  if (text === undefined) return undefined
  const [token = '', expiry = ''] = text.split('\n').map((l) => l.trim())
  if (!token) return undefined
  const at = expiry ? new Date(expiry) : undefined
  return checked(token, at && !Number.isNaN(at.getTime()) ? at : undefined, identity, path, now)
}

/**
 * A credentials file: atmos auth's own (`authorized_user` holding an access token and no refresh
 * token, which Google's libraries cannot use) gives its token; any other kind is handed on as a file.
 */
async function readCredentialsFile(
  path: string,
  identity: string,
  origin: string,
  now: Date,
): Promise<Pick<GoogleCredentials, 'accessToken' | 'expiration' | 'credentialsFile'> | undefined> {
  const text = await readText(path, identity)
  if (text === undefined) return undefined
  let json: Record<string, unknown>
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    // Never quote the file: it may be a key.
    throw new CredentialsError(
      `${path}, the Google credentials file of identity "${identity}" (${origin}), is not JSON. Run \`${loginHint(identity)}\` to write it again.`,
    )
  }
  const token = typeof json.access_token === 'string' ? json.access_token.trim() : ''
  if (json.type === 'authorized_user' && token && !json.refresh_token) {
    const raw = typeof json.token_expiry === 'string' ? new Date(json.token_expiry) : undefined
    return checked(token, raw && !Number.isNaN(raw.getTime()) ? raw : undefined, identity, path, now)
  }
  return { credentialsFile: path }
}

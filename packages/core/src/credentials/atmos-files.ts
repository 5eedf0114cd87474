import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CredentialsError } from '../errors.js'
import { atmosExpiration, type IniDocument, parseIni } from './ini-file.js'

/** Keys and metadata read from an identity's profile, before the per-source region is settled. */
export interface ProfileCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
  /** The profile's region from the config file (or from `atmos auth env`), if any. */
  profileRegion?: string
  profile?: string
  sharedCredentialsFile?: string
  configFile?: string
  /** AWS_ENDPOINT_URL of the identity (emulators), and per-service AWS_ENDPOINT_URL_<SERVICE>. */
  endpoint?: string
  serviceEndpoints?: Record<string, string>
}

export function loginHint(identity: string): string {
  return `atmos auth login --identity ${identity}`
}

/** `$ATMOS_XDG_CONFIG_HOME`, `$XDG_CONFIG_HOME` or `~/.config` (atmos uses ~/.config on macOS too). */
export function configHome(env: NodeJS.ProcessEnv, homeDir?: string): string {
  return env.ATMOS_XDG_CONFIG_HOME || env.XDG_CONFIG_HOME || join(homeDir ?? homedir(), '.config')
}

/** `<config home>/atmos/[<realm>/]aws/<provider>/{credentials,config}` */
export function atmosAwsFiles(
  base: string,
  provider: string,
  realm: string | undefined,
): { credentials: string; config: string } {
  const dir = realm ? join(base, 'atmos', realm, 'aws', provider) : join(base, 'atmos', 'aws', provider)
  return { credentials: join(dir, 'credentials'), config: join(dir, 'config') }
}

async function readIni(path: string): Promise<IniDocument | undefined> {
  try {
    return parseIni(await readFile(path, 'utf8'))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new CredentialsError(
      `Cannot read ${path}: ${(err as Error).message}. Check the file's permissions, or sign in again.`,
      { cause: err },
    )
  }
}

/** AWS config files name profiles `[profile NAME]`, except `[default]`. */
export async function profileRegion(configFile: string, profile: string): Promise<string | undefined> {
  const doc = await readIni(configFile)
  const section = doc?.get(profile === 'default' ? 'default' : `profile ${profile}`) ?? doc?.get(profile)
  const region = section?.values.region?.trim()
  return region || undefined
}

export interface ReadProfileInput {
  identity: string
  profile: string
  sharedCredentialsFile: string
  configFile?: string
  /** Said in errors: where the file paths came from. */
  origin: string
  now: Date
}

/** Reads one profile's keys, expiry and region; missing or expired credentials are errors. */
export async function readProfileCredentials(input: ReadProfileInput): Promise<ProfileCredentials> {
  const { identity, profile, sharedCredentialsFile, configFile } = input
  const fix = `Run \`${loginHint(identity)}\` to sign in, then try again.`
  const doc = await readIni(sharedCredentialsFile)
  if (!doc) {
    throw new CredentialsError(
      `No credentials for identity "${identity}": ${sharedCredentialsFile} does not exist (${input.origin}). ${fix}`,
    )
  }
  const section = doc.get(profile)
  const accessKeyId = section?.values.aws_access_key_id
  const secretAccessKey = section?.values.aws_secret_access_key
  if (!section || !accessKeyId || !secretAccessKey) {
    const what = section ? 'has no aws_access_key_id / aws_secret_access_key in section' : 'has no section'
    throw new CredentialsError(
      `No credentials for identity "${identity}": ${sharedCredentialsFile} ${what} [${profile}] (${input.origin}). ${fix}`,
    )
  }

  let expiration: Date | undefined
  const rawExpiration = atmosExpiration(section)
  if (rawExpiration !== undefined) {
    expiration = new Date(rawExpiration)
    if (Number.isNaN(expiration.getTime())) {
      throw new CredentialsError(
        `The credentials of identity "${identity}" in ${sharedCredentialsFile} carry an unreadable expiry ("atmos: expiration=${rawExpiration}"). ${fix}`,
      )
    }
    if (expiration.getTime() <= input.now.getTime()) {
      throw new CredentialsError(
        `The credentials of identity "${identity}" expired at ${expiration.toISOString()} (${sharedCredentialsFile}). ${fix}`,
      )
    }
  }

  return {
    accessKeyId,
    secretAccessKey,
    sessionToken: section.values.aws_session_token || undefined,
    expiration,
    profileRegion: configFile ? await profileRegion(configFile, profile) : undefined,
    profile,
    sharedCredentialsFile,
    configFile,
  }
}

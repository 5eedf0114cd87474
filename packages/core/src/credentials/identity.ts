import { ConfigError, CredentialsError } from '../errors.js'
import type { CredentialAuthConfig, IdentityConfig } from './types.js'

/** atmos keeps `aws/user` identities (long-lived keys) under this provider directory. */
export const AWS_USER_PROVIDER_DIR = 'aws-user'

/** The configuration file to name in messages: the one the loader found, else the generic name. */
function configFile(auth: CredentialAuthConfig): string {
  return auth.file ?? 'atmos.yaml'
}

function knownIdentities(auth: CredentialAuthConfig): string {
  const names = Object.keys(auth.identities ?? {}).sort()
  return names.length > 0 ? names.join(', ') : `(none: ${configFile(auth)} has no auth.identities)`
}

/** The names of the identities marked `default: true`, sorted. */
export function defaultIdentities(auth: CredentialAuthConfig): string[] {
  return Object.entries(auth.identities ?? {})
    .filter(([, config]) => config?.default === true)
    .map(([name]) => name)
    .sort()
}

/**
 * The identity a source uses: its own, else the single `default: true` one, else null (the SDK
 * default chain). Several defaults are ambiguous and refused.
 */
export function chooseIdentity(
  auth: CredentialAuthConfig,
  source: { name: string; identity: string | null },
): string | null {
  if (source.identity) {
    requireIdentity(auth, source.identity, `source "${source.name}"`)
    return source.identity
  }
  const defaults = defaultIdentities(auth)
  if (defaults.length > 1) {
    throw new ConfigError(
      `Several identities in auth.identities of ${configFile(auth)} are marked default: true (${defaults.join(', ')}), so source "${source.name}", which names no identity, cannot pick one.`,
      {
        file: auth.file,
        yamlPath: 'auth.identities',
        hint: 'Keep default: true on exactly one identity, or set identity on the source.',
      },
    )
  }
  return defaults[0] ?? null
}

/** An identity that is not defined can give no credentials: exit 3, like missing ones. */
export function requireIdentity(auth: CredentialAuthConfig, name: string, usedBy: string): IdentityConfig {
  const config = auth.identities?.[name]
  if (!config || typeof config !== 'object') {
    throw new CredentialsError(
      `Identity "${name}" used by ${usedBy} is not defined in auth.identities of ${configFile(auth)}. Known identities: ${knownIdentities(auth)}.`,
      {
        file: auth.file,
        yamlPath: `auth.identities.${name}`,
        hint: 'Fix the identity name, or add it under auth.identities.',
      },
    )
  }
  return config
}

/**
 * The provider directory atmos auth writes an identity's files under: follow `via.identity` links
 * to the identity that names `via.provider`; `aws/user` identities have their own directory.
 */
export function rootProviderOf(auth: CredentialAuthConfig, identity: string): string {
  const seen: string[] = []
  let name = identity
  for (;;) {
    if (seen.includes(name)) {
      throw new ConfigError(
        `The via chain of identity "${identity}" loops (${[...seen, name].join(' -> ')}) in auth.identities of ${configFile(auth)}.`,
        {
          file: auth.file,
          yamlPath: `auth.identities.${identity}.via`,
          hint: 'Make the chain end at a provider (via: {provider: NAME}).',
        },
      )
    }
    seen.push(name)
    const config = requireIdentity(
      auth,
      name,
      seen.length > 1 ? `the via chain of identity "${identity}"` : 'a source',
    )
    if (config.kind === 'aws/user') return AWS_USER_PROVIDER_DIR
    const via = config.via
    if (via?.provider) return via.provider
    if (via?.identity) {
      name = via.identity
      continue
    }
    throw new ConfigError(
      `Identity "${name}" in auth.identities of ${configFile(auth)} has no via (neither via.provider nor via.identity), so it is not known where atmos auth keeps its credentials.`,
      {
        file: auth.file,
        yamlPath: `auth.identities.${name}.via`,
        hint: 'Add via: {provider: NAME} or via: {identity: NAME}.',
      },
    )
  }
}

// atmos's realm rule: lowercase letters, digits, single - or _ between them, at most 64 chars.
const REALM = /^[a-z0-9](?:[a-z0-9]|[-_](?=[a-z0-9]))*$/

/** The credential realm: ATMOS_AUTH_REALM, else auth.realm, else none. */
export function realmOf(auth: CredentialAuthConfig, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env.ATMOS_AUTH_REALM?.trim()
  const value = fromEnv || (typeof auth.realm === 'string' ? auth.realm.trim() : '')
  if (!value) return undefined
  if (value.length > 64 || !REALM.test(value)) {
    const where = fromEnv ? 'ATMOS_AUTH_REALM' : `auth.realm in ${configFile(auth)}`
    throw new ConfigError(
      `The credential realm "${value}" (from ${where}) is not valid: a realm is at most 64 lowercase letters, digits, and single hyphens or underscores between them.`,
      { hint: `Fix ${where}.`, ...(fromEnv ? {} : { file: auth.file, yamlPath: 'auth.realm' }) },
    )
  }
  return value
}

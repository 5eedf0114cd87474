import { homedir } from 'node:os'
import { join } from 'node:path'
import type {
  AwsCredentials,
  Credentials,
  GitHubCredentials,
  GoogleCredentials,
  Logger,
  SdkDefaultCredentials,
} from '../contract.js'
import { ConfigError, UsageError } from '../errors.js'
import { locateGoAtmos } from '../go-atmos/locate.js'
import { tryParseDuration } from '../time/duration.js'
import {
  type AtmosBinary,
  type AuthEnvInput,
  authEnvVariables,
  credentialsFromAtmosBinary,
  describeAuthEnv,
} from './atmos-binary.js'
import {
  atmosAwsFiles,
  configHome,
  type ProfileCredentials,
  profileRegion,
  readProfileCredentials,
} from './atmos-files.js'
import { AWS_EMULATOR_KIND, resolveAwsEmulator } from './emulator.js'
import { spawnExecFile } from './exec.js'
import { GITHUB_TOKEN_CHAIN, resolveGitHubCredentials } from './github.js'
import { atmosGoogleTokenDir, googleIdentityCredentials, identityChain } from './google.js'
import { chooseIdentity, realmOf, requireIdentity, rootProviderOf } from './identity.js'
import { secretValues } from './redact.js'
import type { CredentialResolverOptions, SourceRef } from './types.js'

export interface CredentialResolver {
  /**
   * The credentials for one source: `aws/*` kinds get AwsCredentials (from an atmos identity) or
   * SdkDefaultCredentials (no identity anywhere); `github/*` kinds get GitHubCredentials; any other
   * kind gets the credentials of the identity the source names (GoogleCredentials for a `gcp/*`
   * identity, else AWS ones), else undefined.
   */
  resolveFor(source: SourceRef): Promise<Credentials | undefined>
  /** Every secret value resolved so far, for scrubbing output and building log redaction. */
  secrets(): string[]
}

const DEFAULT_TIMEOUT_MS = 60_000

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

export function createCredentialResolver(opts: CredentialResolverOptions): CredentialResolver {
  const auth = opts.auth ?? {}
  const env = opts.env ?? process.env
  const logger = opts.logger ?? silentLogger
  const execFile = opts.execFile ?? spawnExecFile
  const timeoutMs = opts.timeoutMs ?? timeoutFromEnv(env) ?? DEFAULT_TIMEOUT_MS
  const now = opts.now ?? (() => new Date())

  // One resolution per identity per run, shared by every source that uses it (failures too: a
  // second source must not start a second sign-in).
  const byIdentity = new Map<string, Promise<ProfileCredentials>>()
  const byGoogleIdentity = new Map<string, Promise<GoogleCredentials>>()
  let github: Promise<GitHubCredentials> | undefined
  let binary: Promise<AtmosBinary | undefined> | undefined
  const resolvedSecrets = new Set<string>()
  const noted = new Set<string>()
  const noteOnce = (message: string) => {
    if (noted.has(message)) return
    noted.add(message)
    if (opts.notice) opts.notice(message)
    else logger.info({}, message)
  }

  const remember = <T extends Credentials>(creds: T): T => {
    for (const secret of secretValues(creds)) resolvedSecrets.add(secret)
    return creds
  }

  /** How `atmos auth env` is asked about an identity, the same for every kind. */
  const authEnvInput = (atmos: AtmosBinary, identity: string): AuthEnvInput => ({
    binary: atmos,
    identity,
    execFile,
    env,
    cwd: opts.cwd,
    timeoutMs,
    now: now(),
    knownSecrets: [...resolvedSecrets],
  })

  async function resolveIdentity(identity: string): Promise<ProfileCredentials> {
    const config = requireIdentity(auth, identity, 'a source')
    const kind = typeof config.kind === 'string' ? config.kind : undefined
    let needsRuntime: string | undefined
    if (kind === AWS_EMULATOR_KIND) {
      // The emulator's address from configuration when it pins the port; else only the running
      // atmos knows it.
      const emulator = await resolveAwsEmulator(
        identity,
        config,
        opts.emulators,
        env,
        auth.file ?? 'atmos.yaml',
      )
      if (emulator.kind === 'resolved') {
        logger.debug(
          { identity, endpoint: emulator.credentials.endpoint, file: emulator.emulatorFile },
          'aws/emulator identity resolved from configuration',
        )
        return emulator.credentials
      }
      needsRuntime = emulator.why
    }
    binary ??= locateGoAtmos(env, opts.selfPath)
    const atmos = await binary
    if (!atmos && needsRuntime) {
      throw new ConfigError(
        `Identity "${identity}" (kind ${AWS_EMULATOR_KIND}) cannot be resolved: ${needsRuntime}, and no Go atmos was found to ask where it runs.`,
        {
          file: auth.file,
          yamlPath: `auth.identities.${identity}`,
          hint: `Pin the host port in the emulator's container.ports (for example {container: 4566, host: 4566}), or install the Go atmos (or set ATMOS_GO_BINARY) so that \`atmos auth env --identity ${identity}\` reports the running emulator.`,
        },
      )
    }
    if (!atmos && kind !== undefined && !FILE_KINDS.has(kind)) throw unknownKind(auth, identity, kind)
    if (atmos) {
      logger.debug({ identity, binary: atmos.path }, 'asking atmos auth env for credentials')
      return credentialsFromAtmosBinary(authEnvInput(atmos, identity))
    }
    const realm = realmOf(auth, env)
    const provider = rootProviderOf(auth, identity)
    const files = atmosAwsFiles(configHome(env, opts.homeDir), provider, realm)
    logger.debug(
      { identity, provider, realm, file: files.credentials },
      'reading atmos auth credential files',
    )
    return readProfileCredentials({
      identity,
      profile: identity,
      sharedCredentialsFile: files.credentials,
      configFile: files.config,
      origin: `where atmos auth keeps identity "${identity}" of provider "${provider}"${realm ? ` in realm "${realm}"` : ''}; no Go atmos binary was found on PATH`,
      now: now(),
    })
  }

  // gcp/* identities: what `atmos auth env` prints for them, else the token atmos auth keeps.
  async function resolveGoogle(identity: string, kind: string): Promise<GoogleCredentials> {
    binary ??= locateGoAtmos(env, opts.selfPath)
    const atmos = await binary
    if (!atmos && !GOOGLE_FILE_KINDS.has(kind)) throw unknownKind(auth, identity, kind)
    const authEnv = atmos
      ? {
          vars: await authEnvVariables(authEnvInput(atmos, identity)),
          command: describeAuthEnv(atmos, identity),
        }
      : undefined
    const creds = await googleIdentityCredentials({
      identity,
      kind,
      authEnv,
      tokenDirs: () => {
        const realm = realmOf(auth, env)
        let provider: string
        try {
          provider = rootProviderOf(auth, identity)
        } catch (err) {
          // A project or emulator identity may stand alone: it then has no token of its own.
          if (kind === 'gcp/project' || kind === 'gcp/emulator') return []
          throw err
        }
        const base = configHome(env, opts.homeDir)
        return identityChain(auth, identity).map((name) => atmosGoogleTokenDir(base, provider, realm, name))
      },
      now: now(),
    })
    logger.debug(
      {
        identity,
        kind,
        with: creds.accessToken ? 'access token' : creds.credentialsFile ? 'credentials file' : 'ambient',
        project: creds.project,
        expiration: creds.expiration?.toISOString(),
      },
      'Google credentials resolved',
    )
    return remember(creds)
  }

  function googleCredentials(identity: string, kind: string): Promise<GoogleCredentials> {
    return oncePerIdentity(byGoogleIdentity, identity, () => resolveGoogle(identity, kind))
  }

  function identityCredentials(identity: string): Promise<ProfileCredentials> {
    return oncePerIdentity(byIdentity, identity, () => resolveIdentity(identity))
  }

  async function awsCredentials(
    source: SourceRef,
    identity: string,
    regionRequired: boolean,
  ): Promise<AwsCredentials> {
    const config = requireIdentity(auth, identity, `source "${source.name}"`)
    if (typeof config.kind === 'string' && !config.kind.startsWith('aws/')) {
      throw new ConfigError(
        `Source "${source.name}" (kind ${source.kind}) uses identity "${identity}", which is of kind ${config.kind}; this kind signs in with aws/* identities only. Give the source an AWS identity, or none.`,
        { yamlPath: `auth.identities.${identity}.kind` },
      )
    }
    const profile = await identityCredentials(identity)
    const region = specRegion(source) ?? profile.profileRegion ?? envRegion(env)
    if (!region && regionRequired) {
      const profileWhere = profile.configFile
        ? `the region of [profile ${profile.profile ?? identity}] in ${profile.configFile}`
        : `a region from atmos auth for identity "${identity}"`
      throw noRegion(source, `spec.region, ${profileWhere}, AWS_REGION or AWS_DEFAULT_REGION`)
    }
    logger.debug(
      {
        source: source.name,
        identity,
        profile: profile.profile,
        region,
        expiration: profile.expiration?.toISOString(),
      },
      'AWS credentials resolved',
    )
    return remember({
      type: 'aws',
      accessKeyId: profile.accessKeyId,
      secretAccessKey: profile.secretAccessKey,
      sessionToken: profile.sessionToken,
      expiration: profile.expiration,
      region,
      identity,
      profile: profile.profile,
      sharedCredentialsFile: profile.sharedCredentialsFile,
      configFile: profile.configFile,
      ...(profile.endpoint ? { endpoint: profile.endpoint } : {}),
      ...(profile.serviceEndpoints ? { serviceEndpoints: profile.serviceEndpoints } : {}),
    })
  }

  // No identity: the provider's SDK finds credentials itself; settle the region here so a missing
  // one is our clear error rather than the SDK's.
  async function sdkDefault(source: SourceRef): Promise<SdkDefaultCredentials> {
    const configFile = env.AWS_CONFIG_FILE || join(opts.homeDir ?? homedir(), '.aws', 'config')
    const profile = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default'
    const region =
      specRegion(source) ??
      envRegion(env) ??
      (await profileRegion(configFile, profile).catch(() => undefined))
    if (!region) {
      throw noRegion(
        source,
        `spec.region, AWS_REGION, AWS_DEFAULT_REGION, or the region of profile "${profile}" in ${configFile}`,
      )
    }
    return { type: 'default', region }
  }

  return {
    async resolveFor(source) {
      if (source.kind.startsWith('github/')) {
        // atmos identities are cloud identities (atmos auth has no kind that yields a GitHub API
        // token); GitHub has its own token chain. A named identity must still exist, so a typo
        // does not pass silently, and the user hears that it is not used.
        if (source.identity) {
          requireIdentity(auth, source.identity, `source "${source.name}"`)
          noteOnce(
            `Note: identity "${source.identity}" is not used for ${source.kind} sources: GitHub is read with a token from ${GITHUB_TOKEN_CHAIN}.`,
          )
        }
        github ??= resolveGitHubCredentials({ env, execFile, timeoutMs, logger }).then(remember)
        return github
      }
      if (source.kind.startsWith('aws/')) {
        const identity = chooseIdentity(auth, source)
        // aws/ambient: whatever the environment provides, which is the SDK's own chain.
        if (identity && auth.identities?.[identity]?.kind === 'aws/ambient') return sdkDefault(source)
        return identity ? awsCredentials(source, identity, true) : sdkDefault(source)
      }
      // Other kinds: only an identity the source names explicitly (the default identity would start
      // a sign-in that such a provider most likely does not need); a gcp/* one gives Google credentials.
      if (!source.identity) return undefined
      const config = requireIdentity(auth, source.identity, `source "${source.name}"`)
      if (typeof config.kind === 'string' && config.kind.startsWith('gcp/'))
        return googleCredentials(source.identity, config.kind)
      return awsCredentials(source, source.identity, false)
    },
    secrets() {
      return [...resolvedSecrets]
    },
  }
}

/** Identity kinds whose credentials atmos auth keeps in the files this resolver reads. */
const FILE_KINDS = new Set(['aws/permission-set', 'aws/assume-role', 'aws/assume-root', 'aws/user'])
/** The same for Google: a service account's token file, a project identity's chain or ADC. */
const GOOGLE_FILE_KINDS = new Set(['gcp/service-account', 'gcp/project'])

function unknownKind(auth: CredentialResolverOptions['auth'], identity: string, kind: string): ConfigError {
  return new ConfigError(
    `Identity "${identity}" is of kind ${kind}, which atmos logs cannot turn into credentials by itself (it reads ${[...FILE_KINDS, AWS_EMULATOR_KIND, 'aws/ambient', ...GOOGLE_FILE_KINDS].join(', ')} identities without help), and no Go atmos was found to ask.`,
    {
      file: auth.file,
      yamlPath: `auth.identities.${identity}.kind`,
      hint: `Install the Go atmos (or set ATMOS_GO_BINARY) so that \`atmos auth env --identity ${identity}\` resolves it, or sign in as another identity for this run with --identity NAME.`,
    },
  )
}

/**
 * `ATMOS_AUTH_TIMEOUT` (a duration: `90s`, `2m`, `500ms`) overrides the time box for `atmos auth env`
 * and `gh auth token`: longer for slow single sign-on, shorter for CI and tests.
 */
function timeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.ATMOS_AUTH_TIMEOUT?.trim()
  if (!text) return undefined
  const ms = tryParseDuration(text)
  if (ms === undefined || ms <= 0) {
    throw new UsageError(
      `ATMOS_AUTH_TIMEOUT is set to "${text}", which is not a positive duration; it sets how long \`atmos auth env\` and \`gh auth token\` may take.`,
      {
        hint: `Write a duration such as 30s, 2m or 500ms, or unset ATMOS_AUTH_TIMEOUT for the default of ${DEFAULT_TIMEOUT_MS / 1000} s.`,
      },
    )
  }
  return ms
}

function specRegion(source: SourceRef): string | undefined {
  const region = source.spec.region
  return typeof region === 'string' && region.trim() ? region.trim() : undefined
}

function envRegion(env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined
}

function noRegion(source: SourceRef, looked: string): ConfigError {
  return new ConfigError(
    `Source "${source.name}" (kind ${source.kind}) needs an AWS region and none is set (looked at ${looked}). Set region: in the source's spec, or export AWS_REGION.`,
  )
}

/** One resolution per identity per run: every source that uses the identity waits on the same promise. */
function oncePerIdentity<T>(
  cache: Map<string, Promise<T>>,
  identity: string,
  resolve: () => Promise<T>,
): Promise<T> {
  let pending = cache.get(identity)
  if (!pending) {
    pending = resolve()
    cache.set(identity, pending)
  }
  return pending
}

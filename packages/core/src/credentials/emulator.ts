/**
 * `aws/emulator` identities (`emulator: <stack>/<name>`): the connection atmos hands terraform for
 * a local AWS emulator, computed from configuration when it pins the emulator's host port. atmos
 * gives fixed dummy keys (`test`), the component's region (else us-east-1), and the endpoint
 * `http://<host>:<host port of the lowest container port>`, host 127.0.0.1 unless
 * ATMOS_EMULATOR_ENDPOINT_HOST says otherwise; the same URL for S3.
 */
import { isPlainObject } from '../config/merge.js'
import { ConfigError } from '../errors.js'
import type { ProfileCredentials } from './atmos-files.js'
import type { EmulatorLookup, IdentityConfig } from './types.js'

export const AWS_EMULATOR_KIND = 'aws/emulator'
/** The key id and secret atmos hands terraform for an emulator: public, never masked. */
export const EMULATOR_DUMMY_KEY = 'test'
const DEFAULT_REGION = 'us-east-1'

/** `local/aws` → stack `local`, emulator `aws` (a stack name may itself hold slashes). */
export function emulatorRef(
  identity: string,
  config: IdentityConfig,
  file: string,
): { stack: string; name: string } {
  const ref = typeof config.emulator === 'string' ? config.emulator.trim() : ''
  const slash = ref.lastIndexOf('/')
  if (slash <= 0 || slash === ref.length - 1) {
    throw new ConfigError(
      `Identity "${identity}" (kind ${AWS_EMULATOR_KIND}) in auth.identities of ${file} needs \`emulator: <stack>/<name>\` naming the emulator component it targets${ref ? `, not "${ref}"` : ''}.`,
      {
        yamlPath: `auth.identities.${identity}.emulator`,
        hint: 'For an emulator declared as components.emulator.aws in stack local, write `emulator: local/aws`.',
      },
    )
  }
  return { stack: ref.slice(0, slash), name: ref.slice(slash + 1) }
}

interface Port {
  container: number
  host: number
}

function portsOf(section: Record<string, unknown>): Port[] {
  const container = section.container
  const list = isPlainObject(container) && Array.isArray(container.ports) ? container.ports : []
  return list
    .filter(isPlainObject)
    .map((p) => ({ container: Number(p.container) || 0, host: Number(p.host) || 0 }))
    .filter((p) => p.container > 0)
    .sort((a, b) => a.container - b.container)
}

function endpointHost(env: NodeJS.ProcessEnv): string {
  const host = env.ATMOS_EMULATOR_ENDPOINT_HOST?.trim() || 'localhost'
  return ['localhost', '::1', '[::1]', '::', '[::]', '0.0.0.0'].includes(host) ? '127.0.0.1' : host
}

export type EmulatorResolution =
  | { kind: 'resolved'; credentials: ProfileCredentials; emulatorFile: string }
  /** The host port is chosen when the emulator starts: only the running atmos knows it. */
  | { kind: 'needs-runtime'; why: string; emulatorFile: string }

/** The emulator connection from configuration, or why configuration does not suffice. */
export async function resolveAwsEmulator(
  identity: string,
  config: IdentityConfig,
  lookup: EmulatorLookup | undefined,
  env: NodeJS.ProcessEnv,
  file: string,
): Promise<EmulatorResolution> {
  const { stack, name } = emulatorRef(identity, config, file)
  const found = lookup ? await lookup(stack, name) : undefined
  if (!found) {
    throw new ConfigError(
      `Identity "${identity}" (kind ${AWS_EMULATOR_KIND}) targets emulator ${stack}/${name}, but no manifest of stack '${stack}' declares components.emulator.${name}.`,
      {
        yamlPath: `auth.identities.${identity}.emulator`,
        hint: `Declare the emulator under components.emulator.${name} in stack '${stack}', or fix \`emulator:\` of the identity.`,
      },
    )
  }
  const ports = portsOf(found.section)
  const primary = ports[0]
  if (!primary || primary.host <= 0) {
    return {
      kind: 'needs-runtime',
      emulatorFile: found.file,
      why: primary
        ? `components.emulator.${name} in ${found.file} does not pin the host port of container port ${primary.container}, so the port is chosen when the emulator starts`
        : `components.emulator.${name} in ${found.file} lists no container.ports, so its host port is chosen when the emulator starts`,
    }
  }
  const url = `http://${endpointHost(env)}:${primary.host}`
  const region =
    typeof found.section.region === 'string' && found.section.region.trim()
      ? found.section.region.trim()
      : DEFAULT_REGION
  return {
    kind: 'resolved',
    emulatorFile: found.file,
    credentials: {
      accessKeyId: EMULATOR_DUMMY_KEY,
      secretAccessKey: EMULATOR_DUMMY_KEY,
      profileRegion: region,
      profile: identity,
      endpoint: url,
      serviceEndpoints: { AWS_ENDPOINT_URL_S3: url },
    },
  }
}

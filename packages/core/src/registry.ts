import { didYouMean } from './config/suggest.js'
import type { Capability, ProviderRegistration } from './contract.js'
import { registrationProblem } from './contract.js'
import { ConfigError } from './errors.js'

/** Where a registration came from: oclif's plugin type tells built-in from user-installed. */
export interface RegistrationOrigin {
  /** npm name of the plugin that brought the kind. */
  plugin: string
  /** 'core' for built-ins, 'user' for `atmos plugins install`, 'link' for `atmos plugins link`, 'dev' in development. */
  type: 'core' | 'user' | 'link' | 'dev' | string
}

export interface RegisteredProvider {
  registration: ProviderRegistration
  origin: RegistrationOrigin
}

/** Precedence of plugin types when two plugins register one kind: the user's choice wins. */
const PRECEDENCE: Record<string, number> = { core: 0, dev: 1, user: 2, link: 3 }

export class ProviderRegistry {
  private readonly byKind = new Map<string, RegisteredProvider>()

  /**
   * Adds a registration. On a duplicate kind, the one installed or linked by the user overrides a
   * built-in; the returned notice says so. Between equals, the first stays.
   */
  register(value: unknown, origin: RegistrationOrigin): { notice?: string } {
    const problem = registrationProblem(value)
    if (problem !== undefined) {
      throw new ConfigError(
        `Plugin ${origin.plugin} returned an invalid provider registration: ${problem}.`,
        {
          hint: 'A registration needs apiVersion: 1, a kind, capabilities from list/get/tail/query and a create() function.',
        },
      )
    }
    const registration = value as ProviderRegistration
    const existing = this.byKind.get(registration.kind)
    if (!existing) {
      this.byKind.set(registration.kind, { registration, origin })
      return {}
    }
    const rank = (o: RegistrationOrigin) => PRECEDENCE[o.type] ?? 1
    if (rank(origin) > rank(existing.origin)) {
      this.byKind.set(registration.kind, { registration, origin })
      return {
        notice: `Provider kind ${registration.kind} from ${origin.plugin} (${origin.type}) overrides the one from ${existing.origin.plugin}.`,
      }
    }
    return {
      notice: `Provider kind ${registration.kind} from ${origin.plugin} is ignored: ${existing.origin.plugin} already provides it.`,
    }
  }

  get(kind: string): RegisteredProvider | undefined {
    return this.byKind.get(kind)
  }

  /** The registration for a kind, or a configuration error naming what is installed and how to add it. */
  require(kind: string, where?: string): RegisteredProvider {
    const found = this.byKind.get(kind)
    if (found) return found
    const installed = this.kinds()
    const command = installCommandFor(kind)
    const near = didYouMean(kind, installed)
    throw new ConfigError(
      `Unknown log source kind "${kind}"${where ? ` in ${where}` : ''}.${near} Installed kinds: ${installed.length ? installed.join(', ') : 'none'}.`,
      {
        hint: near
          ? `Fix the kind in the source's configuration${command ? `, or install the plugin that provides "${kind}": \`${command}\`` : ''}.`
          : command
            ? `Install the plugin that provides it: \`${command}\` (the package ${providerPackageFor(kind)}).`
            : `No installed plugin provides kind ${kind}. Install the package that does by its full npm name, e.g. \`atmos plugins install @publisher/package\` (\`npm:name\` for an unscoped one).`,
      },
    )
  }

  kinds(): string[] {
    return [...this.byKind.keys()].sort()
  }

  list(): Array<{
    kind: string
    description: string
    capabilities: Capability[]
    plugin: string
    type: string
  }> {
    return this.kinds().map((kind) => {
      const { registration, origin } = this.byKind.get(kind)!
      return {
        kind,
        description: registration.description,
        capabilities: [...registration.capabilities],
        plugin: origin.plugin,
        type: origin.type,
      }
    })
  }
}

/**
 * The kinds whose packages atmos-logs publishes, and the short name `atmos plugins install` takes
 * for each (it expands to `@atmos-logs/provider-<short name>`). Only these get a package named in
 * the unknown-kind hint: for any other kind we cannot know who publishes it.
 */
const FIRST_PARTY_PLUGINS: Readonly<Record<string, string>> = {
  'aws/cloudwatch': 'aws-cloudwatch',
  'aws/cloudtrail': 'aws-cloudtrail',
  'github/actions': 'github-actions',
  'gcp/logging': 'gcp',
  'local/file': 'local-file',
}

/** `gcp/logging` → `atmos plugins install gcp`; undefined for a kind atmos-logs does not publish. */
export function installCommandFor(kind: string): string | undefined {
  const short = FIRST_PARTY_PLUGINS[kind]
  return short === undefined ? undefined : `atmos plugins install ${short}`
}

/** The npm package of a first-party kind (`@atmos-logs/provider-gcp` for `gcp/logging`). */
export function providerPackageFor(kind: string): string | undefined {
  const short = FIRST_PARTY_PLUGINS[kind]
  return short === undefined ? undefined : `@atmos-logs/provider-${short}`
}

import type { Capability, ProviderRegistration } from './contract.js'
import { isProviderRegistration } from './contract.js'
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
  register(registration: unknown, origin: RegistrationOrigin): { notice?: string } {
    if (!isProviderRegistration(registration)) {
      throw new ConfigError(`Plugin ${origin.plugin} returned an invalid provider registration.`, {
        hint: 'A registration needs apiVersion: 1, a kind, capabilities from list/get/tail/query and a create() function.',
      })
    }
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
    throw new ConfigError(
      `Unknown log source kind "${kind}"${where ? ` in ${where}` : ''}. Installed kinds: ${installed.length ? installed.join(', ') : 'none'}.`,
      {
        hint: `If a plugin provides it, install it: \`${installCommandFor(kind)}\` (the package ${providerPackageFor(kind)}), or install the plugin by its full npm name.`,
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
 * `aws/cloudtrail` → `atmos plugins install aws-cloudtrail`, which oclif expands to
 * `@atmos-logs/provider-aws-cloudtrail`: every provider package is named for its kind that way.
 * (Only the platform, `aws`, would ask for a package that does not exist.)
 */
export function installCommandFor(kind: string): string {
  return `atmos plugins install ${kind.replaceAll('/', '-')}`
}

/** The npm package that `installCommandFor(kind)` installs. */
export function providerPackageFor(kind: string): string {
  return `@atmos-logs/provider-${kind.replaceAll('/', '-')}`
}

import { registrationProblem } from '@atmos-logs/core/contract'
import { missingModuleOf } from '@atmos-logs/core/errors'
import { ProviderRegistry } from '@atmos-logs/core/registry'
import type { Config } from '@oclif/core'

/** The hook every provider plugin answers with its registration (docs/writing-a-provider.md). */
export const PROVIDERS_HOOK = 'atmos-logs:providers'
/** How long oclif gives each providers hook before counting it as failed. */
export const HOOK_TIMEOUT_MS = 10_000

export interface LoadedProviders {
  registry: ProviderRegistry
  /** One line per plugin that failed or was overridden; the command prints them on stderr. */
  warnings: string[]
  /** Plugins whose hook failed: their kinds are unknown, so a source of an unknown kind may be theirs. */
  broken: BrokenPlugin[]
}

export interface BrokenPlugin {
  plugin: string
  /** "it cannot load the module X" or "its providers hook failed (...)". */
  reason: string
  /** How to repair or remove it, by how it was installed. */
  remedy: string
}

/**
 * Asks every installed oclif plugin for its provider registrations. A plugin whose hook throws is
 * reported by name and skipped, so one broken plugin never takes the others down.
 */
export async function loadProviders(config: Config): Promise<LoadedProviders> {
  return providersFrom(await runProvidersHook(config))
}

/** A plugin as the providers hook's outcome names it. */
export interface HookPlugin {
  name: string
  type: string
  root: string
}

/** What the providers hook gave, plugin by plugin: oclif's runHook outcome, or the same found without oclif. */
export interface ProvidersHookResult {
  successes: Array<{ plugin: HookPlugin; result: unknown }>
  failures: Array<{ plugin: HookPlugin; error: unknown }>
}

/** The registry from every plugin's registrations, and a warning for each one that failed. */
export function providersFrom(result: ProvidersHookResult): LoadedProviders {
  const registry = new ProviderRegistry()
  const warnings: string[] = []
  const broken: BrokenPlugin[] = []
  // Built-ins first, so that duplicate kinds resolve the same way whatever order hooks finished in.
  const rank = (type: string) => (type === 'core' ? 0 : 1)
  const successes = [...result.successes].sort(
    (a, b) => rank(a.plugin.type) - rank(b.plugin.type) || a.plugin.name.localeCompare(b.plugin.name),
  )
  for (const { plugin, result: value } of successes) {
    const registrations = Array.isArray(value) ? value : value == null ? [] : [value]
    for (const registration of registrations) {
      try {
        const { notice } = registry.register(registration, { plugin: plugin.name, type: plugin.type })
        if (notice) warnings.push(notice)
      } catch (err) {
        // The registry's message names the plugin, the kind when it has one, and the reason.
        warnings.push((err as Error).message)
      }
    }
  }
  for (const { plugin, error } of result.failures) {
    const missing = missingModuleOf(error)
    warnings.push(
      missing === undefined
        ? `Plugin ${plugin.name} failed to load its providers (${firstLine(error)}); its kinds are unavailable. ${remedyFor(plugin)}`
        : `Plugin ${plugin.name} is broken: it cannot load the module ${missing}, which is not installed with it; its kinds are unavailable. ${remedyFor(plugin)}`,
    )
    broken.push({
      plugin: plugin.name,
      reason:
        missing === undefined
          ? `its providers hook failed (${firstLine(error)})`
          : `it cannot load the module ${missing}, which is not installed with it`,
      remedy: remedyFor(plugin),
    })
  }
  return { registry, warnings, broken }
}

function runProvidersHook(config: Config): Promise<ProvidersHookResult> {
  return config.runHook(PROVIDERS_HOOK as 'init', { apiVersion: 1 } as never, HOOK_TIMEOUT_MS, true)
}

export interface PluginCheck {
  plugin: string
  /** The kinds it registers correctly. */
  kinds: string[]
  /** What is wrong with it, one sentence each; empty when it is a working provider plugin. */
  problems: string[]
}

/**
 * What each named plugin brings, checked right after it is installed: a plugin that has no
 * providers hook, whose hook throws, returns nothing, or returns a registration this CLI cannot use
 * (another apiVersion, no kind...) is reported at once instead of at the first `logs` command.
 */
export async function checkPlugins(config: Config, names: string[]): Promise<PluginCheck[]> {
  const result = await runProvidersHook(config)
  return names.map((name) => {
    const failure = result.failures.find((f) => f.plugin.name === name)
    if (failure)
      return { plugin: name, kinds: [], problems: [`its providers hook throws: ${firstLine(failure.error)}`] }
    const success = result.successes.find((s) => s.plugin.name === name)
    if (!success) {
      return {
        plugin: name,
        kinds: [],
        problems: [`it declares no "${PROVIDERS_HOOK}" hook, so it adds no log source kind`],
      }
    }
    const value = success.result
    const registrations = Array.isArray(value) ? value : value == null ? [] : [value]
    if (registrations.length === 0)
      return { plugin: name, kinds: [], problems: ['its providers hook registers no kind'] }
    const kinds: string[] = []
    const problems: string[] = []
    for (const registration of registrations) {
      const problem = registrationProblem(registration)
      if (problem === undefined) kinds.push((registration as { kind: string }).kind)
      else problems.push(`a registration it returns is unusable: ${problem}`)
    }
    return { plugin: name, kinds, problems }
  })
}

/** What fixes a broken plugin depends on how it got there: reinstalling a linked folder does nothing. */
function remedyFor(plugin: { name: string; type: string; root: string }): string {
  if (plugin.type === 'link') {
    return `Fix the plugin in ${plugin.root}, or remove it with \`atmos plugins unlink ${plugin.name}\`.`
  }
  if (plugin.type === 'core') return 'It ships with atmos: reinstall @atmos-logs/cli.'
  return `Reinstall it with \`atmos plugins install ${plugin.name}\` or remove it with \`atmos plugins uninstall ${plugin.name}\`.`
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  return msg.split('\n')[0] ?? msg
}

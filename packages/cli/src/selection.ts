import {
  type AtmosConfig,
  checkSpecs,
  listSources,
  loadAtmosConfig,
  ProviderError,
  type ProviderRegistry,
  type ResolvedSource,
  resolveSources,
  type SourceSelector,
  specSecretValues,
} from '@atmos-logs/core'
import type { BrokenPlugin } from './plugins.js'
import type { RunnerHost } from './runner-host.js'

/** Reads the atmos configuration once and resolves the sources a selection names. */
export async function resolveSelection(
  selection: SourceSelector,
  host: Pick<RunnerHost, 'notice'> & Partial<Pick<RunnerHost, 'logger'>>,
  mode: 'read' | 'list' = 'read',
): Promise<{ config: AtmosConfig; sources: ResolvedSource[] }> {
  const config = await loadAtmosConfig()
  for (const w of config.warnings) host.notice(`Warning: ${w}`)
  const resolve = mode === 'list' ? listSources : resolveSources
  const sources = await resolve(config, selection, {
    notice: (m) => host.notice(m),
    debug: (obj, msg) => host.logger?.debug(obj, msg),
    selfPath: process.argv[1],
  })
  return { config, sources }
}

/**
 * An unknown kind is a configuration error (exit 2): report it before any credentials are asked
 * for, so that a missing plugin never shows up as a sign-in problem or as one failed source of many.
 */
export function requireKinds(
  sources: ResolvedSource[],
  registry: ProviderRegistry,
  addSecret: (secret: string) => void,
  broken: BrokenPlugin[] = [],
): void {
  for (const source of sources) {
    const unknownKindError = brokenPluginKindError(source, registry, broken)
    if (unknownKindError) throw unknownKindError
    const { registration } = registry.require(source.kind, `source '${source.name}' of ${whereOf(source)}`)
    // Values under the kind's secret spec keys are masked in whatever the run prints from here on.
    for (const secret of specSecretValues(source.spec, registration.secretSpecKeys)) addSecret(secret)
  }
}

/**
 * Each source's spec, checked by its kind before any credentials are asked for: a misspelt field is
 * said before a sign-in prompt or a missing region, not after.
 */
export function checkSourceSpecs(sources: ResolvedSource[], registry: ProviderRegistry): Promise<void> {
  return checkSpecs(
    registry,
    sources.map((s) => ({ ...s, where: whereOf(s) })),
  )
}

/**
 * A source of a kind nothing provides while a plugin failed to load: the kind is most likely that
 * plugin's, so say the plugin is broken (exit 1) instead of calling the kind unknown (exit 2, which
 * sends the user to fix a configuration that is fine). Undefined when the kind is known or no
 * plugin failed.
 */
export function brokenPluginKindError(
  source: ResolvedSource,
  registry: ProviderRegistry,
  broken: BrokenPlugin[],
): ProviderError | undefined {
  if (broken.length === 0 || registry.get(source.kind)) return undefined
  const plugins = broken.map((b) => `plugin ${b.plugin} is broken: ${b.reason}`).join('; ')
  return new ProviderError(
    `Source ${source.name} (${source.kind}, ${whereOf(source)}) cannot be read: no working plugin provides kind ${source.kind}, and ${plugins}. Its kinds are unavailable, and ${source.kind} is most likely one of them.`,
    {
      hint: `${broken.map((b) => b.remedy).join(' ')} If no plugin of yours provides ${source.kind}, fix the kind in the source's configuration.`,
    },
  )
}

/** Where a source was declared, as messages name it. */
export function whereOf(s: ResolvedSource): string {
  return s.component ? `component ${s.component} in stack ${s.stack}` : 'atmos.yaml logs.sources'
}

/** Whether sources come from components of more than one stack: then each is named with its stack. */
export function spansStacks(sources: Pick<ResolvedSource, 'stack' | 'component'>[]): boolean {
  return new Set(sources.filter((s) => s.component !== null).map((s) => s.stack)).size > 1
}

/**
 * A source as messages name it, as its output prefix would: component/source, stack/component/source
 * when the run spans stacks (the same component in two stacks is two origins), the bare name in
 * direct mode.
 */
export function sourceLabel(
  source: Pick<ResolvedSource, 'stack' | 'component' | 'name'>,
  severalStacks: boolean,
): string {
  if (source.component === null) return source.name
  return severalStacks
    ? `${source.stack}/${source.component}/${source.name}`
    : `${source.component}/${source.name}`
}

/** The sources of a run in one short phrase: the first three by name, then a count. */
export function describeSources(sources: ResolvedSource[]): string {
  const severalStacks = spansStacks(sources)
  const names = sources.map((s) => sourceLabel(s, severalStacks))
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
}

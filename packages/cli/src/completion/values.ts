import { loadAtmosConfig, loadStacks, type StacksIndex } from '@atmos-logs/core/config'

export type CompletionKind = 'stack' | 'component' | 'source'

/**
 * The values `--stack`, `--component` and `--source` take in the project of the current folder,
 * for shell completion: stacks, the components of one stack (or of all), and the source names of
 * atmos.yaml and of those components' `logs` blocks.
 */
export async function completionValues(
  kind: CompletionKind,
  opts: { stack?: string; cwd?: string },
): Promise<string[]> {
  const config = await loadAtmosConfig({ cwd: opts.cwd })
  // A project with direct sources only may have no stacks at all.
  const index: StacksIndex | undefined = await loadStacks(config).catch((err) => {
    if (kind === 'source') return undefined
    throw err
  })
  if (!index) return Object.keys(config.logs.sources).sort()
  if (kind === 'stack') return [...index.stacks.keys()].sort()
  const chosen =
    opts.stack && index.stacks.has(opts.stack) ? [index.stacks.get(opts.stack)!] : [...index.stacks.values()]
  const components = chosen.flat()
  if (kind === 'component') return unique(components.map((c) => c.component))
  const names = new Set(Object.keys(config.logs.sources))
  for (const c of components) {
    const section = c.section as { logs?: unknown; settings?: { logs?: unknown } }
    for (const block of [section.logs, section.settings?.logs]) {
      const sources = (block as { sources?: unknown } | undefined)?.sources
      if (sources && typeof sources === 'object') for (const name of Object.keys(sources)) names.add(name)
    }
  }
  return [...names].sort()
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort()
}

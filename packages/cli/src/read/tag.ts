import type { LogEntry, ResolvedSource } from '@atmos-logs/core'
import type { PrefixMode, TaggedEntry } from '../output/index.js'

/** Stamps every entry of a source's stream with where it came from, for prefixes and json output. */
export function tagged(
  source: ResolvedSource,
  open: () => AsyncGenerator<LogEntry>,
): AsyncIterable<TaggedEntry> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const e of open()) yield { ...e, ...originOf(source) }
    },
  }
}

/** The fields of a printed entry that name where it came from. */
export function originOf(
  source: ResolvedSource,
): Pick<TaggedEntry, 'source' | 'kind' | 'component' | 'stack'> {
  return { source: source.name, kind: source.kind, component: source.component, stack: source.stack }
}

/** `[component]` when each component has one source, `[component/source]` when one has several, `[source]` in direct mode. */
export function prefixModeFor(sources: ResolvedSource[]): PrefixMode {
  if (sources.length < 2) return 'none'
  if (sources.every((s) => s.component === null)) return 'source'
  const components = new Set(sources.map((s) => `${s.stack}/${s.component}`))
  return components.size < sources.length ? 'component/source' : 'component'
}

import type { LogEntry, ResolvedSource } from '@atmos-logs/core'
import type { PrefixMode, TaggedEntry } from '../output/index.js'

/**
 * Stamps every entry of a source's stream, an array at a time, with where it came from, for
 * prefixes and json output. The provider's entry objects are stamped in place (they are handed
 * over, not shared), so a tagged entry costs four property stores rather than a copy.
 */
export function tagged(
  source: ResolvedSource,
  open: () => AsyncGenerator<LogEntry[]>,
): AsyncIterable<TaggedEntry[]> {
  const origin = originOf(source)
  return {
    async *[Symbol.asyncIterator]() {
      for await (const batch of open()) yield batch.map((e) => stamp(e, origin))
    },
  }
}

type Origin = Pick<TaggedEntry, 'source' | 'kind' | 'component' | 'stack'>

function stamp(entry: LogEntry, origin: Origin): TaggedEntry {
  // A provider may hand out frozen entries; those are copied instead.
  const e = (Object.isExtensible(entry) ? entry : { ...entry }) as TaggedEntry
  e.source = origin.source
  e.kind = origin.kind
  e.component = origin.component
  e.stack = origin.stack
  return e
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

import { type LogEntry, RecentIds, RepeatsInOrder, type ResolvedSource } from '@atmos-logs/core'
import type { PrefixMode, TaggedEntry } from '../output/index.js'
import { entryProblem, invalidEntryError, unsortedEntryError } from './entry-check.js'

/** How many ids per source the CLI remembers to drop repeats (a few hundred KB at most). */
export const DEDUPE_CAPACITY = 10_000

/**
 * Where a source's entries enter the pipeline: each is checked against the contract (a plugin's
 * bad entry is an error naming the source, kind and plugin, never a crash further down), dropped
 * when its id came before (in a follow: among the source's recent ids; otherwise, the read being in
 * time order, at the same time), and stamped with where it came from, for prefixes and json
 * output. With `ordered`, an entry older than the one before it is an error too (a read that is
 * not a follow, from a third-party plugin). The provider's entry objects are stamped in place
 * (they are handed over, not shared), so a tagged entry costs four property stores rather than a
 * copy.
 */
export function tagged(
  source: ResolvedSource,
  open: () => AsyncGenerator<LogEntry[]>,
  { plugin, ordered = false, follow = false }: { plugin?: string; ordered?: boolean; follow?: boolean } = {},
): AsyncIterable<TaggedEntry[]> {
  const origin = originOf(source)
  return {
    async *[Symbol.asyncIterator]() {
      const recent = follow ? new RecentIds(DEDUPE_CAPACITY) : undefined
      const inOrder = new RepeatsInOrder(DEDUPE_CAPACITY)
      let previous: Date | undefined
      for await (const batch of open()) {
        const out: TaggedEntry[] = []
        for (const e of batch) {
          const problem = entryProblem(e)
          if (problem !== undefined) throw invalidEntryError(source, plugin, problem)
          if (ordered) {
            if (previous !== undefined && e.timestamp.getTime() < previous.getTime())
              throw unsortedEntryError(source, plugin, previous, e.timestamp)
            previous = e.timestamp
          }
          if (e.id !== undefined && (recent ? recent.seen(e.id) : inOrder.seen(e.id, e.timestamp.getTime())))
            continue
          out.push(stamp(e, origin))
        }
        if (out.length > 0) yield out
      }
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

/**
 * `[component]` when each component has one source, `[component/source]` when one has several,
 * `[source]` in direct mode; with components of more than one stack, the stack leads
 * (`[stack/component]`), since the same component in two stacks is two origins.
 */
export function prefixModeFor(sources: ResolvedSource[]): PrefixMode {
  if (sources.length < 2) return 'none'
  if (sources.every((s) => s.component === null)) return 'source'
  const components = new Set(sources.map((s) => `${s.stack}/${s.component}`))
  const stacks = new Set(sources.filter((s) => s.component !== null).map((s) => s.stack))
  if (stacks.size > 1) return components.size < sources.length ? 'stack/component/source' : 'stack/component'
  return components.size < sources.length ? 'component/source' : 'component'
}

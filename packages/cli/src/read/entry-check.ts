import { ProviderError } from '@atmos-logs/core/errors'

const LEVELS = new Set<unknown>(['ERROR', 'WARN', 'INFO', 'DEBUG'])

/**
 * Why a value a plugin yielded is not a log entry (one clause naming the field), or undefined.
 * A handful of type checks per entry: the CLI must not crash on what a plugin hands it, and the
 * pipeline's budget per event is a few microseconds.
 */
export function entryProblem(e: unknown): string | undefined {
  if (e === null || typeof e !== 'object') return `it is ${e === null ? 'null' : typeof e}, not an object`
  const entry = e as Record<string, unknown>
  const ts = entry.timestamp
  if (!(ts instanceof Date)) return `its timestamp is ${describe(ts)}, not a Date`
  if (Number.isNaN(ts.getTime())) return 'its timestamp is an invalid Date'
  if (typeof entry.message !== 'string') return `its message is ${describe(entry.message)}, not a string`
  if (entry.level !== undefined && !LEVELS.has(entry.level))
    return `its level ${describe(entry.level)} is not one of ERROR, WARN, INFO, DEBUG`
  if (entry.id !== undefined && typeof entry.id !== 'string')
    return `its id is ${describe(entry.id)}, not a string`
  if (entry.requestId !== undefined && typeof entry.requestId !== 'string')
    return `its requestId is ${describe(entry.requestId)}, not a string`
  if (entry.metadata !== undefined && (entry.metadata === null || typeof entry.metadata !== 'object'))
    return `its metadata is ${describe(entry.metadata)}, not an object`
  return undefined
}

/** The error for an entry that breaks the contract: exit 1, naming the source, kind and package. */
export function invalidEntryError(
  source: { name: string; kind: string },
  plugin: string | undefined,
  problem: string,
): ProviderError {
  return new ProviderError(
    `Source ${source.name} (${source.kind}${plugin ? `, plugin ${plugin}` : ''}) yielded an invalid log entry: ${problem}.`,
    {
      hint: `The plugin breaks the provider contract (docs/writing-a-provider.md, "Log entries"); report it to the publisher of ${plugin ?? `the ${source.kind} plugin`}.`,
    },
  )
}

/**
 * The error for a plugin whose read is not in ascending time (outside follow, where a late event
 * is printed and marked instead): the merge across sources relies on each source's order.
 */
export function unsortedEntryError(
  source: { name: string; kind: string },
  plugin: string | undefined,
  previous: Date,
  entry: Date,
): ProviderError {
  return new ProviderError(
    `Source ${source.name} (${source.kind}${plugin ? `, plugin ${plugin}` : ''}) yielded log entries out of time order: ${entry.toISOString()} after ${previous.toISOString()}.`,
    {
      hint: `getLogs and a tail's newest lines must come oldest first (docs/writing-a-provider.md, "The provider"); report it to the publisher of ${plugin ?? `the ${source.kind} plugin`}.`,
    },
  )
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`
  if (typeof v === 'number') return `a number (${v})`
  if (typeof v === 'object') return `an object (${(v as object).constructor?.name ?? 'Object'})`
  return typeof v === 'undefined' ? 'missing' : `a ${typeof v}`
}

import { UsageError } from '@atmos-logs/core/errors'

/** LookupEvents' lookup attributes, most selective first: the order we pick the server-side one in. */
export const LOOKUP_PRIORITY = [
  'EventId',
  'ResourceName',
  'AccessKeyId',
  'Username',
  'EventName',
  'ResourceType',
  'EventSource',
  'ReadOnly',
] as const
export type LookupKey = (typeof LOOKUP_PRIORITY)[number]

/** What an event offers to match on, whichever way it was read. */
export interface EventAttributes {
  EventId: string
  EventName?: string
  EventSource?: string
  Username?: string
  AccessKeyId?: string
  /** 'true' | 'false', as LookupEvents spells it */
  ReadOnly?: string
  ResourceType: string[]
  ResourceName: string[]
}

/** One condition: the event's attribute must be one of `values`. */
export interface Constraint {
  key: LookupKey
  values: string[]
  /** where it came from, for --debug: `spec.event_name`, `--filter` */
  from: string
}

/** How a read splits its conditions: at most one sent as LookupAttributes, all checked here. */
export interface LookupPlan {
  /** one LookupEvents per value (a list of event names is several lookups, merged) */
  server?: Constraint
  /** every condition, the server-side one included: checking it again costs nothing */
  client: Constraint[]
}

/**
 * Reads `--filter`/`--query` for this kind: `Attribute=Value` terms joined by spaces
 * (`EventName=DeleteBucket Username=alice`); a value with spaces goes in double quotes. The same
 * attribute twice means either value.
 */
export function parseFilterTerms(filter: string | undefined, flag = '--filter/--query'): Constraint[] {
  if (filter === undefined || filter.trim() === '') return []
  const byKey = new Map<LookupKey, string[]>()
  const term = /\s*([^\s=]+)=(?:"([^"]*)"|(\S+))\s*/y
  let at = 0
  while (at < filter.length) {
    term.lastIndex = at
    const m = term.exec(filter)
    if (!m) {
      const rest = filter.slice(at).trim()
      if (rest === '') break
      throw new UsageError(`${flag} "${filter}" is not a list of Attribute=Value terms (at "${rest}").`, {
        hint: `Write terms such as EventName=DeleteBucket Username=alice; attributes: ${LOOKUP_PRIORITY.join(', ')}.`,
      })
    }
    at = term.lastIndex
    const name = m[1]!
    const key = LOOKUP_PRIORITY.find((k) => k.toLowerCase() === name.toLowerCase())
    if (!key) {
      throw new UsageError(
        `${flag} names the attribute "${name}", which aws/cloudtrail sources do not know.`,
        {
          hint: `Use one of ${LOOKUP_PRIORITY.join(', ')} (for example ${flag} 'EventName=DeleteBucket Username=alice').`,
        },
      )
    }
    const value = m[2] ?? m[3] ?? ''
    if (value === '')
      throw new UsageError(`${flag} gives ${key} an empty value.`, { hint: `Write ${key}=VALUE.` })
    if (key === 'ReadOnly' && value !== 'true' && value !== 'false') {
      throw new UsageError(`${flag} gives ReadOnly "${value}"; it is true or false.`, {
        hint: 'Write ReadOnly=true or ReadOnly=false.',
      })
    }
    byKey.set(key, [...(byKey.get(key) ?? []), value])
  }
  return [...byKey].map(([key, values]) => ({ key, values: [...new Set(values)], from: flag }))
}

/** The spec's attributes as constraints. */
export function specConstraints(
  attributes: Partial<Record<LookupKey, string[]>>,
  fieldOf: (k: LookupKey) => string,
): Constraint[] {
  return LOOKUP_PRIORITY.filter((k) => attributes[k]?.length).map((key) => ({
    key,
    values: attributes[key]!,
    from: `spec.${fieldOf(key)}`,
  }))
}

/**
 * Picks the server-side attribute: the most selective one given, and of several conditions on it
 * the one with the fewest values. A condition with many values (more lookups than it saves) stays
 * on the client.
 */
export function planLookup(constraints: Constraint[], maxFanOut = 5): LookupPlan {
  let server: Constraint | undefined
  for (const key of LOOKUP_PRIORITY) {
    const candidates = constraints.filter((c) => c.key === key && c.values.length <= maxFanOut)
    if (candidates.length === 0) continue
    server = candidates.reduce((a, b) => (b.values.length < a.values.length ? b : a))
    break
  }
  return { server, client: constraints }
}

/** True when the event meets every condition. */
export function matches(event: EventAttributes, constraints: Constraint[]): boolean {
  return constraints.every((c) => {
    const have = event[c.key]
    if (Array.isArray(have)) return have.some((v) => c.values.includes(v))
    return have !== undefined && c.values.includes(have)
  })
}

/** `EventName=A|B` for messages. */
export function describeConstraint(c: Constraint): string {
  return `${c.key}=${c.values.join('|')} (${c.from})`
}

import type { LogLevel } from '@atmos-logs/core/contract'
import type { GcpLoggingSpec } from './spec.js'

/** A string literal of the Logging query language. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/**
 * The one Logging query a read sends: the spec's conditions, its raw `filter`, the command's
 * --filter and the time range, joined with AND. Every raw part is parenthesised, because in this
 * language OR binds tighter than AND: `a OR b` written by a user must stay one term.
 * `until` is inclusive to the millisecond (`timestamp <` the next one).
 */
export function buildFilter(
  spec: Pick<GcpLoggingSpec, 'logIds' | 'resourceTypes' | 'labels' | 'severity' | 'filter'>,
  opts: { filter?: string; since?: Date; until?: Date; level?: LogLevel },
): string {
  const terms: string[] = []
  const anyOf = (items: string[]) => (items.length === 1 ? items[0]! : `(${items.join(' OR ')})`)
  if (spec.logIds.length > 0) terms.push(anyOf(spec.logIds.map((id) => `log_id(${quote(id)})`)))
  if (spec.resourceTypes.length > 0) terms.push(`resource.type=${anyOf(spec.resourceTypes.map(quote))}`)
  for (const [key, value] of Object.entries(spec.labels)) {
    // A resource label (service_name) or an entry's own label (instanceId): either may carry it.
    terms.push(
      key.startsWith('resource.labels.') || key.startsWith('labels.')
        ? `${key}=${quote(value)}`
        : `(resource.labels.${key}=${quote(value)} OR labels.${key}=${quote(value)})`,
    )
  }
  if (spec.severity) terms.push(`severity>=${spec.severity}`)
  // The read's level, asked of the service: entries.list then skips what the output would drop,
  // where a search over DEBUG entries could page through all of them for a few lines.
  const lowest = opts.level && LOWEST_SEVERITY[opts.level]
  if (lowest) terms.push(`severity>=${lowest}`)
  if (spec.filter) terms.push(`(${spec.filter})`)
  if (opts.filter?.trim()) terms.push(`(${opts.filter.trim()})`)
  if (opts.since) terms.push(`timestamp>=${quote(opts.since.toISOString())}`)
  if (opts.until) terms.push(`timestamp<${quote(new Date(opts.until.getTime() + 1).toISOString())}`)
  return terms.join(' AND ')
}

/** The lowest severity whose entries are at or above each level (entry.ts's levelOf, inverted). */
const LOWEST_SEVERITY: Record<LogLevel, string | undefined> = {
  DEBUG: undefined,
  INFO: 'INFO',
  WARN: 'WARNING',
  ERROR: 'ERROR',
}

/** Cloud Logging refuses a query longer than this (its documented limit). */
export const MAX_QUERY_LENGTH = 20_000

const BOOLEAN = /^(AND|OR|NOT)$/
const COMPARISON = /(=~|!~|!=|<=|>=|=|<|>|:)$/

/**
 * Why `expression` cannot be a Logging query, or undefined: only what is certain without the
 * service, and what would break the query it is joined into (a stray parenthesis would reach out of
 * its own). Everything else is Cloud Logging's to judge; it answers 400 with the position.
 */
export function queryProblem(expression: string): string | undefined {
  if (expression.length > MAX_QUERY_LENGTH)
    return `it is ${expression.length} characters long, and Cloud Logging takes queries of at most ${MAX_QUERY_LENGTH}`
  let depth = 0
  let open = -1
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]
    if (c === '"') {
      const start = i
      for (i++; i < expression.length && expression[i] !== '"'; i++) if (expression[i] === '\\') i++
      if (i >= expression.length)
        return `the string that starts at character ${start + 1} is not closed with "`
    } else if (c === '(') {
      if (depth++ === 0) open = i
    } else if (c === ')' && --depth < 0) {
      return `the ")" at character ${i + 1} closes no "("`
    }
  }
  if (depth > 0) return `the "(" at character ${open + 1} is not closed`
  const words = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .trim()
    .split(/\s+/)
  const first = words[0] ?? ''
  const last = words[words.length - 1] ?? ''
  if (first === 'AND' || first === 'OR') return `it starts with ${first}, which needs a term on each side`
  if (BOOLEAN.test(last)) return `it ends with ${last}, which needs a term after it`
  const dangling = COMPARISON.exec(last)
  if (dangling) return `it ends with "${dangling[1]}", which needs a value after it`
  return undefined
}

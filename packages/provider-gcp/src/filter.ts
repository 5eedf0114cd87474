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
  opts: { filter?: string; since?: Date; until?: Date },
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
  if (spec.filter) terms.push(`(${spec.filter})`)
  if (opts.filter?.trim()) terms.push(`(${opts.filter.trim()})`)
  if (opts.since) terms.push(`timestamp>=${quote(opts.since.toISOString())}`)
  if (opts.until) terms.push(`timestamp<${quote(new Date(opts.until.getTime() + 1).toISOString())}`)
  return terms.join(' AND ')
}

import type { TaggedEntry } from './tagged-entry.js'

/**
 * One NDJSON line per entry. Every key is always present (null when unknown) and in this order,
 * so scripts can rely on the shape: timestamp (ISO 8601 UTC, milliseconds), level, message, id,
 * source, kind, component, stack, requestId, metadata; then `"late": true` on an entry a follow
 * printed after a newer one, and with --group-requests `"invocation"` on the first line of a Lambda
 * invocation's group (its REPORT's numbers, or `open` saying why they are missing); both absent
 * otherwise.
 */
export function formatJsonLine(entry: TaggedEntry): string {
  const time = entry.timestamp.getTime()
  const record = {
    timestamp: Number.isNaN(time) ? null : entry.timestamp.toISOString(),
    level: entry.level ?? null,
    message: entry.message,
    id: entry.id ?? null,
    source: entry.source,
    kind: entry.kind,
    component: entry.component,
    stack: entry.stack,
    requestId: entry.requestId ?? null,
    metadata: entry.metadata ?? null,
    ...(entry.late ? { late: true } : {}),
    ...(entry.invocation ? { invocation: entry.invocation } : {}),
  }
  try {
    return `${JSON.stringify(record)}\n`
  } catch {
    // Metadata from a provider may hold a BigInt or a cycle; print what can be printed.
    return `${JSON.stringify(record, tolerantReplacer())}\n`
  }
}

function tolerantReplacer(): (key: string, value: unknown) => unknown {
  const ancestors: unknown[] = []
  return function (this: unknown, _key: string, value: unknown) {
    if (typeof value === 'bigint') return value.toString()
    if (typeof value !== 'object' || value === null) return value
    // `this` is the object holding the value: drop everything deeper than it from the path.
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop()
    if (ancestors.includes(value)) return '[Circular]'
    ancestors.push(value)
    return value
  }
}

/** The message alone, one line per entry (a trailing newline in the message is not doubled). */
export function formatRawLine(entry: TaggedEntry): string {
  const message = entry.message
  return message.endsWith('\n') ? message : `${message}\n`
}

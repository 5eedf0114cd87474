import type { Aggregate, Command, CompiledQuery, Projection, SortKey } from './ast.js'
import { discoverFields } from './discover.js'
import { evaluate, Row } from './evaluate.js'
import { MAX_LIMIT, MAX_LIMIT_COMMAND } from './parser.js'
import { encodeInsightsPtr } from './ptr.js'
import { Instant, isTruthy, naturalCompare, toNumber, toText, type Value } from './values.js'

export interface InsightsEvent {
  /** epoch milliseconds */
  timestamp: number
  ingestionTime: number
  message: string
  logStream: string
  logGroup: string
}

export interface InsightsOptions {
  /** the query's "now" in epoch ms; accepted for the server's convenience, no command of the subset reads it */
  now?: number
  /** account id for `@log` (`account-id:log-group-name`); default 123456789012 */
  accountId?: string
}

export interface ResultField {
  field: string
  value: string
}

export interface InsightsStatistics {
  recordsMatched: number
  recordsScanned: number
  bytesScanned: number
}

export interface InsightsResult {
  results: ResultField[][]
  statistics: InsightsStatistics
}

export const DEFAULT_ACCOUNT_ID = '123456789012'

/** Runs a compiled query over the events of the queried log groups and time range. */
export function executeQuery(
  query: CompiledQuery,
  events: InsightsEvent[],
  opts: InsightsOptions = {},
): InsightsResult {
  const accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID
  // newest first: the order the service returns events in when the query does not sort
  const order = events.map((_, i) => i)
  order.sort(
    (a, b) => (events[b] as InsightsEvent).timestamp - (events[a] as InsightsEvent).timestamp || a - b,
  )
  let rows = order.map((i) => eventRow(events[i] as InsightsEvent, i, accountId))

  let recordsMatched: number | undefined
  let fieldsShown: string[] | undefined
  let displayShown: string[] | undefined
  let aggregated = false

  for (const command of query.commands) {
    switch (command.kind) {
      case 'filter':
        rows = rows.filter((row) => isTruthy(evaluate(command.expr, row)))
        break
      case 'fields':
        project(rows, command.items)
        fieldsShown = union(
          fieldsShown ?? [],
          command.items.map((p) => p.name),
        )
        break
      case 'display':
        project(rows, command.items)
        displayShown = command.items.map((p) => p.name)
        break
      case 'parse':
        applyParse(rows, command)
        break
      case 'sort':
        rows = sortRows(rows, command.keys)
        break
      case 'limit':
        if (!aggregated) recordsMatched ??= rows.length
        rows = rows.slice(0, command.count)
        break
      case 'dedup':
        if (!aggregated) recordsMatched ??= rows.length
        rows = dedup(rows, command.fields)
        break
      case 'stats':
        if (!aggregated) recordsMatched ??= rows.length
        rows = aggregate(rows, command.aggregates, command.groups)
        fieldsShown = [...command.groups.map((g) => g.name), ...command.aggregates.map((a) => a.name)]
        displayShown = undefined
        aggregated = true
        break
    }
  }

  const shown = displayShown ?? fieldsShown
  const cap = query.commands.some((c) => c.kind === 'limit') ? MAX_LIMIT_COMMAND : MAX_LIMIT
  const results = rows.slice(0, cap).map((row) => toResultRow(row, shown))
  return {
    results,
    statistics: {
      recordsMatched: recordsMatched ?? rows.length,
      recordsScanned: events.length,
      bytesScanned: events.reduce((sum, e) => sum + Buffer.byteLength(e.message, 'utf8'), 0),
    },
  }
}

function eventRow(event: InsightsEvent, index: number, accountId: string): Row {
  const values = new Map<string, Value>([
    ['@timestamp', new Instant(event.timestamp)],
    ['@message', event.message],
    ['@logStream', event.logStream],
    ['@log', `${accountId}:${event.logGroup}`],
    ['@ingestionTime', new Instant(event.ingestionTime)],
  ])
  for (const [name, value] of discoverFields(event.message, event.logGroup)) {
    if (!values.has(name)) values.set(name, value)
  }
  const ptr = encodeInsightsPtr({
    logGroup: event.logGroup,
    logStream: event.logStream,
    timestamp: event.timestamp,
    index,
  })
  return new Row(values, ptr)
}

function union(a: string[], b: string[]): string[] {
  return [...a, ...b.filter((name) => !a.includes(name))]
}

/** Computes aliased and derived columns (`level as lvl`, `strlen(@message) as n`) on every row. */
function project(rows: Row[], items: Projection[]): void {
  const derived = items.filter((p) => !(p.expr.type === 'field' && p.expr.name === p.name))
  if (derived.length === 0) return
  for (const row of rows) {
    const computed = derived.map((p) => [p.name, evaluate(p.expr, row)] as const)
    for (const [name, value] of computed) {
      if (value === undefined) row.values.delete(name)
      else row.values.set(name, value)
    }
  }
}

function applyParse(rows: Row[], command: Extract<Command, { kind: 'parse' }>): void {
  for (const row of rows) {
    const source = row.get(command.source)
    if (source === undefined) continue
    const match = command.regex.exec(toText(source))
    if (!match) continue
    command.names.forEach((name, i) => {
      const value = match.groups?.[name] ?? match[i + 1]
      if (value !== undefined) row.values.set(name, value)
    })
  }
}

function sortRows(rows: Row[], keys: SortKey[]): Row[] {
  const keyed = rows.map((row, index) => ({ row, index, values: keys.map((k) => evaluate(k.expr, row)) }))
  keyed.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a.values[i]
      const y = b.values[i]
      if (x === undefined || y === undefined) {
        // rows without the field go last whichever the direction
        if (x !== y) return x === undefined ? 1 : -1
        continue
      }
      const c = naturalCompare(x, y)
      if (c !== 0) return (keys[i] as SortKey).descending ? -c : c
    }
    return a.index - b.index
  })
  return keyed.map((k) => k.row)
}

function dedup(rows: Row[], fields: string[]): Row[] {
  const seen = new Set<string>()
  return rows.filter((row) => {
    const values = fields.map((f) => row.get(f))
    // rows lacking one of the fields are never duplicates
    if (values.some((v) => v === undefined)) return true
    const key = JSON.stringify(values.map((v) => toText(v as Value)))
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

interface Accumulator {
  count: number
  sum: number
  numeric: number
  min: number | undefined
  max: number | undefined
  distinct: Set<string>
}

function aggregate(rows: Row[], aggregates: Aggregate[], groups: Projection[]): Row[] {
  const buckets = new Map<string, { keys: (Value | undefined)[]; accs: Accumulator[] }>()
  for (const row of rows) {
    const keys = groups.map((g) => evaluate(g.expr, row))
    const id = JSON.stringify(keys.map((k) => (k === undefined ? null : toText(k))))
    let bucket = buckets.get(id)
    if (!bucket) {
      bucket = { keys, accs: aggregates.map(newAccumulator) }
      buckets.set(id, bucket)
    }
    aggregates.forEach((agg, i) => {
      accumulate(bucket.accs[i] as Accumulator, agg, row)
    })
  }
  const out = [...buckets.values()].map(({ keys, accs }) => {
    const values = new Map<string, Value>()
    groups.forEach((g, i) => {
      const k = keys[i]
      if (k !== undefined) values.set(g.name, k)
    })
    aggregates.forEach((agg, i) => {
      const v = finish(agg, accs[i] as Accumulator)
      if (v !== undefined) values.set(agg.name, v)
    })
    return new Row(values)
  })
  // time buckets (bin, datefloor) come newest first, as events do
  const timeGroup = groups.find(
    (g) => g.expr.type === 'call' && (g.expr.name === 'bin' || g.expr.name === 'datefloor'),
  )
  if (timeGroup) {
    return sortRows(out, [
      {
        expr: { type: 'field', name: timeGroup.name, start: 0, end: 0, text: timeGroup.name },
        descending: true,
      },
    ])
  }
  return out
}

function newAccumulator(): Accumulator {
  return { count: 0, sum: 0, numeric: 0, min: undefined, max: undefined, distinct: new Set() }
}

function accumulate(acc: Accumulator, agg: Aggregate, row: Row): void {
  if (!agg.arg) {
    acc.count++
    return
  }
  const value = evaluate(agg.arg, row)
  if (value === undefined) return
  acc.count++
  if (agg.fn === 'count_distinct') {
    acc.distinct.add(toText(value))
    return
  }
  const n = toNumber(value)
  if (n === undefined) return
  acc.numeric++
  acc.sum += n
  if (acc.min === undefined || n < acc.min) acc.min = n
  if (acc.max === undefined || n > acc.max) acc.max = n
}

function finish(agg: Aggregate, acc: Accumulator): Value | undefined {
  switch (agg.fn) {
    case 'count':
      return acc.count
    case 'count_distinct':
      return acc.distinct.size
    case 'sum':
      return acc.numeric ? acc.sum : undefined
    case 'avg':
      return acc.numeric ? acc.sum / acc.numeric : undefined
    case 'min':
      return acc.min
    case 'max':
      return acc.max
  }
}

function toResultRow(row: Row, shown: string[] | undefined): ResultField[] {
  const names = shown ?? [...row.values.keys()]
  const fields: ResultField[] = []
  for (const name of names) {
    if (name === '@ptr') continue
    const value = row.get(name)
    if (value !== undefined) fields.push({ field: name, value: toText(value) })
  }
  if (row.ptr) fields.push({ field: '@ptr', value: row.ptr })
  return fields
}

import type { AwsCaller } from '@atmos-logs/core/aws'
import type { Constraint, LookupKey } from './attributes.js'
import { fromRecord, type TrailEvent } from './trail-event.js'
import type {
  FilterLogEventsCommandInput,
  FilterLogEventsCommandOutput,
} from './vendor/@aws-sdk/client-cloudwatch-logs.js'

/**
 * The record fields a condition can be pushed down to exactly: a CloudWatch JSON filter pattern
 * must never drop an event the client-side check would keep. Username (a user name or a role
 * session, spelt differently per identity type) and resources (names vs ARNs) stay client side.
 */
const RECORD_FIELDS: Partial<Record<LookupKey, string>> = {
  EventId: '$.eventID',
  EventName: '$.eventName',
  EventSource: '$.eventSource',
  AccessKeyId: '$.userIdentity.accessKeyId',
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

/**
 * The conditions as one CloudWatch Logs JSON filter pattern, e.g.
 * `{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "PutObject") }`; undefined when
 * none can be pushed down.
 */
export function jsonFilterPattern(constraints: Constraint[], errorsOnly: boolean): string | undefined {
  const terms: string[] = []
  for (const c of constraints) {
    if (c.key === 'ReadOnly') {
      if (c.values.length === 1) terms.push(`($.readOnly IS ${c.values[0] === 'true' ? 'TRUE' : 'FALSE'})`)
      continue
    }
    const field = RECORD_FIELDS[c.key]
    // Wildcards are ours to match literally: a value with * is checked on the client only.
    const values = c.values.filter((v) => !v.includes('*'))
    if (!field || values.length !== c.values.length) continue
    terms.push(
      values.length === 1
        ? `(${field} = ${quote(values[0]!)})`
        : `(${values.map((v) => `${field} = ${quote(v)}`).join(' || ')})`,
    )
  }
  if (errorsOnly) terms.push('($.errorCode = "*")')
  return terms.length > 0 ? `{ ${terms.join(' && ')} }` : undefined
}

export interface DataEventRange {
  logGroup: string
  start: number
  end: number
  filterPattern?: string
}

/**
 * The records a trail delivered to its log group in [start, end], ascending, as TrailEvents
 * (messages that are not CloudTrail records are skipped). FilterLogEvents answers in time order,
 * so nothing has to be held.
 */
export async function* readDataEvents(
  caller: AwsCaller,
  range: DataEventRange,
  signal: AbortSignal,
): AsyncGenerator<TrailEvent> {
  // The CloudWatch Logs client is loaded by a read of data events only, not by every lookup.
  const { FilterLogEventsCommand } = await import('./vendor/@aws-sdk/client-cloudwatch-logs.js')
  let token: string | undefined
  do {
    const input: FilterLogEventsCommandInput = {
      logGroupName: range.logGroup,
      startTime: range.start,
      endTime: range.end,
      filterPattern: range.filterPattern,
      nextToken: token,
    }
    const page = await caller.call<FilterLogEventsCommandOutput>(
      'FilterLogEvents',
      () => new FilterLogEventsCommand(input),
      signal,
      `log group "${range.logGroup}"`,
    )
    for (const e of page.events ?? []) {
      const event = fromRecord(e.message ?? '', e.timestamp ?? 0)
      if (event) yield event
    }
    token = page.nextToken
  } while (token)
}

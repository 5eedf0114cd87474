import type { LogEntry } from '@atmos-logs/core/contract'
import type { EventAttributes } from './attributes.js'

/**
 * One CloudTrail event however it was read (LookupEvents or a trail's log group): what filtering,
 * ordering and printing need, and the full record.
 */
export interface TrailEvent extends EventAttributes {
  /** epoch ms */
  time: number
  errorCode?: string
  /** the parsed CloudTrailEvent JSON */
  record: Record<string, unknown>
}

/** What LookupEvents answers for one event (the SDK's Event shape, the fields we use). */
export interface LookupEvent {
  EventId?: string
  EventName?: string
  ReadOnly?: string
  AccessKeyId?: string
  EventTime?: Date
  EventSource?: string
  Username?: string
  Resources?: Array<{ ResourceType?: string; ResourceName?: string }>
  CloudTrailEvent?: string
}

function parseRecord(text: string | undefined): Record<string, unknown> {
  if (!text) return {}
  try {
    const parsed = JSON.parse(text) as unknown
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {}
  } catch {
    // A record that is not JSON is kept whole rather than lost.
    return { unparsed: text }
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

export function fromLookupEvent(e: LookupEvent): TrailEvent {
  const record = parseRecord(e.CloudTrailEvent)
  const resources = e.Resources ?? []
  return {
    EventId: e.EventId ?? str(record.eventID) ?? '',
    EventName: e.EventName,
    EventSource: e.EventSource,
    Username: e.Username,
    AccessKeyId: e.AccessKeyId,
    ReadOnly: e.ReadOnly,
    ResourceType: resources.flatMap((r) => (r.ResourceType ? [r.ResourceType] : [])),
    ResourceName: resources.flatMap((r) => (r.ResourceName ? [r.ResourceName] : [])),
    time: e.EventTime ? e.EventTime.getTime() : Date.parse(String(record.eventTime)),
    errorCode: str(record.errorCode),
    record,
  }
}

/** A record from a trail's log group (one CloudWatch event message): the same fields, derived. */
export function fromRecord(message: string, fallbackTime: number): TrailEvent | undefined {
  const record = parseRecord(message)
  const id = str(record.eventID)
  if (!id) return undefined
  const identity = (record.userIdentity ?? {}) as Record<string, unknown>
  const resources = Array.isArray(record.resources)
    ? (record.resources as Array<Record<string, unknown>>)
    : []
  const time = Date.parse(String(record.eventTime))
  return {
    EventId: id,
    EventName: str(record.eventName),
    EventSource: str(record.eventSource),
    Username: usernameOf(identity),
    AccessKeyId: str(identity.accessKeyId),
    ReadOnly: typeof record.readOnly === 'boolean' ? String(record.readOnly) : undefined,
    ResourceType: resources.flatMap((r) => (str(r.type) ? [r.type as string] : [])),
    // LookupEvents matches names and ARNs alike; a record only has the ARN (and its last part)
    ResourceName: resources.flatMap((r) => {
      const arn = str(r.ARN)
      if (!arn) return []
      const tail = arn.split(/[:/]/).pop()
      return tail && tail !== arn ? [arn, tail] : [arn]
    }),
    time: Number.isNaN(time) ? fallbackTime : time,
    errorCode: str(record.errorCode),
    record,
  }
}

/** LookupEvents' Username: the user name, or the role session name of an assumed role. */
function usernameOf(identity: Record<string, unknown>): string | undefined {
  if (str(identity.userName)) return identity.userName as string
  const arn = str(identity.arn)
  if (identity.type === 'AssumedRole' && arn) return arn.split('/').pop()
  if (identity.type === 'Root') return 'root'
  return undefined
}

/** Who acted, for the message: the user, role/session, root, or the AWS service. */
function whoOf(e: TrailEvent): string {
  const identity = (e.record.userIdentity ?? {}) as Record<string, unknown>
  const type = identity.type
  if (type === 'AssumedRole') {
    const issuer = ((identity.sessionContext as Record<string, unknown> | undefined)?.sessionIssuer ??
      {}) as Record<string, unknown>
    const session = str(identity.arn)?.split('/').pop()
    const role = str(issuer.userName)
    if (role && session) return `${role}/${session}`
  }
  if (type === 'Root') return 'root'
  if (type === 'AWSService') return str(identity.invokedBy) ?? 'an AWS service'
  return str(identity.userName) ?? e.Username ?? str(identity.principalId) ?? 'unknown identity'
}

/** The part of a user agent that says what it is (`aws-cli/2.9.19`, `Terraform/1.9.8`, `console`). */
export function shortAgent(agent: string | undefined): string | undefined {
  if (!agent) return undefined
  if (/^Mozilla\//.test(agent)) return 'console'
  const known =
    /\b(Terraform\/[\w.]+|aws-cli\/[\w.]+|Boto3\/[\w.]+|aws-sdk-[\w-]+\/[\w.]+|AWS Internal|Pulumi\/[\w.]+)/.exec(
      agent,
    )
  const word = known?.[1] ?? agent.split(/\s+/)[0]!
  return word.length > 40 ? `${word.slice(0, 39)}…` : word
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
])
const MAX_RESOURCES = 3

/** One line: who, what on which service, on which resources, from where, and the error if any. */
export function messageOf(e: TrailEvent): string {
  const r = e.record
  let line = `${whoOf(e)} ${e.EventName ?? str(r.eventName) ?? 'an API call'} on ${e.EventSource ?? str(r.eventSource) ?? 'an AWS service'}`
  const arns = (Array.isArray(r.resources) ? (r.resources as Array<Record<string, unknown>>) : [])
    .map((x) => str(x.ARN))
    .filter((x): x is string => x !== undefined)
  const resources = arns.length > 0 ? arns : e.ResourceName
  if (resources.length > 0) {
    const shown = resources.slice(0, MAX_RESOURCES).join(', ')
    line += ` (${shown}${resources.length > MAX_RESOURCES ? `, +${resources.length - MAX_RESOURCES} more` : ''})`
  }
  const ip = str(r.sourceIPAddress)
  const agent = shortAgent(str(r.userAgent))
  const from = [ip, agent && agent !== ip ? agent : undefined].filter(Boolean)
  if (from.length > 0) line += ` from ${from.join(' via ')}`
  // A failed console sign-in carries an errorMessage without a code.
  const words = str(r.errorMessage)
  if (e.errorCode) line += ` — ${e.errorCode}${words ? `: ${words}` : ''}`
  else if (words) line += ` — ${words}`
  return line.replace(/[\r\n]+/g, ' ')
}

export function levelOf(e: TrailEvent): LogEntry['level'] {
  if (!e.errorCode) return 'INFO'
  return DENIED.has(e.errorCode) ? 'WARN' : 'ERROR'
}

/** The entry the contract prints: EventTime, EventId, the record's requestID, the whole record as metadata. */
export function toLogEntry(e: TrailEvent): LogEntry {
  const entry: LogEntry = {
    timestamp: new Date(e.time),
    message: messageOf(e),
    id: e.EventId,
    level: levelOf(e),
    metadata: e.record,
  }
  const requestId = str(e.record.requestID)
  if (requestId) entry.requestId = requestId
  return entry
}

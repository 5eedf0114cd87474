import { createHash, randomUUID } from 'node:crypto'
import { AwsServiceError } from '../aws-error.js'

/**
 * An event as `POST /_emulator/cloudtrail/events` takes it (a public control shape). The fields
 * after `errorCode` are optional extras for realistic seeds; anything left out is derived.
 */
export interface ControlCloudTrailEvent {
  EventName: string
  EventSource: string
  /** epoch milliseconds; defaults to the clock's now */
  EventTime?: number
  Username?: string
  /** defaults from the event name: Get*, List*, Describe*, Lookup*, Head* ... are read-only */
  ReadOnly?: boolean | 'true' | 'false'
  Resources?: Array<{ ResourceType?: string; ResourceName?: string }>
  errorCode?: string
  errorMessage?: string
  EventId?: string
  AccessKeyId?: string
  /** 'Insight' events are returned only to `EventCategory: insight` lookups; default 'Management' */
  EventCategory?: 'Management' | 'Data' | 'Insight'
  awsRegion?: string
  sourceIPAddress?: string
  userAgent?: string
  userIdentity?: Record<string, unknown>
  requestParameters?: Record<string, unknown> | null
  responseElements?: Record<string, unknown> | null
  additionalEventData?: Record<string, unknown>
  /** for Insight events: the record's `insightDetails` */
  insightDetails?: Record<string, unknown>
  /**
   * How long after it is put the event stays invisible to LookupEvents, as CloudTrail delivers
   * events minutes late (default: the `deliveryDelayMs` fault, else 0).
   */
  deliveryDelayMs?: number
}

/** An event as the store keeps it: what LookupEvents filters on, and the full record. */
export interface StoredCloudTrailEvent {
  /** insertion order, to order events of the same second */
  seq: number
  eventId: string
  /** whole seconds, in milliseconds: CloudTrail records times to the second */
  timeMs: number
  insight: boolean
  eventName: string
  eventSource: string
  readOnly: 'true' | 'false' | undefined
  username: string | undefined
  accessKeyId: string | undefined
  resources: Array<{ ResourceType?: string; ResourceName?: string }>
  /** the region whose LookupEvents answers with it (the record's awsRegion) */
  region: string
  /** clock time from which LookupEvents sees it (put time plus the delivery delay) */
  visibleAt: number
  record: Record<string, unknown>
}

export interface RecordContext {
  accountId: string
  region: string
  now: number
  /** delivery delay for events that name none */
  deliveryDelayMs?: number
}

const READ_ONLY_NAME = /^(Get|List|Describe|Lookup|Head|BatchGet|Search|Select|Query|Scan|View)/
const SIGN_IN_EVENTS = new Set([
  'ConsoleLogin',
  'CheckMfa',
  'SwitchRole',
  'ExitRole',
  'RenewRole',
  'UserAuthentication',
])

/** Checks a control event and throws a clear error naming its position and the problem. */
export function validateControlEvent(event: unknown, index: number): asserts event is ControlCloudTrailEvent {
  const where = `CloudTrail event ${index} of the request`
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new AwsServiceError(
      'ValidationException',
      `${where} is not an object; send {"EventName", "EventSource", ...}.`,
    )
  }
  const e = event as Record<string, unknown>
  for (const key of ['EventName', 'EventSource'] as const) {
    if (typeof e[key] !== 'string' || e[key] === '') {
      throw new AwsServiceError(
        'ValidationException',
        `${where} has no ${key}; every event needs a non-empty ${key} string (for example "ConsoleLogin", "signin.amazonaws.com").`,
      )
    }
  }
  if (e.EventTime !== undefined && (typeof e.EventTime !== 'number' || !Number.isFinite(e.EventTime))) {
    throw new AwsServiceError(
      'ValidationException',
      `${where} has an EventTime that is not a number; give epoch milliseconds or leave it out for now.`,
    )
  }
  if (e.ReadOnly !== undefined && ![true, false, 'true', 'false'].includes(e.ReadOnly as never)) {
    throw new AwsServiceError(
      'ValidationException',
      `${where} has ReadOnly ${JSON.stringify(e.ReadOnly)}; use true or false.`,
    )
  }
  if (e.Resources !== undefined && !Array.isArray(e.Resources)) {
    throw new AwsServiceError(
      'ValidationException',
      `${where} has Resources that is not a list; send [{"ResourceType", "ResourceName"}].`,
    )
  }
  if (
    e.deliveryDelayMs !== undefined &&
    (typeof e.deliveryDelayMs !== 'number' || !(e.deliveryDelayMs >= 0))
  ) {
    throw new AwsServiceError(
      'ValidationException',
      `${where} has deliveryDelayMs ${JSON.stringify(e.deliveryDelayMs)}; give milliseconds >= 0.`,
    )
  }
  if (
    e.awsRegion !== undefined &&
    (typeof e.awsRegion !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(e.awsRegion))
  ) {
    throw new AwsServiceError(
      'ValidationException',
      `${where} has awsRegion ${JSON.stringify(e.awsRegion)}; use a region name such as us-west-2.`,
    )
  }
  if (
    e.EventCategory !== undefined &&
    !['Management', 'Data', 'Insight'].includes(e.EventCategory as string)
  ) {
    throw new AwsServiceError(
      'ValidationException',
      `${where} has EventCategory ${JSON.stringify(e.EventCategory)}; use Management, Data or Insight.`,
    )
  }
}

/** A stable fake access key id for a user, so one user's events share a key as they would. */
export function accessKeyIdFor(username: string, temporary: boolean): string {
  const digest = createHash('sha256').update(username).digest()
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let key = temporary ? 'ASIA' : 'AKIA'
  for (let i = 0; i < 16; i++) key += alphabet[(digest[i] as number) % 32]
  return key
}

function principalIdFor(username: string): string {
  return `AIDA${accessKeyIdFor(username, false).slice(4)}`
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function defaultUserIdentity(e: ControlCloudTrailEvent, ctx: RecordContext, accessKeyId: string | undefined) {
  if (!e.Username) return { type: 'AWSService', invokedBy: e.EventSource }
  if (e.Username === 'root') {
    return {
      type: 'Root',
      principalId: ctx.accountId,
      arn: `arn:aws:iam::${ctx.accountId}:root`,
      accountId: ctx.accountId,
      ...(accessKeyId ? { accessKeyId } : {}),
    }
  }
  return {
    type: 'IAMUser',
    principalId: principalIdFor(e.Username),
    arn: `arn:aws:iam::${ctx.accountId}:user/${e.Username}`,
    accountId: ctx.accountId,
    ...(accessKeyId ? { accessKeyId } : {}),
    userName: e.Username,
  }
}

/** Turns a control event into a stored event with a full CloudTrail record. */
export function toStoredEvent(
  e: ControlCloudTrailEvent,
  seq: number,
  ctx: RecordContext,
): StoredCloudTrailEvent {
  const timeMs = Math.floor((e.EventTime ?? ctx.now) / 1000) * 1000
  const eventId = e.EventId ?? randomUUID()
  const category = e.EventCategory ?? 'Management'
  const region = e.awsRegion ?? ctx.region
  const eventTime = isoSeconds(timeMs)
  const visibleAt = ctx.now + (e.deliveryDelayMs ?? ctx.deliveryDelayMs ?? 0)

  if (category === 'Insight') {
    const record = {
      eventVersion: '1.08',
      eventTime,
      awsRegion: region,
      eventID: eventId,
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: ctx.accountId,
      sharedEventID: randomUUID(),
      insightDetails: e.insightDetails ?? {
        state: 'Start',
        eventSource: e.EventSource,
        eventName: e.EventName,
        insightType: 'ApiCallRateInsight',
        insightContext: { statistics: { baseline: { average: 0.1 }, insight: { average: 5 } } },
      },
      eventCategory: 'Insight',
    }
    return {
      seq,
      eventId,
      timeMs,
      insight: true,
      eventName: e.EventName,
      eventSource: e.EventSource,
      readOnly: undefined,
      username: undefined,
      accessKeyId: undefined,
      resources: e.Resources ?? [],
      region,
      visibleAt,
      record,
    }
  }

  const signIn = SIGN_IN_EVENTS.has(e.EventName)
  const readOnly =
    e.ReadOnly === undefined
      ? !signIn && READ_ONLY_NAME.test(e.EventName)
      : e.ReadOnly === true || e.ReadOnly === 'true'
  // console sign-ins carry no access key; API calls by a user do
  const accessKeyId = e.AccessKeyId ?? (e.Username && !signIn ? accessKeyIdFor(e.Username, false) : undefined)
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: e.userIdentity ?? defaultUserIdentity(e, ctx, accessKeyId),
    eventTime,
    eventSource: e.EventSource,
    eventName: e.EventName,
    awsRegion: region,
    sourceIPAddress: e.sourceIPAddress ?? (e.Username ? '203.0.113.24' : e.EventSource),
    userAgent:
      e.userAgent ??
      (signIn
        ? 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
        : 'aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12'),
    ...(e.errorCode ? { errorCode: e.errorCode } : {}),
    ...(e.errorCode || e.errorMessage
      ? { errorMessage: e.errorMessage ?? defaultErrorMessage(e.errorCode) }
      : {}),
    requestParameters: e.requestParameters ?? null,
    responseElements: e.responseElements ?? null,
    ...(e.additionalEventData ? { additionalEventData: e.additionalEventData } : {}),
    requestID: randomUUID(),
    eventID: eventId,
    readOnly,
    ...(e.Resources?.length
      ? {
          resources: e.Resources.map((r) => ({
            accountId: ctx.accountId,
            type: r.ResourceType,
            ARN: resourceArn(r, region, ctx.accountId),
          })),
        }
      : {}),
    eventType: signIn ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: category === 'Management',
    recipientAccountId: ctx.accountId,
    eventCategory: category,
  }
  return {
    seq,
    eventId,
    timeMs,
    insight: false,
    eventName: e.EventName,
    eventSource: e.EventSource,
    readOnly: readOnly ? 'true' : 'false',
    username: e.Username,
    accessKeyId,
    resources: e.Resources ?? [],
    region,
    visibleAt,
    record,
  }
}

/**
 * The ARN CloudTrail records for a resource: LookupEvents' ResourceName is the name the user gave
 * (often not an ARN), the record's `resources[].ARN` always is one.
 */
export function resourceArn(
  r: { ResourceType?: string; ResourceName?: string },
  region: string,
  accountId: string,
): string | undefined {
  const name = r.ResourceName
  if (name === undefined || name.startsWith('arn:')) return name
  const [, service = 'unknown', type = 'resource'] = (r.ResourceType ?? '').split('::')
  const svc = service.toLowerCase()
  switch (`${svc}:${type}`) {
    case 's3:Bucket':
      return `arn:aws:s3:::${name}`
    case 's3:Object':
      return `arn:aws:s3:::${name}`
    case 'iam:Role':
    case 'iam:User':
    case 'iam:Policy':
    case 'iam:Group':
      return `arn:aws:iam::${accountId}:${type.toLowerCase()}/${name}`
    case 'logs:LogGroup':
      return `arn:aws:logs:${region}:${accountId}:log-group:${name}`
    case 'lambda:Function':
      return `arn:aws:lambda:${region}:${accountId}:function:${name}`
    case 'sns:Topic':
    case 'sqs:Queue':
      return `arn:aws:${svc}:${region}:${accountId}:${name}`
    default: {
      // kebab-case of the type, as most services spell their resource types in ARNs
      const kind = type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
      return `arn:aws:${svc}:${region}:${accountId}:${kind}/${name}`
    }
  }
}

function defaultErrorMessage(code: string | undefined): string {
  if (code === 'AccessDenied' || code === 'AccessDeniedException') return 'Access Denied'
  return `The request failed with ${code ?? 'an error'}.`
}

/** The event as LookupEvents answers it (JSON wire form: EventTime in epoch seconds). */
export function toLookupEvent(e: StoredCloudTrailEvent): Record<string, unknown> {
  return {
    EventId: e.eventId,
    EventName: e.eventName,
    ...(e.readOnly !== undefined ? { ReadOnly: e.readOnly } : {}),
    ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
    EventTime: e.timeMs / 1000,
    EventSource: e.eventSource,
    ...(e.username ? { Username: e.username } : {}),
    Resources: e.resources.map((r) => ({
      ...(r.ResourceType !== undefined ? { ResourceType: r.ResourceType } : {}),
      ...(r.ResourceName !== undefined ? { ResourceName: r.ResourceName } : {}),
    })),
    CloudTrailEvent: JSON.stringify(e.record),
  }
}

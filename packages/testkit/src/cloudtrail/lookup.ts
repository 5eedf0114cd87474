import { createHash } from 'node:crypto'
import { AwsServiceError } from '../aws-error.js'
import { type StoredCloudTrailEvent, toLookupEvent } from './events.js'

export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const
type LookupKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number]

/** Insights events can be looked up by these keys only. */
const INSIGHT_KEYS: readonly LookupKey[] = ['EventId', 'EventName', 'EventSource']

export const DEFAULT_MAX_RESULTS = 50
/** LookupEvents covers the last 90 days. */
export const LOOKUP_WINDOW_MS = 90 * 24 * 3600 * 1000

interface LookupQuery {
  attribute: { key: LookupKey; value: string } | undefined
  startMs: number | undefined
  endMs: number | undefined
  insight: boolean
  maxResults: number
  after: { timeMs: number; seq: number } | undefined
  fingerprint: string
}

/** Reads and checks a LookupEvents request, throwing the errors the service throws. */
export function readLookupRequest(input: unknown, generation: number): LookupQuery {
  const req = (input ?? {}) as Record<string, unknown>
  const attributes = req.LookupAttributes
  let attribute: LookupQuery['attribute']
  if (attributes !== undefined && attributes !== null) {
    if (!Array.isArray(attributes)) {
      throw new AwsServiceError(
        'SerializationException',
        'LookupAttributes must be a list of {"AttributeKey", "AttributeValue"} objects.',
      )
    }
    if (attributes.length > 1) {
      throw new AwsServiceError(
        'InvalidLookupAttributesException',
        `LookupAttributes can contain only one item, but the request has ${attributes.length}. Look up by one attribute and filter the results yourself.`,
      )
    }
    if (attributes.length === 1) attribute = readAttribute(attributes[0])
  }

  const startMs = readTime(req.StartTime, 'StartTime')
  const endMs = readTime(req.EndTime, 'EndTime')
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) {
    throw new AwsServiceError(
      'InvalidTimeRangeException',
      `StartTime (${new Date(startMs).toISOString()}) is after EndTime (${new Date(endMs).toISOString()}); the start of the time range must not be later than its end.`,
    )
  }

  let insight = false
  if (req.EventCategory !== undefined && req.EventCategory !== null) {
    if (req.EventCategory !== 'insight') {
      throw new AwsServiceError(
        'InvalidEventCategoryException',
        `EventCategory ${JSON.stringify(req.EventCategory)} is not valid; the only event category is "insight" (leave it out for management events).`,
      )
    }
    insight = true
    if (attribute && !INSIGHT_KEYS.includes(attribute.key)) {
      throw new AwsServiceError(
        'InvalidLookupAttributesException',
        `Insights events can be looked up by ${INSIGHT_KEYS.join(', ')} only, not by ${attribute.key}.`,
      )
    }
  }

  let maxResults = DEFAULT_MAX_RESULTS
  if (req.MaxResults !== undefined && req.MaxResults !== null) {
    const n = req.MaxResults
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 50) {
      throw new AwsServiceError(
        'InvalidMaxResultsException',
        `MaxResults must be a whole number from 1 to 50, but was ${JSON.stringify(n)}.`,
      )
    }
    maxResults = n
  }

  const fingerprint = fingerprintOf(attribute, startMs, endMs, insight, generation)
  let after: LookupQuery['after']
  if (req.NextToken !== undefined && req.NextToken !== null) after = readNextToken(req.NextToken, fingerprint)

  return { attribute, startMs, endMs, insight, maxResults, after, fingerprint }
}

function readAttribute(raw: unknown): { key: LookupKey; value: string } {
  const a = (raw ?? {}) as Record<string, unknown>
  const key = a.AttributeKey
  if (typeof key !== 'string' || !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    throw new AwsServiceError(
      'InvalidLookupAttributesException',
      `AttributeKey ${JSON.stringify(key)} is not valid; use one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}.`,
    )
  }
  const value = a.AttributeValue
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) {
    throw new AwsServiceError(
      'InvalidLookupAttributesException',
      `AttributeValue for ${key} must be a string of 1 to 2000 characters.`,
    )
  }
  return { key: key as LookupKey, value }
}

/** Epoch seconds on the JSON wire (the SDKs and the CLI send numbers; fractions allowed). */
function readTime(raw: unknown, name: string): number | undefined {
  if (raw === undefined || raw === null) return undefined
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new AwsServiceError(
      'SerializationException',
      `${name} must be a timestamp in epoch seconds, but was ${JSON.stringify(raw)}.`,
    )
  }
  return Math.round(n * 1000)
}

function fingerprintOf(
  attribute: LookupQuery['attribute'],
  startMs?: number,
  endMs?: number,
  insight?: boolean,
  generation?: number,
) {
  return createHash('sha256')
    .update(
      JSON.stringify([
        attribute?.key ?? null,
        attribute?.value ?? null,
        startMs ?? null,
        endMs ?? null,
        insight,
        generation,
      ]),
    )
    .digest('base64url')
    .slice(0, 16)
}

/** Tokens carry where the last page ended and the request they belong to. */
function encodeNextToken(last: StoredCloudTrailEvent, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: 1, q: fingerprint, t: last.timeMs, s: last.seq }), 'utf8').toString(
    'base64',
  )
}

function readNextToken(raw: unknown, fingerprint: string): { timeMs: number; seq: number } {
  const invalid = () =>
    new AwsServiceError(
      'InvalidNextTokenException',
      'NextToken is not valid: it is not a token this service issued, or it was issued for a request with different LookupAttributes, StartTime, EndTime or EventCategory (or before the emulator was reset). Repeat the request without NextToken.',
    )
  if (typeof raw !== 'string' || raw === '') throw invalid()
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'))
  } catch {
    throw invalid()
  }
  const token = parsed as { v?: unknown; q?: unknown; t?: unknown; s?: unknown } | null
  if (
    token?.v !== 1 ||
    token.q !== fingerprint ||
    typeof token.t !== 'number' ||
    typeof token.s !== 'number'
  ) {
    throw invalid()
  }
  return { timeMs: token.t, seq: token.s }
}

function matchesAttribute(
  e: StoredCloudTrailEvent,
  attribute: NonNullable<LookupQuery['attribute']>,
): boolean {
  const { key, value } = attribute
  switch (key) {
    case 'EventId':
      return e.eventId === value
    case 'EventName':
      return e.eventName === value
    case 'EventSource':
      return e.eventSource === value
    case 'ReadOnly':
      return e.readOnly === value
    case 'Username':
      return e.username === value
    case 'AccessKeyId':
      return e.accessKeyId === value
    case 'ResourceType':
      return e.resources.some((r) => r.ResourceType === value)
    case 'ResourceName':
      return e.resources.some((r) => r.ResourceName === value)
  }
}

/** newest first; events of the same second in reverse order of arrival */
const newestFirst = (a: StoredCloudTrailEvent, b: StoredCloudTrailEvent) =>
  b.timeMs - a.timeMs || b.seq - a.seq

export interface LookupScope {
  /** the region the request was signed for: CloudTrail is regional */
  region: string
  nowMs: number
  /** repeat one event of the page (AWS sometimes answers an EventId twice) */
  duplicate?: boolean
}

export function lookupEvents(events: StoredCloudTrailEvent[], query: LookupQuery, scope: LookupScope) {
  const oldest = scope.nowMs - LOOKUP_WINDOW_MS
  const matching = events
    .filter((e) => e.region === scope.region && e.visibleAt <= scope.nowMs)
    .filter((e) => e.insight === query.insight)
    .filter((e) => e.timeMs >= oldest)
    .filter((e) => query.startMs === undefined || e.timeMs >= query.startMs)
    .filter((e) => query.endMs === undefined || e.timeMs <= query.endMs)
    .filter((e) => !query.attribute || matchesAttribute(e, query.attribute))
    .sort(newestFirst)
  const after = query.after
  const remaining = after
    ? matching.filter((e) => e.timeMs < after.timeMs || (e.timeMs === after.timeMs && e.seq < after.seq))
    : matching
  const page = remaining.slice(0, query.maxResults)
  const last = page[page.length - 1]
  const more = remaining.length > page.length && last !== undefined
  const answered = page.map(toLookupEvent)
  // The repeat sits beside the original, so the page stays newest first.
  if (scope.duplicate && answered.length > 0) {
    const at = Math.floor(answered.length / 2)
    answered.splice(at, 0, answered[at]!)
  }
  return {
    Events: answered,
    ...(more ? { NextToken: encodeNextToken(last, query.fingerprint) } : {}),
  }
}

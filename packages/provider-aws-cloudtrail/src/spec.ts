import { specEndpoint } from '@atmos-logs/core/aws'
import { specChecker } from '@atmos-logs/core/errors'
import { pollTimingsOf } from '@atmos-logs/core/runtime'
import type { LookupKey } from './attributes.js'

/** A source's spec after validation: every field checked, defaults applied. */
export interface CloudTrailSpec {
  /** Lookup attributes the spec asks for; a list means any of its values. */
  attributes: Partial<Record<LookupKey, string[]>>
  /** Regions to read, in the order given; undefined means the client's region. */
  regions?: string[]
  endpoint?: string
  errorsOnly: boolean
  /** The CloudWatch Logs group a trail delivers to: read it (data events) instead of LookupEvents. */
  logGroup?: string
  pollIntervalMs: number
  lateWindowMs: number
}

/** Spec fields that name a lookup attribute, in the spec's own spelling. */
export const ATTRIBUTE_FIELDS: Record<string, LookupKey> = {
  event_source: 'EventSource',
  event_name: 'EventName',
  username: 'Username',
  resource_type: 'ResourceType',
  resource_name: 'ResourceName',
  access_key_id: 'AccessKeyId',
  read_only: 'ReadOnly',
}

const KNOWN_FIELDS = [
  ...Object.keys(ATTRIBUTE_FIELDS),
  'region',
  'regions',
  'endpoint',
  'errors_only',
  'log_group',
  'poll_interval',
  'late_window',
]

export const DEFAULT_POLL_INTERVAL_MS = 30_000
export const DEFAULT_LATE_WINDOW_MS = 20 * 60_000

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/
const GROUP_NAME = /^[\w\-./#]{1,512}$/
const EVENT_SOURCE = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/
const ACCESS_KEY = /^(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,124}$/

/** Validate `spec` of source `source`; every problem names its field and what to write instead. */
export function parseSpec(spec: Record<string, unknown>, source: string): CloudTrailSpec {
  const problem = specChecker('aws/cloudtrail', source, spec, KNOWN_FIELDS)

  const text = (field: string, example: string, pattern?: RegExp): string | undefined => {
    const value = spec[field]
    if (value === undefined) return undefined
    if (typeof value !== 'string' || value.trim() === '') {
      return problem(field, `expected a non-empty string such as ${example}; got ${JSON.stringify(value)}.`)
    }
    if (pattern && !pattern.test(value))
      return problem(field, `"${value}" is not valid; expected something like ${example}.`)
    return value
  }
  // Templates render to strings, so "true"/"false" count as booleans too.
  const flag = (field: string): boolean | undefined => {
    const value = spec[field]
    if (value === undefined) return undefined
    if (value === true || value === 'true') return true
    if (value === false || value === 'false') return false
    return problem(field, `expected true or false; got ${JSON.stringify(value)}.`)
  }

  const attributes: CloudTrailSpec['attributes'] = {}
  const source_ = text('event_source', 'lambda.amazonaws.com', EVENT_SOURCE)
  if (source_) attributes.EventSource = [source_]
  const names = spec.event_name
  if (names !== undefined) {
    const list = Array.isArray(names) ? names : [names]
    if (list.length === 0 || !list.every((n) => typeof n === 'string' && /^[A-Za-z0-9]+$/.test(n))) {
      problem(
        'event_name',
        `expected an API name such as DeleteBucket, or a list of them; got ${JSON.stringify(names)}.`,
      )
    }
    attributes.EventName = [...new Set(list as string[])]
  }
  for (const [field, key, example, pattern] of [
    ['username', 'Username', 'alice or a role session name', undefined],
    ['resource_type', 'ResourceType', 'AWS::S3::Bucket', /^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/],
    ['resource_name', 'ResourceName', 'my-bucket or an ARN', undefined],
    ['access_key_id', 'AccessKeyId', 'AKIAIOSFODNN7EXAMPLE', ACCESS_KEY],
  ] as const) {
    const value = text(field, example, pattern)
    if (value) attributes[key] = [value]
  }
  const readOnly = flag('read_only')
  if (readOnly !== undefined) attributes.ReadOnly = [String(readOnly)]

  if (spec.region !== undefined && spec.regions !== undefined)
    problem('regions', 'set either region or regions, not both.')
  let regions: string[] | undefined
  if (spec.region !== undefined) regions = [text('region', 'us-east-1', REGION) as string]
  if (spec.regions !== undefined) {
    const list = spec.regions
    if (!Array.isArray(list) || list.length === 0) {
      problem('regions', 'expected a non-empty list of AWS regions such as [us-east-1, eu-west-1].')
    }
    regions = (list as unknown[]).map((r, i) =>
      typeof r === 'string' && REGION.test(r)
        ? r
        : problem(`regions[${i}]`, `expected an AWS region such as us-east-1; got ${JSON.stringify(r)}.`),
    )
    regions = [...new Set(regions)]
  }

  const endpoint = specEndpoint(spec.endpoint, problem)

  const logGroup = text('log_group', '/aws/cloudtrail/management-events', GROUP_NAME)
  if (logGroup && regions && regions.length > 1) {
    problem(
      'regions',
      "a trail's log group lives in one region: with log_group set, give region (the log group's region), not a list.",
    )
  }

  const { pollIntervalMs, lateWindowMs } = pollTimingsOf(spec, problem, {
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    lateWindowMs: DEFAULT_LATE_WINDOW_MS,
  })

  return {
    attributes,
    regions,
    endpoint,
    errorsOnly: flag('errors_only') ?? false,
    logGroup,
    pollIntervalMs,
    lateWindowMs,
  }
}

import { specEndpoint } from '@atmos-logs/core/aws'
import { specChecker } from '@atmos-logs/core/errors'

export type FollowMode = 'auto' | 'live' | 'poll'

/** A source's spec after validation: every field checked, defaults applied. */
export interface CloudWatchSpec {
  /** Exact log group names or patterns with `*` (at least one). */
  logGroups: string[]
  streamPrefix?: string
  streams?: string[]
  region?: string
  endpoint?: string
  followMode: FollowMode
  /** FilterLogEvents requests per second for this account and region (shared by the process). */
  rateLimit?: number
}

const KNOWN_FIELDS = [
  'log_group',
  'log_groups',
  'stream_prefix',
  'streams',
  'region',
  'endpoint',
  'follow_mode',
  'rate_limit',
]

// CloudWatch allows these characters in log group names; `*` is ours, for patterns.
const GROUP_NAME = /^[\w\-./#*]{1,512}$/
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/
// A log group's ARN, as the console, Terraform outputs (`!terraform.output … log_group_arn`) and
// CloudFormation give it, with or without the trailing `:*`.
const GROUP_ARN = /^arn:aws[\w-]*:logs:([a-z0-9-]*):\d*:log-group:(.+?)(:\*)?$/

/** Validate `spec` of source `source`; every problem names its field and what to write instead. */
export function parseSpec(spec: Record<string, unknown>, source: string): CloudWatchSpec {
  const problem = specChecker('aws/cloudwatch', source, spec, KNOWN_FIELDS)

  const groupName = (value: unknown, field: string): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      return problem(
        field,
        'expected a log group name such as /aws/lambda/api or a pattern such as /aws/lambda/*.',
      )
    }
    const arn = GROUP_ARN.exec(value)
    if (arn) {
      // Easy to paste from a console or an output; FilterLogEvents takes the name, in the region.
      const [, arnRegion, name] = arn
      const region =
        arnRegion && arnRegion !== spec.region ? `, with region: ${arnRegion} (the ARN's region)` : ''
      return problem(
        field,
        `"${value}" is a log group ARN; write the group's name instead, ${name}${region}.`,
      )
    }
    if (!GROUP_NAME.test(value)) {
      return problem(
        field,
        `"${value}" is not a log group name; names use letters, digits and _ - . / # (and * for a pattern), at most 512 characters.`,
      )
    }
    return value
  }

  let logGroups: string[]
  if (spec.log_group !== undefined && spec.log_groups !== undefined) {
    return problem('log_groups', 'set either log_group or log_groups, not both.')
  }
  if (spec.log_group !== undefined) {
    logGroups = [groupName(spec.log_group, 'log_group')]
  } else if (spec.log_groups !== undefined) {
    if (!Array.isArray(spec.log_groups) || spec.log_groups.length === 0) {
      return problem('log_groups', 'expected a non-empty list of log group names or patterns.')
    }
    logGroups = spec.log_groups.map((g, i) => groupName(g, `log_groups[${i}]`))
  } else {
    return problem(
      'log_group',
      'required: set log_group (a name or a pattern with *) or log_groups (a list).',
    )
  }

  let streamPrefix: string | undefined
  let streams: string[] | undefined
  if (spec.stream_prefix !== undefined && spec.streams !== undefined) {
    problem('streams', 'set either stream_prefix or streams, not both.')
  }
  if (spec.stream_prefix !== undefined) {
    if (typeof spec.stream_prefix !== 'string' || spec.stream_prefix === '') {
      problem('stream_prefix', 'expected a non-empty string, the start of the log stream names to read.')
    }
    streamPrefix = spec.stream_prefix as string
  }
  if (spec.streams !== undefined) {
    if (
      !Array.isArray(spec.streams) ||
      spec.streams.length === 0 ||
      !spec.streams.every((s) => typeof s === 'string' && s !== '')
    ) {
      problem('streams', 'expected a non-empty list of log stream names.')
    }
    streams = spec.streams as string[]
    if (streams.length > 100)
      problem('streams', `at most 100 streams can be read at once; ${streams.length} given.`)
  }

  let region: string | undefined
  if (spec.region !== undefined) {
    if (typeof spec.region !== 'string' || !REGION.test(spec.region)) {
      problem('region', `expected an AWS region such as us-east-1; got ${JSON.stringify(spec.region)}.`)
    }
    region = spec.region as string
  }

  const endpoint = specEndpoint(spec.endpoint, problem)

  let followMode: FollowMode = 'auto'
  if (spec.follow_mode !== undefined) {
    if (spec.follow_mode !== 'auto' && spec.follow_mode !== 'live' && spec.follow_mode !== 'poll') {
      problem('follow_mode', `expected auto, live or poll; got ${JSON.stringify(spec.follow_mode)}.`)
    }
    followMode = spec.follow_mode as FollowMode
  }

  let rateLimit: number | undefined
  if (spec.rate_limit !== undefined) {
    if (typeof spec.rate_limit !== 'number' || !(spec.rate_limit > 0) || spec.rate_limit > 100) {
      problem(
        'rate_limit',
        `expected requests per second, a number above 0 and at most 100; got ${JSON.stringify(spec.rate_limit)}.`,
      )
    }
    rateLimit = spec.rate_limit as number
  }

  return { logGroups, streamPrefix, streams, region, endpoint, followMode, rateLimit }
}

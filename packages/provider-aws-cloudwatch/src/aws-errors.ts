import { type AwsCallContext, type AwsService, mapAwsError, serviceWords } from '@atmos-logs/core/aws'
import { ProviderError, UsageError } from '@atmos-logs/core/errors'

export const CLOUDWATCH_LOGS: AwsService = {
  kind: 'aws/cloudwatch',
  name: 'CloudWatch Logs',
  iamPrefix: 'logs',
  endpointVariable: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
}

/** How a log group is named in messages. */
export function logGroupLabel(name: string): string {
  return `log group "${name}"`
}

/** What the user typed into a call, so that the service refusing it is blamed on them (exit 2). */
export interface UserInput {
  /** The filter pattern sent (filterPattern, logEventFilterPattern) and the flag it came from. */
  filter?: string
  filterFlag?: string
  /** The flag a Logs Insights query came from. */
  queryFlag?: string
}

/** The calls that send the read's filter pattern. */
const FILTERING = new Set(['FilterLogEvents', 'StartLiveTail'])
// How the service words a pattern it cannot parse: "Invalid filter pattern", "If a filter pattern
// starts with '{' it must end with '}'", "Invalid character(s) in term '...'", and the model's length
// check, "Value '...' at 'filterPattern' failed to satisfy constraint".
const ABOUT_THE_PATTERN = /filter pattern|\bterm\b|'filterPattern'/i

const FILTER_SYNTAX =
  'Write it in the CloudWatch Logs filter pattern syntax: terms, "quoted phrases", ?alternatives, { $.field = "value" } for JSON, [space, delimited] fields (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).'
const QUERY_SYNTAX =
  'Fix the query in the Logs Insights query syntax (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html).'

/** CloudWatch Logs' own failures in our words; undefined for those the generic AWS mapping explains. */
export function explainCloudWatchError(
  err: unknown,
  ctx: AwsCallContext,
  input: UserInput = {},
): Error | undefined {
  const name = (err as { name?: string } | undefined)?.name
  const where = `${CLOUDWATCH_LOGS.kind} source "${ctx.source}"`
  const region = ctx.region ? ` in region ${ctx.region}` : ''
  const words = serviceWords(err)
  if (name === 'ResourceNotFoundException') {
    const what = ctx.resource ?? 'the requested resource'
    const hint = 'Check spec.log_group / spec.log_groups and spec.region of this source.'
    return new ProviderError(
      `The ${where} could not read ${what}${region}: it does not exist (${ctx.action}: ${words}). ${hint}`,
      { hint, cause: err },
    )
  }
  // The query is what the user typed: refusing it is bad input, not a failing service.
  if (name === 'MalformedQueryException') {
    const what = input.queryFlag ? `The ${input.queryFlag} query` : 'The Logs Insights query'
    return new UsageError(`${what} for the ${where} is not valid; CloudWatch Logs says: ${words}.`, {
      hint: QUERY_SYNTAX,
      cause: err,
    })
  }
  if (
    name === 'InvalidParameterException' &&
    FILTERING.has(ctx.action) &&
    input.filter &&
    ABOUT_THE_PATTERN.test(words)
  ) {
    const given = input.filterFlag ? ` given with ${input.filterFlag}` : ''
    return new UsageError(
      `The filter pattern ${JSON.stringify(input.filter)}${given} is not valid for the ${where}; CloudWatch Logs says: ${words}.`,
      { hint: FILTER_SYNTAX, cause: err },
    )
  }
  if (name === 'InvalidParameterException' && ctx.action === 'FilterLogEvents') {
    const hint =
      'Check the --filter / --query pattern (CloudWatch filter pattern syntax) and the source spec.'
    return new ProviderError(`CloudWatch rejected the request of the ${where}${region}: ${words}. ${hint}`, {
      hint,
      cause: err,
    })
  }
  return undefined
}

/** Any CloudWatch Logs failure as the one error the user sees. */
export function cloudWatchError(err: unknown, ctx: AwsCallContext, input?: UserInput): Error {
  return explainCloudWatchError(err, ctx, input) ?? mapAwsError(err, CLOUDWATCH_LOGS, ctx)
}

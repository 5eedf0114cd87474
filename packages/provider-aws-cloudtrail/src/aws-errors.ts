import { type AwsCallContext, type AwsService, serviceWords } from '@atmos-logs/core/aws'
import { ProviderError } from '@atmos-logs/core/errors'

export const CLOUDTRAIL: AwsService = {
  kind: 'aws/cloudtrail',
  name: 'CloudTrail',
  iamPrefix: 'cloudtrail',
  endpointVariable: 'AWS_ENDPOINT_URL_CLOUDTRAIL',
}

/** The trail's log group is read through CloudWatch Logs, under this source's kind. */
export const TRAIL_LOGS: AwsService = {
  kind: 'aws/cloudtrail',
  name: 'CloudWatch Logs',
  iamPrefix: 'logs',
  endpointVariable: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
}

const REQUEST_ERRORS = new Set([
  'InvalidLookupAttributesException',
  'InvalidTimeRangeException',
  'InvalidMaxResultsException',
  'InvalidNextTokenException',
  'InvalidEventCategoryException',
])

/** CloudTrail's and the log group's own failures in our words; undefined for the generic AWS mapping. */
export function explainTrailError(err: unknown, ctx: AwsCallContext): Error | undefined {
  const name = (err as { name?: string } | undefined)?.name ?? ''
  const where = `aws/cloudtrail source "${ctx.source}"`
  const region = ctx.region ? ` in region ${ctx.region}` : ''
  const words = serviceWords(err)
  if (name === 'ResourceNotFoundException') {
    const hint =
      "Check spec.log_group (the CloudWatch Logs group the trail delivers to) and the source's region."
    return new ProviderError(
      `The ${where} could not read ${ctx.resource ?? 'its log group'}${region}: it does not exist (${words}). ${hint}`,
      { hint, cause: err },
    )
  }
  if (
    REQUEST_ERRORS.has(name) ||
    (name === 'InvalidParameterException' && ctx.action === 'FilterLogEvents')
  ) {
    const hint = 'Check the source spec and --filter; run with --debug to see the request.'
    return new ProviderError(
      `${ctx.action}${region} refused the request of the ${where}: ${name}: ${words}. ${hint}`,
      {
        hint,
        cause: err,
      },
    )
  }
  return undefined
}

import { type AwsCallContext, type AwsService, mapAwsError, serviceWords } from '@atmos-logs/core/aws'
import { ProviderError } from '@atmos-logs/core/errors'

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

/** CloudWatch Logs' own failures in our words; undefined for those the generic AWS mapping explains. */
export function explainCloudWatchError(err: unknown, ctx: AwsCallContext): Error | undefined {
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
  if (name === 'MalformedQueryException') {
    const hint = 'Fix the Logs Insights query; see the CloudWatch Logs Insights query syntax.'
    return new ProviderError(`The Logs Insights query for the ${where} is not valid: ${words}`, {
      hint,
      cause: err,
    })
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
export function cloudWatchError(err: unknown, ctx: AwsCallContext): Error {
  return explainCloudWatchError(err, ctx) ?? mapAwsError(err, CLOUDWATCH_LOGS, ctx)
}

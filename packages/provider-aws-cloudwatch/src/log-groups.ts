import type { AwsCallContext, AwsCaller } from '@atmos-logs/core/aws'
import { ProviderError } from '@atmos-logs/core/errors'
import { parseGroupPattern } from './group-pattern.js'
import {
  DescribeLogGroupsCommand,
  type DescribeLogGroupsCommandOutput,
} from './vendor/@aws-sdk/client-cloudwatch-logs.js'

export interface LogGroupInfo {
  name: string
  /** The ARN without the trailing `:*`, as StartLiveTail wants it. */
  arn?: string
  creationTime?: number
  storedBytes?: number
  retentionInDays?: number
}

/** What a log group ARN names (with or without the trailing `:*`); undefined for any other string. */
export function parseGroupArn(arn: string): { region: string; account: string; name: string } | undefined {
  const m = /^arn:[^:]+:logs:([^:]*):([^:]*):log-group:(.+?)(:\*)?$/.exec(arn)
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined
}

/**
 * A described group's ARN must name that group in the region the source reads: Live Tail is asked
 * by ARN, and an endpoint answering for another region would show its events under this source.
 */
function checkGroupArn(arn: string, name: string, ctx: Omit<AwsCallContext, 'action'>): void {
  const where = `aws/cloudwatch source "${ctx.source}"`
  const hint = ctx.endpoint
    ? `Check spec.region and the endpoint ${ctx.endpoint.url} (set by ${ctx.endpoint.setBy}) of this source: the endpoint must serve region ${ctx.region}.`
    : 'CloudWatch Logs answered for something other than what was asked; try again, and run with --debug for details.'
  const parts = parseGroupArn(arn)
  if (!parts || parts.name !== name)
    throw new ProviderError(
      `DescribeLogGroups of the ${where} answered log group "${name}" with the ARN ${arn}, which names something else. ${hint}`,
      { hint },
    )
  if (ctx.region && parts.region !== ctx.region)
    throw new ProviderError(
      `The ${where} reads region ${ctx.region}, but DescribeLogGroups answered log group "${name}" of region ${parts.region} (${arn}). ${hint}`,
      { hint },
    )
}

/** Every log group whose name starts with `prefix`, following all pages. */
export async function describeGroups(
  caller: AwsCaller,
  prefix: string,
  signal: AbortSignal,
): Promise<LogGroupInfo[]> {
  const out: LogGroupInfo[] = []
  let nextToken: string | undefined
  do {
    const input = { logGroupNamePrefix: prefix === '' ? undefined : prefix, nextToken, limit: 50 }
    const page = await caller.call<DescribeLogGroupsCommandOutput>(
      'DescribeLogGroups',
      () => new DescribeLogGroupsCommand(input),
      signal,
    )
    for (const g of page.logGroups ?? []) {
      if (!g.logGroupName) continue
      const arn = g.logGroupArn ?? g.arn?.replace(/:\*$/, '')
      if (arn !== undefined) checkGroupArn(arn, g.logGroupName, caller.context)
      out.push({
        name: g.logGroupName,
        arn,
        creationTime: g.creationTime,
        storedBytes: g.storedBytes,
        retentionInDays: g.retentionInDays,
      })
    }
    nextToken = page.nextToken
  } while (nextToken)
  return out
}

/**
 * The log groups a spec names. Exact names are taken as given unless `describe` is asked for
 * (Live Tail needs ARNs); patterns are listed by their literal prefix and matched locally.
 */
export async function resolveGroups(
  caller: AwsCaller,
  entries: string[],
  signal: AbortSignal,
  options: { describeExact: boolean },
): Promise<LogGroupInfo[]> {
  const byName = new Map<string, LogGroupInfo>()
  for (const entry of entries) {
    const pattern = parseGroupPattern(entry)
    if (!pattern.isPattern && !options.describeExact) {
      if (!byName.has(entry)) byName.set(entry, { name: entry })
      continue
    }
    const found = (await describeGroups(caller, pattern.prefix, signal)).filter((g) =>
      pattern.matches(g.name),
    )
    if (found.length === 0) {
      const where = `aws/cloudwatch source "${caller.context.source}"`
      const region = caller.context.region ? ` in region ${caller.context.region}` : ''
      const hint = 'Check spec.log_group / spec.log_groups and spec.region of this source.'
      throw new ProviderError(
        pattern.isPattern
          ? `The ${where} found no log groups matching "${entry}"${region}. ${hint}`
          : `The ${where} could not find log group "${entry}"${region}. ${hint}`,
        { hint },
      )
    }
    for (const g of found) byName.set(g.name, g)
  }
  return [...byName.values()]
}

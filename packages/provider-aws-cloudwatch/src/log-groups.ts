import type { AwsCaller } from '@atmos-logs/core/aws'
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
      out.push({
        name: g.logGroupName,
        arn: g.logGroupArn ?? g.arn?.replace(/:\*$/, ''),
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

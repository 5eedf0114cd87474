import type { AwsCaller } from '@atmos-logs/core/aws'
import { ProviderError } from '@atmos-logs/core/errors'
import type { Clock } from '@atmos-logs/core/runtime'
import {
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryCommand,
  type StartQueryCommandOutput,
  StopQueryCommand,
} from './vendor/@aws-sdk/client-cloudwatch-logs.js'

export interface QueryProgress {
  status: string
  recordsScanned?: number
  recordsMatched?: number
  bytesScanned?: number
}

export interface InsightsParams {
  caller: AwsCaller
  logGroups: string[]
  query: string
  startTime: number
  endTime: number
  limit?: number
  signal: AbortSignal
  clock: Clock
  onProgress?: (progress: QueryProgress) => void
  pollIntervalMs?: number
}

/** Logs Insights takes at most 50 log groups per query. */
export const MAX_QUERY_GROUPS = 50

/** Run a Logs Insights query to completion and yield its rows as {field: value} (without @ptr). */
export async function* runInsightsQuery(p: InsightsParams): AsyncGenerator<Record<string, unknown>> {
  const source = p.caller.context.source
  if (p.logGroups.length > MAX_QUERY_GROUPS) {
    const hint = 'Narrow spec.log_group / log_groups so the query covers at most 50 groups.'
    throw new ProviderError(
      `The aws/cloudwatch source "${source}" resolves to ${p.logGroups.length} log groups, but a Logs Insights query covers at most ${MAX_QUERY_GROUPS}. ${hint}`,
      { hint },
    )
  }
  const started = await p.caller.call<StartQueryCommandOutput>(
    'StartQuery',
    () =>
      new StartQueryCommand({
        logGroupNames: p.logGroups,
        queryString: p.query,
        // StartQuery takes epoch seconds.
        startTime: Math.floor(p.startTime / 1000),
        endTime: Math.ceil(p.endTime / 1000),
        limit: p.limit ? Math.min(p.limit, 10_000) : undefined,
      }),
    p.signal,
  )
  const queryId = started.queryId as string
  let finished = false
  try {
    for (;;) {
      await p.clock.sleep(p.pollIntervalMs ?? 1000, p.signal)
      const out = await p.caller.call<GetQueryResultsCommandOutput>(
        'GetQueryResults',
        () => new GetQueryResultsCommand({ queryId }),
        p.signal,
      )
      const status = out.status ?? 'Unknown'
      p.onProgress?.({
        status,
        recordsScanned: out.statistics?.recordsScanned,
        recordsMatched: out.statistics?.recordsMatched,
        bytesScanned: out.statistics?.bytesScanned,
      })
      if (status === 'Complete') {
        finished = true
        for (const row of out.results ?? []) {
          const record: Record<string, unknown> = {}
          for (const field of row) {
            if (field.field && field.field !== '@ptr') record[field.field] = field.value
          }
          yield record
        }
        return
      }
      if (status === 'Failed' || status === 'Cancelled' || status === 'Timeout') {
        finished = true
        const hint =
          status === 'Timeout'
            ? 'Narrow the time range (--since/--until) or the log groups and try again.'
            : 'Check the query and try again.'
        throw new ProviderError(
          `The Logs Insights query of the aws/cloudwatch source "${source}" ended with status ${status}. ${hint}`,
          { hint },
        )
      }
    }
  } finally {
    if (!finished) {
      // Interrupted or failed while running: do not leave the query consuming the account's quota.
      const stop = AbortSignal.timeout(3000)
      await p.caller.call('StopQuery', () => new StopQueryCommand({ queryId }), stop).catch(() => undefined)
    }
  }
}

import { randomUUID } from 'node:crypto'
import { AwsServiceError, invalidParameter, resourceNotFound } from '../aws-error.js'
import type { Clock } from '../clock.js'
import { DAY } from '../durations.js'
import type { Params } from '../params.js'
import { ACCOUNT_ID, type LogGroupIdentifier, parseLogGroupIdentifier } from './arn.js'
import {
  type InsightsEvent,
  InsightsQueryError,
  type InsightsResult,
  MAX_LIMIT,
  parseInsightsQuery,
  runInsightsQuery,
} from './insights/index.js'
import { type CloudWatchStore, firstAtOrAfter, type LogGroupRecord } from './store.js'

/**
 * Logs Insights queries: StartQuery validates and snapshots the query, GetQueryResults reveals it
 * as Scheduled, then Running, then Complete as the clock moves (so tests drive it with a manual
 * clock), StopQuery cancels. Times on the wire are epoch seconds, as the API uses. Queries are
 * regional: a query id is known only to the region that started it.
 */
export interface QueryTiming {
  /** How long a new query stays Scheduled (default 200 ms of clock time). */
  scheduledMs: number
  /** How long it then stays Running (default 800 ms of clock time). */
  runningMs: number
}

const MAX_CONCURRENT_QUERIES = 30

interface QueryRecord {
  queryId: string
  region: string
  queryString: string
  logGroupNames: string[]
  createTime: number
  cancelled: boolean
  result: InsightsResult
  /** When the query would expire; results are kept 7 days. */
  expiresAt: number
}

const malformed = (e: InsightsQueryError) =>
  new AwsServiceError(
    'MalformedQueryException',
    e.message,
    400,
    e.location ? { queryCompileError: { location: e.location, message: e.message } } : {},
  )

export class QueryManager {
  private readonly queries = new Map<string, QueryRecord>()

  constructor(
    private readonly store: CloudWatchStore,
    private readonly clock: Clock,
    private readonly timing: QueryTiming = { scheduledMs: 200, runningMs: 800 },
  ) {}

  reset(): void {
    this.queries.clear()
  }

  private status(q: QueryRecord): 'Scheduled' | 'Running' | 'Complete' | 'Cancelled' {
    if (q.cancelled) return 'Cancelled'
    const elapsed = this.clock.now() - q.createTime
    if (elapsed < this.timing.scheduledMs) return 'Scheduled'
    if (elapsed < this.timing.scheduledMs + this.timing.runningMs) return 'Running'
    return 'Complete'
  }

  start(p: Params, region: string): { queryId: string } {
    const language = p.string('queryLanguage') ?? 'CWLI'
    if (language !== 'CWLI') {
      throw invalidParameter(
        `The CloudWatch Logs emulator runs only CWLI (Logs Insights) queries, not ${language}.`,
      )
    }
    const single = p.string('logGroupName', { min: 1, max: 512 })
    const names = p.strings('logGroupNames', { min: 1, max: 50 })
    const identifiers = p.strings('logGroupIdentifiers', { min: 1, max: 50 })
    const given = [single, names, identifiers].filter((v) => v !== undefined).length
    if (given !== 1) {
      throw invalidParameter(
        'Exactly one of logGroupName, logGroupNames and logGroupIdentifiers must be specified.',
      )
    }
    const ids: LogGroupIdentifier[] =
      single !== undefined
        ? [{ name: single }]
        : (names?.map((name) => ({ name })) ??
          identifiers!.map((id) => parseLogGroupIdentifier(id) ?? { name: id }))
    const startTime = p.number('startTime', { min: 0 })
    const endTime = p.number('endTime', { min: 0 })
    if (startTime === undefined || endTime === undefined) {
      throw invalidParameter('StartQuery needs startTime and endTime, in epoch seconds.')
    }
    if (endTime < startTime) throw invalidParameter('endTime must be greater than or equal to startTime.')
    const queryString = p.requiredString('queryString', { max: 10_000 })
    const limit = p.number('limit', { min: 1, max: MAX_LIMIT })
    const groups = ids.map((id) => {
      const group = this.store.findGroup(id, region)
      if (!group)
        throw resourceNotFound(`Log group '${id.name}' does not exist for account ID '${ACCOUNT_ID}'`)
      return group
    })
    const groupNames = groups.map((g) => g.name)
    try {
      parseInsightsQuery(queryString)
    } catch (e) {
      if (e instanceof InsightsQueryError) throw malformed(e)
      throw e
    }
    // The concurrency quota is the account's in this region.
    const running = [...this.queries.values()].filter((q) => {
      if (q.region !== region) return false
      const s = this.status(q)
      return s === 'Scheduled' || s === 'Running'
    }).length
    if (running >= MAX_CONCURRENT_QUERIES) {
      throw new AwsServiceError(
        'LimitExceededException',
        `Account maximum query concurrency limit of [${MAX_CONCURRENT_QUERIES}] reached.`,
      )
    }

    const events = this.eventsFor(groups, startTime * 1000, endTime * 1000 + 999)
    let result: InsightsResult
    try {
      result = runInsightsQuery(queryString, events, { now: this.clock.now(), accountId: ACCOUNT_ID })
    } catch (e) {
      if (e instanceof InsightsQueryError) throw malformed(e)
      throw e
    }
    if (limit !== undefined && result.results.length > limit)
      result = { ...result, results: result.results.slice(0, limit) }
    const queryId = randomUUID()
    const now = this.clock.now()
    this.queries.set(queryId, {
      queryId,
      region,
      queryString,
      logGroupNames: groupNames,
      createTime: now,
      cancelled: false,
      result,
      expiresAt: now + 7 * DAY,
    })
    return { queryId }
  }

  private eventsFor(groups: LogGroupRecord[], fromMs: number, toMs: number): InsightsEvent[] {
    const out: InsightsEvent[] = []
    for (const group of groups) {
      for (const stream of group.streams.values()) {
        const events = this.store.eventsOf(stream)
        const end = firstAtOrAfter(events, toMs + 1)
        for (let i = firstAtOrAfter(events, fromMs); i < end; i++) {
          const e = events[i]!
          out.push({
            timestamp: e.timestamp,
            ingestionTime: e.ingestionTime,
            message: e.message,
            logStream: stream.name,
            logGroup: group.name,
          })
        }
      }
    }
    return out
  }

  private find(p: Params, region: string): QueryRecord {
    const id = p.requiredString('queryId', { max: 256 })
    const q = this.queries.get(id)
    if (!q || q.region !== region || q.expiresAt < this.clock.now())
      throw resourceNotFound(`Query does not exist: ${id}`)
    return q
  }

  results(p: Params, region: string): unknown {
    const q = this.find(p, region)
    const status = this.status(q)
    const elapsed = this.clock.now() - q.createTime
    const fraction =
      status === 'Complete'
        ? 1
        : status === 'Running'
          ? Math.min(1, (elapsed - this.timing.scheduledMs) / this.timing.runningMs)
          : 0
    const s = q.result.statistics
    const statistics = {
      recordsMatched: Math.floor(s.recordsMatched * fraction),
      recordsScanned: Math.floor(s.recordsScanned * fraction),
      estimatedRecordsSkipped: 0,
      bytesScanned: Math.floor(s.bytesScanned * fraction),
      estimatedBytesSkipped: 0,
      logGroupsScanned: fraction > 0 ? q.logGroupNames.length : 0,
    }
    return {
      queryLanguage: 'CWLI',
      results: status === 'Complete' ? q.result.results : [],
      statistics,
      status,
    }
  }

  stop(p: Params, region: string): { success: boolean } {
    const q = this.find(p, region)
    const status = this.status(q)
    if (status !== 'Scheduled' && status !== 'Running') {
      throw invalidParameter(`Query ${q.queryId} is not running; it is ${status}.`)
    }
    q.cancelled = true
    return { success: true }
  }

  describe(p: Params, region: string): unknown {
    const groupName = p.string('logGroupName')
    const wanted = p.string('status')
    const max = p.number('maxResults', { min: 1, max: 1000 }) ?? 1000
    const list = [...this.queries.values()]
      .filter((q) => q.region === region && (groupName === undefined || q.logGroupNames.includes(groupName)))
      .map((q) => ({
        queryLanguage: 'CWLI',
        queryId: q.queryId,
        queryString: q.queryString,
        status: this.status(q),
        createTime: q.createTime,
        logGroupName: q.logGroupNames[0],
      }))
      .filter((q) => wanted === undefined || q.status === wanted)
      .slice(0, max)
    return { queries: list }
  }
}

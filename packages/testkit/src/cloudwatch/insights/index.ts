/**
 * The Logs Insights query engine of the CloudWatch Logs emulator: compiles a query (the subset
 * real use needs) and runs it over events, answering in GetQueryResults' shape.
 */
import { executeQuery, type InsightsEvent, type InsightsOptions, type InsightsResult } from './execute.js'
import { parseInsightsQuery } from './parser.js'

export type { CompiledQuery } from './ast.js'
export { InsightsQueryError, type QueryErrorLocation } from './errors.js'
export {
  DEFAULT_ACCOUNT_ID,
  executeQuery,
  type InsightsEvent,
  type InsightsOptions,
  type InsightsResult,
  type InsightsStatistics,
  type ResultField,
} from './execute.js'
export { MAX_LIMIT, MAX_LIMIT_COMMAND, parseInsightsQuery } from './parser.js'
export { decodeInsightsPtr, encodeInsightsPtr, type LogRecordPointer } from './ptr.js'
export { formatTimestamp } from './values.js'

/**
 * Compiles and runs `query` over `events` (the events of the queried log groups within the
 * query's time range). Throws InsightsQueryError for a query that does not compile; the server
 * answers that as MalformedQueryException. Call parseInsightsQuery at StartQuery time to reject a
 * bad query before accepting it.
 */
export function runInsightsQuery(
  query: string,
  events: InsightsEvent[],
  opts?: InsightsOptions,
): InsightsResult {
  return executeQuery(parseInsightsQuery(query), events, opts)
}

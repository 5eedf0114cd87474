import type { SourceSelector } from '@atmos-logs/core'

/** What view, tail and search ask the read pipeline for: parsed flags, nothing resolved yet. */
export interface ReadRequest {
  operation: 'get' | 'tail'
  follow: boolean
  selection: SourceSelector
  since?: string
  until?: string
  limit?: number
  /** --timeout as given: a duration bounding the whole command. */
  timeout?: string
  filter?: string
  /** --filter-for SOURCE=EXPR, as given: one source's (or glob's) own filter. */
  filterFor?: string[]
  /** The flag the filter came from, for messages: --filter, or search's --query. */
  filterFlag?: string
  lines?: number
  format?: string
  /** --log-file: where --format log writes. */
  logFile?: string
  utc?: boolean
  color?: boolean
  expand?: boolean
  /** --group-requests: a Lambda invocation's lines together, START to REPORT. */
  groupRequests?: boolean
  /** tail: print providers' step events as json records (github/actions). */
  steps?: boolean
  /** --summary: counts per source instead of the entries (view and search). */
  summary?: boolean
  /** Provider-specific flags (runId, job, step), passed through as extra option keys. */
  extra: Record<string, unknown>
}

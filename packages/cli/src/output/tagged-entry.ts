import type { LogEntry } from '@atmos-logs/core'
import type { InvocationReport } from '../read/lambda-lines.js'

/**
 * --group-requests: what the first line of a Lambda invocation's group says about the whole
 * invocation: the REPORT's numbers (absent when no REPORT came; see `open`), and how the group ends.
 */
export interface Invocation extends InvocationReport {
  requestId: string
  /** The group holds the invocation's START (false: it began before the lines read). */
  started: boolean
  /**
   * Why the group was printed without its REPORT: the read ended first (`end`), it was held as long as
   * follow holds one (`held`), or too many were open at once (`crowded`). Absent when the REPORT came.
   */
  open?: 'end' | 'held' | 'crowded'
  /** How many lines the group has, this one included. */
  lines: number
}

/** A provider's entry with what the CLI knows about where it came from. */
export type TaggedEntry = LogEntry & {
  /** The source's name in configuration. */
  source: string
  /** The provider kind, e.g. `aws/cloudwatch`. */
  kind: string
  /** The atmos component, or null in direct mode. */
  component: string | null
  /** The atmos stack, or null in direct mode. */
  stack: string | null
  /** Follow mode: older than an entry already printed (it arrived late); printed, and marked. */
  late?: boolean
  /** --group-requests: set on the first line of an invocation's group. */
  invocation?: Invocation
  /** --group-requests: a later line of an invocation's group (`last` for its last line). */
  grouped?: 'member' | 'last'
}

import type { LogEntry } from '@atmos-logs/core'

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
}

import type { LogEntry, LogLevel } from '@atmos-logs/core/contract'

/**
 * The seam between the interactive view and the CLI. The view owns screens, keys and the buffer;
 * everything that touches configuration, credentials, providers and output formatting stays in
 * the CLI, which implements this interface with the same read pipeline its commands use.
 */
export interface TuiBackend {
  /** Every source the selection resolves to (stacks × components × sources, atmos.yaml's own). */
  sources(): Promise<TuiSource[]>
  /** Reads the sources like `tail --follow` (backfill, then live) until the handle is stopped. */
  follow(query: FollowQuery, sink: FollowSink): FollowHandle
  /** A source's `listSources()`: log groups and streams, runs, event sources. */
  streams(source: TuiSource, signal: AbortSignal): Promise<StreamChoice[]>
  /** How entries of these sources look: the same prefixes and colours as pretty output. */
  renderer(sources: readonly TuiSource[]): EntryRenderer
}

/** One resolved source, as the Sources screen lists it. */
export interface TuiSource {
  /** Stable across runs: what pins are stored by. */
  key: string
  stack: string | null
  component: string | null
  name: string
  kind: string
  identity: string | null
  isDefault: boolean
  /** The kind can list what the source covers (capability `list`): the Streams screen. */
  canList: boolean
  /**
   * The kind reads but cannot follow (capability `get`, no `tail`): the view reads it over its
   * time range, again on each refresh, and says it is not live.
   */
  readsOnly: boolean
  /** Its lines can be grouped by Lambda invocation (`i` on the Logs screen, --group-requests). */
  groupsRequests: boolean
  /** The kind is installed; a source of a missing kind is listed but cannot be opened. */
  installed: boolean
}

/** An entry with where it came from, as the read pipeline tags it. */
export type TuiEntry = LogEntry & {
  source: string
  kind: string
  component: string | null
  stack: string | null
  late?: boolean
}

export interface FollowQuery {
  sources: readonly TuiSource[]
  /** Backfill from this long ago (a time preset); undefined: the newest entries. */
  sinceMs?: number
  /** The provider's own filter syntax, applied server side. */
  filter?: string
  /** A stream chosen on the Streams screen narrows the read of its source. */
  narrow?: StreamChoice
  /** A Lambda invocation's lines together, START to REPORT (as `tail --follow --group-requests`). */
  groupRequests?: boolean
}

/** How the first Logs screen reads (`view`/`tail --interactive` with --since, --filter, --group-requests). */
export interface OpenOptions {
  sinceMs?: number
  filter?: string
  /** Kept for every source opened after, until `i` turns it off. */
  groupRequests?: boolean
}

/** Where a read delivers, in batches, from the pipeline's consumer loop. */
export interface FollowSink {
  entries(batch: TuiEntry[]): void
  /** What a source is doing or waiting for; `trouble`: throttled or failing and retrying (a badge). */
  status(sourceKey: string, message: string, trouble: boolean): void
  /** A source read a page again after trouble: its badge clears. */
  healthy(sourceKey: string): void
  /** A source failed: it stops; the others go on. */
  failed(problem: SourceProblem): void
  /** A lasting notice (a run's conclusion). */
  notice(message: string): void
  /** Every stream ended (nothing left to follow). */
  ended(): void
}

export interface FollowHandle {
  stop(): void
}

export interface SourceProblem {
  sourceKey: string
  message: string
  /** What fixes it: for expired credentials, the `atmos auth login --identity NAME` line. */
  hint?: string
  /** The exit code the commands would end with: 3 credentials, 2 configuration, 1 provider. */
  exitCode: number
}

/** One thing a source covers, from its provider's listSources(). */
export interface StreamChoice {
  sourceKey: string
  name: string
  description?: string
  /** Nested streams (a CloudWatch log group's streams) are indented under their parent. */
  depth: number
  /** How the backend narrows the read to it (spec keys over the source's, extra read options); opaque to the view. */
  spec?: Record<string, unknown>
  extra?: Record<string, unknown>
}

/** How entries look, and what the view needs to know about them. */
export interface EntryRenderer {
  /** The entry's screen lines, with colour when colour is on; `expandJson`: JSON indented, message first. */
  lines(entry: TuiEntry, expandJson: boolean): string[]
  /** The entry as one plain line (no colour): what search, filters and copy use. */
  plain(entry: TuiEntry): string
  /** The entry's level, from the provider or its JSON message. */
  levelOf(entry: TuiEntry): LogLevel | undefined
  /** The entry with every field and its metadata, for the detail view (plain lines). */
  detail(entry: TuiEntry): string[]
}

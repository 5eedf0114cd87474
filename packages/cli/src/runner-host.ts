import type { Logger, ProviderRegistry } from '@atmos-logs/core'
import type { BrokenPlugin } from './plugins.js'

/** What the read and query pipelines need from the command that runs them. */
export interface RunnerHost {
  registry: ProviderRegistry
  /** Plugins that failed to load this run: a source of an unknown kind is reported as theirs. */
  brokenPlugins?: BrokenPlugin[]
  signal: AbortSignal
  notice(message: string): void
  /** Every secret the run learns goes here, so that nothing printed can carry it. */
  addSecret(value: string): void
  /** Removes every secret learned so far from a text about to be written. */
  scrub(text: string): string
  logger: Logger
  /** When the command started (ms), so --timeout counts the time before the read too. */
  startedAt: number
  /** `atmos logs view`, for messages about the command as a whole. */
  command: string
  /** The reader of stdout went away (`| head`) somewhere the command cannot see: stop quietly. */
  outputClosed?(): void
}

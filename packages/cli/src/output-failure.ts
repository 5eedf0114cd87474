import { AtmosLogsError, ExitCode } from '@atmos-logs/core/errors'

/**
 * Output that could not be written for another reason than its reader going away (a full disk
 * behind `> file`, /dev/full): one error, exit 1. A closed pipe (EPIPE) is not a failure.
 */
export function outputFailure(cause: Error): AtmosLogsError {
  return new AtmosLogsError(`Could not write the output: ${cause.message}.`, ExitCode.PROVIDER, {
    hint: 'Check where standard output goes (a full disk, a failing device) and run again.',
    cause,
  })
}

/**
 * Watches stdout for a write that fails, as its only 'error' listener: oclif's own rethrows every
 * error but EPIPE as an uncaught stack trace. The commands, help and the answers given without
 * oclif (bin/run.js) all end through one of these, so a failed write is said the same way by each.
 */
export class OutputWatch {
  /** The first failure that was not a closed pipe. */
  failure?: Error

  /** `onEvent('closed')` when the reader went away (`| head`), `'failed'` on any other failure. */
  constructor(private readonly onEvent: (what: 'closed' | 'failed') => void = () => {}) {
    process.stdout.removeAllListeners('error')
    process.stdout.on('error', this.record)
  }

  /** Also for a write that threw (a file's stdout writes synchronously). */
  readonly record = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE') {
      this.onEvent('closed')
      return
    }
    this.failure ??= err
    this.onEvent('failed')
  }

  /** Waits for the last write to settle: a failed write says so only after it returned. */
  async settled(): Promise<void> {
    if (!process.stdout.destroyed)
      await new Promise<void>((resolve) => process.stdout.write('', () => resolve()))
  }

  /**
   * Says the failure, if there was one, and sets its exit code (1). The renderer is loaded only
   * then: `--version`, answered without oclif, must not pay for it.
   */
  async report(opts: { debug?: boolean; scrub?: (s: string) => string } = {}): Promise<void> {
    if (!this.failure) return
    const { renderError } = await import('./errors.js')
    const { text, exitCode } = renderError(outputFailure(this.failure), {
      debug: opts.debug ?? false,
      scrub: opts.scrub ?? ((s) => s),
    })
    process.stderr.write(`${text}\n`)
    process.exitCode = exitCode
  }
}

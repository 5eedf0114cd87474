import { AtmosLogsError, ExitCode, exitCodeOf, ProviderError, type ResolvedSource } from '@atmos-logs/core'

/** A source whose stream failed while the others went on. */
export interface SourceFailure {
  source: ResolvedSource
  error: unknown
}

/** One error that names every failed source, raised after the others' entries were printed. */
export function failuresError(failures: SourceFailure[], sourceCount: number): AtmosLogsError {
  const first = failures[0]!.error
  const summary =
    failures.length === sourceCount
      ? `All ${sourceCount} sources failed`
      : `${failures.length} of ${sourceCount} sources failed (the others were printed)`
  const message = `${summary}: ${failures
    .map((f) => `${f.source.name}: ${f.error instanceof Error ? f.error.message : String(f.error)}`)
    .join('; ')}`
  const options = {
    hint: (first as { hint?: string }).hint ?? 'Run again with --debug for details.',
    cause: first,
  }
  // Sources that all failed the same way keep that exit code (3: sign in again), so a script can
  // tell an expired identity from a failing API; a mix of failures is a provider failure.
  const codes = new Set(failures.map((f) => exitCodeOf(f.error)))
  const [only = ExitCode.PROVIDER] = codes
  return codes.size === 1 && only !== ExitCode.PROVIDER
    ? new AtmosLogsError(message, only, options)
    : new ProviderError(message, options)
}

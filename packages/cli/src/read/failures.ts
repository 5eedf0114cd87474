import { AtmosLogsError, ExitCode, exitCodeOf, ProviderError, type ResolvedSource } from '@atmos-logs/core'
import { sourceLabel, spansStacks } from '../selection.js'

/** A source whose stream failed while the others went on. */
export interface SourceFailure {
  source: ResolvedSource
  error: unknown
}

/**
 * One error that names every failed source, raised after the others' entries were printed.
 * Sources that failed with the same words (one expired identity behind a dozen sources) share one
 * line, so that the cause is read once and every source it took down is named beside it.
 */
export function failuresError(failures: SourceFailure[], sourceCount: number): AtmosLogsError {
  const first = failures[0]!.error
  const summary =
    failures.length === sourceCount
      ? `All ${sourceCount} sources failed`
      : `${failures.length} of ${sourceCount} sources failed (the others were printed)`
  const severalStacks = spansStacks(failures.map((f) => f.source))
  const byCause = new Map<string, string[]>()
  for (const f of failures) {
    const cause = f.error instanceof Error ? f.error.message : String(f.error)
    const names = byCause.get(cause) ?? []
    names.push(sourceLabel(f.source, severalStacks))
    byCause.set(cause, names)
  }
  const lines = [...byCause].map(([cause, names]) => `${listed(names)}: ${cause}`)
  const message =
    lines.length === 1 ? `${summary}: ${lines[0]}` : `${summary}:\n${lines.map((l) => `  ${l}`).join('\n')}`
  // The failures' own hint when they agree on one (sign in again); otherwise where to see more.
  const hints = new Set(failures.map((f) => (f.error as { hint?: string }).hint))
  const [hint] = hints
  const options = {
    hint: hints.size === 1 && hint ? hint : 'Run again with --debug for details.',
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

function listed(names: string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

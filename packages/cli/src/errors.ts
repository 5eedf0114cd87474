import { ExitCode, exitCodeOf, isAtmosLogsError } from '@atmos-logs/core/errors'

/**
 * Renders any failure as the one readable paragraph users see: what happened, then what to do.
 * Stack traces only with --debug. `scrub` removes secret values before anything is printed.
 */
export function renderError(
  err: unknown,
  opts: { debug: boolean; scrub: (s: string) => string },
): {
  text: string
  exitCode: number
} {
  const exitCode = oclifExit(err) ?? exitCodeOf(err)
  const message = err instanceof Error ? err.message : String(err)
  const hint = isAtmosLogsError(err) ? err.hint : undefined
  let text = `Error: ${message.trim()}`
  if (hint) text += `\n  Hint: ${hint}`
  if (opts.debug && err instanceof Error && err.stack) text += `\n\n${err.stack}`
  return { text: opts.scrub(text), exitCode }
}

/** oclif's own parse errors (unknown flag, bad option) are usage errors. */
function oclifExit(err: unknown): number | undefined {
  if (isAtmosLogsError(err)) return undefined
  const oclif = (err as { oclif?: { exit?: number } } | undefined)?.oclif
  if (oclif && typeof oclif.exit === 'number') return oclif.exit === 0 ? ExitCode.OK : ExitCode.USAGE
  return undefined
}

import { ExitCode, exitCodeOf, isAtmosLogsError } from '@atmos-logs/core/errors'

/**
 * Renders any failure as the one readable paragraph users see: what happened, then what to do.
 * Stack traces only with --debug. `scrub` removes secret values before anything is printed.
 */
export function renderError(
  err: unknown,
  opts: { debug: boolean; scrub: (s: string) => string; command?: string; suggestion?: string },
): {
  text: string
  exitCode: number
} {
  const fromOclif = oclifExit(err)
  const exitCode = fromOclif ?? exitCodeOf(err)
  const message = err instanceof Error ? err.message : String(err)
  const hint = isAtmosLogsError(err)
    ? err.hint
    : fromOclif === ExitCode.USAGE
      ? `Run \`${opts.command ?? 'atmos'} --help\` to see the flags and the values they take.`
      : undefined
  let what = fromOclif === undefined ? message.trim() : oneParagraph(message)
  if (opts.suggestion) what += `.${opts.suggestion}`
  // Providers often end the message with the hint as well: say it once, on the Hint line.
  if (hint && what.endsWith(hint.trim()) && what.length > hint.trim().length) {
    what = what.slice(0, what.length - hint.trim().length).trimEnd()
  }
  let text = `Error: ${what}`
  if (hint) text += `\n  Hint: ${hint}`
  if (opts.debug) text += stacksOf(err)
  return { text: opts.scrub(text), exitCode }
}

/**
 * ` Did you mean '--since'?` for flags oclif does not know (`--sinse`), from the command's own
 * flags; '' for any other error. The suggestion helper is loaded only when there is one to make.
 */
export async function flagSuggestion(err: unknown, known: readonly string[]): Promise<string> {
  const flags = (err as { flags?: unknown } | undefined)?.flags
  if (oclifExit(err) !== ExitCode.USAGE || !Array.isArray(flags) || flags.length === 0) return ''
  const { listNames, nearMatches } = await import('@atmos-logs/core/config')
  const names = known.map((k) => `--${k}`)
  const typed = flags.map((f) => String(f).split('=')[0]!)
  const near = typed.map((t) => [t, nearMatches(t, names, 1)[0]] as const).filter(([, n]) => n)
  if (near.length === 0) return ''
  if (typed.length === 1) return ` Did you mean ${listNames(nearMatches(typed[0]!, names), 20, 'or')}?`
  return ` Did you mean ${near.map(([t, n]) => `'${n}' for ${t}`).join(', ')}?`
}

/** oclif's own parse errors (unknown flag, bad option) are usage errors. */
function oclifExit(err: unknown): number | undefined {
  if (isAtmosLogsError(err)) return undefined
  const oclif = (err as { oclif?: { exit?: number } } | undefined)?.oclif
  if (oclif && typeof oclif.exit === 'number') return oclif.exit === 0 ? ExitCode.OK : ExitCode.USAGE
  return undefined
}

/**
 * oclif's parse messages come over several lines (`Parsing --limit \n\tExpected an integer ...`)
 * with its own "See more help with --help" line: made one sentence here, the hint says the rest.
 */
function oneParagraph(message: string): string {
  const exclusive = exclusiveFlags(message)
  if (exclusive) return exclusive
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^See more help with --help\.?$/.test(l))
  let out = ''
  for (const line of lines) {
    if (out === '') out = line
    else out += /[.:!?,]$/.test(out) ? ` ${line}` : `: ${line}`
  }
  return out
}

/**
 * oclif says each side of two flags that exclude each other ("--utc=true cannot also be provided
 * when using --local", and the same turned round): one sentence per pair instead.
 */
function exclusiveFlags(message: string): string | undefined {
  const pairs = new Map<string, string>()
  for (const m of message.matchAll(
    /(--[\w-]+)(?:=[^\n]*?)? cannot also be provided when using (--[\w-]+)/g,
  )) {
    const [a, b] = [m[1]!, m[2]!].sort()
    pairs.set(`${a} ${b}`, `${a} and ${b} cannot be used together`)
  }
  if (pairs.size === 0) return undefined
  return `${[...pairs.values()].join('; ')}: use one of them.`
}

/** --debug: the error's stack, then each cause's (a plugin's own stack is a cause of ours). */
function stacksOf(err: unknown): string {
  let out = ''
  let current: unknown = err
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    out += `\n\n${depth === 0 ? '' : 'Caused by: '}${current.stack ?? `${current.name}: ${current.message}`}`
    current = current.cause
  }
  return out
}

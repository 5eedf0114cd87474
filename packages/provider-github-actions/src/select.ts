/** --job and --step: case-insensitive globs over names (matrix names like `test (20, ubuntu)` included). */
import type { LogEntry, LogLevel } from '@atmos-logs/core/contract'
import { atOrAbove } from '@atmos-logs/core/levels'
import picomatch from 'picomatch'

export type NameMatcher = (name: string) => boolean

export function nameMatcher(glob: unknown): NameMatcher {
  if (typeof glob !== 'string' || glob.trim() === '') return () => true
  const wanted = glob.trim()
  // Parentheses and commas in matrix names are literal text, not glob syntax: an exact name always matches.
  const literalParens = wanted.replace(/[()]/g, (c) => `\\${c}`)
  const isMatch = picomatch(literalParens, { nocase: true, dot: true, noextglob: true, nobrace: true })
  return (name) => name.toLowerCase() === wanted.toLowerCase() || isMatch(name)
}

/** What the read flags select inside a run. */
export interface LineSelection {
  job: NameMatcher
  step: NameMatcher
  /** Only failed steps (of failed jobs), like `gh run view --log-failed`. */
  failedOnly: boolean
  /** The `level` option: lines below it are left out, so a tail's `lines` counts the ones shown. */
  lowest?: LogLevel
}

export function lineSelection(opts: Record<string, unknown>): LineSelection {
  return {
    job: nameMatcher(opts.job),
    step: nameMatcher(opts.step),
    failedOnly: opts.failed === true,
    ...(typeof opts.level === 'string' ? { lowest: opts.level as LogLevel } : {}),
  }
}

/** Whether an entry passes the selection's level. */
export function levelKept(entry: LogEntry, sel: LineSelection): boolean {
  return !sel.lowest || atOrAbove(entry.level, sel.lowest)
}

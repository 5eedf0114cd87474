/**
 * Globs as atmos reads them (Go's doublestar): `*`, `**`, `?`, `[abc]`, `[a-z]`, `{a,b}`, and a
 * class negated with `!` or `^`. picomatch reads `[!a]` as the class of `!` and `a`, so the
 * negation is rewritten to `[^a]` first.
 */
import picomatch from 'picomatch'

export function globMatcher(
  patterns: string | readonly string[],
  options: picomatch.PicomatchOptions = { dot: true },
): (path: string) => boolean {
  const list = (typeof patterns === 'string' ? [patterns] : [...patterns]).map((p) =>
    p.replaceAll('[!', '[^'),
  )
  return picomatch(list, options)
}

/** "Did you mean" helpers for unknown names in error messages. */

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[b.length]!
}

/** Up to `max` known names close to `wanted` (small edit distance, or one contains the other). */
export function nearMatches(wanted: string, known: Iterable<string>, max = 3): string[] {
  const w = wanted.toLowerCase()
  const scored: { name: string; score: number }[] = []
  for (const name of known) {
    const n = name.toLowerCase()
    const distance = editDistance(w, n)
    const limit = Math.max(2, Math.floor(Math.max(w.length, n.length) / 3))
    if (distance <= limit) scored.push({ name, score: distance })
    else if (w.length >= 2 && (n.includes(w) || w.includes(n))) scored.push({ name, score: limit + 1 })
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
  return scored.slice(0, max).map((s) => s.name)
}

/** `a, b and c` (or `a, b or c` for choices) — for listing names in one readable sentence. */
export function listNames(names: readonly string[], limit = 20, conjunction: 'and' | 'or' = 'and'): string {
  const quoted = names.slice(0, limit).map((n) => `'${n}'`)
  const more = names.length > limit ? ` ${conjunction} ${names.length - limit} more` : ''
  if (quoted.length <= 1) return (quoted[0] ?? '') + more
  if (more) return quoted.join(', ') + more
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`
}

/** ` Did you mean 'a'?` for the known names near `wanted`; '' when none is near. */
export function didYouMean(wanted: string, known: Iterable<string>): string {
  const near = nearMatches(wanted, known)
  return near.length > 0 ? ` Did you mean ${listNames(near, 20, 'or')}?` : ''
}

import { FilterPatternError } from './errors.js'
import { compileRegex } from './values.js'

/**
 * Unstructured patterns: `ERROR ARGUMENTS` (all terms), `"exact phrase"`, `ERROR -ARGUMENTS`
 * (exclusion), `?ERROR ?WARN` (any group), `%regex%`. A `?` starts a new alternative; terms that
 * follow it without `?` join that alternative (`?ERROR MainThread ?WARN Deadlock`).
 *
 * Matching is case sensitive. An unquoted term matches a whole word (bounded by the start or end
 * of the message or by a character that is not a letter, digit or underscore); a quoted phrase
 * matches anywhere; use %regex% for a partial word.
 */
type Term = { test: (message: string) => boolean; exclude: boolean }

const WORD_CHAR = /[A-Za-z0-9_]/
// Unquoted terms may not hold characters that have a meaning in the pattern language.
const FORBIDDEN_IN_TERM = /["{}[\]()%]/

export function compileTermsPattern(pattern: string): (message: string) => boolean {
  const groups: Term[][] = []
  let current: Term[] = []
  let i = 0
  const text = pattern
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++
    if (i >= text.length) break
    let optional = false
    let exclude = false
    if (text[i] === '?') {
      optional = true
      i++
    } else if (text[i] === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      exclude = true
      i++
    }
    let test: (m: string) => boolean
    if (text[i] === '"') {
      let phrase = ''
      let j = i + 1
      let closed = false
      while (j < text.length) {
        const c = text[j++]!
        if (c === '\\' && j < text.length) phrase += text[j++]
        else if (c === '"') {
          closed = true
          break
        } else phrase += c
      }
      if (!closed) throw new FilterPatternError(pattern, 'a double-quoted phrase is not closed')
      i = j
      test = (m) => m.includes(phrase)
    } else if (text[i] === '%') {
      const end = text.indexOf('%', i + 1)
      if (end < 0) throw new FilterPatternError(pattern, 'a %regex% is not closed with %')
      const regex = compileRegex(pattern, text.slice(i + 1, end))
      i = end + 1
      test = (m) => regex.test(m)
    } else {
      const start = i
      while (i < text.length && !/\s/.test(text[i]!)) i++
      const word = text.slice(start, i)
      if (!word)
        throw new FilterPatternError(pattern, `an operator at position ${start} has no term after it`)
      if (FORBIDDEN_IN_TERM.test(word)) {
        throw new FilterPatternError(
          pattern,
          `the term ${JSON.stringify(word)} holds a character with a special meaning; put it in double quotes`,
          `Invalid character(s) in term '${word}'`,
        )
      }
      test = (m) => containsWord(m, word)
    }
    if (optional) {
      if (current.length > 0) groups.push(current)
      current = []
    }
    current.push({ test, exclude })
  }
  if (current.length > 0) groups.push(current)
  if (groups.length === 0) return () => true
  return (message) => groups.some((group) => group.every((term) => term.test(message) !== term.exclude))
}

function containsWord(message: string, word: string): boolean {
  const startsWordy = WORD_CHAR.test(word[0]!)
  const endsWordy = WORD_CHAR.test(word[word.length - 1]!)
  let from = 0
  for (;;) {
    const at = message.indexOf(word, from)
    if (at < 0) return false
    const before = at === 0 ? '' : message[at - 1]!
    const after = message[at + word.length] ?? ''
    const okBefore = !startsWordy || before === '' || !WORD_CHAR.test(before)
    const okAfter = !endsWordy || after === '' || !WORD_CHAR.test(after)
    if (okBefore && okAfter) return true
    from = at + 1
  }
}

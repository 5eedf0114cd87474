/**
 * JSON log messages, re-laid out without parsing them into numbers: `JSON.parse` then
 * `JSON.stringify` would round 64-bit ids and change `1.0` to `1`, and the user must see what
 * was logged.
 */

/** True when the text is one JSON object or array (what structured loggers write). */
export function isJsonDocument(text: string): boolean {
  const first = firstNonSpace(text)
  if (first !== '{' && first !== '[') return false
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/**
 * Re-lays out valid JSON text: `indent` 0 gives one compact line (no spaces outside strings),
 * otherwise one member per line indented by that many spaces. Strings and numbers are copied as
 * written.
 */
export function relayoutJson(text: string, indent: number): string {
  let out = ''
  let depth = 0
  const newline = (): string => (indent > 0 ? `\n${' '.repeat(depth * indent)}` : '')
  const length = text.length
  let i = 0
  while (i < length) {
    const c = text[i]!
    if (c === '"') {
      let j = i + 1
      while (j < length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      out += text.slice(i, j + 1)
      i = j + 1
      continue
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i++
      continue
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      const next = skipSpace(text, i + 1)
      if (text[next] === close) {
        out += c + close
        i = next + 1
        continue
      }
      depth++
      out += c + newline()
    } else if (c === '}' || c === ']') {
      depth--
      out += newline() + c
    } else if (c === ',') {
      out += c + newline()
    } else if (c === ':') {
      out += indent > 0 ? ': ' : ':'
    } else {
      out += c
    }
    i++
  }
  return out
}

/** The index of the first non-whitespace character at or after `from`. */
export function skipSpace(text: string, from: number): number {
  let i = from
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++
  return i
}

function firstNonSpace(text: string): string | undefined {
  return text[skipSpace(text, 0)]
}

/** Go's strconv.Quote family: how %q, Sprig's quote and error messages spell strings. */

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(ch: string): boolean {
  return printable.test(ch)
}

const shortEscapes: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0')
}

function escapeRune(cp: number, quote: string, asciiOnly: boolean): string {
  const ch = String.fromCodePoint(cp)
  if (ch === quote || ch === '\\') return `\\${ch}`
  if (asciiOnly ? cp < 0x80 && isPrint(ch) : isPrint(ch)) return ch
  if (shortEscapes[cp]) return shortEscapes[cp]
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex(cp, 2)}`
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`
  return `\\U${hex(cp, 8)}`
}

/** Code points of a JS string; a lone surrogate reads as U+FFFD, as invalid UTF-8 does in Go. */
function runes(s: string): number[] {
  return [...s].map((ch) => {
    const cp = ch.codePointAt(0)!
    return cp >= 0xd800 && cp < 0xe000 ? 0xfffd : cp
  })
}

/** strconv.Quote (or QuoteToASCII). */
export function quote(s: string, asciiOnly = false): string {
  return `"${runes(s)
    .map((cp) => escapeRune(cp, '"', asciiOnly))
    .join('')}"`
}

/** strconv.QuoteRune. */
export function quoteRune(cp: number, asciiOnly = false): string {
  const valid = cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp < 0xe000)
  return `'${escapeRune(valid ? cp : 0xfffd, "'", asciiOnly)}'`
}

/** strconv.CanBackquote: no backquote, no control characters other than tab, no BOM. */
export function canBackquote(s: string): boolean {
  return runes(s).every((cp) => cp !== 0x60 && cp !== 0xfeff && (cp >= 0x20 || cp === 9) && cp !== 0x7f)
}

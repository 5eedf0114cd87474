// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const ESCAPES = /\u001b\[[0-9;:?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g
const INVERSE_ON = '\u001b[7m'
const INVERSE_OFF = '\u001b[27m'

export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, '')
}

/**
 * Marks every occurrence of `term` (case-insensitive) in a coloured line with reverse video,
 * leaving the line's own colours alone: the marks go between the visible characters, never inside
 * an escape sequence, and reverse video is independent of colour.
 */
export function markMatches(line: string, term: string, on = INVERSE_ON, off = INVERSE_OFF): string {
  if (term === '') return line
  const plain = stripAnsi(line).toLowerCase()
  const needle = term.toLowerCase()
  const ranges: Array<[number, number]> = []
  for (let at = plain.indexOf(needle); at !== -1; at = plain.indexOf(needle, at + needle.length)) {
    ranges.push([at, at + needle.length])
  }
  if (ranges.length === 0) return line
  let visible = 0
  let next = 0
  let inside = false
  const out = mapVisible(line, (ch) => {
    let mapped = ''
    const range = ranges[next]
    if (!inside && range && visible === range[0]) {
      mapped += on
      inside = true
    }
    mapped += ch
    visible++
    if (inside && range && visible === range[1]) {
      mapped += off
      inside = false
      next++
    }
    return mapped
  })
  return inside ? out + off : out
}

/**
 * Tabs turned into spaces up to the next 8-column stop. Ink measures a tab as no width while the
 * terminal moves to the next stop, so a Lambda REPORT line (tab-separated) would overrun its row,
 * wrap, and push the header off the screen.
 */
export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line
  let column = 0
  return mapVisible(line, (ch) => {
    if (ch !== '\t') {
      column++
      return ch
    }
    const width = 8 - (column % 8)
    column += width
    return ' '.repeat(width)
  })
}

/** The line with each visible character replaced by what `map` gives for it; escape sequences kept as they are. */
function mapVisible(line: string, map: (ch: string) => string): string {
  let out = ''
  for (let i = 0; i < line.length; ) {
    ESCAPES.lastIndex = i
    const esc = line.charCodeAt(i) === 0x1b ? ESCAPES.exec(line) : null
    if (esc && esc.index === i) {
      out += esc[0]
      i += esc[0].length
      continue
    }
    out += map(line[i]!)
    i++
  }
  return out
}

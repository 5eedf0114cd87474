import { Box, Text } from 'ink'
import { useState } from 'react'
import { Row, useKeys, useTerminalSize } from './ui.js'

/** Every key of every screen: what `?` shows, and what the README lists. */
export const KEYS: ReadonlyArray<{ screen: string; keys: ReadonlyArray<[string, string]> }> = [
  {
    screen: 'Everywhere',
    keys: [
      ['Tab / Shift-Tab', 'next / previous screen (Sources, Streams, Logs)'],
      ['?', 'this list of keys'],
      ['Ctrl-C', 'quit at once (exit 130)'],
    ],
  },
  {
    screen: 'Sources',
    keys: [
      [
        '/',
        "fuzzy search as you type, fzf's syntax: words in any order, !word leaves out (Enter keeps it, Esc clears)",
      ],
      ['↑ ↓ j k PgUp PgDn g G', 'move'],
      ['Space', 'mark a source to open several together'],
      ['p', 'pin or unpin (at most 5, listed first, kept across runs)'],
      ['Enter', 'open the marked sources, or the one under the cursor'],
      ['q', 'quit (exit 0)'],
    ],
  },
  {
    screen: 'Streams',
    keys: [
      ['↑ ↓', 'move'],
      ['Enter', 'read only this stream, run or event source'],
      ['Esc / q', 'back'],
    ],
  },
  {
    screen: 'Logs',
    keys: [
      ['↑ ↓ k PgUp PgDn g', 'scroll (pauses follow)'],
      ['G / End', 'resume follow'],
      ['/ then n / N', 'search, highlighted; next / previous match'],
      ['e / E', 'next / previous ERROR'],
      ['w / W', 'next / previous WARN'],
      ['1 … 6', 'read the last 5m, 15m, 1h, 3h, 24h, 7d, then follow'],
      ['j', 'JSON messages on one line / indented, message first'],
      ['i', "a Lambda invocation's lines together, START to REPORT (reads again)"],
      ['Enter', 'the whole entry with its metadata'],
      ['y', 'copy the line (OSC 52)'],
      ['f', 'filter server side, in the provider syntax (reads again)'],
      ['F', 'show only lines containing a text; !text hides them'],
      ['Ctrl-R', 'read again, the sources that are not live too'],
      ['q / Esc', 'back to Sources'],
    ],
  },
]

/** The width of the key column. */
const KEY_WIDTH = 22

/**
 * The key list's lines for a column `width` wide: a description that does not fit goes on under
 * itself, so nothing is cut on a narrow terminal.
 */
export function helpLines(groups: typeof KEYS, width: number): Array<{ text: string; heading?: boolean }> {
  const out: Array<{ text: string; heading?: boolean }> = []
  const indent = 2 + KEY_WIDTH + 1
  // Below this the descriptions get their own lines under the keys.
  const stacked = width - indent < 24
  const room = Math.max(10, stacked ? width - 4 : width - indent)
  for (const group of groups) {
    if (out.length > 0) out.push({ text: '' })
    out.push({ text: group.screen, heading: true })
    for (const [key, what] of group.keys) {
      const parts = wrap(what, room)
      if (stacked) {
        out.push({ text: `  ${key}` })
        for (const part of parts) out.push({ text: `    ${part}` })
      } else {
        parts.forEach((part, i) => {
          out.push({ text: `${i === 0 ? `  ${key.padEnd(KEY_WIDTH)}` : ' '.repeat(indent - 1)} ${part}` })
        })
      }
    }
  }
  return out
}

/** Words into lines of at most `width` (a longer word is cut). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line === '') line = word
    else if (line.length + 1 + word.length <= width) line += ` ${word}`
    else {
      lines.push(line)
      line = word
    }
  }
  lines.push(line)
  return lines.map((l) => l.slice(0, width))
}

export function HelpScreen({ onClose }: { onClose(): void }) {
  const { columns, rows } = useTerminalSize()
  const [top, setTop] = useState(0)
  // Wide enough: the Logs keys in a column of their own, so everything fits on one screen.
  const twoColumns = columns >= 100
  const width = twoColumns ? Math.floor(columns / 2) - 1 : columns
  const left = helpLines(twoColumns ? KEYS.slice(0, -1) : KEYS, width)
  const right = twoColumns ? helpLines(KEYS.slice(-1), width) : []
  const longest = Math.max(left.length, right.length)
  // title and, when the list does not fit, a line that says how to scroll it
  const fits = longest <= rows - 1
  const height = Math.max(1, fits ? rows - 1 : rows - 2)
  const last = Math.max(0, longest - height)
  const at = Math.min(top, last)
  const scroll = (to: number) => setTop(Math.max(0, Math.min(last, to)))
  useKeys((input, key) => {
    if (key.escape || input === 'q' || input === '?' || key.return) onClose()
    else if (key.downArrow || input === 'j') scroll(at + 1)
    else if (key.upArrow || input === 'k') scroll(at - 1)
    else if (key.pageDown || input === ' ') scroll(at + height)
    else if (key.pageUp) scroll(at - height)
    else if (key.home || input === 'g') scroll(0)
    else if (key.end || input === 'G') scroll(last)
  })
  const column = (lines: typeof left) => (
    <Box flexDirection="column" width={width}>
      {lines.slice(at, at + height).map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of one fixed text
        <Row key={i}>{l.heading ? <Text bold>{l.text}</Text> : l.text}</Row>
      ))}
    </Box>
  )
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Row>
        <Text bold>Keys</Text> (Esc, q or ? closes)
      </Row>
      <Box flexDirection="row" height={height}>
        {column(left)}
        {twoColumns ? <Text> </Text> : null}
        {twoColumns ? column(right) : null}
      </Box>
      {fits ? null : (
        <Row>
          <Text dimColor>
            ↑↓ PgUp PgDn scroll · lines {at + 1}–{Math.min(longest, at + height)} of {longest}
          </Text>
        </Row>
      )}
    </Box>
  )
}

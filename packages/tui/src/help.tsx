import { Box, Text } from 'ink'
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
      ['/', 'fuzzy search as you type (Enter keeps it, Esc clears)'],
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
      ['Ctrl-R', 'read again'],
      ['q / Esc', 'back to Sources'],
    ],
  },
]

export function HelpScreen({ onClose }: { onClose(): void }) {
  const { columns, rows } = useTerminalSize()
  useKeys((input, key) => {
    if (key.escape || input === 'q' || input === '?' || key.return) onClose()
  })
  const linesOf = (groups: typeof KEYS, width: number) => {
    const out: Array<{ text: string; heading?: boolean }> = []
    for (const group of groups) {
      if (out.length > 0) out.push({ text: '' })
      out.push({ text: group.screen, heading: true })
      for (const [key, what] of group.keys) out.push({ text: `  ${key.padEnd(22)} ${what}`.slice(0, width) })
    }
    return out
  }
  // Wide enough: the Logs keys in a column of their own, so everything fits on one screen.
  const twoColumns = columns >= 100
  const width = twoColumns ? Math.floor(columns / 2) - 1 : columns
  const left = linesOf(twoColumns ? KEYS.slice(0, -1) : KEYS, width)
  const right = twoColumns ? linesOf(KEYS.slice(-1), width) : []
  const height = Math.max(1, rows - 1)
  const column = (lines: typeof left) => (
    <Box flexDirection="column" width={width}>
      {lines.slice(0, height).map((l, i) => (
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
      <Box flexDirection="row">
        {column(left)}
        {twoColumns ? <Text> </Text> : null}
        {twoColumns ? column(right) : null}
      </Box>
    </Box>
  )
}

import { Box, Text } from 'ink'
import { type Dispatch, type SetStateAction, useEffect, useMemo, useRef, useState } from 'react'
import type { TuiSource } from './backend.js'
import { columnText, matchSources, SOURCE_COLUMNS, type SourceColumn, type SourceMatch } from './fuzzy.js'
import { MAX_PINS } from './pins.js'
import { Marked, Row, useColor, useKeys, useTerminalSize } from './ui.js'

/** What the Sources screen shows, kept by the app so that leaving the screen and coming back finds it as it was. */
export interface SourcesView {
  query: string
  /** Row under the cursor, in the list as the query and pins order it. */
  cursor: number
  /** The source under the cursor: where the cursor stays when pins reorder the list. */
  key?: string
}

export interface SourcesScreenProps {
  title: string
  view: SourcesView
  onView: Dispatch<SetStateAction<SourcesView>>
  sources: readonly TuiSource[] | undefined
  loadError?: string
  pins: readonly string[]
  marked: ReadonlySet<string>
  message?: string
  /** Keys go to the search box while it is open: the app's own keys (Tab, ?) wait. */
  onTyping(typing: boolean): void
  onTogglePin(source: TuiSource): void
  onToggleMark(source: TuiSource): void
  onOpen(sources: TuiSource[]): void
  onCursor(source: TuiSource | undefined): void
  onQuit(): void
}

const HEADINGS: Record<SourceColumn, string> = {
  stack: 'STACK',
  component: 'COMPONENT',
  source: 'SOURCE',
  kind: 'KIND',
  identity: 'IDENTITY',
}

/** Pinned sources first (in pin order), then the rest as they came or as fzf ranked them. */
export function orderSources(matches: SourceMatch[], pins: readonly string[], query: string): SourceMatch[] {
  if (query.trim() !== '') {
    // With a query, rank decides; pins only break ties by staying first among their equals.
    return matches
  }
  const pinned = pins.flatMap((key) => matches.filter((m) => m.source.key === key))
  return [...pinned, ...matches.filter((m) => !pins.includes(m.source.key))]
}

/**
 * The Sources screen: every resolved source, fuzzy-searched (`/`, then type), pinned first.
 * Space marks several, Enter opens the marked ones (or the one under the cursor).
 */
export function SourcesScreen(props: SourcesScreenProps) {
  const { columns, rows } = useTerminalSize()
  const color = useColor()
  const { query, cursor } = props.view
  // A new query starts the cursor at its best match.
  const setQuery = (next: (q: string) => string) => props.onView((v) => ({ query: next(v.query), cursor: 0 }))
  const setCursor = (next: number) =>
    props.onView((v) => ({ ...v, cursor: next, key: matches[next]?.source.key }))
  const [typing, setTypingState] = useState(false)
  // Keys can come faster than renders: whether they go to the search box is known at once.
  const typingRef = useRef(false)
  const setTyping = (on: boolean) => {
    typingRef.current = on
    setTypingState(on)
  }
  const all = props.sources ?? []
  const matches = useMemo(
    () => orderSources(matchSources(all, query), props.pins, query),
    [all, query, props.pins],
  )
  // The cursor stays on its source when a pin moves it (or the list around it); a source no longer
  // listed leaves the cursor on the row it was on.
  const keyed = props.view.key === undefined ? -1 : matches.findIndex((m) => m.source.key === props.view.key)
  const at = keyed >= 0 ? keyed : Math.min(cursor, Math.max(0, matches.length - 1))
  const current = matches[at]?.source
  // Keys can come faster than renders: a key acts on the row the previous key left the cursor on
  // (Space, j, Space marks two rows even when the three keys come before one render).
  const atRef = useRef(at)
  atRef.current = at
  const currentNow = () => matches[atRef.current]?.source

  const move = (to: number) => {
    const next = Math.max(0, Math.min(matches.length - 1, to))
    atRef.current = next
    setCursor(next)
  }
  // Whatever put a row under the cursor (a move, a new query, a pin reordering the list), the
  // Streams screen lists that row's source.
  const { onCursor } = props
  useEffect(() => onCursor(current), [onCursor, current])
  const stopTyping = () => {
    setTyping(false)
    props.onTyping(false)
  }
  const openSelection = () => {
    const marked = all.filter((s) => props.marked.has(s.key))
    const chosen = marked.length > 0 ? marked : current ? [current] : []
    if (chosen.length > 0) props.onOpen(chosen)
  }

  useKeys((input, key) => {
    if (typingRef.current) {
      if (key.escape) {
        setQuery(() => '')
        stopTyping()
      } else if (key.return) {
        stopTyping()
        if (matches.length === 1) openSelection()
      } else if (key.downArrow || key.upArrow) {
        stopTyping()
        move(atRef.current + (key.downArrow ? 1 : -1))
      } else if (key.backspace || key.delete) {
        setQuery((q) => q.slice(0, -1))
      } else if (input && !key.ctrl && !key.meta) {
        setQuery((q) => q + input)
      }
      return
    }
    if (input.startsWith('/')) {
      setTyping(true)
      props.onTyping(true)
      // `/api` pasted or typed in one burst: the rest is the query.
      if (input.length > 1) {
        setQuery((q) => q + input.slice(1))
      }
    } else if (key.downArrow || input === 'j') move(atRef.current + 1)
    else if (key.upArrow || input === 'k') move(atRef.current - 1)
    else if (key.pageDown) move(atRef.current + listHeight)
    else if (key.pageUp) move(atRef.current - listHeight)
    else if (key.home || input === 'g') move(0)
    else if (key.end || input === 'G') move(matches.length - 1)
    else if (input === 'p' && currentNow()) {
      setCursor(atRef.current)
      props.onTogglePin(currentNow() as TuiSource)
    } else if (input === ' ' && currentNow()) props.onToggleMark(currentNow() as TuiSource)
    else if (key.return) openSelection()
    else if (key.escape && query !== '') setQuery(() => '')
    else if (input === 'q') props.onQuit()
  })

  // header, search line, column headings, footer
  const listHeight = Math.max(1, rows - 5)
  const scrollTop = Math.max(0, at - listHeight + 1)
  const visible = matches.slice(scrollTop, scrollTop + listHeight)
  const widths = columnWidths(all, columns)
  const pinnedCount = props.pins.filter((k) => all.some((s) => s.key === k)).length

  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Row>
        <Text bold>atmos logs</Text> · Sources · {props.title} ·{' '}
        {props.sources ? `${matches.length} of ${all.length}` : 'loading…'} · {pinnedCount}/{MAX_PINS} pinned
        {props.marked.size > 0 ? ` · ${props.marked.size} marked` : ''}
      </Row>
      <Row>
        {typing ? (
          <Text>
            <Text color={color('cyan')}>/</Text>
            {query}
            <Text inverse> </Text>
          </Text>
        ) : query ? (
          <Text>
            /{query} <Text dimColor>(/ to edit, Esc clears)</Text>
          </Text>
        ) : (
          <Text dimColor>/ search · p pin · Space mark · Enter open · Tab screens · ? keys · q quit</Text>
        )}
      </Row>
      <Row>
        <Text dimColor>
          {'    '}
          {SOURCE_COLUMNS.map((c) => HEADINGS[c].padEnd(widths[c])).join(' ')}
        </Text>
      </Row>
      <Box flexDirection="column" height={listHeight}>
        {props.loadError ? (
          <Text color={color('red')}>{props.loadError}</Text>
        ) : props.sources && matches.length === 0 ? (
          <Text dimColor>
            {all.length === 0 ? 'No log sources in this selection.' : 'No source matches.'}
          </Text>
        ) : (
          visible.map((m, i) => {
            const selected = scrollTop + i === at
            const pinned = props.pins.includes(m.source.key)
            const marked = props.marked.has(m.source.key)
            return (
              <Row key={m.source.key} inverse={selected}>
                {selected ? '>' : ' '}
                <Text color={color('yellow')}>{pinned ? '*' : ' '}</Text>
                <Text color={color('green')}>{marked ? '+' : ' '}</Text>{' '}
                {SOURCE_COLUMNS.map((c, ci) => (
                  <Text key={c} dimColor={!m.source.installed && c === 'kind'}>
                    <Marked text={columnText(m.source, c)} marks={m.marks[c]} width={widths[c]} />
                    {ci < SOURCE_COLUMNS.length - 1 ? ' ' : ''}
                  </Text>
                ))}
              </Row>
            )
          })
        )}
      </Box>
      <Row>
        <Text color={color('yellow')}>{props.message ?? ''}</Text>
      </Row>
    </Box>
  )
}

/** Each column as wide as its widest value, squeezed to fit the terminal (stack and component first). */
function columnWidths(sources: readonly TuiSource[], columns: number): Record<SourceColumn, number> {
  const widths = {} as Record<SourceColumn, number>
  for (const c of SOURCE_COLUMNS) {
    widths[c] = Math.min(40, Math.max(HEADINGS[c].length, ...sources.map((s) => columnText(s, c).length)))
  }
  let total = SOURCE_COLUMNS.reduce((sum, c) => sum + widths[c] + 1, 4)
  // Narrow terminals: identity, then kind, then the others give way, never below 6 letters.
  for (const c of ['identity', 'kind', 'stack', 'component', 'source'] as const) {
    if (total <= columns) break
    const give = Math.min(widths[c] - 6, total - columns)
    if (give > 0) {
      widths[c] -= give
      total -= give
    }
  }
  return widths
}

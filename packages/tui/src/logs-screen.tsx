import { formatDuration } from '@atmos-logs/core/time'
import { Box, Text, useStdout } from 'ink'
import { useEffect, useRef, useState } from 'react'
import { osc52 } from './clipboard.js'
import { ERROR_CODE, type LogModel, WARN_CODE } from './log-model.js'
import type { LogSession } from './log-session.js'
import { TIME_PRESETS } from './presets.js'
import { expandTabs, markMatches, stripAnsi } from './text.js'
import { Row, useColor, useKeys, useTerminalSize } from './ui.js'

/** At most this often the screen redraws for arrivals (20 frames a second); keys redraw at once. */
export const FRAME_MS = 50
/** A heavy feed redraws less often, down to this: a frame costs the same whatever it shows. */
export const HEAVY_FRAME_MS = 250

/**
 * How long arrivals wait for a frame at a rate: 50 ms up to 200 events a second, then longer with the
 * rate, to 250 ms from 1,000 a second. Drawing the screen (Ink lays out and re-encodes every row)
 * is most of the view's CPU while following; a feed too fast to read loses nothing at 4 frames a
 * second, while a slow one still shows each line within 50 ms.
 */
export function frameMsAt(eventsPerSecond: number): number {
  return Math.min(HEAVY_FRAME_MS, Math.max(FRAME_MS, eventsPerSecond / 4))
}

type PromptKind = 'search' | 'filter' | 'client'

const NOTHING_TO_GROUP = 'None of these sources has Lambda invocations to group.'

const PROMPTS: Record<PromptKind, string> = {
  search: 'Search: ',
  filter: 'Server filter (provider syntax, empty clears): ',
  client: 'Show lines containing (!text hides them, empty clears): ',
}

export interface LogsScreenProps {
  session: LogSession
  /** Where the read's sources are, for the header ("stack dev"). */
  title: string
  onTyping(typing: boolean): void
  onBack(): void
}

/** Redraws when the session changes, at most once per frameMsAt(its rate). */
function useSessionFrames(session: LogSession): void {
  const [, setFrame] = useState(0)
  useEffect(() => {
    let timer: NodeJS.Timeout | undefined
    let last = 0
    const draw = () => {
      timer = undefined
      last = Date.now()
      setFrame((f) => f + 1)
    }
    const unsubscribe = session.subscribe(() => {
      if (timer) return
      timer = setTimeout(draw, Math.max(0, frameMsAt(session.eventsPerSecond()) - (Date.now() - last)))
    })
    // Whatever arrived between the first render and this subscription.
    setFrame((f) => f + 1)
    return () => {
      unsubscribe()
      if (timer) clearTimeout(timer)
    }
  }, [session])
}

/**
 * The Logs screen: the session's entries, newest at the bottom while following. Only the rows on
 * screen are formatted and drawn, so 50,000 buffered entries cost what 50 do.
 */
export function LogsScreen({ session, title, onTyping, onBack }: LogsScreenProps) {
  useSessionFrames(session)
  const { columns, rows } = useTerminalSize()
  const { stdout } = useStdout()
  const color = useColor()
  const model = session.model
  const renderer = session.renderer
  const [follow, setFollow] = useState(true)
  const [selectedSeq, setSelectedSeq] = useState(0)
  const [expand, setExpand] = useState(false)
  const [search, setSearch] = useState('')
  const [prompt, setPromptState] = useState<{ kind: PromptKind; text: string }>()
  // Keys can come faster than renders: the prompt's text is kept here too, so none is lost.
  const promptRef = useRef<{ kind: PromptKind; text: string }>(undefined)
  const setPrompt = (next: { kind: PromptKind; text: string } | undefined) => {
    promptRef.current = next
    setPromptState(next)
  }
  const [detail, setDetail] = useState<{ seq: number; scroll: number }>()
  const groupable = session.sources.some((s) => s.groupsRequests)
  const [message, setMessage] = useState<string | undefined>(() =>
    session.current.groupRequests && !groupable ? NOTHING_TO_GROUP : undefined,
  )
  const topRow = useRef(0)
  const lineCache = useRef(new Map<number, string[]>())
  const cacheKey = useRef({ version: -1, expand: false, first: 0 })
  const sparkCache = useRef<{ model: LogModel; version: number; width: number; runs: SparkRun[] }>(undefined)

  // Formatted lines are cached per entry while the mode and the buffer's start stay the same.
  if (cacheKey.current.expand !== expand || model.firstSeq < cacheKey.current.first || model.size === 0) {
    lineCache.current.clear()
  }
  if (lineCache.current.size > 4000) lineCache.current.clear()
  cacheKey.current = { version: model.version, expand, first: model.firstSeq }
  const linesOf = (seq: number): string[] => {
    let lines = lineCache.current.get(seq)
    if (!lines) {
      lines = renderer.lines(model.entry(seq), expand).map(expandTabs)
      lineCache.current.set(seq, lines)
    }
    return lines
  }

  const headerRows = 3
  const height = Math.max(1, rows - headerRows - 1)
  const count = model.rowCount
  const lastRow = count - 1
  const selectedRow = count === 0 ? 0 : follow ? lastRow : model.rowOf(selectedSeq)

  const select = (row: number, opts: { keepFollow?: boolean } = {}) => {
    if (count === 0) return
    const target = Math.max(0, Math.min(lastRow, row))
    setSelectedSeq(model.seqAt(target))
    if (!opts.keepFollow) setFollow(false)
  }
  const resume = () => {
    setFollow(true)
    setMessage(undefined)
  }
  const jump = (dir: 1 | -1, code: number, name: string) => {
    const found = model.find(selectedRow, dir, (seq) => model.levelCode(seq) === code)
    if (found === undefined) setMessage(`No ${dir > 0 ? 'later' : 'earlier'} ${name} line.`)
    else {
      select(found)
      setMessage(undefined)
    }
  }
  const findText = (dir: 1 | -1) => {
    if (!search) return setMessage('No search yet: press / to search.')
    const needle = search.toLowerCase()
    const found = model.find(selectedRow, dir, (seq) => model.plain(seq).includes(needle))
    if (found === undefined) setMessage(`"${search}" not found ${dir > 0 ? 'below' : 'above'}.`)
    else {
      select(found)
      setMessage(undefined)
    }
  }
  const openPrompt = (kind: PromptKind, text = '') => {
    setPrompt({ kind, text })
    onTyping(true)
  }
  const closePrompt = () => {
    setPrompt(undefined)
    onTyping(false)
  }
  const submit = (kind: PromptKind, text: string) => {
    if (kind === 'search') {
      setSearch(text)
      if (text) {
        const needle = text.toLowerCase()
        const found =
          model.find(selectedRow + 1, -1, (seq) => model.plain(seq).includes(needle)) ??
          model.find(selectedRow, 1, (seq) => model.plain(seq).includes(needle))
        if (found === undefined) setMessage(`"${text}" is not in the ${count} lines held.`)
        else select(found)
      }
    } else if (kind === 'filter') {
      session.start({ filter: text || undefined })
      resume()
      setMessage(text ? `Reading again with the server filter ${text}.` : 'Server filter cleared.')
    } else {
      const exclude = text.startsWith('!')
      model.setClientFilter(text ? { text: exclude ? text.slice(1) : text, exclude } : undefined)
      setMessage(
        text
          ? `${exclude ? 'Hiding' : 'Showing only'} lines with "${exclude ? text.slice(1) : text}".`
          : undefined,
      )
    }
  }

  useKeys((input, key) => {
    const prompt = promptRef.current
    if (prompt) {
      if (key.escape) closePrompt()
      else if (key.return) {
        closePrompt()
        submit(prompt.kind, prompt.text)
      } else if (key.backspace || key.delete) setPrompt({ ...prompt, text: prompt.text.slice(0, -1) })
      else if (input && !key.ctrl && !key.meta) setPrompt({ ...prompt, text: prompt.text + input })
      return
    }
    if (detail) {
      if (key.escape || input === 'q' || key.return) setDetail(undefined)
      else if (key.downArrow) setDetail({ ...detail, scroll: detail.scroll + 1 })
      else if (key.upArrow) setDetail({ ...detail, scroll: Math.max(0, detail.scroll - 1) })
      else if (key.pageDown) setDetail({ ...detail, scroll: detail.scroll + height })
      else if (key.pageUp) setDetail({ ...detail, scroll: Math.max(0, detail.scroll - height) })
      else if (input === 'y') copy(detail.seq)
      return
    }
    if (key.upArrow || input === 'k') select(selectedRow - 1)
    else if (key.downArrow) {
      if (selectedRow + 1 >= lastRow && !follow) select(lastRow)
      else select(selectedRow + 1)
    } else if (key.pageUp) select(selectedRow - height)
    else if (key.pageDown) select(selectedRow + height)
    else if (key.home || input === 'g') select(0)
    else if (key.end || input === 'G') resume()
    else if (input === '/') openPrompt('search')
    else if (input === 'n') findText(1)
    else if (input === 'N') findText(-1)
    else if (input === 'e') jump(1, ERROR_CODE, 'ERROR')
    else if (input === 'E') jump(-1, ERROR_CODE, 'ERROR')
    else if (input === 'w') jump(1, WARN_CODE, 'WARN')
    else if (input === 'W') jump(-1, WARN_CODE, 'WARN')
    else if (input === 'j') setExpand((x) => !x)
    else if (key.return && count > 0) setDetail({ seq: model.seqAt(selectedRow), scroll: 0 })
    else if (input === 'y' && count > 0) copy(model.seqAt(selectedRow))
    else if (key.ctrl && input === 'r') {
      session.start()
      resume()
      setMessage('Reading again.')
    } else if (input === 'i') {
      const on = !session.current.groupRequests
      if (on && !groupable) setMessage(NOTHING_TO_GROUP)
      else {
        session.start({ groupRequests: on })
        resume()
        setMessage(
          on
            ? "Reading again, each Lambda invocation's lines together; a group shows when its REPORT comes (or 15 s on)."
            : 'Reading again, lines as they come.',
        )
      }
    } else if (input === 'f') openPrompt('filter', session.current.filter ?? '')
    else if (input === 'F') {
      const f = model.clientFilter
      openPrompt('client', f ? `${f.exclude ? '!' : ''}${f.text}` : '')
    } else if (TIME_PRESETS.some((p) => p.key === input)) {
      const p = TIME_PRESETS.find((x) => x.key === input)!
      session.start({ sinceMs: p.ms })
      resume()
      setMessage(`Reading the last ${p.label}, then following.`)
    } else if (key.escape || input === 'q') onBack()
  })

  function copy(seq: number) {
    const text = stripAnsi(renderer.lines(model.entry(seq), false).join('\n'))
    stdout.write(osc52(text))
    setMessage('Copied the line to the clipboard (OSC 52; your terminal must allow clipboard access).')
  }

  // Which rows fit: following, the newest at the bottom; otherwise from topRow, keeping the selection on screen.
  const visible: Array<{ row: number; lines: string[] }> = []
  if (count > 0) {
    if (follow) {
      let used = 0
      for (let row = lastRow; row >= 0 && used < height; row--) {
        const lines = linesOf(model.seqAt(row))
        visible.unshift({ row, lines })
        used += lines.length
      }
      topRow.current = visible[0]?.row ?? 0
    } else {
      let top = Math.min(topRow.current, selectedRow, lastRow)
      // Scroll down until the selected row ends on screen.
      for (;;) {
        let used = 0
        let fits = false
        for (let row = top; row <= lastRow && used < height; row++) {
          used += linesOf(model.seqAt(row)).length
          if (row === selectedRow) {
            fits = used <= height || row === top
            break
          }
        }
        if (fits || top >= selectedRow) break
        top++
      }
      topRow.current = top
      let used = 0
      for (let row = top; row <= lastRow && used < height; row++) {
        const lines = linesOf(model.seqAt(row))
        visible.push({ row, lines })
        used += lines.length
      }
    }
  }
  const screenLines: Array<{ key: string; text: string; selected: boolean }> = []
  for (const { row, lines } of visible) {
    for (let i = 0; i < lines.length; i++) {
      screenLines.push({
        key: `${model.seqAt(row)}:${i}`,
        text: search ? markMatches(lines[i]!, search) : lines[i]!,
        selected: row === selectedRow && !follow,
      })
    }
  }
  // Following: the newest lines at the bottom, even when one entry is taller than the screen.
  const shown = follow ? screenLines.slice(-height) : screenLines.slice(0, height)

  const names = session.sources.map((s) => (s.component ? `${s.component}/${s.name}` : s.name))
  const sparkWidth = Math.max(10, columns - 12)
  // The model keeps the histogram's counts as entries come and go; the cells are worked out again
  // only when the buffer or the width changed.
  let spark = sparkCache.current
  if (!spark || spark.model !== model || spark.version !== model.version || spark.width !== sparkWidth) {
    spark = { model, version: model.version, width: sparkWidth, runs: sparkRuns(model, sparkWidth) }
    sparkCache.current = spark
  }
  const problems = [...session.problems.values()]
  const statuses = [...session.statuses.entries()]
  // A kind that cannot tail was read once over the range; its badge says so, unless it failed.
  const notLive = session.sources.filter((s) => s.readsOnly && !session.problems.has(s.key))
  // Every source reads only: at the bottom there is nothing being followed, so the header says so.
  const nothingFollowed = session.sources.length > 0 && session.sources.every((s) => s.readsOnly)
  const filter = session.current.filter
  const clientFilter = model.clientFilter

  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Row>
        {/* Narrow: the sources and the follow state first, where the row is not cut. */}
        {columns >= 100 ? (
          <>
            <Text bold>atmos logs</Text> · {title} ·{' '}
          </>
        ) : null}
        {names.join(', ')}
        {session.current.narrow ? ` › ${session.current.narrow.name}` : ''} ·{' '}
        {follow && nothingFollowed ? (
          <Text color={color('yellow')}>◌ NOT LIVE (Ctrl-R reads again)</Text>
        ) : follow ? (
          <Text color={color('green')}>● FOLLOWING</Text>
        ) : (
          <Text color={color('yellow')}>Ⅱ PAUSED (G resumes)</Text>
        )}{' '}
        · {session.eventsPerSecond().toFixed(1)} ev/s · {model.size} lines
        {session.current.sinceMs !== undefined ? ` · last ${rangeText(session.current.sinceMs)}` : ''}
        {filter ? ` · filter ${filter}` : ''}
        {clientFilter ? ` · ${clientFilter.exclude ? 'hiding' : 'only'} "${clientFilter.text}"` : ''}
        {expand ? ' · JSON expanded' : ''}
        {session.current.groupRequests && groupable ? ' · by invocation' : ''}
      </Row>
      <Row>
        {problems.length === 0 && statuses.length === 0 && notLive.length === 0 ? (
          <Text dimColor>
            {model.dropped > 0
              ? `Oldest ${model.dropped} lines dropped (buffer of ${model.capacity}).`
              : session.ended
                ? 'Every source has ended.'
                : 'All sources healthy.'}
          </Text>
        ) : (
          <Text>
            {problems.map((p) => (
              <Text key={p.sourceKey} color={color('red')}>
                [{badgeName(session, p.sourceKey)} ✖ {p.exitCode === 3 ? 'credentials' : 'failed'}]{' '}
                {problems.length === 1 ? `${p.message} ` : ''}
              </Text>
            ))}
            {statuses.map(([key, s]) =>
              s.trouble ? (
                <Text key={key} color={color('yellow')}>
                  [{badgeName(session, key)} ⚠ {s.text}]{' '}
                </Text>
              ) : (
                <Text key={key} dimColor>
                  {badgeName(session, key)}: {s.text}{' '}
                </Text>
              ),
            )}
            {notLive.map((s) => (
              <Text key={s.key} color={color('yellow')}>
                [{badgeName(session, s.key)} ◌ not live: kind {s.kind} reads on refresh (Ctrl-R)]{' '}
              </Text>
            ))}
            {model.dropped > 0 ? <Text dimColor>{` Oldest ${model.dropped} lines dropped.`}</Text> : ''}
          </Text>
        )}
      </Row>
      <Row>
        <Text dimColor>events </Text>
        {spark.runs.map((r) => (
          <Text key={r.at} color={r.error ? color('red') : color('cyan')}>
            {r.bars}
          </Text>
        ))}
      </Row>
      <Box flexDirection="column" height={height}>
        {detail ? (
          renderer
            .detail(model.entry(detail.seq))
            .slice(detail.scroll, detail.scroll + height)
            .map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines of one fixed text
              <Row key={i}>{expandTabs(line)}</Row>
            ))
        ) : count === 0 ? (
          <Text dimColor>
            {session.ended ? 'No entries.' : `Waiting for entries from ${names.join(', ')}…`}
          </Text>
        ) : (
          shown.map((l) => (
            <Row key={l.key}>
              <Text color={color('cyan')} inverse={l.selected}>
                {l.selected ? '> ' : '  '}
              </Text>
              {l.text}
            </Row>
          ))
        )}
      </Box>
      <Row>
        {prompt ? (
          <Text>
            <Text color={color('cyan')}>{PROMPTS[prompt.kind]}</Text>
            {prompt.text}
            <Text inverse> </Text>
          </Text>
        ) : problems.length > 0 ? (
          <Text color={color('red')}>{problemLine(session, problems[0]!)}</Text>
        ) : message ? (
          <Text color={color('yellow')}>{message}</Text>
        ) : session.notice ? (
          <Text>{session.notice}</Text>
        ) : (
          <Text dimColor>
            {detail
              ? 'Esc back · ↑↓ scroll · y copy'
              : '/ search · n/N next · e/E error · w/W warn · 1-6 range · j JSON · Enter detail · y copy · f/F filter · ? keys · q back'}
          </Text>
        )}
      </Row>
    </Box>
  )
}

/** Neighbouring cells of one colour, drawn as one text: a few nodes per frame rather than one per column. */
interface SparkRun {
  at: number
  bars: string
  error: boolean
}

function sparkRuns(model: LogModel, width: number): SparkRun[] {
  const runs: SparkRun[] = []
  model.histogram(width).forEach((cell, at) => {
    const last = runs.at(-1)
    if (last && last.error === cell.error) last.bars += cell.bar
    else runs.push({ at, bars: cell.bar, error: cell.error })
  })
  return runs
}

/**
 * The header's words for a read that starts `ms` back: a preset by its key's label (24h, not 1d),
 * else as --since is written (1h30m), in whole seconds.
 */
export function rangeText(ms: number): string {
  return TIME_PRESETS.find((p) => p.ms === ms)?.label ?? formatDuration(Math.round(ms / 1000) * 1000)
}

function badgeName(session: LogSession, key: string): string {
  const s = session.sources.find((x) => x.key === key)
  if (!s) return key
  return s.component ? `${s.component}/${s.name}` : s.name
}

/** What fixes a failed source (`atmos auth login --identity NAME` for credentials), else its message. */
function problemLine(session: LogSession, p: { sourceKey: string; message: string; hint?: string }): string {
  return `${badgeName(session, p.sourceKey)}: ${p.hint ?? p.message}`
}

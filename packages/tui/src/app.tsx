import { Box, useApp } from 'ink'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { OpenOptions, StreamChoice, TuiBackend, TuiSource } from './backend.js'
import { HelpScreen } from './help.js'
import { LogSession } from './log-session.js'
import { LogsScreen } from './logs-screen.js'
import { MAX_PINS, type PinStore } from './pins.js'
import { SourcesScreen, type SourcesView } from './sources-screen.js'
import { StreamsScreen } from './streams-screen.js'
import { useKeys } from './ui.js'

export type Screen = 'sources' | 'streams' | 'logs'

export interface AppProps {
  backend: TuiBackend
  /** What the selection covers, for headers: "stack dev", "every stack". */
  title: string
  /** Open straight on the Logs screen with these sources (`view --interactive`). */
  open?: readonly TuiSource[]
  /** How `open` is read; its groupRequests stays for the sources opened after. */
  read?: OpenOptions
  pins: PinStore
  /** How many entries the Logs screen keeps (`tui.buffer_lines`). */
  bufferLines: number
  /** How the view ends: 0 quit, 130 Ctrl-C. */
  onExit(code: number): void
}

/** The interactive view: three screens (Sources, Streams, Logs), the key list, and the pins. */
export function App({ backend, title, open, read, pins: pinStore, bufferLines, onExit }: AppProps) {
  const { exit } = useApp()
  const [screen, setScreen] = useState<Screen>(open && open.length > 0 ? 'logs' : 'sources')
  const [help, setHelp] = useState(false)
  const [typing, setTyping] = useState(false)
  const [sources, setSources] = useState<TuiSource[]>()
  const [loadError, setLoadError] = useState<string>()
  const [pins, setPins] = useState<string[]>([])
  const [marked, setMarked] = useState<Set<string>>(new Set())
  const [message, setMessage] = useState<string>()
  const [cursorSource, setCursorSource] = useState<TuiSource>()
  const [sourcesView, setSourcesView] = useState<SourcesView>({ query: '', cursor: 0 })
  const [session, setSession] = useState<LogSession>()
  const sessionRef = useRef<LogSession>(undefined)

  const quit = (code: number) => {
    sessionRef.current?.stop()
    onExit(code)
    exit()
  }

  const openLogs = (chosen: readonly TuiSource[], narrow?: StreamChoice, first?: OpenOptions) => {
    const missing = chosen.find((s) => !s.installed)
    if (missing) {
      setMessage(`No installed plugin reads kind ${missing.kind} (source ${missing.name}).`)
      return
    }
    const previous = sessionRef.current
    previous?.stop()
    // Grouping by invocation is a way of looking: it stays as the last Logs screen left it.
    const groupRequests = previous ? previous.current.groupRequests : read?.groupRequests
    const next = new LogSession(backend, { ...first, sources: chosen, narrow, groupRequests }, bufferLines)
    sessionRef.current = next
    next.start()
    setSession(next)
    setScreen('logs')
  }

  // Once, on mount: the backend, the pin store and the sources to open first never change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    let live = true
    backend.sources().then(
      (list) => live && setSources(list),
      (err: Error & { hint?: string }) =>
        live && setLoadError(`${err.message}${err.hint ? ` ${err.hint}` : ''}`),
    )
    pinStore.load().then(({ keys, problem }) => {
      if (!live) return
      setPins(keys)
      if (problem) setMessage(problem)
    })
    if (open && open.length > 0) openLogs(open, undefined, read)
    return () => {
      live = false
      sessionRef.current?.stop()
    }
  }, [])

  const togglePin = (source: TuiSource) => {
    let next: string[]
    if (pins.includes(source.key)) next = pins.filter((k) => k !== source.key)
    else if (pins.length >= MAX_PINS) {
      setMessage(`At most ${MAX_PINS} sources can be pinned: unpin one first (p on a pinned source).`)
      return
    } else next = [...pins, source.key]
    setPins(next)
    setMessage(undefined)
    pinStore.save(next).catch((err: Error) => setMessage(`Could not save the pins: ${err.message}`))
  }
  // From the state as the previous key left it, not as this render saw it (keys outrun renders).
  const toggleMark = (source: TuiSource) =>
    setMarked((prev) => {
      const next = new Set(prev)
      if (next.has(source.key)) next.delete(source.key)
      else next.add(source.key)
      return next
    })

  // The source the Streams screen lists: the one under the Sources cursor, else the first one read.
  const streamSource = useMemo(() => {
    const candidate = cursorSource ?? session?.sources[0] ?? sources?.[0]
    return candidate?.canList ? candidate : undefined
  }, [cursorSource, session, sources])

  const order: Screen[] = [
    'sources',
    ...(streamSource ? (['streams'] as const) : []),
    ...(session ? (['logs'] as const) : []),
  ]

  useKeys((input, key) => {
    if (key.ctrl && input === 'c') return quit(130)
    if (typing || help) return
    if (input === '?') setHelp(true)
    else if (key.tab) {
      const at = order.indexOf(screen)
      const next = order[(at + (key.shift ? order.length - 1 : 1)) % order.length]!
      setScreen(next)
    }
  })

  return (
    <Box flexDirection="column">
      {help ? (
        <HelpScreen onClose={() => setHelp(false)} />
      ) : screen === 'logs' && session ? (
        <LogsScreen
          session={session}
          title={title}
          onTyping={setTyping}
          onBack={() => setScreen('sources')}
        />
      ) : screen === 'streams' && streamSource ? (
        <StreamsScreen
          backend={backend}
          source={streamSource}
          onChoose={(choice) => openLogs([streamSource], choice)}
          onBack={() => setScreen('sources')}
        />
      ) : (
        <SourcesScreen
          title={title}
          view={sourcesView}
          onView={setSourcesView}
          sources={sources}
          loadError={loadError}
          pins={pins}
          marked={marked}
          message={message}
          onTyping={setTyping}
          onTogglePin={togglePin}
          onToggleMark={toggleMark}
          onOpen={(chosen) => {
            setMessage(undefined)
            openLogs(chosen)
          }}
          onCursor={setCursorSource}
          onQuit={() => quit(0)}
        />
      )}
    </Box>
  )
}

import chalk from 'chalk'
import { type Key, Text, useInput, useStdout } from 'ink'
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react'

/** Whether the view may use colour (NO_COLOR and --no-color turn it off; reverse video stays). */
const ColorContext = createContext(true)

/**
 * The view's colour, as the CLI decided it by the output rules (flag, NO_COLOR, FORCE_COLOR,
 * colorize, terminal). Ink styles text through chalk, which judges the terminal on its own
 * (`--no-color` in argv or FORCE_COLOR=0 turn every style off, reverse video included); the view
 * always runs on a terminal, so styles are turned on here, and colour goes only where `color` says.
 */
export function Colors({ color, children }: { color: boolean; children: ReactNode }) {
  useState(() => {
    if (chalk.level === 0) chalk.level = 1
  })
  return <ColorContext.Provider value={color}>{children}</ColorContext.Provider>
}

/** A colour prop only when colour is on. */
export function useColor(): (color: string) => string | undefined {
  const on = useContext(ColorContext)
  return (color) => (on ? color : undefined)
}

/** The terminal's size, updated on resize. */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout()
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 })
  const [size, setSize] = useState(read)
  useEffect(() => {
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  })
  return size
}

/** One screen row, cut at the terminal's width rather than wrapped. */
export function Row({ children, inverse }: { children: ReactNode; inverse?: boolean }) {
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {children}
    </Text>
  )
}

/** Text with some letters marked (fuzzy matches): bold and underlined, and coloured when colour is on. */
export function Marked({ text, marks, width }: { text: string; marks: Set<number>; width: number }) {
  const color = useColor()
  const shown = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width)
  if (marks.size === 0) return <Text>{shown}</Text>
  const parts: ReactNode[] = []
  let run = ''
  let runMarked = false
  const flush = (key: number) => {
    if (run === '') return
    parts.push(
      runMarked ? (
        <Text key={key} bold underline color={color('yellow')}>
          {run}
        </Text>
      ) : (
        run
      ),
    )
    run = ''
  }
  for (let i = 0; i < shown.length; i++) {
    const marked = marks.has(i)
    if (marked !== runMarked) {
      flush(i)
      runMarked = marked
    }
    run += shown[i]
  }
  flush(shown.length)
  return <Text>{parts}</Text>
}

/**
 * useInput with the handler of the latest render: a handler reads the screen's state from its
 * render, and a key must never be judged by an older one. Ink hands characters typed faster than
 * they are read (a held key, a busy process) to its handler as one input, as it does a paste;
 * such a burst is split back into keys here, each handled after the render of the one before.
 */
export function useKeys(handler: (input: string, key: Key) => void): void {
  const latest = useRef(handler)
  latest.current = handler
  const queue = useRef<Array<[string, Key]>>([])
  const [turn, setTurn] = useState(0)
  const handleNext = () => {
    const next = queue.current.shift()
    if (!next) return
    latest.current(next[0], next[1])
    if (queue.current.length > 0) setTurn((t) => t + 1)
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: each turn is a render that has taken the previous key
  useEffect(handleNext, [turn])
  useInput((input, key) => {
    const idle = queue.current.length === 0
    queue.current.push(...keysOf(input, key))
    if (idle) handleNext()
  })
}

/** Longer inputs are pastes, handled whole (into a search box, say). */
const PASTE_LENGTH = 32

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
}

/** The keys of one input from Ink: itself, or a burst of typed characters one by one, as Ink reads a lone one. */
export function keysOf(input: string, key: Key): Array<[string, Key]> {
  const chars = [...input]
  if (chars.length <= 1 || chars.length > PASTE_LENGTH || key.ctrl || key.meta) return [[input, key]]
  return chars.map((c): [string, Key] => {
    if (c === '\r') return [c, { ...NO_KEY, return: true }]
    if (c === '\t') return ['', { ...NO_KEY, tab: true }]
    if (c === '\b') return ['', { ...NO_KEY, backspace: true }]
    if (c === '\u007f') return ['', { ...NO_KEY, delete: true }]
    if (c <= '\u001a' && c !== '\n') {
      return [String.fromCharCode(c.charCodeAt(0) + 96), { ...NO_KEY, ctrl: true }]
    }
    return [c, { ...NO_KEY, shift: /[A-Z]/.test(c) }]
  })
}

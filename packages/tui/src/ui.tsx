import { type Key, Text, useInput, useStdout } from 'ink'
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react'

/** Whether the view may use colour (NO_COLOR and --no-color turn it off; reverse video stays). */
export const ColorContext = createContext(true)

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
 * render, and a key must never be judged by an older one.
 */
export function useKeys(handler: (input: string, key: Key) => void): void {
  const latest = useRef(handler)
  latest.current = handler
  useInput((input, key) => latest.current(input, key))
}

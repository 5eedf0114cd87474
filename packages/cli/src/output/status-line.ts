export interface StatusLine {
  /** False when the stream is not a terminal (or it was turned off): then every call does nothing. */
  readonly enabled: boolean
  /** Shows or replaces the status text. */
  update(text: string): void
  /** Erases the status, if shown; call before writing the first line of output. */
  clear(): void
  /** Erases the status and ignores later updates. */
  done(): void
}

const ERASE_LINE = '\r\u001b[2K'

/**
 * One line of "what is being read" on stderr while nothing has arrived yet. Only on a terminal:
 * in a pipe or a log file a status line would be noise that no one can erase.
 */
export function createStatusLine(
  stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>,
  opts: { enabled?: boolean } = {},
): StatusLine {
  let enabled = opts.enabled !== false && stream.isTTY === true
  let shown = false
  return {
    get enabled() {
      return enabled
    },
    update(text) {
      if (!enabled) return
      // Wider than the terminal would wrap, and \r could then erase only the last row.
      const width = Math.max(10, (stream.columns || 80) - 1)
      const oneLine = text.replace(/\s*[\r\n]+\s*/g, ' ')
      const fitted = oneLine.length > width ? `${oneLine.slice(0, width - 1)}…` : oneLine
      stream.write(ERASE_LINE + fitted)
      shown = true
    },
    clear() {
      if (!shown) return
      stream.write(ERASE_LINE)
      shown = false
    },
    done() {
      this.clear()
      enabled = false
    },
  }
}

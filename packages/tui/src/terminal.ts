/** The terminal modes the full-screen view changes, and how to put every one of them back. */
const ENTER_ALT_SCREEN = '\u001b[?1049h'
const LEAVE_ALT_SCREEN = '\u001b[?1049l'
const SHOW_CURSOR = '\u001b[?25h'
const HIDE_CURSOR = '\u001b[?25l'
const CLEAR = '\u001b[2J\u001b[H'

export interface TerminalStreams {
  stdout: NodeJS.WriteStream
  stdin: NodeJS.ReadStream
}

/**
 * Enters the alternate screen and returns the function that leaves it. Leaving is idempotent and
 * synchronous, and is also registered on process exit, so that however the view ends (quit,
 * Ctrl-C, a thrown error, process.exit from elsewhere) the shell gets its screen, cursor and line
 * discipline back.
 */
export function takeOverTerminal({ stdout, stdin }: TerminalStreams): () => void {
  let restored = false
  const restore = () => {
    if (restored) return
    restored = true
    process.removeListener('exit', restore)
    try {
      if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false)
    } catch {
      // stdin already closed: nothing to restore there
    }
    try {
      stdout.write(`${SHOW_CURSOR}${LEAVE_ALT_SCREEN}`)
    } catch {
      // stdout closed (terminal gone): nothing left to restore
    }
  }
  stdout.write(`${ENTER_ALT_SCREEN}${CLEAR}${HIDE_CURSOR}`)
  process.on('exit', restore)
  return restore
}

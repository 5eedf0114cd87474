import { spawn } from 'node:child_process'

/**
 * Runs the Go atmos in the foreground: same arguments, the terminal's stdin, stdout and stderr,
 * and its exit as ours (a signal death is re-raised, so the shell sees the same status).
 *
 * Signals: SIGTERM, SIGHUP and SIGQUIT sent to us are passed on. Ctrl-C in a terminal already
 * reaches the whole foreground process group, atmos included, so SIGINT is passed on only when
 * there is no terminal: a second interrupt tells atmos (and terraform under it) to stop at once.
 */
export function forwardToGoAtmos(program: string, argv: readonly string[]): Promise<never> {
  return new Promise((_resolve, reject) => {
    const child = spawn(program, [...argv], { stdio: 'inherit' })
    const relayed: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT']
    if (!process.stdin.isTTY) relayed.push('SIGINT')
    const relay = (signal: NodeJS.Signals) => {
      try {
        child.kill(signal)
      } catch {
        // already gone
      }
    }
    // While atmos runs, a terminal Ctrl-C must not end us before it: atmos decides.
    const ignoreInterrupt = () => {}
    for (const s of relayed) process.on(s, relay)
    if (!relayed.includes('SIGINT')) process.on('SIGINT', ignoreInterrupt)
    const detach = () => {
      for (const s of relayed) process.removeListener(s, relay)
      process.removeListener('SIGINT', ignoreInterrupt)
    }
    child.on('error', (err) => {
      detach()
      reject(err)
    })
    child.on('close', (code, signal) => {
      detach()
      if (signal) {
        process.kill(process.pid, signal)
        // Keep the loop alive until the signal lands.
        setTimeout(() => process.exit(128 + 15), 2000).unref?.()
        return
      }
      process.exit(code ?? 1)
    })
  })
}

import { render } from 'ink'
import { App, type AppProps } from './app.js'
import { takeOverTerminal } from './terminal.js'
import { Colors } from './ui.js'

/** What the view shows (as the App takes it), and the terminal it runs on. */
export interface TuiOptions extends Omit<AppProps, 'onExit'> {
  color: boolean
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
}

/**
 * Runs the interactive view on the terminal until the user quits; returns the exit code (0, or 130
 * for Ctrl-C). The terminal is restored however it ends; an error (thrown while drawing, or
 * uncaught anywhere while the view runs) is rethrown after the restore, for the CLI to report.
 */
export async function runTui(opts: TuiOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout
  const stdin = opts.stdin ?? process.stdin
  const restore = takeOverTerminal({ stdout, stdin })
  let code = 0
  let instance: ReturnType<typeof render> | undefined
  let uncaught: Error | undefined
  const onUncaught = (err: unknown) => {
    // A bug anywhere (a plugin's timer, a stream's callback) must not leave the shell in raw mode on
    // the alternate screen: restore first, then end the view with the error, which the CLI reports
    // as it reports any failure (its message, scrubbed; exit 1).
    restore()
    uncaught = err instanceof Error ? err : new Error(String(err))
    if (instance) instance.unmount(uncaught)
  }
  process.on('uncaughtException', onUncaught)
  process.on('unhandledRejection', onUncaught)
  try {
    instance = render(
      <Colors color={opts.color}>
        <App
          backend={opts.backend}
          title={opts.title}
          open={opts.open}
          read={opts.read}
          pins={opts.pins}
          bufferLines={opts.bufferLines}
          onExit={(c) => {
            code = c
          }}
        />
      </Colors>,
      { stdout, stdin, exitOnCtrlC: false, patchConsole: true, maxFps: 20, incrementalRendering: true },
    )
    if (uncaught) instance.unmount(uncaught)
    // A render that throws ends the view through Ink's error boundary: the same way out.
    await instance.waitUntilExit()
    instance.cleanup()
    if (uncaught) throw uncaught
  } finally {
    process.off('uncaughtException', onUncaught)
    process.off('unhandledRejection', onUncaught)
    restore()
  }
  return code
}

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
 * for Ctrl-C). The terminal is restored however it ends, a thrown error included (it is rethrown
 * after the restore, for the CLI to report).
 */
export async function runTui(opts: TuiOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout
  const stdin = opts.stdin ?? process.stdin
  const restore = takeOverTerminal({ stdout, stdin })
  let code = 0
  const crashed = (err: unknown) => {
    restore()
    throw err
  }
  const onUncaught = (err: unknown) => {
    // A bug anywhere must not leave the shell in raw mode on the alternate screen.
    restore()
    process.stderr.write(
      `The interactive view stopped on an unexpected error: ${(err as Error)?.stack ?? err}\n`,
    )
    process.exit(1)
  }
  process.on('uncaughtException', onUncaught)
  process.on('unhandledRejection', onUncaught)
  try {
    const instance = render(
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
    await instance.waitUntilExit().catch(crashed)
    instance.cleanup()
  } finally {
    process.off('uncaughtException', onUncaught)
    process.off('unhandledRejection', onUncaught)
    restore()
  }
  return code
}

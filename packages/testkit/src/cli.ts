import { startEmulator } from './server.js'

/**
 * `atmos-emulator [--port N] [--seed demo|FILE]`: starts the emulator, prints one JSON line
 * (`{"endpoint", "github", "loggingGrpc", "env"}`) when ready, and runs until SIGINT or SIGTERM.
 */
const USAGE = 'Usage: atmos-emulator [--port N] [--seed demo|FILE]'

export interface CliArgs {
  port: number
  seed?: string
}

export class CliUsageError extends Error {}

export function parseCliArgs(argv: string[]): CliArgs | 'help' {
  const args: CliArgs = { port: 0 }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined]
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw new CliUsageError(`${flag} needs a value. ${USAGE}`)
      return v
    }
    switch (flag) {
      case '--help':
      case '-h':
        return 'help'
      case '--port': {
        const v = value()
        const port = Number(v)
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new CliUsageError(
            `--port must be a port number between 0 and 65535 (0 picks a free port), not "${v}". ${USAGE}`,
          )
        }
        args.port = port
        break
      }
      case '--seed':
        args.seed = value()
        break
      default:
        throw new CliUsageError(`Unknown argument "${arg}". ${USAGE}`)
    }
  }
  return args
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let args: CliArgs | 'help'
  try {
    args = parseCliArgs(argv)
  } catch (e) {
    process.stderr.write(`atmos-emulator: ${(e as Error).message}\n`)
    process.exitCode = 2
    return
  }
  if (args === 'help') {
    process.stdout.write(
      `${USAGE}\n\nServes CloudWatch Logs, CloudTrail and the GitHub Actions API on 127.0.0.1 for tests and demos.\n` +
        'Prints {"endpoint", "github", "loggingGrpc", "env"} as one JSON line when ready; stop it with Ctrl-C.\n',
    )
    return
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>
  try {
    emulator = await startEmulator({ port: args.port, seed: args.seed })
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    const message =
      err.code === 'EADDRINUSE'
        ? `port ${args.port} on 127.0.0.1 is already in use; pick another with --port, or --port 0 for a free one.`
        : err.message
    process.stderr.write(`atmos-emulator: ${message}\n`)
    process.exitCode = 1
    return
  }
  process.stdout.write(
    `${JSON.stringify({ endpoint: emulator.endpoint, github: emulator.github, loggingGrpc: emulator.loggingGrpc, env: emulator.env })}\n`,
  )
  const stop = () => {
    emulator.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

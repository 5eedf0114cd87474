import path from 'node:path'
import { createInterface, type Interface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import {
  defaultPackageName,
  kindProblem,
  packageNameProblem,
  type ScaffoldOptions,
  StarterError,
  scaffold,
} from './scaffold.js'

const USAGE = `Usage: npm create @atmos-logs/provider@latest [DIR] -- [--kind publisher/name] [--name NPM-NAME]
       [--description TEXT] [--license SPDX] [--yes]

Creates an atmos logs provider package in DIR: a working in-memory provider with get and tail,
its oclif hook, and the conformance suite from @atmos-logs/testkit as its test.

  --kind         the kind users write in a source's kind:, publisher/name (e.g. acme/demo)
  --name         the npm package name (default @PUBLISHER/atmos-logs-provider-NAME)
  --description  one line saying what the provider reads
  --license      an SPDX licence expression (default UNLICENSED, until you choose one)
  --yes, -y      ask nothing: take the defaults for what the flags leave out
  --help, -h     this text

On a terminal the starter asks for what the flags leave out.`

export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
  cwd: string
}

const processIo = (): Io => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
})

/** Runs the starter; returns the exit code (0, 1 on a failed write, 2 on bad input or Ctrl-D, 130 on Ctrl-C). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    const options = await readOptions(argv, io)
    if (!options) {
      io.stdout.write(`${USAGE}\n`)
      return 0
    }
    const files = await scaffold({ ...options, cwd: io.cwd })
    const shown = path.relative(io.cwd, path.resolve(io.cwd, options.dir)) || '.'
    io.stdout.write(
      `Created ${options.packageName} (kind ${options.kind}) in ${shown}: ${files.length} files.\n\n` +
        `Next:\n  cd ${shown}\n  npm install\n  npm test\n\n` +
        'Then replace src/backend.ts with your service and keep the conformance suite passing.\n',
    )
    return 0
  } catch (err) {
    if (err instanceof Cancelled) {
      io.stderr.write(err.interrupted ? '\n' : '\nError: no answer (the input ended); nothing was written.\n')
      return err.interrupted ? 130 : 2
    }
    if (err instanceof StarterError) {
      io.stderr.write(`Error: ${err.message}\n${err.hint ? `Hint: ${err.hint}\n` : ''}`)
      return err.exitCode
    }
    const e = err as NodeJS.ErrnoException
    io.stderr.write(`Error: could not write the package: ${e.message}\n`)
    return 1
  }
}

/** Ctrl-C (interrupted) or Ctrl-D (the input ended) at a question. */
class Cancelled extends Error {
  constructor(readonly interrupted: boolean) {
    super(interrupted ? 'interrupted' : 'input ended')
  }
}

/** The options from flags, asking on a terminal for what they leave out; undefined for --help. */
async function readOptions(argv: string[], io: Io): Promise<ScaffoldOptions | undefined> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (err) {
    throw new StarterError((err as Error).message, 'Run with --help for the options.')
  }
  const { values, positionals } = parsed
  if (values.help) return undefined
  if (positionals.length > 1) {
    throw new StarterError(
      `One directory, please: got ${positionals.join(', ')}.`,
      'Flags go after `--`: npm create @atmos-logs/provider@latest DIR -- --kind acme/demo',
    )
  }
  const interactive = !values.yes && Boolean(io.stdin.isTTY && io.stdout.isTTY)
  if (!values.yes && !interactive) {
    throw new StarterError(
      'There is no terminal to ask on.',
      'Pass --yes to take the defaults, with --kind publisher/name (and --name, --description, --license as you need).',
    )
  }
  const ask = interactive ? asker(io) : undefined
  try {
    const kind = await answer(values.kind, ask, 'Kind (publisher/name)', undefined, kindProblem)
    if (kind === undefined) {
      throw new StarterError('--kind is required.', 'Pass --kind publisher/name, e.g. --kind acme/demo.')
    }
    const defaultName = kindProblem(kind) ? undefined : defaultPackageName(kind)
    const packageName = await answer(values.name, ask, 'Package name', defaultName, packageNameProblem)
    const description = await answer(
      values.description,
      ask,
      'Description',
      `Reads ${kind} logs for atmos logs`,
    )
    const license = await answer(values.license, ask, 'License', 'UNLICENSED')
    const dir = await answer(positionals[0], ask, 'Directory', packageName?.split('/').pop())
    return {
      kind,
      packageName: packageName!,
      description: description!,
      license: license!,
      dir: dir!,
    }
  } finally {
    ask?.close()
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      kind: { type: 'string' },
      name: { type: 'string' },
      description: { type: 'string' },
      license: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

interface Ask {
  question(prompt: string): Promise<string>
  warn(message: string): void
  close(): void
}

function asker(io: Io): Ask {
  const rl: Interface = createInterface({ input: io.stdin, output: io.stdout, terminal: true })
  const ended = new Promise<never>((_, reject) => {
    rl.once('SIGINT', () => reject(new Cancelled(true)))
    rl.once('close', () => reject(new Cancelled(false)))
  })
  ended.catch(() => {})
  return {
    question: (prompt) => Promise.race([rl.question(prompt), ended]),
    warn: (message) => io.stderr.write(`${message}\n`),
    close: () => rl.close(),
  }
}

/**
 * A flag's value when given (never asked again); otherwise the terminal's answer, asked
 * again until it passes `problem`; otherwise the default.
 */
async function answer(
  flag: string | undefined,
  ask: Ask | undefined,
  label: string,
  fallback: string | undefined,
  problem?: (value: string) => string | undefined,
): Promise<string | undefined> {
  // A flag is checked by scaffold(), which says which flag to fix.
  if (flag !== undefined) return flag
  if (!ask) return fallback
  for (;;) {
    const reply = (await ask.question(`${label}${fallback ? ` (${fallback})` : ''}: `)).trim() || fallback
    if (reply === undefined) continue
    const wrong = problem?.(reply)
    if (!wrong) return reply
    ask.warn(wrong)
  }
}

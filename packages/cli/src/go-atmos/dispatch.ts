import { ExitCode } from '@atmos-logs/core/errors'
import { describeGoAtmos, locateGoAtmos } from '@atmos-logs/core/go-atmos'
import { forwardToGoAtmos } from './forward.js'

const DEPTH_VARIABLE = 'ATMOS_LOGS_FORWARD_DEPTH'
const MAX_DEPTH = 4
const INSTALL_HINT = 'Install atmos (https://atmos.tools/install) or set ATMOS_GO_BINARY to its path.'

function fail(text: string, hint: string): never {
  process.stderr.write(`Error: ${text}\n  Hint: ${hint}\n`)
  process.exit(ExitCode.USAGE)
}

function shown(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')
}

/** `atmos logs viwe`: under a topic of ours, so a typo (exit 2), not a command of the Go atmos. */
export async function refuseUnknownCommand(
  name: 'atmos' | 'atmos-logs',
  topic: string,
  argv: readonly string[],
  commands: readonly string[],
): Promise<never> {
  // Loaded here, on this error's path only: the Go atmos's commands pass through this module too.
  const { didYouMean, listNames } = await import('@atmos-logs/core/config')
  const word = argv.slice(1).find((a) => !a.startsWith('-')) ?? ''
  fail(
    `There is no \`${name} ${topic} ${word}\` command.${didYouMean(word, commands)}`,
    `The \`${name} ${topic}\` commands are ${listNames(commands)}; \`${name} ${topic} --help\` says what each does.`,
  )
}

/** A command that is not ours: run by the Go atmos, or explained when there is none. */
export async function runOtherCommand(name: 'atmos' | 'atmos-logs', argv: readonly string[]): Promise<never> {
  if (name === 'atmos-logs') {
    fail(
      `\`atmos-logs ${shown(argv)}\` is not an atmos-logs command: atmos-logs runs only \`logs ...\` and \`plugins ...\`.`,
      `Other commands belong to the Go atmos: run \`atmos ${shown(argv)}\`. \`atmos-logs --help\` lists ours.`,
    )
  }
  let atmos: Awaited<ReturnType<typeof locateGoAtmos>>
  try {
    atmos = await locateGoAtmos(process.env, process.argv[1])
  } catch (err) {
    const e = err as Error & { hint?: string }
    fail(e.message, e.hint ?? INSTALL_HINT)
  }
  if (!atmos) {
    fail(
      `\`atmos ${shown(argv)}\` is a command of the Go atmos, and no Go atmos was found on PATH (this atmos is atmos logs, which runs only \`atmos logs ...\` and \`atmos plugins ...\`).`,
      INSTALL_HINT,
    )
  }
  // A program that only looks like the Go atmos (a wrapper around this CLI) would pass the command
  // back to us, and we to it, without end: a few hops deep is a loop, not a real chain.
  const depth = Number(process.env[DEPTH_VARIABLE] ?? '0') || 0
  if (depth >= MAX_DEPTH) {
    fail(
      `\`atmos ${shown(argv)}\` was passed between this CLI and ${describeGoAtmos(atmos)} ${depth} times: that program runs this CLI again instead of being the Go atmos.`,
      'Set ATMOS_GO_BINARY to the real Go atmos binary.',
    )
  }
  process.env[DEPTH_VARIABLE] = String(depth + 1)
  try {
    return await forwardToGoAtmos(atmos.path, argv)
  } catch (err) {
    fail(
      `Could not run the Go atmos (${describeGoAtmos(atmos)}) for \`atmos ${shown(argv)}\`: ${(err as Error).message}.`,
      'Check that the file is the Go atmos and is executable, or set ATMOS_GO_BINARY to the right one.',
    )
  }
}

import { createInterface } from 'node:readline/promises'
import { InterruptedError, UsageError } from '@atmos-logs/core/errors'

export interface TrustQuestion {
  /** What is being installed, as it reads in a message. */
  what: string
  /** The oclif scope whose packages need no confirmation. */
  scope: string
  /** `--yes` was given. */
  yes: boolean
  stdin?: NodeJS.ReadStream
  stderr?: NodeJS.WriteStream
}

/**
 * A provider plugin runs with the user's permissions and is handed their credentials, so code from
 * outside our scope is installed only once the user says so: on a terminal they are asked; a
 * script says `--yes`; anything else is refused (exit 2) rather than installed silently.
 */
export async function confirmTrust(q: TrustQuestion): Promise<void> {
  const stdin = q.stdin ?? process.stdin
  const stderr = q.stderr ?? process.stderr
  const warning =
    `${q.what} is not published by atmos-logs (the @${q.scope} npm scope). A provider plugin runs on this machine ` +
    'with your permissions and receives the credentials of the sources that use it.'
  if (q.yes) {
    stderr.write(`Warning: ${warning} Installing it because --yes was given.\n`)
    return
  }
  if (!stdin.isTTY || !stderr.isTTY) {
    throw new UsageError(`Not installing ${q.what} without confirmation: ${warning}`, {
      hint: 'If you trust its publisher, run the command again with --yes (or on a terminal, to be asked).',
    })
  }
  stderr.write(`${warning}\n`)
  const rl = createInterface({ input: stdin, output: stderr })
  // Ctrl-C at the prompt reaches readline, not the process: end with 130 instead of waiting on.
  // A closed input (Ctrl-D) is a "no".
  const interrupted = new AbortController()
  rl.once('SIGINT', () => interrupted.abort('interrupted'))
  rl.once('close', () => interrupted.abort('closed'))
  try {
    const answer = await rl
      .question(`Install ${q.what}? [y/N] `, { signal: interrupted.signal })
      .catch((err: unknown) => {
        if (interrupted.signal.reason === 'interrupted') throw new InterruptedError()
        if (interrupted.signal.aborted) return ''
        throw err
      })
    if (!/^y(es)?$/i.test(answer.trim())) {
      throw new UsageError(`Not installing ${q.what}: not confirmed.`, {
        hint: 'Nothing was changed. Answer "y" to install it, or pass --yes in scripts.',
      })
    }
  } finally {
    rl.close()
  }
}

import * as Flags from '@oclif/core/flags'
import { readOptionsOf } from '../flags.js'
import type { RunnerHost } from '../runner-host.js'

/** `view`/`tail --interactive`: the interactive view, open on the Logs screen with what the flags select. */
export const interactiveFlag = {
  interactive: Flags.boolean({
    description: 'Open the interactive view on these sources, following (needs a terminal).',
  }),
}

/** Loads the interactive view (and React with it) only now, for this command line. */
export async function openInteractive(
  flags: Parameters<typeof readOptionsOf>[0],
  args: { component?: string },
  host: RunnerHost,
): Promise<void> {
  const { runInteractive } = await import('./run-interactive.js')
  const { selection, color } = readOptionsOf(flags, args)
  process.exitCode = await runInteractive({ selection, openLogs: true, color }, host)
}

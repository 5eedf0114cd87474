import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { selectionFlags, selectionOf } from '../../flags.js'

/**
 * `atmos logs` itself: its topic help, or with `--interactive` the interactive view (a full-screen
 * log explorer), loaded only then so that no other command pays for React.
 */
export default class Logs extends BaseCommand {
  static override summary = "View, tail and search the logs of your stacks' components"
  static override usage = ['logs COMMAND', 'logs --interactive [--stack STACK]']
  static override flags = {
    interactive: Flags.boolean({
      description:
        'Open the interactive view: every source of the selection, fuzzy search, pins, live logs (needs a terminal).',
    }),
    ...selectionFlags,
    stack: Flags.string({
      char: 's',
      description:
        'With --interactive: the stacks whose sources to list (a name, a list or a glob); default: every stack.',
    }),
    color: Flags.boolean({ description: 'Colour (default: on, unless NO_COLOR is set).', allowNo: true }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Logs)
    if (flags.interactive) {
      const { runInteractive } = await import('../../interactive/run-interactive.js')
      process.exitCode = await runInteractive(
        { selection: selectionOf(flags), openLogs: false, color: flags.color },
        await this.runnerHostFor(),
      )
      return
    }
    const { loadHelpClass } = await import('@oclif/core/help')
    const Help = await loadHelpClass(this.config)
    await new Help(this.config).showHelp(['logs'])
  }
}

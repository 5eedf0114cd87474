import { UsageError } from '@atmos-logs/core/errors'
import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'

/**
 * `atmos logs` itself: its topic help, as before; `--interactive` names the interactive view, which
 * this version does not have yet, so it is refused (exit 2) rather than answered with help and 0.
 */
export default class Logs extends BaseCommand {
  static override summary = "View, tail and search the logs of your stacks' components"
  static override usage = ['logs COMMAND']
  static override flags = {
    interactive: Flags.boolean({
      char: 'i',
      description: 'The interactive view (not in this version yet).',
      hidden: true,
    }),
    stack: Flags.string({ char: 's', description: 'Stack name, for the interactive view.', hidden: true }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Logs)
    if (flags.interactive) {
      throw new UsageError(
        'The interactive view (atmos logs --interactive) is not part of this version yet.',
        {
          hint: 'Use `atmos logs tail --follow` or `atmos logs view` with the same --stack and --component.',
        },
      )
    }
    const { loadHelpClass } = await import('@oclif/core/help')
    const Help = await loadHelpClass(this.config)
    await new Help(this.config).showHelp(['logs'])
  }
}

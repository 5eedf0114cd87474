import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { componentArg, EXIT_CODES_HELP, followCiFlags, readFlags, tailOptionsOf } from '../../flags.js'
import { givenFlags, interactiveFlag, openInteractive } from '../../interactive/flag.js'
import { runRead } from '../../read/run-read.js'

export default class LogsTail extends BaseCommand {
  static override summary = 'Show the newest entries of each source; with --follow, keep printing new ones.'
  static override description = [
    'Reads the newest --lines entries of every selected source without scanning the whole time range, interleaved in time order. With --follow it then keeps printing new entries as they arrive (CloudWatch Live Tail, or polling where Live Tail is not available) until Ctrl-C; nothing is printed twice.',
    '',
    EXIT_CODES_HELP,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> logs tail --stack dev --component api',
    "<%= config.bin %> logs tail --stack prod --component 'lambda-*' --follow",
    '<%= config.bin %> logs tail --source ecs-services --lines 100 --follow',
    '<%= config.bin %> logs tail --stack prod --component api --source ci --follow --exit-status',
  ]
  static override args = componentArg
  static override flags = {
    ...readFlags,
    lines: Flags.integer({
      char: 'n',
      description: 'How many of the newest entries to show per source.',
      default: 20,
      min: 0,
    }),
    follow: Flags.boolean({ char: 'f', description: 'Keep printing new entries until Ctrl-C.' }),
    ...followCiFlags,
    ...interactiveFlag,
  }

  async run(): Promise<void> {
    const { args, flags, raw } = await this.parse(LogsTail)
    if (flags.interactive) return openInteractive(flags, args, givenFlags(raw), await this.runnerHostFor())
    await runRead(tailOptionsOf(flags, args), await this.runnerHostFor())
  }
}

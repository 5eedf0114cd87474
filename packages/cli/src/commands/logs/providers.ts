import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { providersListing } from '../../providers-list.js'

export default class LogsProviders extends BaseCommand {
  static override summary =
    'List the installed log provider kinds, what they can do and the plugin that brought each.'
  static override examples = ['<%= config.bin %> logs providers', '<%= config.bin %> logs providers --json']
  static override flags = {
    json: Flags.boolean({ description: 'Print a JSON array instead of a table.' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(LogsProviders)
    const { registry } = await this.providers()
    const { stdout, notice } = providersListing(registry, flags.json)
    if (notice) this.notice(notice)
    if (stdout) process.stdout.write(stdout)
  }
}

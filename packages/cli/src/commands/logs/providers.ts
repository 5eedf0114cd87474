import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { renderTable } from '../../table.js'

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
    const rows = registry.list()
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
      return
    }
    if (rows.length === 0) {
      this.notice('No log providers are installed. Add one with `atmos plugins install <name>`.')
      return
    }
    process.stdout.write(
      renderTable(
        ['KIND', 'CAPABILITIES', 'PLUGIN', 'DESCRIPTION'],
        rows.map((r) => [
          r.kind,
          r.capabilities.join(','),
          r.type === 'core' ? r.plugin : `${r.plugin} (${r.type})`,
          r.description,
        ]),
      ),
    )
  }
}

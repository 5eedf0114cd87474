import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { selectionFlags, selectionOf } from '../../flags.js'
import { resolveSelection } from '../../selection.js'
import { renderTable } from '../../table.js'

export default class LogsSources extends BaseCommand {
  static override summary = 'List the log sources a selection resolves to, with their specs after templates.'
  static override examples = [
    '<%= config.bin %> logs sources',
    '<%= config.bin %> logs sources --stack dev --component api --json',
  ]
  static override flags = {
    ...selectionFlags,
    json: Flags.boolean({
      description:
        'Print a JSON array: per source its stack, component, name, kind, identity, default, spec (templates rendered) and effective settings.',
    }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(LogsSources)
    const { sources } = await resolveSelection(selectionOf(flags), { notice: (m) => this.notice(m) }, 'list')
    const rows = sources.map((s) => ({
      component: s.component,
      stack: s.stack,
      name: s.name,
      kind: s.kind,
      identity: s.identity,
      default: s.default,
      spec: s.spec,
      settings: s.settings,
    }))
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
      return
    }
    if (rows.length === 0) {
      this.notice('No log sources found. Add `logs.sources` to atmos.yaml or a `logs:` block to a component.')
      return
    }
    process.stdout.write(
      renderTable(
        ['STACK', 'COMPONENT', 'SOURCE', 'KIND', 'IDENTITY', 'SPEC'],
        rows.map((r) => [
          r.stack ?? '-',
          r.component ?? '-',
          r.default ? `${r.name} (default)` : r.name,
          r.kind,
          r.identity ?? '-',
          Object.entries(r.spec)
            .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join(' '),
        ]),
      ),
    )
  }
}

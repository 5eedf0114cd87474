import { BaseCommand } from '../../base-command.js'
import { readFlags } from '../../flags.js'
import { runRead } from '../../logs-runner.js'

export default class LogsView extends BaseCommand {
  static override summary = "Show a component's logs (or a named source's) over a time range."
  static override description =
    'Finds the log sources in your stack configuration, signs in through their atmos auth identities and prints the entries of every source interleaved in time order.'
  static override examples = [
    '<%= config.bin %> logs view --stack dev --component api',
    "<%= config.bin %> logs view --stack dev --component 'api-*' --since 1h --format json",
    '<%= config.bin %> logs view --source lambda-functions --filter ERROR',
  ]
  static override flags = { ...readFlags }

  async run(): Promise<void> {
    const { flags } = await this.parse(LogsView)
    await runRead(
      {
        operation: 'get',
        follow: false,
        selection: selectionOf(flags),
        since: flags.since,
        until: flags.until,
        limit: flags.limit,
        filter: flags.filter,
        format: flags.format,
        utc: flags.utc ? true : flags.local ? false : undefined,
        color: flags.color,
        expand: flags.expand,
        extra: providerExtras(flags),
      },
      await this.runnerHostFor(),
    )
  }
}

export function selectionOf(flags: {
  stack?: string
  component?: string
  'all-components'?: boolean
  source?: string
}) {
  return {
    stack: flags.stack,
    component: flags.component,
    allComponents: flags['all-components'],
    source: flags.source,
  }
}

/** Provider-specific flags reach providers as extra GetLogsOptions keys (DESIGN.md). */
export function providerExtras(flags: {
  'run-id'?: string
  job?: string
  step?: string
}): Record<string, unknown> {
  const extra: Record<string, unknown> = {}
  if (flags['run-id']) extra.runId = flags['run-id']
  if (flags.job) extra.job = flags.job
  if (flags.step) extra.step = flags.step
  return extra
}

import { UsageError } from '@atmos-logs/core'
import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { componentArg, EXIT_CODES_HELP, readFlags, readOptionsOf, summaryFlag } from '../../flags.js'
import { runQuery } from '../../query-runner.js'
import { runRead } from '../../read/run-read.js'

export default class LogsSearch extends BaseCommand {
  static override summary =
    "Search a source's logs server side, with its native filter syntax or a query language."
  static override description = [
    '--query sends a filter in the provider\'s own syntax (CloudWatch filter patterns: terms, "phrases", ?alternatives, { $.json = "fields" }, [space, delimited]) to the service, so only matching entries travel. --insights runs a Logs Insights query on one source and prints its rows as a table, or NDJSON with --format json.',
    '',
    EXIT_CODES_HELP,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> logs search --stack staging --component vpc --query ERROR --since 1h',
    `<%= config.bin %> logs search --source lambda-functions --query '{ $.level = "error" }'`,
    "<%= config.bin %> logs search api -s dev --all-sources --filter-for function=ERROR --filter-for 'audit=Username=alice'",
    '<%= config.bin %> logs search --source api --insights \'fields @timestamp, @message | filter level = "ERROR" | limit 20\'',
  ]
  static override args = componentArg
  static override flags = {
    ...readFlags,
    ...summaryFlag,
    query: Flags.string({
      char: 'q',
      description: "Filter in the provider's native syntax, run server side.",
      exclusive: ['insights', 'filter'],
    }),
    insights: Flags.string({
      description: 'A query in the provider query language (CloudWatch Logs Insights).',
      exclusive: ['query', 'filter', 'filter-for'],
    }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(LogsSearch)
    const pattern = flags.query ?? flags.filter
    if (!pattern && !flags['filter-for']?.length && !flags.insights) {
      throw new UsageError('logs search needs --query PATTERN or --insights QUERY.', {
        hint: `For example: atmos logs search --stack dev --component api --query ERROR`,
      })
    }
    const common = readOptionsOf(flags, args)
    const host = await this.runnerHostFor()
    if (flags.insights) {
      if (flags.summary)
        throw new UsageError('--summary counts entries; --insights prints rows.', {
          hint: 'Use --query with --summary, or --insights alone.',
        })
      await runQuery({ ...common, query: flags.insights }, host)
    } else
      await runRead(
        {
          ...common,
          operation: 'get',
          follow: false,
          filter: pattern,
          filterFlag: flags.query === undefined ? '--filter' : '--query',
          summary: flags.summary,
        },
        host,
      )
  }
}

import { UsageError } from '@atmos-logs/core'
import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { componentArg, EXIT_CODES_HELP, readFlags, readOptionsOf, summaryFlag } from '../../flags.js'
import { givenFlags, interactiveFlag, openInteractive } from '../../interactive/flag.js'
import { runRead } from '../../read/run-read.js'

export default class LogsView extends BaseCommand {
  static override summary = "Show a component's logs (or a named source's) over a time range."
  static override description = [
    'Finds the log sources in your stack configuration, signs in through their atmos auth identities and prints the entries of every source interleaved in time order.',
    '',
    "Credentials: each source uses its own identity, else the default: true one of auth.identities. The Go atmos is asked first (`atmos auth env --identity NAME --format json --login`; the first atmos on PATH that is not this CLI, or the one ATMOS_GO_BINARY names), within ATMOS_AUTH_TIMEOUT (a duration, default 60s); without it, the files atmos auth writes under $XDG_CONFIG_HOME/atmos are read. With no identity configured, the AWS SDK's own chain applies (environment, profile, SSO, instance role). Missing or expired credentials exit with code 3.",
    '',
    EXIT_CODES_HELP,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> logs view api -s dev',
    "<%= config.bin %> logs view --stack dev --component 'api-*' --since 1h --format json",
    '<%= config.bin %> logs view --source lambda-functions --filter ERROR',
    '<%= config.bin %> logs view api -s prod --all-sources --since 1h --summary',
  ]
  static override args = componentArg
  static override flags = {
    ...readFlags,
    ...summaryFlag,
    ...interactiveFlag,
    // Not a view flag: caught only to point at the command that follows.
    follow: Flags.boolean({ char: 'f', hidden: true }),
  }

  async run(): Promise<void> {
    const { args, flags, raw } = await this.parse(LogsView)
    if (flags.interactive) return openInteractive(flags, args, givenFlags(raw), await this.runnerHostFor())
    if (flags.follow) {
      throw new UsageError('logs view reads a time range and ends; it does not follow.', {
        hint: 'To keep printing new entries, use `atmos logs tail --follow` with the same selection.',
      })
    }
    await runRead(
      { ...readOptionsOf(flags, args), operation: 'get', follow: false, summary: flags.summary },
      await this.runnerHostFor(),
    )
  }
}

import * as Args from '@oclif/core/args'
import { Command } from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import { type CompletionKind, completionValues } from '../../completion/values.js'

/** What the shell completion scripts ask at TAB time; prints nothing when the project cannot be read. */
export default class AutocompleteValues extends Command {
  static override hidden = true
  static override summary = 'List the values --stack, --component or --source take in the current project.'
  static override args = {
    kind: Args.string({ options: ['stack', 'component', 'source'], required: true }),
  }
  static override flags = {
    stack: Flags.string({ description: 'Only the components and sources of this stack.' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AutocompleteValues)
    const values = await completionValues(args.kind as CompletionKind, {
      stack: flags.stack || undefined,
    }).catch(() => [])
    if (values.length > 0) process.stdout.write(`${values.join('\n')}\n`)
  }
}

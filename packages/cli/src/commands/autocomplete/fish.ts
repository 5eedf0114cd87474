import { Command } from '@oclif/core/command'
import { fishScript } from '../../completion/fish.js'

export default class AutocompleteFish extends Command {
  static override summary = 'Print the fish completion script.'
  static override description =
    'Completes commands, flags, option values, and the stacks, components and sources of the project in the current folder. (bash and zsh: `<%= config.bin %> autocomplete bash|zsh`.)'
  static override examples = [
    '<%= config.bin %> autocomplete fish > ~/.config/fish/completions/<%= config.bin %>.fish',
  ]

  async run(): Promise<void> {
    await this.parse(AutocompleteFish)
    const topics = Object.fromEntries(this.config.topics.map((t) => [t.name, t.description ?? '']))
    process.stdout.write(fishScript(this.config.bin, this.config.commands as never, topics))
  }
}

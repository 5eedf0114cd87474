/**
 * A fish completion script for the CLI's commands, from oclif's command list: subcommands at each
 * level, every flag with its summary, the values of option flags, and the project's stacks,
 * components and sources for --stack, --component and --source (asked of the CLI at TAB time,
 * through its hidden `autocomplete values` command). oclif's autocomplete plugin covers bash and
 * zsh but not fish, hence this generator.
 */
export interface FishCommand {
  id: string
  summary?: string
  description?: string
  hidden?: boolean
  aliases?: string[]
  flags: Record<string, FishFlag>
}

export interface FishFlag {
  name: string
  char?: string
  type: 'boolean' | 'option'
  summary?: string
  description?: string
  hidden?: boolean
  options?: readonly string[]
}

const PROJECT_VALUES = new Set(['stack', 'component', 'source'])

export function fishScript(bin: string, commands: FishCommand[], topics: Record<string, string>): string {
  const fn = `__${bin.replace(/[^A-Za-z0-9_]/g, '_')}`
  const about = (text: string | undefined) => renderBin(firstLine(text ?? ''), bin)
  const lines = [
    `# fish completions for ${bin}, written by \`${bin} autocomplete fish\``,
    `function ${fn}_words`,
    '  # The subcommand words typed so far: everything before the first flag.',
    '  set -l words (commandline -opc)',
    '  set -e words[1]',
    '  for w in $words',
    "    string match -q -- '-*' $w; and break",
    '    echo $w',
    '  end',
    'end',
    `function ${fn}_is`,
    `  test (string join ' ' (${fn}_words)) = "$argv"`,
    'end',
    `function ${fn}_flag --argument-names name`,
    '  # The value given to --NAME earlier on the line, if any.',
    '  set -l words (commandline -opc)',
    '  for i in (seq (count $words))',
    '    if test "$words[$i]" = "--$name"; and test $i -lt (count $words)',
    '      echo $words[(math $i + 1)]',
    '      return',
    '    end',
    '  end',
    'end',
    `function ${fn}_values --argument-names kind`,
    "  # The project's stacks, components or sources, within the --stack given so far.",
    `  set -l stack (${fn}_flag stack)`,
    '  if test -n "$stack"',
    `    ${bin} autocomplete values $kind --stack $stack 2>/dev/null`,
    '  else',
    `    ${bin} autocomplete values $kind 2>/dev/null`,
    '  end',
    'end',
    `complete -c ${bin} -f`,
  ]
  const visible = commands
    .filter((c) => !c.hidden)
    .flatMap((c) => [c, ...(c.aliases ?? []).map((id) => ({ ...c, id }))])
    .sort((a, b) => a.id.localeCompare(b.id))
  // Subcommands and topics, level by level.
  const children = new Map<string, Map<string, string>>()
  for (const c of visible) {
    const parts = c.id.split(':')
    for (let i = 0; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(' ')
      const word = parts[i]!
      const id = parts.slice(0, i + 1).join(':')
      const text = about(i === parts.length - 1 ? (c.summary ?? c.description) : topics[id])
      const level = children.get(parent) ?? new Map<string, string>()
      if (!level.has(word) || (text && !level.get(word))) level.set(word, text)
      children.set(parent, level)
    }
  }
  for (const [parent, level] of children) {
    for (const [word, text] of level) {
      lines.push(
        `complete -c ${bin} -n ${quote(`${fn}_is ${parent}`.trim())} -a ${quote(word)} -d ${quote(text)}`,
      )
    }
  }
  // Flags of each command.
  for (const c of visible) {
    const when = quote(`${fn}_is ${c.id.split(':').join(' ')}`)
    for (const flag of Object.values(c.flags)) {
      if (flag.hidden) continue
      const parts = [`complete -c ${bin} -n ${when} -l ${flag.name}`]
      if (flag.char) parts.push(`-s ${flag.char}`)
      const text = about(flag.summary ?? flag.description)
      if (text) parts.push(`-d ${quote(text)}`)
      if (flag.type === 'option') {
        parts.push('-x') // takes a value, and it is no file name
        if (flag.options?.length) parts.push(`-a ${quote(flag.options.join(' '))}`)
        else if (PROJECT_VALUES.has(flag.name)) parts.push(`-a ${quote(`(${fn}_values ${flag.name})`)}`)
      }
      lines.push(parts.join(' '))
    }
  }
  return `${lines.join('\n')}\n`
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim()
}

/** oclif's `<%= config.bin %>` in summaries, as help would show it. */
function renderBin(text: string, bin: string): string {
  return text.replace(/<%=\s*config\.bin\s*%>/g, bin)
}

/** A fish single-quoted string: only \ and ' are special inside. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

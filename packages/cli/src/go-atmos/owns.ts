/** The two lookups of oclif's Config this needs. */
export interface CommandLookup {
  findCommand(id: string): unknown
  findTopic(id: string): unknown
}

/** What `atmos-logs` itself is invoked as: set by bin/atmos-logs.js before oclif starts. */
const INVOKED_AS = Symbol.for('atmos-logs.invokedAs')

export function invokedAs(): 'atmos' | 'atmos-logs' {
  return (globalThis as Record<symbol, unknown>)[INVOKED_AS] === 'atmos-logs' ? 'atmos-logs' : 'atmos'
}

const OUR_TOP_LEVEL_FLAGS = new Set(['--help', '--version'])

function ownsId(config: CommandLookup, id: string): boolean {
  return Boolean(config.findCommand(id) ?? config.findTopic(id))
}

/**
 * Whether this CLI answers `argv` itself: nothing at all (our help), `--help`/`--version` alone,
 * or a command or topic some installed plugin of ours has (`logs ...`, `plugins ...`, `help logs`).
 * Anything else (`terraform plan vpc -s dev`, `list stacks`, `--chdir dir describe config`) is
 * the Go atmos's.
 */
export function ownsCommand(config: CommandLookup, id: string | undefined, argv: readonly string[]): boolean {
  if (argv.length === 0 || id === undefined) return true
  if (argv[0]!.startsWith('-')) return argv.every((a) => OUR_TOP_LEVEL_FLAGS.has(a))
  if (!ownsId(config, id)) return false
  if (id !== 'help') return true
  // `atmos help terraform` is the Go atmos's help; `atmos help logs view` is ours.
  const words = argv.slice(1).filter((a) => !a.startsWith('-'))
  return words.length === 0 || ownsId(config, words[0]!)
}

/**
 * The topic of ours (`logs`, `plugins`) that `argv` starts with, for a command under it that is not
 * ours (`logs viwe`): a typo to point out, never a command to hand to the Go atmos.
 */
export function ownTopicOf(config: CommandLookup, argv: readonly string[]): string | undefined {
  const first = argv[0]
  return first !== undefined && !first.startsWith('-') && config.findTopic(first) ? first : undefined
}

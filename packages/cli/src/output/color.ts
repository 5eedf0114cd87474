export interface ColorDecisionInput {
  /** `--color` (true) or `--no-color` (false); undefined when neither was given. */
  flag?: boolean
  /** `logs.settings.colorize`: false turns colour off; true (or unset) means colour on a terminal. */
  setting?: boolean
  env: Record<string, string | undefined>
  /** Whether the output stream is a terminal. */
  isTTY: boolean
}

/**
 * Whether to colour output. Precedence: the flag, then NO_COLOR (any non-empty value, per
 * no-color.org), then FORCE_COLOR (`0`/`false` off, anything else on, as chalk reads it), then the
 * colorize setting, then a terminal that is not TERM=dumb.
 */
export function decideColor(input: ColorDecisionInput): boolean {
  if (input.flag !== undefined) return input.flag
  const { env } = input
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false')
  if (input.setting === false) return false
  if (env.TERM === 'dumb') return false
  return input.isTTY
}

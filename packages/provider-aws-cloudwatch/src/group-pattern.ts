/** A log group entry from the spec: an exact name, or a pattern where `*` matches any run of characters. */
export interface GroupPattern {
  pattern: string
  isPattern: boolean
  /** The literal text before the first `*`: what DescribeLogGroups can filter by server side. */
  prefix: string
  matches(name: string): boolean
}

export function parseGroupPattern(pattern: string): GroupPattern {
  const star = pattern.indexOf('*')
  if (star < 0) return { pattern, isPattern: false, prefix: pattern, matches: (name) => name === pattern }
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*')
  const regex = new RegExp(`^${escaped}$`)
  return { pattern, isPattern: true, prefix: pattern.slice(0, star), matches: (name) => regex.test(name) }
}

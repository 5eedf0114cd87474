import { FilterPatternError } from './errors.js'
import { compileJsonPattern } from './json.js'
import { compileSpaceDelimitedPattern } from './space-delimited.js'
import { compileTermsPattern } from './terms.js'

export { FilterPatternError } from './errors.js'
export { splitFields } from './space-delimited.js'

export type MessageMatcher = (message: string) => boolean

const MAX_PATTERN_LENGTH = 1024

/**
 * Compiles a CloudWatch Logs filter pattern (as FilterLogEvents, Live Tail, metric and subscription
 * filters read it) into a predicate over event messages. An empty pattern matches every event.
 * Throws FilterPatternError (an InvalidParameterException) for a pattern the service would reject.
 */
export function compileFilterPattern(pattern: string | undefined | null): MessageMatcher {
  if (pattern == null) return () => true
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new FilterPatternError(pattern.slice(0, 40), `it is longer than ${MAX_PATTERN_LENGTH} characters`)
  }
  const trimmed = pattern.trim()
  if (trimmed === '') return () => true
  if (trimmed.startsWith('{')) return compileJsonPattern(pattern)
  if (trimmed.startsWith('[')) return compileSpaceDelimitedPattern(pattern)
  return compileTermsPattern(pattern)
}

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
    // The model's length constraint, checked before the pattern is read, in the words of such checks.
    throw new FilterPatternError(
      pattern,
      `it is longer than ${MAX_PATTERN_LENGTH} characters`,
      `1 validation error detected: Value '${pattern}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PATTERN_LENGTH}`,
    )
  }
  const trimmed = pattern.trim()
  if (trimmed === '') return () => true
  if (trimmed.startsWith('{')) return compileJsonPattern(pattern)
  if (trimmed.startsWith('[')) return compileSpaceDelimitedPattern(pattern)
  return compileTermsPattern(pattern)
}

/**
 * The provider conformance suite: `describeProviderConformance` for a provider's own jest tests,
 * and the same checks as plain functions (`checks.completeness(target)`) for other harnesses.
 */

export * as checks from './checks.js'
export {
  CHECK_TITLES,
  type CheckName,
  type ConformanceOptions,
  describeProviderConformance,
  planChecks,
  type TestApi,
} from './describe.js'
export type { ConformanceEvent } from './events.js'
export { ConformanceError } from './failure.js'
export {
  type ConformanceFixture,
  type ConformanceSettings,
  type ConformanceTarget,
  type InvalidSpecExpectation,
  type MissingSpecExpectation,
  type PreparedConformance,
  prepareConformance,
} from './target.js'

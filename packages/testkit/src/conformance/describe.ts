/** Registers the checks with the caller's test framework (jest's globals by default), one `it` each. */

import * as checks from './checks.js'
import { ConformanceError } from './failure.js'
import {
  type ConformanceSettings,
  type ConformanceTarget,
  type PreparedConformance,
  prepareConformance,
} from './target.js'

export type CheckName = keyof typeof checks

const CHECKS: Record<CheckName, (target: ConformanceTarget) => Promise<void>> = { ...checks }

/** The order the checks run in; the tail checks append events, so they come last. */
export const CHECK_TITLES: Record<CheckName, string> = {
  registration:
    'registration: apiVersion 1, kind, known capabilities; create() resolves to a matching provider',
  invalidSpec: 'validate() rejects an invalid spec with a clear message',
  entryShape: 'getLogs yields well-formed entries carrying the seeded times and messages',
  ascendingOrder: 'getLogs yields entries in ascending time order',
  timeBounds: 'getLogs respects since and until, both inclusive',
  completeness: 'getLogs yields every event exactly once across pages',
  limit: 'getLogs honours limit exactly, oldest first',
  cancellation: 'getLogs ends promptly when the signal aborts, with no unhandled rejection',
  uniqueIds: 'entry ids are unique and stable',
  missingSpec: 'a spec pointing at something missing fails with a message naming it',
  closeIdempotent: 'close() may be called twice',
  tailNoFollow: 'tail with follow: false yields the newest lines, then ends',
  tailLevel: 'tail with a level shows the newest lines at or above it, or ignores level (optional)',
  tailEndsOnAbort: 'tail ends promptly when the signal aborts while it waits for new events',
  tailAbortDuringBackfill: 'tail stops yielding its backfill once the signal aborts',
  tailFollow: 'tail yields the newest lines, then appended events exactly once, then ends on abort',
}

const NEEDS: Partial<Record<CheckName, 'get' | 'tail'>> = {
  entryShape: 'get',
  ascendingOrder: 'get',
  timeBounds: 'get',
  completeness: 'get',
  limit: 'get',
  cancellation: 'get',
  uniqueIds: 'get',
  missingSpec: 'get',
  tailNoFollow: 'tail',
  tailLevel: 'tail',
  tailEndsOnAbort: 'tail',
  tailAbortDuringBackfill: 'tail',
  tailFollow: 'tail',
}

/** The few test-framework functions the suite calls; jest's globals fit, vitest's too, and node:test's with before/after. */
export interface TestApi {
  describe(name: string, body: () => void): void
  it: {
    (name: string, fn: () => Promise<void>, timeout?: number): void
    skip(name: string, fn: () => Promise<void>): void
  }
  beforeAll(fn: () => Promise<void>, timeout?: number): void
  afterAll(fn: () => Promise<void>, timeout?: number): void
}

export interface ConformanceOptions extends ConformanceSettings {
  /** Title of the describe block; defaults to the registration's kind. */
  name?: string
  /** Check names to leave out (they show as skipped), e.g. `['uniqueIds']`. */
  skip?: CheckName[]
  /** The test functions to use when jest's globals are not injected (`injectGlobals: false`). */
  testApi?: TestApi
}

/** Which checks run for these options, and why the others do not. */
export function planChecks(
  options: ConformanceOptions,
): Array<{ name: CheckName; title: string; skipped?: string }> {
  const known = Object.keys(CHECK_TITLES) as CheckName[]
  const unknown = (options.skip ?? []).filter((s) => !known.includes(s))
  if (unknown.length > 0) {
    throw new ConformanceError(
      `skip names unknown checks ${unknown.join(', ')}; the checks are ${known.join(', ')}.`,
    )
  }
  const caps = Array.isArray(options.registration?.capabilities) ? options.registration.capabilities : []
  return known.map((name) => {
    const title = CHECK_TITLES[name]
    const need = NEEDS[name]
    if (options.skip?.includes(name)) return { name, title, skipped: 'skipped by options.skip' }
    if (need && !caps.includes(need)) return { name, title, skipped: `the provider does not declare ${need}` }
    if (name === 'invalidSpec' && !options.invalidSpec)
      return { name, title, skipped: 'opt in with options.invalidSpec' }
    if (name === 'missingSpec' && !options.missingSpec)
      return { name, title, skipped: 'opt in with options.missingSpec' }
    return { name, title }
  })
}

/**
 * Declares a describe block with one test per check. `setup` runs once, before the first check,
 * with the events to seed; its `teardown` runs after the last.
 */
export function describeProviderConformance(options: ConformanceOptions): void {
  const api = options.testApi ?? jestGlobals()
  const plan = planChecks(options)
  const timeoutMs = options.timeoutMs ?? 10_000
  // A check makes a handful of deadline-bound steps; jest's own timeout must not cut it short first.
  const testTimeout = timeoutMs * 6 + 5_000
  const title = `provider conformance: ${options.name ?? options.registration?.kind ?? 'unnamed provider'}`
  api.describe(title, () => {
    let prepared: PreparedConformance | undefined
    api.beforeAll(async () => {
      prepared = await prepareConformance(options)
    }, testTimeout)
    api.afterAll(async () => {
      await prepared?.teardown()
    }, testTimeout)
    for (const check of plan) {
      if (check.skipped) {
        api.it.skip(`${check.title} (${check.skipped})`, async () => {})
        continue
      }
      const run = CHECKS[check.name]
      api.it(
        check.title,
        async () => {
          if (!prepared)
            throw new ConformanceError('The conformance setup did not complete; see the error above.')
          await run(prepared)
        },
        testTimeout,
      )
    }
  })
}

function jestGlobals(): TestApi {
  const g = globalThis as unknown as Partial<TestApi>
  if (typeof g.describe !== 'function' || typeof g.it !== 'function' || typeof g.beforeAll !== 'function') {
    throw new ConformanceError(
      'describeProviderConformance needs the test globals describe, it, beforeAll and afterAll. Call it at ' +
        "the top level of a jest test file, or pass testApi: {describe, it, beforeAll, afterAll} from '@jest/globals'.",
    )
  }
  return g as TestApi
}

// The suite on a correct in-memory provider (every check, opt-ins included, passes) and on providers
// broken in one way each (the check meant to catch that way fails, with a message that says so).

import type { ProviderRegistration } from '@atmos-logs/core/contract'
import { describe, expect, it } from '@jest/globals'
import {
  type CheckName,
  ConformanceError,
  type ConformanceOptions,
  checks,
  describeProviderConformance,
  planChecks,
  prepareConformance,
  type TestApi,
} from './index.js'
import { type Faults, MemoryBackend, memoryRegistration, memorySetup } from './testdata/memory-provider.js'

const PAGE = 4
const backend = new MemoryBackend()
const missingSpec = { spec: { stream: 'no-such-stream', page_size: PAGE }, mentions: ['no-such-stream'] }

describeProviderConformance({
  name: 'reference in-memory provider',
  registration: memoryRegistration(backend),
  setup: memorySetup(backend, PAGE),
  pageSize: PAGE,
  invalidSpec: { mentions: ['spec.stream'] },
  missingSpec,
})

/** Runs one check against a provider with `faults` and returns what it threw. */
async function failureOf(check: CheckName, faults: Faults, extra: Partial<ConformanceOptions> = {}) {
  const target = await prepareConformance({
    registration: memoryRegistration(backend, faults),
    setup: memorySetup(backend, PAGE),
    pageSize: PAGE,
    invalidSpec: { mentions: ['spec.stream'] },
    missingSpec,
    ...extra,
  })
  try {
    await checks[check](target)
  } catch (err) {
    return err
  } finally {
    await target.teardown()
  }
  throw new Error(`checks.${check} passed on a provider with ${JSON.stringify(faults)}`)
}

describe('each check fails on the provider it is meant to catch', () => {
  const cases: Array<[CheckName, Faults, RegExp]> = [
    ['ascendingOrder', { reversePages: true }, /not in ascending time order: entry 1 .* comes after entry 0/],
    [
      'limit',
      { ignoreLimit: true },
      /getLogs\(\{.*limit: 1\}\) should yield the oldest 1 events: yielded 15 entries, expected exactly 1/,
    ],
    [
      'timeBounds',
      { exclusiveSince: true },
      /missing 2 of \d+ expected events: #0003 at .*, #0004.*inclusive at both ends/,
    ],
    ['timeBounds', { exclusiveUntil: true }, /missing 1 of \d+ expected events: #0010 at/],
    [
      'completeness',
      { pageByTimestamp: true },
      /missing 1 of 15 expected events: #0004 at .*across the first page boundary/,
    ],
    [
      'completeness',
      { dropLastPage: true },
      /missing 3 of 15 expected events: #0012 at .*, #0013 at .*, #0014 at/,
    ],
    ['entryShape', { shiftHour: true }, /has time .* but its event was seeded at .*time zone/],
    ['cancellation', { ignoreSignal: true }, /yielded another entry .* after the signal aborted/],
    [
      'cancellation',
      { throwOnAbort: true },
      /threw Error: connection lost; after an abort, end the iteration/,
    ],
    [
      'cancellation',
      { unhandledOnAbort: true },
      /left 1 promise rejection\(s\) unhandled: Error: stream "no such stream" was not found/,
    ],
    ['uniqueIds', { idsFromTime: true }, /ids used by more than one entry in one read/],
    ['uniqueIds', { unstableIds: true }, /ids are not stable across reads/],
    [
      'tailNoFollow',
      { tailOldest: true },
      /should yield the newest 5 events: left out newer events #0005 at .* and 4 more/,
    ],
    ['tailFollow', { tailRepeats: true }, /appended batch 1: yielded #0014 .* a second time/],
    [
      'tailLevel',
      { tailLevelDropsUnleveled: true },
      /level: 'DEBUG'\}\) is neither a tail that honours level nor one that ignores it.*left out newer events #0014/,
    ],
    [
      'tailAbortDuringBackfill',
      { tailBackfillIgnoresSignal: true },
      /aborted after its first backfill entry yielded another entry/,
    ],
    ['closeIdempotent', { closeOnce: true }, /failed on the second call: Error: provider already closed/],
    ['invalidSpec', { acceptsAnySpec: true }, /validate\(\) accepted the spec \{\}/],
    ['invalidSpec', { crashesOnEmptySpec: true }, /looks like a crash, not an explanation/],
    [
      'invalidSpec',
      { checkSpecAcceptsAny: true },
      /checkSpec\(\) accepted the spec \{\}, which validate\(\) rejects/,
    ],
    [
      'invalidSpec',
      { checkSpecRefusesAll: true },
      /checkSpec\(\) rejected the spec \{.*"stream":"stream-\d+".*\}, which validate\(\) takes/,
    ],
    ['missingSpec', { silentWhenMissing: true }, /getLogs\(\) ended with 0 entries and no error/],
    [
      'missingSpec',
      { vagueWhenMissing: true },
      /getLogs\(\) failed for the spec .*but not clearly: the message "not found" does not mention "no-such-stream"/,
    ],
  ]
  it.each(cases)('%s catches %j', async (check, faults, message) => {
    const err = await failureOf(check, faults)
    expect(err).toBeInstanceOf(ConformanceError)
    expect((err as Error).message).toMatch(message)
  })

  it('tailLevel passes a provider that ignores level: it is optional, and the CLI filters', async () => {
    const target = await prepareConformance({
      registration: memoryRegistration(backend, { tailIgnoresLevel: true }),
      setup: memorySetup(backend, PAGE),
      pageSize: PAGE,
    })
    try {
      await expect(checks.tailLevel(target)).resolves.toBeUndefined()
    } finally {
      await target.teardown()
    }
  })

  // These two providers hang rather than misbehave visibly, so only the deadline catches them; a
  // short one keeps the test quick, and a correct provider passes the same checks above.
  it.each([
    [
      'tailNoFollow',
      { tailIgnoresNoFollow: true },
      /follow: false\}\) neither yielded an entry nor ended within 200 ms/,
    ],
    [
      'tailEndsOnAbort',
      { tailDeafWhileWaiting: true },
      /aborted while waiting for new events neither yielded an entry nor ended within 200 ms/,
    ],
  ] as Array<[CheckName, Faults, RegExp]>)('%s catches %j', async (check, faults, message) => {
    const err = await failureOf(check, faults, { timeoutMs: 200 })
    expect((err as Error).message).toMatch(message)
  })

  it('registration catches a malformed registration and a provider that does not match it', async () => {
    const good = memoryRegistration(backend)
    const malformed = {
      ...good,
      apiVersion: 2,
      capabilities: ['get', 'stream'],
    } as unknown as ProviderRegistration
    expect(((await failureOf('registration', {}, { registration: malformed })) as Error).message).toMatch(
      /apiVersion is 2, expected 1; capabilities \["stream"\] are not among list, get, tail, query/,
    )
    const overclaims = { ...good, capabilities: ['list', 'get', 'tail', 'query'] } as ProviderRegistration
    expect(((await failureOf('registration', {}, { registration: overclaims })) as Error).message).toMatch(
      /differ from the registration's.*query is declared but provider.executeQuery is not a function/,
    )
    const eager = {
      ...good,
      create: (ctx: never) => good.create(ctx).then(() => ({})),
    } as ProviderRegistration
    const eagerSync = { ...good, create: () => ({}) } as unknown as ProviderRegistration
    expect(((await failureOf('registration', {}, { registration: eager })) as Error).message).toMatch(
      /provider.kind is undefined.*provider.validate is not a function/,
    )
    expect(((await failureOf('registration', {}, { registration: eagerSync })) as Error).message).toMatch(
      /must return a Promise/,
    )
  })
})

describe('missingSpec', () => {
  it('accepts a clear error from create() as well as from validate() or getLogs()', async () => {
    const target = await prepareConformance({
      registration: memoryRegistration(backend, { checkAtCreate: true }),
      setup: memorySetup(backend, PAGE),
      pageSize: PAGE,
      missingSpec: { spec: (spec) => ({ ...spec, stream: 'gone' }), mentions: ['"gone"', 'spec.stream'] },
    })
    await expect(checks.missingSpec(target)).resolves.toBeUndefined()
  })
})

describe('describeProviderConformance', () => {
  /** A stand-in for jest's globals that records the tests, so they can be run and inspected here. */
  function recordingApi() {
    const tests: Array<{ title: string; fn?: () => Promise<void> }> = []
    const hooks: { before: Array<() => Promise<void>>; after: Array<() => Promise<void>> } = {
      before: [],
      after: [],
    }
    const it = Object.assign((title: string, fn: () => Promise<void>) => void tests.push({ title, fn }), {
      skip: (title: string) => void tests.push({ title }),
    })
    const api: TestApi = {
      describe: (_name, body) => body(),
      it,
      beforeAll: (fn) => void hooks.before.push(fn),
      afterAll: (fn) => void hooks.after.push(fn),
    }
    async function run() {
      for (const fn of hooks.before) await fn()
      const results: Record<string, string> = {}
      for (const t of tests) {
        if (!t.fn) {
          results[t.title] = 'skipped'
          continue
        }
        results[t.title] = await t.fn().then(
          () => 'passed',
          (err: Error) => `failed: ${err.message}`,
        )
      }
      for (const fn of hooks.after) await fn()
      return results
    }
    return { api, run }
  }

  it('wraps each check in its own test, and a broken provider fails exactly the checks it breaks', async () => {
    const { api, run } = recordingApi()
    let tornDown = false
    describeProviderConformance({
      registration: memoryRegistration(backend, { ignoreLimit: true }),
      setup: async (events) => ({
        ...(await memorySetup(backend, PAGE)(events)),
        teardown: async () => {
          tornDown = true
        },
      }),
      pageSize: PAGE,
      skip: ['uniqueIds'],
      testApi: api,
    })
    const results = await run()
    const failed = Object.entries(results).filter(([, r]) => r.startsWith('failed'))
    expect(failed.map(([title]) => title)).toEqual(['getLogs honours limit exactly, oldest first'])
    expect(results['entry ids are unique and stable (skipped by options.skip)']).toBe('skipped')
    expect(
      results['validate() rejects an invalid spec with a clear message (opt in with options.invalidSpec)'],
    ).toBe('skipped')
    expect(Object.values(results).filter((r) => r === 'passed')).toHaveLength(12)
    expect(tornDown).toBe(true)
  })

  it('reports a failing setup() in every check', async () => {
    const { api, run } = recordingApi()
    describeProviderConformance({
      registration: memoryRegistration(backend),
      setup: async () => {
        throw new Error('could not create the log group')
      },
      testApi: api,
    })
    await expect(run()).rejects.toThrow(
      'Your conformance setup() failed: Error: could not create the log group',
    )
  })

  it('plans around capabilities and rejects unknown skip names', () => {
    const getOnly = { ...memoryRegistration(backend), capabilities: ['list', 'get'] } as ProviderRegistration
    const plan = planChecks({ registration: getOnly, setup: memorySetup(backend, PAGE) })
    expect(plan.filter((c) => c.skipped === 'the provider does not declare tail').map((c) => c.name)).toEqual(
      ['tailNoFollow', 'tailLevel', 'tailEndsOnAbort', 'tailAbortDuringBackfill', 'tailFollow'],
    )
    expect(() =>
      planChecks({ registration: getOnly, setup: memorySetup(backend, PAGE), skip: ['limits' as CheckName] }),
    ).toThrow(/skip names unknown checks limits; the checks are registration, invalidSpec/)
  })
})

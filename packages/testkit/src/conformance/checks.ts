/**
 * The conformance checks, as plain async functions of a prepared target. Each throws a
 * ConformanceError explaining what the provider did and what the contract asks instead.
 * `describeProviderConformance` wraps each in its own jest `it`.
 */

import type { Capability, LogEntry, Provider, StreamingProvider } from '@atmos-logs/core/contract'
import { CAPABILITIES } from '@atmos-logs/core/contract'
import { atOrAbove, LEVELS_ASCENDING } from '@atmos-logs/core/levels'
import { appendedEvents, type KnownEvent, label } from './events.js'
import {
  describeEvents,
  expectAscending,
  expectEdge,
  expectExactly,
  identify,
  iso,
  timeOf,
} from './expect.js'
import { ConformanceError, fail } from './failure.js'
import {
  describeError,
  iteratorOf,
  macrotask,
  nextWithin,
  quietReturn,
  readAll,
  type Step,
  safeString,
  withoutUnhandledRejections,
} from './iterate.js'
import {
  type ConformanceTarget,
  createProvider,
  createWithin,
  knownEvents,
  secretsOf,
  seededWindow,
  within,
  withProvider,
} from './target.js'

const LEVELS = new Set(['ERROR', 'WARN', 'INFO', 'DEBUG'])

/** Messages JavaScript itself writes when code crashes: a provider should have said something useful instead. */
const RUNTIME_CRASH =
  /Cannot read propert|Cannot set propert|is not a function|is not defined|is not iterable|Cannot destructure|undefined is not|null is not/

// ---------------------------------------------------------------------------------------------
// registration and validate()

export async function registration(target: ConformanceTarget): Promise<void> {
  const r = target.registration as unknown as Record<string, unknown>
  const problems: string[] = []
  if (r.apiVersion !== 1) problems.push(`apiVersion is ${safeString(r.apiVersion)}, expected 1`)
  if (typeof r.kind !== 'string' || r.kind.trim() === '') problems.push('kind must be a non-empty string')
  if (typeof r.description !== 'string' || r.description.trim() === '') {
    problems.push('description must be a non-empty string (`atmos logs providers` shows it)')
  }
  const caps = r.capabilities
  if (!Array.isArray(caps)) {
    problems.push('capabilities must be an array')
  } else {
    const unknown = caps.filter((c) => !(CAPABILITIES as readonly unknown[]).includes(c))
    if (unknown.length > 0) {
      problems.push(`capabilities ${safeString(unknown)} are not among ${CAPABILITIES.join(', ')}`)
    }
    if (new Set(caps).size !== caps.length) problems.push('capabilities lists a capability twice')
  }
  if (typeof r.create !== 'function') problems.push('create must be a function')
  if (problems.length > 0) fail(`The registration is malformed: ${problems.join('; ')}.`)

  let created: unknown
  try {
    created = (r.create as (ctx: unknown) => unknown).call(r, {
      name: target.sourceName,
      spec: target.spec,
      credentials: target.credentials,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    })
  } catch (err) {
    fail(`registration.create() threw for your fixture's spec: ${describeError(err)}.`)
  }
  if (!created || typeof (created as PromiseLike<unknown>).then !== 'function') {
    fail(
      'registration.create() must return a Promise (declare it async and import your SDK inside it), ' +
        'so that loading the providers hook stays cheap.',
    )
  }
  let provider: Record<string, unknown> | undefined
  try {
    provider = (await within(created as Promise<unknown>, target.timeoutMs, 'registration.create()')) as
      | Record<string, unknown>
      | undefined
  } catch (err) {
    if (err instanceof ConformanceError) throw err
    fail(`registration.create() rejected for your fixture's spec: ${describeError(err)}.`)
  }
  if (!provider || typeof provider !== 'object')
    fail(`create() resolved to ${String(provider)}, not a provider.`)
  try {
    const declared = caps as Capability[]
    if (provider.kind !== r.kind)
      problems.push(`provider.kind is ${safeString(provider.kind)}, registration says ${safeString(r.kind)}`)
    if (provider.name !== target.sourceName) {
      problems.push(
        `provider.name is ${safeString(provider.name)}, expected ctx.name ${safeString(target.sourceName)}`,
      )
    }
    const pc = provider.capabilities
    if (!Array.isArray(pc) || !sameSet(pc, declared)) {
      problems.push(
        `provider.capabilities ${safeString(pc)} differ from the registration's ${safeString(declared)}`,
      )
    }
    for (const method of ['validate', 'listSources', 'getLogs', 'close']) {
      if (typeof provider[method] !== 'function') problems.push(`provider.${method} is not a function`)
    }
    if (declared.includes('tail') && typeof provider.tailLogs !== 'function') {
      problems.push('capability tail is declared but provider.tailLogs is not a function')
    }
    if (declared.includes('query')) {
      if (typeof provider.executeQuery !== 'function') {
        problems.push('capability query is declared but provider.executeQuery is not a function')
      }
      if (typeof provider.queryLanguage !== 'string') {
        problems.push('capability query is declared but provider.queryLanguage is not a string')
      }
    }
    if (problems.length > 0)
      fail(`The provider from create() does not match its registration: ${problems.join('; ')}.`)
  } finally {
    if (typeof provider.close === 'function') {
      await within((provider.close as () => Promise<void>)(), target.timeoutMs, 'close()').catch(() => {})
    }
  }
}

export async function invalidSpec(target: ConformanceTarget): Promise<void> {
  const expectation = target.invalidSpec
  if (!expectation)
    fail('invalidSpec was not configured: pass `invalidSpec: true` (or {spec, mentions}) to run it.')
  const spec = expectation === true ? {} : (expectation.spec ?? {})
  const mentions = expectation === true ? [] : (expectation.mentions ?? [])
  let provider: Provider
  try {
    provider = await createProvider(target, spec)
  } catch (err) {
    throw new ConformanceError(
      `${(err as Error).message}. create() should accept any spec and leave checking it to validate(): ` +
        'the CLI reports a validate() failure as a configuration error (exit 2) naming the source, ' +
        'but a create() failure as a provider failure (exit 1).',
      { cause: err },
    )
  }
  try {
    try {
      await within(provider.validate(), target.timeoutMs, 'validate()')
    } catch (err) {
      if (err instanceof ConformanceError) throw err
      const problems = unclear(err, mentions, secretsOf(target.credentials))
      if (problems.length > 0) {
        fail(`validate() rejected the spec ${safeString(spec)}, but not clearly: ${problems.join('; ')}.`)
      }
      await checkSpecAgrees(target, spec, mentions)
      return
    }
    fail(
      `validate() accepted the spec ${safeString(spec)}. It should throw an Error naming the missing or ` +
        'wrong field, so the CLI reports a configuration error before any request is made.',
    )
  } finally {
    await within(provider.close(), target.timeoutMs, 'close()').catch(() => {})
  }
}

/**
 * A registration's checkSpec (the spec checked before sign-in) rejects what validate() rejects, as
 * clearly and without credentials, and takes the fixture's spec, which validate() took.
 */
async function checkSpecAgrees(
  target: ConformanceTarget,
  invalid: Record<string, unknown>,
  mentions: string[],
): Promise<void> {
  const check = target.registration.checkSpec
  if (!check) return
  try {
    await within(
      Promise.resolve(check.call(target.registration, invalid, target.sourceName)),
      target.timeoutMs,
      'checkSpec()',
    )
  } catch (err) {
    if (err instanceof ConformanceError) throw err
    const problems = unclear(err, mentions, secretsOf(target.credentials))
    if (problems.length > 0)
      fail(`checkSpec() rejected the spec ${safeString(invalid)}, but not clearly: ${problems.join('; ')}.`)
    try {
      await within(
        Promise.resolve(check.call(target.registration, target.spec, target.sourceName)),
        target.timeoutMs,
        'checkSpec()',
      )
    } catch (e) {
      if (e instanceof ConformanceError) throw e
      fail(
        `checkSpec() rejected the spec ${safeString(target.spec)}, which validate() takes: ${(e as Error).message}. ` +
          'Before sign-in it must only refuse what no credentials could make right.',
      )
    }
    return
  }
  fail(
    `checkSpec() accepted the spec ${safeString(invalid)}, which validate() rejects. It should throw the same ` +
      'error, so that the CLI says it before anyone signs in.',
  )
}

// ---------------------------------------------------------------------------------------------
// getLogs

async function read(
  provider: Provider,
  opts: Omit<Parameters<Provider['getLogs']>[0], 'signal'>,
  timeoutMs: number,
) {
  const what = `getLogs(${describeOptions(opts)})`
  return {
    what,
    entries: await readAll(
      provider.getLogs({ ...opts, signal: new AbortController().signal }),
      timeoutMs,
      what,
    ),
  }
}

function describeOptions(opts: Record<string, unknown>): string {
  const parts = Object.entries(opts)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v instanceof Date ? iso(v.getTime()) : safeString(v)}`)
  return parts.length > 0 ? `{${parts.join(', ')}}` : '{}'
}

export async function entryShape(target: ConformanceTarget): Promise<void> {
  await withProvider(target, async (provider) => {
    const { what, entries } = await read(provider, seededWindow(target), target.timeoutMs)
    const problems: string[] = []
    for (const [i, { entry, event }] of identify(target, entries).entries()) {
      problems.push(...shapeProblems(entry, event, i))
    }
    if (entries.length === 0) problems.push('no entries at all, so nothing could be checked')
    if (problems.length > 0)
      fail(
        `${what}: ${problems.slice(0, 6).join('; ')}${problems.length > 6 ? `; and ${problems.length - 6} more` : ''}.`,
      )
  })
}

/** What is wrong with one entry of a read of the seeded window. */
function shapeProblems(entry: LogEntry, event: KnownEvent | undefined, i: number): string[] {
  if (!entry || typeof entry !== 'object') return [`entry ${i} is ${safeString(entry)}, not an object`]
  const problems: string[] = []
  const t = timeOf(entry)
  if (Number.isNaN(t))
    problems.push(`entry ${i} has timestamp ${safeString(entry.timestamp)}, not a valid Date`)
  if (typeof entry.message !== 'string')
    problems.push(`entry ${i} has a ${typeof entry.message} message, not a string`)
  else if (!event)
    problems.push(`entry ${i}'s message ${JSON.stringify(entry.message)} carries none of the seeded messages`)
  if (event && !Number.isNaN(t) && t !== event.timestamp) {
    problems.push(
      `entry ${i} has time ${iso(t)} but its event was seeded at ${iso(event.timestamp)} (a time zone or unit slip?)`,
    )
  }
  if (entry.level !== undefined && !LEVELS.has(entry.level)) {
    problems.push(
      `entry ${i} has level ${safeString(entry.level)}; use ERROR, WARN, INFO or DEBUG, or leave it unset`,
    )
  }
  if (entry.id !== undefined && (typeof entry.id !== 'string' || entry.id === '')) {
    problems.push(`entry ${i} has id ${safeString(entry.id)}; an id must be a non-empty string when set`)
  }
  if (entry.metadata !== undefined && (typeof entry.metadata !== 'object' || entry.metadata === null)) {
    problems.push(`entry ${i} has metadata ${safeString(entry.metadata)}, not an object`)
  }
  return problems
}

export async function ascendingOrder(target: ConformanceTarget): Promise<void> {
  await withProvider(target, async (provider) => {
    const { what, entries } = await read(provider, seededWindow(target), target.timeoutMs)
    if (entries.length < 2)
      fail(`${what} yielded ${entries.length} entries; the order check needs the seeded ones.`)
    expectAscending(entries, what)
  })
}

/**
 * Both bounds are inclusive: an entry at exactly `since` or exactly `until` is in (CloudWatch's
 * startTime/endTime behave so, and the CLI's --until means "up to and including").
 */
export async function timeBounds(target: ConformanceTarget): Promise<void> {
  const seeded = target.seeded
  const n = seeded.length
  const at = (i: number) => seeded[i]!.timestamp
  // a gap between two consecutive distinct seconds, where no event lies
  const gap = seeded.findIndex((e, i) => i > 0 && i < n - 1 && seeded[i + 1]!.timestamp - e.timestamp >= 2)
  const cases: Array<{ since?: Date; until?: Date }> = [
    { since: new Date(at(target.pageSize)), until: new Date(at(n - 5)) },
    { since: new Date(at(5) + 1) },
    { until: new Date(at(n - 3) - 1) },
  ]
  if (gap > 0) cases.push({ since: new Date(at(gap) + 1), until: new Date(at(gap + 1) - 1) })
  await withProvider(target, async (provider) => {
    for (const bounds of cases) {
      const { what, entries } = await read(provider, bounds, target.timeoutMs)
      const lo = bounds.since?.getTime() ?? Number.NEGATIVE_INFINITY
      const hi = bounds.until?.getTime() ?? Number.POSITIVE_INFINITY
      const expected = knownEvents(target).filter((e) => e.timestamp >= lo && e.timestamp <= hi)
      try {
        expectExactly(target, entries, expected, what)
      } catch (err) {
        throw new ConformanceError(
          `${(err as Error).message} Bounds are inclusive at both ends: since <= timestamp <= until, to the millisecond.`,
        )
      }
    }
  })
}

export async function completeness(target: ConformanceTarget): Promise<void> {
  await withProvider(target, async (provider) => {
    const { what, entries } = await read(provider, seededWindow(target), target.timeoutMs)
    try {
      expectExactly(target, entries, target.seeded, what)
    } catch (err) {
      throw new ConformanceError(
        `${(err as Error).message} The suite seeded ${target.seeded.length} events for a page size of ` +
          `${target.pageSize} (two pairs share a timestamp, one of them across the first page boundary): ` +
          'follow every next-page token to the end, and do not page by timestamp alone.',
      )
    }
  })
}

/** `limit` entries, oldest first (or, for a kind whose limit counts runs or such, the oldest whole ones). */
export async function limit(target: ConformanceTarget): Promise<void> {
  const n = target.seeded.length
  const limits = [...new Set([1, target.pageSize, target.pageSize + 1, n + 5])]
  await withProvider(target, async (provider) => {
    for (const lim of limits) {
      const { what, entries } = await read(
        provider,
        { ...seededWindow(target), limit: lim },
        target.timeoutMs,
      )
      // A kind whose limit counts something else (runs) bounds whole units: the oldest ones, at least one.
      const unit = target.registration.limitCounts ?? 'entries'
      if (unit !== 'entries' && entries.length === 0)
        throw new ConformanceError(
          `${what} yielded nothing; a limit of ${lim} ${unit} should yield the oldest.`,
        )
      expectEdge(target, entries, target.seeded, unit === 'entries' ? lim : entries.length, 'oldest', what)
    }
  })
}

/**
 * Abort before the first `next()` and in the middle: either way the following `next()` must end
 * the iteration (done, or an AbortError / the signal's reason) within the timeout, without yielding
 * another entry, and without leaving a promise rejection unhandled.
 */
export async function cancellation(target: ConformanceTarget): Promise<void> {
  await withProvider(target, async (provider) => {
    await withoutUnhandledRejections('getLogs after abort', async () => {
      const early = new AbortController()
      early.abort()
      const pre = iteratorOf(provider.getLogs({ ...seededWindow(target), signal: early.signal }), 'getLogs')
      try {
        expectEnded(
          await nextWithin(pre, target.timeoutMs, 'getLogs with an already aborted signal'),
          early.signal,
          'getLogs with an already aborted signal',
        )
      } finally {
        await quietReturn(pre)
      }

      const mid = new AbortController()
      const what = 'getLogs aborted after its first entry'
      const it = iteratorOf(provider.getLogs({ ...seededWindow(target), signal: mid.signal }), 'getLogs')
      try {
        const first = await nextWithin(it, target.timeoutMs, 'getLogs')
        if (first.kind !== 'entry')
          fail(`getLogs ended before its first entry (${stepText(first)}), so abort could not be checked.`)
        mid.abort()
        expectEnded(await nextWithin(it, target.timeoutMs, what), mid.signal, what)
      } finally {
        await quietReturn(it)
      }
    })
  })
}

export async function uniqueIds(target: ConformanceTarget): Promise<void> {
  await withProvider(target, async (provider) => {
    const first = await read(provider, seededWindow(target), target.timeoutMs)
    const second = await read(provider, seededWindow(target), target.timeoutMs)
    const idsOf = (entries: LogEntry[]) =>
      new Map(identify(target, entries).flatMap((i) => (i.event ? [[i.event.index, i.entry.id]] : [])))
    const problems: string[] = []
    for (const entries of [first.entries, second.entries]) {
      const seen = new Map<string, number>()
      for (const e of entries) if (typeof e.id === 'string') seen.set(e.id, (seen.get(e.id) ?? 0) + 1)
      const twice = [...seen].filter(([, c]) => c > 1).map(([id]) => id)
      if (twice.length > 0)
        problems.push(
          `ids used by more than one entry in one read: ${twice
            .slice(0, 5)
            .map((id) => safeString(id))
            .join(', ')}`,
        )
    }
    const a = idsOf(first.entries)
    const b = idsOf(second.entries)
    const unstable = [...a].filter(([index, id]) => b.has(index) && b.get(index) !== id)
    if (unstable.length > 0) {
      const [index, id] = unstable[0]!
      problems.push(
        `ids are not stable across reads (event ${label(index)}: ${safeString(id)}, then ${safeString(b.get(index))})`,
      )
    }
    if (problems.length > 0) {
      fail(
        `${first.what}: ${problems.join('; ')}. The CLI deduplicates by id, so an id must name one event, always the same.`,
      )
    }
  })
}

// ---------------------------------------------------------------------------------------------
// tail

function requireTail(provider: Provider): StreamingProvider {
  if (typeof (provider as Partial<StreamingProvider>).tailLogs !== 'function') {
    fail('The provider declares tail but has no tailLogs method.')
  }
  return provider as StreamingProvider
}

/** `follow: false`: the newest `lines` events, oldest of them first, then the end. */
export async function tailNoFollow(target: ConformanceTarget): Promise<void> {
  await withProvider(target, async (provider) => {
    const streaming = requireTail(provider)
    for (const lines of [target.tailLines, target.seeded.length + target.appended.length + 10]) {
      const what = `tailLogs({lines: ${lines}, follow: false})`
      const entries = await readAll(
        streaming.tailLogs({ lines, follow: false, signal: new AbortController().signal }),
        target.timeoutMs,
        what,
      )
      expectEdge(target, entries, knownEvents(target), lines, 'newest', what)
      expectAscending(entries, what)
    }
  })
}

/**
 * `level` is optional to honour, so either answer passes: what the output shows of a tail at a
 * level (its entries at or above it; the CLI drops the rest) must be the newest `lines` of the
 * entries at or above it (a provider that honours level), or all of those among the newest
 * `lines` (one that ignores it). The levels are the provider's own, read first without `level`.
 */
export async function tailLevel(target: ConformanceTarget): Promise<void> {
  await withProvider(target, async (provider) => {
    const streaming = requireTail(provider)
    const known = knownEvents(target)
    const everything = `tailLogs({lines: ${known.length + 10}, follow: false})`
    const all = await readAll(
      streaming.tailLogs({ lines: known.length + 10, follow: false, signal: new AbortController().signal }),
      target.timeoutMs,
      everything,
    )
    expectExactly(target, all, known, everything)
    const levelOf = new Map(identify(target, all).map((i) => [i.event!.index, i.entry.level]))
    const lines = target.tailLines
    for (const lowest of LEVELS_ASCENDING) {
      const what = `tailLogs({lines: ${lines}, follow: false, level: '${lowest}'})`
      const entries = await readAll(
        streaming.tailLogs({ lines, follow: false, level: lowest, signal: new AbortController().signal }),
        target.timeoutMs,
        what,
      )
      expectAscending(entries, what)
      const shown = entries.filter((e) => atOrAbove(e?.level, lowest))
      const atLevel = known.filter((e) => atOrAbove(levelOf.get(e.index), lowest))
      const honoured = problemOf(() => expectEdge(target, shown, atLevel, lines, 'newest', what))
      if (!honoured) continue
      const ignored = problemOf(() => expectEdge(target, entries, known, lines, 'newest', what))
      if (!ignored) continue
      fail(
        `${what} is neither a tail that honours level nor one that ignores it. Honouring it, the entries at or above ${lowest} ${honoured.replace(`${what} `, '')} Ignoring it, the tail ${ignored.replace(`${what} `, '')} An entry without a level counts as INFO; level is optional, so ignoring it passes.`,
      )
    }
  })
}

/** The message of the ConformanceError `check` throws, or undefined when it passes. */
function problemOf(check: () => void): string | undefined {
  try {
    check()
    return undefined
  } catch (err) {
    if (err instanceof ConformanceError) return err.message
    throw err
  }
}

/**
 * `follow: true`: the newest `lines` first, then (when setup gave `append`) two batches of
 * appended events, each exactly once, then the end once the signal aborts.
 */
export async function tailFollow(target: ConformanceTarget): Promise<void> {
  await withFollowTail(target, '', async ({ it, controller, lines, what }) => {
    const backfill = await take(it, lines, target.timeoutMs, what)
    expectEdge(target, backfill, knownEvents(target), lines, 'newest', `${what} backfill`)
    expectAscending(backfill, `${what} backfill`)
    const seen = new Set(identify(target, backfill).flatMap((i) => (i.event ? [i.event.index] : [])))
    if (target.append) {
      for (const batch of [1, 2]) {
        const events = appendedEvents(target.run, nextIndex(target), 3, Date.now())
        target.appended.push(...events)
        await within(
          target.append(events.map(({ timestamp, message }) => ({ timestamp, message }))),
          target.timeoutMs,
          'append()',
        )
        await expectLive(target, it, events, seen, `${what}, appended batch ${batch}`)
      }
    }
    controller.abort()
    expectEnded(
      await nextWithin(it, target.timeoutMs, `${what} after abort`),
      controller.signal,
      `${what} after abort`,
    )
  })
}

/** Abort while the tail waits for new events: the pending `next()` must end the iteration within the timeout. */
export async function tailEndsOnAbort(target: ConformanceTarget): Promise<void> {
  await withFollowTail(
    target,
    ' aborted while waiting for new events',
    async ({ it, controller, lines, what }) => {
      await take(it, lines, target.timeoutMs, what)
      const pending = nextWithin(it, target.timeoutMs, what)
      await macrotask()
      controller.abort()
      expectEnded(await pending, controller.signal, what)
    },
  )
}

/** Abort after the first backfill entry: the next `next()` must end the iteration, not yield the rest. */
export async function tailAbortDuringBackfill(target: ConformanceTarget): Promise<void> {
  await withFollowTail(
    target,
    ' aborted after its first backfill entry',
    async ({ it, controller, what }) => {
      const first = await nextWithin(it, target.timeoutMs, what)
      if (first.kind !== 'entry') fail(`${what}: the tail ${stepText(first)} before its first entry.`)
      controller.abort()
      expectEnded(await nextWithin(it, target.timeoutMs, what), controller.signal, what)
    },
  )
}

/** A follow tail of the target's newest lines, handed to `body`; aborted and closed whatever it does. */
async function withFollowTail(
  target: ConformanceTarget,
  /** Appended to the call in every failure message (what the check does to the tail). */
  doing: string,
  body: (tail: {
    it: AsyncIterator<LogEntry>
    controller: AbortController
    lines: number
    what: string
  }) => Promise<void>,
): Promise<void> {
  await withProvider(target, async (provider) => {
    const streaming = requireTail(provider)
    const lines = target.tailLines
    const what = `tailLogs({lines: ${lines}, follow: true})${doing}`
    await withoutUnhandledRejections(what, async () => {
      const controller = new AbortController()
      const it = iteratorOf(streaming.tailLogs({ lines, follow: true, signal: controller.signal }), what)
      try {
        await body({ it, controller, lines, what })
      } finally {
        controller.abort()
        await quietReturn(it)
      }
    })
  })
}

async function take(
  it: AsyncIterator<LogEntry>,
  count: number,
  timeoutMs: number,
  what: string,
): Promise<LogEntry[]> {
  const out: LogEntry[] = []
  while (out.length < count) {
    const step = await nextWithin(it, timeoutMs, `${what} (backfill entry ${out.length + 1} of ${count})`)
    if (step.kind !== 'entry')
      fail(`${what} ${stepText(step)} after ${out.length} backfill entries, expected ${count}.`)
    out.push(step.value)
  }
  return out
}

async function expectLive(
  target: ConformanceTarget,
  it: AsyncIterator<LogEntry>,
  events: KnownEvent[],
  seen: Set<number>,
  what: string,
): Promise<void> {
  const waiting = new Set(events.map((e) => e.index))
  while (waiting.size > 0) {
    let step: Step<LogEntry>
    try {
      step = await nextWithin(it, target.timeoutMs, what)
    } catch (err) {
      const missing = events.filter((e) => waiting.has(e.index))
      throw new ConformanceError(`${(err as Error).message} Still waiting for ${describeEvents(missing)}.`)
    }
    if (step.kind !== 'entry') fail(`${what}: the tail ${stepText(step)} before the appended events arrived.`)
    const [{ entry, event }] = identify(target, [step.value]) as [ReturnType<typeof identify>[number]]
    if (!event)
      fail(`${what}: yielded an entry that is none of the suite's events: ${safeString(entry?.message)}.`)
    if (seen.has(event.index)) {
      fail(
        `${what}: yielded ${label(event.index)} (${iso(event.timestamp)}) a second time. A tail must never repeat an event.`,
      )
    }
    if (!waiting.has(event.index)) {
      fail(`${what}: yielded ${label(event.index)} (${iso(event.timestamp)}), which was not just appended.`)
    }
    seen.add(event.index)
    waiting.delete(event.index)
  }
}

function nextIndex(target: ConformanceTarget): number {
  const known = knownEvents(target)
  return known.length === 0 ? 0 : Math.max(...known.map((e) => e.index)) + 1
}

// ---------------------------------------------------------------------------------------------
// errors and close()

export async function missingSpec(target: ConformanceTarget): Promise<void> {
  const expectation = target.missingSpec
  if (!expectation) fail('missingSpec was not configured: pass `missingSpec: {spec, mentions}` to run it.')
  const spec = typeof expectation.spec === 'function' ? expectation.spec(target.spec) : expectation.spec
  const secrets = secretsOf(target.credentials)
  let stage = 'registration.create()'
  let outcome: { error: unknown } | { entries: number }
  let provider: Provider | undefined
  try {
    // not createProvider(): an error from create() is the provider's answer here, not a setup failure
    provider = await createWithin(target, spec)
    stage = 'validate()'
    await within(provider.validate(), target.timeoutMs, stage)
    stage = 'getLogs()'
    const signal = new AbortController().signal
    const it = iteratorOf(provider.getLogs({ ...seededWindow(target), signal }), stage)
    let entries = 0
    try {
      for (;;) {
        const step = await nextWithin(it, target.timeoutMs, stage)
        if (step.kind === 'error') throw step.error
        if (step.kind === 'done') break
        entries++
      }
    } finally {
      await quietReturn(it)
    }
    outcome = { entries }
  } catch (error) {
    if (error instanceof ConformanceError) throw error
    outcome = { error }
  } finally {
    if (provider) await within(provider.close(), target.timeoutMs, 'close()').catch(() => {})
  }
  if ('entries' in outcome) {
    fail(
      `With the spec ${safeString(spec)}, which points at something that does not exist, getLogs() ended ` +
        `with ${outcome.entries} entries and no error. A user would see nothing and not know why: throw an ` +
        `Error that names ${expectation.mentions.join(', ')}.`,
    )
  }
  const problems = unclear(outcome.error, expectation.mentions, secrets)
  const leaked = secrets.filter((s) => target.logged.some((call) => safeString(call).includes(s)))
  if (leaked.length > 0) problems.push('a credential secret was written to ctx.logger')
  if (problems.length > 0)
    fail(`${stage} failed for the spec ${safeString(spec)}, but not clearly: ${problems.join('; ')}.`)
}

export async function closeIdempotent(target: ConformanceTarget): Promise<void> {
  const unused = await createProvider(target)
  await closeTwice(unused, target, 'close() on a provider that was never used')
  const used = await createProvider(target)
  try {
    await within(used.validate(), target.timeoutMs, 'validate()')
    const it = iteratorOf(
      used.getLogs({ ...seededWindow(target), signal: new AbortController().signal }),
      'getLogs',
    )
    await nextWithin(it, target.timeoutMs, 'getLogs')
    await quietReturn(it)
  } finally {
    await closeTwice(used, target, 'close() after reading')
  }
}

async function closeTwice(provider: Provider, target: ConformanceTarget, what: string): Promise<void> {
  for (const attempt of ['first', 'second']) {
    try {
      await within(provider.close(), target.timeoutMs, `${what} (${attempt} call)`)
    } catch (err) {
      if (err instanceof ConformanceError) throw err
      fail(
        `${what} failed on the ${attempt} call: ${describeError(err)}. close() must be safe to call again.`,
      )
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** After an abort, the next step must be the end: done, or an abort error. */
function expectEnded(step: Step<LogEntry>, signal: AbortSignal, what: string): void {
  if (step.kind === 'done') return
  if (step.kind === 'error') {
    const err = step.error as { name?: unknown } | undefined
    if (step.error === signal.reason || err?.name === 'AbortError') return
    fail(
      `${what} threw ${describeError(step.error)}; after an abort, end the iteration (return) or throw an AbortError.`,
    )
  }
  const entry = step.value
  fail(
    `${what} yielded another entry (${iso(timeOf(entry))}, ${safeString(entry?.message)}) after the signal ` +
      'aborted. Check opts.signal.aborted before each yield and stop.',
  )
}

function stepText(step: Step<unknown>): string {
  return step.kind === 'done'
    ? 'ended'
    : step.kind === 'error'
      ? `threw ${describeError(step.error)}`
      : 'yielded'
}

/** What makes an error message useless to a user; empty when the message is fine. */
function unclear(err: unknown, mentions: readonly string[], secrets: readonly string[]): string[] {
  const message = (err as { message?: unknown } | undefined)?.message
  if (!(err instanceof Error) && typeof message !== 'string')
    return [`it threw a non-Error value ${safeString(err)}`]
  if (typeof message !== 'string' || message.trim() === '') return ['the error message is empty']
  const problems: string[] = []
  if (RUNTIME_CRASH.test(message))
    problems.push(`the message looks like a crash, not an explanation: ${JSON.stringify(message)}`)
  const lower = message.toLowerCase()
  const absent = mentions.filter((m) => !lower.includes(m.toLowerCase()))
  if (absent.length > 0)
    problems.push(
      `the message ${JSON.stringify(message)} does not mention ${absent.map((m) => JSON.stringify(m)).join(', ')}`,
    )
  if (secrets.some((s) => message.includes(s))) problems.push('the message contains a credential secret')
  return problems
}

function sameSet(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x))
}

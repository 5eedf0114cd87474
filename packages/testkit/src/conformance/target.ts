/** What the checks run against: the registration, the fixture `setup` built, and the events in it. */

import type { Credentials, Logger, Provider, ProviderRegistration } from '@atmos-logs/core/contract'
import { type ConformanceEvent, type KnownEvent, newRunId, seedEvents } from './events.js'
import { ConformanceError } from './failure.js'
import { describeError } from './iterate.js'

/** What `setup` returns: a source whose backend holds exactly the events it was given. */
export interface ConformanceFixture {
  /** The source spec that reads those events (templates already rendered, as the CLI passes it). */
  spec: Record<string, unknown>
  credentials?: Credentials
  /** Called once after the last check. */
  teardown?: () => Promise<void>
  /** Adds events to the same source, for the tail checks; omit it and they check backfill and abort only. */
  append?: (events: ConformanceEvent[]) => Promise<void>
}

/** Opt in to the validate() check: a spec validate() must reject (default `{}`), and words its message must name. */
export type InvalidSpecExpectation = true | { spec?: Record<string, unknown>; mentions?: string[] }

/** Opt in to the missing-resource check: a spec naming something that does not exist, and what the error must name. */
export interface MissingSpecExpectation {
  /** The spec, or a function of the fixture's spec (to point at a sibling that does not exist). */
  spec: Record<string, unknown> | ((fixtureSpec: Record<string, unknown>) => Record<string, unknown>)
  /** Each must appear in the error message, case-insensitively: the missing thing's name, usually. */
  mentions: string[]
}

export interface ConformanceSettings {
  registration: ProviderRegistration
  setup: (events: ConformanceEvent[]) => Promise<ConformanceFixture>
  /** The provider's page size for this fixture; the suite seeds `2 * pageSize + 7` events. Default 20. */
  pageSize?: number
  /** How long one step (a `next()`, a `close()`, appended events showing up) may take. Default 10 000 ms. */
  timeoutMs?: number
  /** `lines` the tail checks ask for. Default 5. */
  tailLines?: number
  invalidSpec?: InvalidSpecExpectation
  missingSpec?: MissingSpecExpectation
}

export interface ConformanceTarget {
  readonly registration: ProviderRegistration
  readonly sourceName: string
  readonly spec: Record<string, unknown>
  readonly credentials?: Credentials
  readonly append?: (events: ConformanceEvent[]) => Promise<void>
  /** Marks this run's messages, so leftovers of an earlier run are told apart. */
  readonly run: string
  readonly seeded: readonly KnownEvent[]
  /** Grows as the tail checks append; every check's expectations cover seeded and appended events. */
  readonly appended: KnownEvent[]
  readonly pageSize: number
  readonly timeoutMs: number
  readonly tailLines: number
  readonly invalidSpec?: InvalidSpecExpectation
  readonly missingSpec?: MissingSpecExpectation
  /** Everything the provider logged through ctx.logger, for the secret check. */
  readonly logged: unknown[][]
}

export interface PreparedConformance extends ConformanceTarget {
  teardown(): Promise<void>
}

export const SOURCE_NAME = 'conformance-source'

/** Seeds the events, runs `setup`, and returns the target every check takes. */
export async function prepareConformance(settings: ConformanceSettings): Promise<PreparedConformance> {
  const pageSize = positive(settings.pageSize ?? 20, 'pageSize')
  const timeoutMs = positive(settings.timeoutMs ?? 10_000, 'timeoutMs')
  const tailLines = positive(settings.tailLines ?? 5, 'tailLines')
  if (tailLines < 2)
    throw new ConformanceError('tailLines must be at least 2 (the abort check reads one line of it).')
  const run = newRunId()
  const seeded = seedEvents(run, 2 * pageSize + 7, pageSize, Date.now())
  let fixture: ConformanceFixture
  try {
    fixture = await settings.setup(seeded.map(({ timestamp, message }) => ({ timestamp, message })))
  } catch (err) {
    throw new ConformanceError(`Your conformance setup() failed: ${describeError(err)}`, { cause: err })
  }
  if (!fixture || typeof fixture.spec !== 'object' || fixture.spec === null) {
    throw new ConformanceError('Your conformance setup() must resolve to an object with a `spec` object.')
  }
  return {
    registration: settings.registration,
    sourceName: SOURCE_NAME,
    spec: fixture.spec,
    credentials: fixture.credentials,
    append: fixture.append,
    run,
    seeded,
    appended: [],
    pageSize,
    timeoutMs,
    tailLines,
    invalidSpec: settings.invalidSpec,
    missingSpec: settings.missingSpec,
    logged: [],
    teardown: async () => {
      await fixture.teardown?.()
    },
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConformanceError(`${name} must be a positive integer, not ${String(value)}.`)
  }
  return value
}

export function knownEvents(target: ConformanceTarget): KnownEvent[] {
  return [...target.seeded, ...target.appended]
}

/** A window one second wider than the seeded events on each side; it excludes appended events. */
export function seededWindow(target: ConformanceTarget): { since: Date; until: Date } {
  const first = target.seeded[0]?.timestamp ?? 0
  const last = target.seeded[target.seeded.length - 1]?.timestamp ?? 0
  return { since: new Date(first - 1000), until: new Date(last + 1000) }
}

export function recordingLogger(into: unknown[][]): Logger {
  const record = (level: string) => (objOrMsg: unknown, msg?: string) => {
    into.push([level, objOrMsg, msg])
  }
  return { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') }
}

/** Settles `promise` or fails after `timeoutMs`, naming `what`. */
export async function within<T>(promise: PromiseLike<T> | T, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const settled = Promise.resolve(promise)
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ConformanceError(`${what} did not settle within ${timeoutMs} ms.`)),
      timeoutMs,
    )
  })
  try {
    return await Promise.race([settled, timeout])
  } finally {
    clearTimeout(timer)
    settled.catch(() => {})
  }
}

/** registration.create() for `spec`, within the target's time limit; what it throws is the caller's to judge. */
export function createWithin(target: ConformanceTarget, spec: Record<string, unknown>): Promise<Provider> {
  return within(
    target.registration.create({
      name: target.sourceName,
      spec,
      credentials: target.credentials,
      logger: recordingLogger(target.logged),
    }),
    target.timeoutMs,
    'registration.create()',
  )
}

/** Creates a provider for `spec` (the fixture's by default) through the registration, as the CLI does. */
export async function createProvider(
  target: ConformanceTarget,
  spec: Record<string, unknown> = target.spec,
): Promise<Provider> {
  let provider: Provider
  try {
    provider = await createWithin(target, spec)
  } catch (err) {
    if (err instanceof ConformanceError) throw err
    throw new ConformanceError(
      `registration.create() failed for the spec ${JSON.stringify(spec)}: ${describeError(err)}`,
      { cause: err },
    )
  }
  if (!provider || typeof provider !== 'object') {
    throw new ConformanceError(
      `registration.create() resolved to ${String(provider)} instead of a provider object.`,
    )
  }
  return provider
}

/** Creates and validates a provider for the fixture, runs `body`, and always closes it. */
export async function withProvider<T>(
  target: ConformanceTarget,
  body: (p: Provider) => Promise<T>,
): Promise<T> {
  const provider = await createProvider(target)
  try {
    try {
      await within(provider.validate(), target.timeoutMs, 'validate()')
    } catch (err) {
      if (err instanceof ConformanceError) throw err
      throw new ConformanceError(
        `validate() rejected the spec your setup() returned (${JSON.stringify(target.spec)}): ${describeError(err)}`,
        { cause: err },
      )
    }
    return await body(provider)
  } finally {
    await within(provider.close(), target.timeoutMs, 'close()').catch(() => {})
  }
}

/** Secret strings from the fixture's credentials, which must never reach a message or the log. */
export function secretsOf(credentials: Credentials | undefined): string[] {
  if (!credentials) return []
  const values =
    credentials.type === 'aws'
      ? [credentials.secretAccessKey, credentials.sessionToken]
      : credentials.type === 'github'
        ? [credentials.token]
        : []
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 4)
}

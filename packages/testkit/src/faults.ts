/**
 * Fault injection, set through `POST /_emulator/faults`: a ratio of calls throttled, answered with
 * a 5xx, or cut by a connection reset, added latency, and optionally only for some operations.
 * Decisions come from a seeded generator, so a test run is repeatable.
 */
export interface FaultConfig {
  /** 0..1: ratio of calls answered with ThrottlingException (HTTP 400), which SDKs retry. */
  throttle?: number
  /** 0..1: ratio of calls answered with HTTP 500: the 5xx error each service's model knows (CloudWatch Logs ServiceUnavailableException, CloudTrail InternalFailure). */
  error5xx?: number
  /** 0..1: ratio of calls whose connection is destroyed before any answer. */
  reset?: number
  /** 0..1: ratio of calls answered with AccessDeniedException (an emulator extension). */
  accessDenied?: number
  /**
   * 0..1: ratio of calls answered 200 with the service's content type but a body cut short
   * mid-JSON, as a dropped proxy or a truncated transfer delivers it (an emulator extension).
   */
  malformed?: number
  /** 0..1: ratio of LookupEvents pages that repeat one of their events (CloudTrail does, now and then). */
  duplicates?: number
  /** CloudTrail events put while this is set become visible to LookupEvents this long after. */
  deliveryDelayMs?: number
  /** Delay before every affected call is answered. */
  latencyMs?: number
  /** Operation names (`FilterLogEvents`, `LookupEvents`, ...) the faults apply to; all when absent. */
  operations?: string[]
  /**
   * GitHub: how a throttled call is refused. `primary` is a 403 with `x-ratelimit-remaining: 0`,
   * `secondary` a 429 with `retry-after`; `alternate` (the default) takes turns, so clients meet both.
   */
  throttleKind?: 'primary' | 'secondary' | 'alternate'
  /** GitHub: seconds of `retry-after` on a secondary limit (default 1). */
  retryAfterSeconds?: number
  /**
   * GitHub: what the log storage serves for a job that is still running. `not-found` (the default)
   * is a 404 BlobNotFound; `partial` is the lines written so far.
   */
  runningJobLogs?: 'not-found' | 'partial'
  /** GitHub: 0..1 ratio of signed log URLs that have already expired when they are fetched. */
  expiredLogUrls?: number
  /** GitHub: an `x-poll-interval` header (seconds) on run and job answers. */
  pollIntervalSeconds?: number
}

export type FaultDecision = 'reset' | 'throttle' | 'error5xx' | 'accessDenied' | 'malformed' | undefined

export class FaultConfigError extends Error {}

const RATIOS = [
  'throttle',
  'error5xx',
  'reset',
  'accessDenied',
  'malformed',
  'expiredLogUrls',
  'duplicates',
] as const
const DURATIONS = ['latencyMs', 'deliveryDelayMs'] as const
const SECONDS = ['retryAfterSeconds', 'pollIntervalSeconds'] as const
const CHOICES = {
  throttleKind: ['primary', 'secondary', 'alternate'],
  runningJobLogs: ['not-found', 'partial'],
} as const

/** Validates a faults body; `{}` is valid and clears every fault. */
export function parseFaultConfig(body: unknown): FaultConfig {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new FaultConfigError(
      'The faults body must be a JSON object such as {"throttle": 0.3}; send {} to clear faults.',
    )
  }
  const raw = body as Record<string, unknown>
  const known = new Set<string>([...RATIOS, ...DURATIONS, ...SECONDS, ...Object.keys(CHOICES), 'operations'])
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      throw new FaultConfigError(`Unknown fault "${key}"; the faults are ${[...known].join(', ')}.`)
    }
  }
  const config: FaultConfig = {}
  for (const key of RATIOS) {
    const v = raw[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new FaultConfigError(`Fault "${key}" must be a ratio between 0 and 1, not ${JSON.stringify(v)}.`)
    }
    config[key] = v
  }
  for (const key of DURATIONS) {
    const v = raw[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !(v >= 0)) {
      throw new FaultConfigError(
        `Fault "${key}" must be a number of milliseconds >= 0, not ${JSON.stringify(v)}.`,
      )
    }
    config[key] = v
  }
  for (const key of SECONDS) {
    const v = raw[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new FaultConfigError(
        `Fault "${key}" must be a whole number of seconds >= 0, not ${JSON.stringify(v)}.`,
      )
    }
    config[key] = v
  }
  for (const [key, allowed] of Object.entries(CHOICES) as Array<[keyof typeof CHOICES, readonly string[]]>) {
    const v = raw[key]
    if (v === undefined) continue
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw new FaultConfigError(
        `Fault "${key}" must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}.`,
      )
    }
    ;(config as Record<string, unknown>)[key] = v
  }
  if (raw.operations !== undefined) {
    if (!Array.isArray(raw.operations) || raw.operations.some((o) => typeof o !== 'string')) {
      throw new FaultConfigError(
        'Fault "operations" must be a list of operation names such as ["FilterLogEvents"].',
      )
    }
    config.operations = raw.operations as string[]
  }
  return config
}

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class FaultInjector {
  private current: FaultConfig = {}
  private random = seededRandom(0x5eed)

  get config(): FaultConfig {
    return { ...this.current }
  }

  private throttledSoFar = 0

  set(config: FaultConfig): void {
    this.current = { ...config }
    this.random = seededRandom(0x5eed)
    this.throttledSoFar = 0
  }

  /** How a GitHub call that `decide` throttled is refused (see `throttleKind`). */
  throttleKind(): 'primary' | 'secondary' {
    const kind = this.current.throttleKind ?? 'alternate'
    if (kind !== 'alternate') return kind
    return this.throttledSoFar++ % 2 === 0 ? 'secondary' : 'primary'
  }

  clear(): void {
    this.set({})
  }

  applies(operation: string): boolean {
    return !this.current.operations || this.current.operations.includes(operation)
  }

  latencyFor(operation: string): number {
    return this.applies(operation) ? (this.current.latencyMs ?? 0) : 0
  }

  /** True for a share `ratio` of calls of `operation` (a seeded draw, like every other fault). */
  chance(operation: string, kind: 'expiredLogUrls' | 'duplicates'): boolean {
    const ratio = this.current[kind]
    return this.applies(operation) && !!ratio && this.random() < ratio
  }

  /** CloudTrail events put while this is set stay invisible to LookupEvents this long. */
  get deliveryDelayMs(): number {
    return this.current.deliveryDelayMs ?? 0
  }

  decide(operation: string): FaultDecision {
    if (!this.applies(operation)) return undefined
    for (const kind of ['reset', 'throttle', 'error5xx', 'accessDenied', 'malformed'] as const) {
      const ratio = this.current[kind]
      if (ratio && this.random() < ratio) return kind
    }
    return undefined
  }
}

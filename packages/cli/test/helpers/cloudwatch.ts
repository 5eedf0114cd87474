import { type Emulator, type EmulatorOptions, type StatsSnapshot, startEmulator } from '@atmos-logs/testkit'
import { cleanEnv, tempProject } from './cli.js'

/**
 * What the CloudWatch end-to-end tests share: an emulator driven through its public control routes
 * (as docs and outside scripts drive it), atmos projects pointing at it, and the ground truth of
 * what was put.
 */
export interface PutEvent {
  timestamp?: number
  message: string
}

/** One event as the test put it: what the CLI must print back. */
export interface TruthEvent {
  logGroup: string
  logStream: string
  timestamp: number
  message: string
  id: string
}

export interface CloudWatchHarness {
  emulator: Emulator
  /** Environment for the CLI: the emulator's variables and nothing from the outside. */
  env(extra?: Record<string, string>): Record<string, string>
  control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any>
  /**
   * POST /_emulator/cloudwatch/events, into `region` (the emulator's default, us-east-1, where the
   * CLI reads with `env()` and no spec.region); returns the events with the ids the emulator gave them.
   */
  put(
    logGroup: string,
    logStream: string,
    events: PutEvent[],
    opts?: { region?: string },
  ): Promise<TruthEvent[]>
  stats(): Promise<StatsSnapshot>
  faults(config: Record<string, unknown>): Promise<void>
  /** Clears data, stats and faults between tests. */
  reset(): Promise<void>
  close(): Promise<void>
}

export async function cloudwatchHarness(options: EmulatorOptions = {}): Promise<CloudWatchHarness> {
  const emulator = await startEmulator(options)
  const control = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${emulator.endpoint}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`)
    return text ? JSON.parse(text) : undefined
  }
  return {
    emulator,
    env: (extra = {}) => cleanEnv({ ...emulator.env, ...extra }),
    control,
    async put(logGroup, logStream, events, opts = {}) {
      const { eventIds } = (await control('POST', '/_emulator/cloudwatch/events', {
        region: opts.region,
        logGroup,
        logStream,
        events,
      })) as { eventIds: string[] }
      const now = Date.now()
      return events.map((e, i) => ({
        logGroup,
        logStream,
        timestamp: e.timestamp ?? now,
        message: e.message,
        id: eventIds[i]!,
      }))
    },
    stats: () => control('GET', '/_emulator/stats'),
    faults: async (config) => {
      await control('POST', '/_emulator/faults', config)
    },
    reset: async () => {
      await control('POST', '/_emulator/reset')
    },
    close: () => emulator.close(),
  }
}

/**
 * The set-up of a CloudWatch test file or block: an emulator harness started in beforeAll and
 * closed in afterAll, optionally reset before each test. Use it only inside hooks and tests.
 */
export function useCloudWatchHarness(
  options: EmulatorOptions = {},
  { resetBeforeEach = false }: { resetBeforeEach?: boolean } = {},
): CloudWatchHarness {
  // Filled in by beforeAll: the returned object is the harness once the hook has run.
  const harness = {} as CloudWatchHarness
  beforeAll(async () => {
    Object.assign(harness, await cloudwatchHarness(options))
  })
  afterAll(async () => {
    await harness.close?.()
  })
  if (resetBeforeEach) beforeEach(() => harness.reset())
  return harness
}

/** An atmos project whose atmos.yaml declares `sources` directly (JSON is valid YAML). */
export function directProject(
  sources: Record<string, { kind?: string; spec: Record<string, unknown> }>,
  settings?: Record<string, unknown>,
): Promise<string> {
  const withKind = Object.fromEntries(
    Object.entries(sources).map(([name, s]) => [name, { kind: s.kind ?? 'aws/cloudwatch', spec: s.spec }]),
  )
  return tempProject({
    'atmos.yaml': `${JSON.stringify({ logs: { ...(settings ? { settings } : {}), sources: withKind } }, null, 2)}\n`,
  })
}

/** A line of `--format json` output, the fields these tests look at. */
export interface JsonLine {
  timestamp: string
  level: string | null
  message: string
  id: string | null
  source: string
  component: string | null
  stack: string | null
  requestId: string | null
  metadata: { logGroup: string; logStream: string }
}

export function parseJsonLines(stdout: string): JsonLine[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JsonLine)
}

/** Ground truth in the order a merged timeline shows it (every test uses distinct timestamps). */
export function timeline(events: TruthEvent[]): TruthEvent[] {
  return [...events].sort((a, b) => a.timestamp - b.timestamp)
}

/** What a printed line and a put event have in common, for exact comparisons. */
export const printedKey = (l: JsonLine) =>
  `${l.timestamp} ${l.metadata.logGroup} ${l.metadata.logStream} ${l.id} ${l.message}`
export const truthKey = (e: TruthEvent) =>
  `${new Date(e.timestamp).toISOString()} ${e.logGroup} ${e.logStream} ${e.id} ${e.message}`

/** `--format json` output holds every put event exactly once, in time order, each id once. */
export function expectExactlyOnceInOrder(stdout: string, truth: TruthEvent[]): void {
  const printed = parseJsonLines(stdout)
  expect(printed.map(printedKey)).toEqual(timeline(truth).map(truthKey))
  expect(new Set(printed.map((l) => l.id)).size).toBe(printed.length)
}

/** The FilterLogEvents calls the emulator recorded, with their parameters. */
export function filterCalls(stats: StatsSnapshot): Array<Record<string, unknown>> {
  return stats.recent
    .filter((c) => c.operation === 'FilterLogEvents')
    .map((c) => c.params as Record<string, unknown>)
}

export const iso = (ms: number) => new Date(ms).toISOString()

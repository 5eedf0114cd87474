import type { StatsSnapshot } from '@atmos-logs/testkit'
import type { FaultTarget } from './targets.js'

/** What a row expects: the exit code, and for a failure the one message and its hint. */
export interface Outcome {
  code: number
  /** The `Error:` paragraph (without "Error: "). */
  error?: RegExp
  hint?: RegExp
  /** Every prepared event printed exactly once (a fault the read must ride out). */
  allEvents?: boolean
  /**
   * The faulted answers the emulator gave, where the error counts them in its group `n`: the CLI
   * must have met at least one and counted no more than were given.
   */
  recorded?(stats: StatsSnapshot): number
}

/**
 * One fault and the command it is met with. Generic: the target supplies names (service, read
 * operation, endpoint variable), so each scenario runs against every kind that can do `needs`.
 */
export interface FaultScenario {
  fault: string
  /** The command, after `atmos logs`, given the source and the view window. */
  command(t: FaultTarget, source: string): string[]
  /** The emulator's faults (POST /_emulator/faults). */
  faults?(t: FaultTarget): Record<string, unknown>
  /** logs.settings of the project. */
  settings?: Record<string, unknown>
  /** The endpoint the CLI is pointed at instead of the emulator. */
  endpoint?: 'dead' | 'html'
  /** Kill the emulator once the follow has printed this many lines. */
  killAfterLines?: number
  needs?: 'follow'
  expect(t: FaultTarget): Outcome
}

/**
 * The --timeout of the rows that must meet the fault before it: it counts from the command's start,
 * so it leaves room for a start slowed by a loaded machine (two test files at once on two cores,
 * where the first call has come 2.3 s after the spawn at a load of 19) before the first answer.
 */
const MEET_FAULT_TIMEOUT = '8s'

/** The hint of a --timeout reached while the service kept failing or throttling. */
const TROUBLE_HINT =
  /^The service kept failing or throttling \(see above\): check it and its endpoint, or try again later; --timeout \(or logs\.settings\.timeout\) sets how long to wait\.$/

/** The emulator's name for the API a read pages through, where a row aims its faults. */
const readApi = (t: FaultTarget) => [t.faultOperation ?? t.readOperation]

/** The address of a row's own endpoint, with the path a kind adds to it (GitHub's API root: `/github`). */
const LOOPBACK_URL = 'http://127\\.0\\.0\\.1:\\d+(?:/[^\\s)]*)?'

/** The throttled answers the emulator gave to the API a row aims its faults at (injected or its own quota's). */
const throttledBy = (t: FaultTarget, stats: StatsSnapshot) => stats.throttled[readApi(t)[0]!] ?? 0

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

const view = (t: FaultTarget, source: string, ...extra: string[]) => [
  'view',
  '--source',
  source,
  '--format',
  'json',
  ...t.viewWindow,
  ...extra,
]

export const SCENARIOS: FaultScenario[] = [
  {
    fault: 'throttle 1.0, --timeout',
    command: (t, s) => view(t, s, '--timeout', MEET_FAULT_TIMEOUT),
    faults: (t) => ({ throttle: 1, operations: readApi(t) }),
    expect: (t) => ({
      code: 1,
      error: new RegExp(
        `did not finish within ${MEET_FAULT_TIMEOUT} \\(--timeout\\): \\d+ pages? read, 0 entries printed; source \\w+: ${t.readOperation} throttled (?<n>\\d+) times?\\.$`,
      ),
      hint: TROUBLE_HINT,
      recorded: (stats) => throttledBy(t, stats),
    }),
  },
  {
    fault: 'throttle 1.0, stall_timeout',
    command: (t, s) => view(t, s),
    faults: (t) => ({ throttle: 1, operations: readApi(t) }),
    settings: { stall_timeout: '4s' },
    expect: (t) => ({
      code: 1,
      error: new RegExp(
        `^Stopped after no page could be read for \\d+s \\(logs\\.settings\\.stall_timeout 4s\\): source \\w+: ${t.readOperation} throttled \\d+ times?; \\d+ pages? read, 0 entries printed before that\\.$`,
      ),
      hint: /raise logs\.settings\.stall_timeout \(0 turns it off\)/,
    }),
  },
  {
    fault: 'throttle 0.9, tail',
    // 150 lines: several pages on every kind (CloudTrail answers 50 a page, newest first), so the
    // throttling outlasts the --timeout rather than one lucky call finishing the tail.
    command: (_t, s) => ['tail', '--source', s, '--lines', '150', '--format', 'json', '--timeout', '8s'],
    faults: (t) => ({ throttle: 0.9, operations: readApi(t) }),
    expect: (t) => ({
      code: 1,
      error: new RegExp(
        `did not finish within 8s \\(--timeout\\): \\d+ pages? read, \\d+ entr(y|ies) printed; source \\w+: ${t.readOperation} throttled (?<n>\\d+) times?\\.$`,
      ),
      hint: TROUBLE_HINT,
      recorded: (stats) => throttledBy(t, stats),
    }),
  },
  {
    fault: 'connection resets 0.3',
    command: (t, s) => view(t, s, '--timeout', '50s'),
    faults: () => ({ reset: 0.3 }),
    expect: () => ({ code: 0, allEvents: true }),
  },
  {
    fault: '5xx 0.3',
    command: (t, s) => view(t, s, '--timeout', '50s'),
    faults: (t) => ({ error5xx: 0.3, operations: readApi(t) }),
    expect: () => ({ code: 0, allEvents: true }),
  },
  {
    fault: '5xx 1.0, --timeout',
    command: (t, s) => view(t, s, '--timeout', MEET_FAULT_TIMEOUT),
    faults: (t) => ({ error5xx: 1, operations: readApi(t) }),
    expect: (t) => ({
      code: 1,
      error: new RegExp(
        `did not finish within ${MEET_FAULT_TIMEOUT} \\(--timeout\\): .*${t.readOperation} failed (?<n>\\d+) times? \\(`,
      ),
      hint: TROUBLE_HINT,
      recorded: (stats) => stats.faults.error5xx ?? 0,
    }),
  },
  {
    fault: 'latency 5s, --timeout',
    command: (t, s) => view(t, s, '--timeout', '3s'),
    faults: () => ({ latencyMs: 5000 }),
    expect: () => ({
      code: 1,
      error: /did not finish within 3s \(--timeout\): 0 pages read, 0 entries printed\.$/,
      hint: /^Raise --timeout/,
    }),
  },
  {
    fault: 'dead endpoint',
    command: (t, s) => view(t, s, '--timeout', '30s'),
    endpoint: 'dead',
    expect: (t) => ({
      code: 1,
      error: new RegExp(
        `could not reach ${literal(t.service)} at ${LOOPBACK_URL} \\(set by the ${t.endpointVariable} environment variable\\): connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+`,
      ),
      hint: new RegExp(`^Check the ${t.endpointVariable} environment variable: is the address right`),
    }),
  },
  {
    fault: 'wrong-protocol endpoint (HTML 404)',
    command: (t, s) => view(t, s, '--timeout', '30s'),
    endpoint: 'html',
    expect: (t) => ({
      code: 1,
      error: new RegExp(
        `the endpoint ${LOOPBACK_URL} did not answer like ${literal(t.service)} \\(HTTP 404, text/html\\)\\. It comes from the ${t.endpointVariable} environment variable\\.$`,
      ),
      hint: new RegExp(
        `^Point the ${t.endpointVariable} environment variable at a ${literal(t.service)} endpoint`,
      ),
    }),
  },
  {
    fault: 'emulator killed mid-follow',
    command: (_t, s) => [
      'tail',
      '--source',
      s,
      '--follow',
      '--lines',
      '5',
      '--format',
      'json',
      '--timeout',
      '12s',
    ],
    killAfterLines: 5,
    needs: 'follow',
    // Ended by its retries giving up, or by --timeout first: either way exit 1 naming the refusal.
    // The five lines are one page printed seconds into the run; the rest of the --timeout is what
    // the row waits out once the emulator is gone, so it is no longer than leaves room under load.
    expect: () => ({ code: 1, error: /ECONNREFUSED/, hint: /check it and its endpoint|running there/ }),
  },
  {
    fault: 'malformed pages 0.3',
    command: (t, s) => view(t, s, '--timeout', '50s'),
    faults: (t) => ({ malformed: 0.3, operations: readApi(t) }),
    expect: () => ({ code: 0, allEvents: true }),
  },
  {
    fault: 'malformed pages 1.0, --timeout',
    command: (t, s) => view(t, s, '--timeout', MEET_FAULT_TIMEOUT),
    faults: (t) => ({ malformed: 1, operations: readApi(t) }),
    expect: (t) => ({
      code: 1,
      error: new RegExp(
        `${t.readOperation} failed (?<n>\\d+) times? \\(an answer ${literal(t.service)} would not give \\(HTTP 200, [^)]*json[^)]*\\)\\)`,
      ),
      hint: TROUBLE_HINT,
      recorded: (stats) => stats.faults.malformed ?? 0,
    }),
  },
]

import { createServer } from 'node:http'
import { createAwsEndpoint } from './aws-endpoint.js'
import { type Clock, systemClock } from './clock.js'
import type { CloudTrailService } from './cloudtrail/index.js'
import { REGION } from './cloudwatch/arn.js'
import type { QueryTiming } from './cloudwatch/queries.js'
import type { CloudWatchStore } from './cloudwatch/store.js'
import type { FaultInjector } from './faults.js'
import type { CloudLoggingService } from './gcp/index.js'
import { LoggingTailServer, type LoggingTailSettings } from './gcp/tail.js'
import type { GitHubEmulator } from './github/index.js'
import { closeServers, listen } from './listeners.js'
import { createGitHubLogsRoute, createRouter } from './router.js'
import type { SeedData } from './seeds/format.js'
import { applySeed, type SeedSummary } from './seeds/load.js'
import { createServices, DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from './services.js'
import type { StatsRecorder } from './stats.js'

export interface EmulatorOptions {
  /** Port of the main listener on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number
  /** `'demo'`, a seed file path (JSON or YAML), or seed data. */
  seed?: 'demo' | string | SeedData
  /** Time source for every service; tests pass a ManualClock. */
  clock?: Clock
  /** Live Tail session length before SessionTimeoutException (default 3 hours). */
  liveTailSessionMs?: number
  /** Time between Live Tail sessionUpdate events (default 1000 ms). */
  liveTailIntervalMs?: number
  /** Logs Insights query progress (clock time): Scheduled for `scheduledMs`, Running for `runningMs`. */
  queryTiming?: Partial<QueryTiming>
  /** Events FilterLogEvents examines per page before answering (partial pages carry a nextToken). Default 10,000. */
  filterScanLimit?: number
  /** Cloud Logging's TailLogEntries limits (session length, entries a minute, sessions per project). */
  loggingTail?: Partial<LoggingTailSettings>
}

export interface Emulator {
  /** Base URL of the AWS endpoint, e.g. `http://127.0.0.1:4566`. */
  endpoint: string
  /** Base URL of the GitHub REST API, `${endpoint}/github`. */
  github: string
  /** The second origin GitHub job logs redirect to. */
  githubLogs: string
  /** Cloud Logging's gRPC endpoint (TailLogEntries), `http://127.0.0.1:N`: a port of its own. */
  loggingGrpc: string
  /** Every variable a client needs to talk to this emulator. */
  env: Record<string, string>
  clock: Clock
  /** The CloudWatch Logs store of every region: put events, list groups, count (REGION unless a region is given). */
  cloudwatch: CloudWatchStore
  cloudtrail: CloudTrailService
  githubEmulator: GitHubEmulator
  /** The Cloud Logging service: write entries, count them. */
  logging: CloudLoggingService
  /** Cloud Logging's streaming read: open sessions, interrupt them. */
  loggingTail: LoggingTailServer
  faults: FaultInjector
  stats: StatsRecorder
  /** Loads more data: `'demo'`, a file path, or seed data. */
  seed(seed: 'demo' | string | SeedData): Promise<SeedSummary>
  /** Clears all data, stats and faults. */
  reset(): void
  close(): Promise<void>
}

export const EMULATOR_ACCESS_KEY_ID = 'AKIAEMULATOR00000000'
export const EMULATOR_SECRET_ACCESS_KEY = 'emulator-secret-access-key'
export const EMULATOR_GITHUB_TOKEN = 'ghp_emulatorToken00000000000000000000000'
/** The Cloud Logging API's base URL override that gcloud reads; Google's REST path (`/v2/...`) follows it. */
export const GCP_LOGGING_ENDPOINT_VARIABLE = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING'
/** Where the gcp/logging provider opens TailLogEntries streams (gcloud has no gRPC override). */
export const GCP_LOGGING_GRPC_ENDPOINT_VARIABLE = 'ATMOS_LOGS_GCP_GRPC_ENDPOINT'

/**
 * Starts every emulated service behind two listeners on 127.0.0.1: the main one (AWS, GitHub REST,
 * control routes) and the host GitHub's job-log redirects point at.
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const clock = opts.clock ?? systemClock
  const logsServer = createServer()
  const logsOrigin = await listen(logsServer, 0)
  const services = createServices(clock, settingsOf(opts), () => logsOrigin)
  logsServer.on('request', createGitHubLogsRoute(services.github))

  let endpoint = ''
  const server = createServer(
    createRouter({
      endpoint: () => endpoint,
      control: services,
      github: services.github,
      logging: services.logging,
      aws: createAwsEndpoint(services),
    }),
  )
  const servers = [server, logsServer]
  const loggingTail = new LoggingTailServer(services.logging, {
    clock,
    faults: services.faults,
    stats: services.stats,
    settings: opts.loggingTail,
  })
  let loggingGrpc = ''
  try {
    endpoint = await listen(server, opts.port ?? 0)
    loggingGrpc = await loggingTail.listen()
    if (opts.seed !== undefined) await applySeed(services, opts.seed, clock.now())
  } catch (e) {
    await loggingTail.close()
    await closeServers(servers)
    throw e
  }

  let closed: Promise<void> | undefined
  return {
    endpoint,
    github: `${endpoint}/github`,
    githubLogs: logsOrigin,
    loggingGrpc,
    env: clientEnv(endpoint, loggingGrpc),
    clock,
    cloudwatch: services.cloudwatch,
    cloudtrail: services.cloudtrail,
    githubEmulator: services.github,
    logging: services.logging,
    loggingTail,
    faults: services.faults,
    stats: services.stats,
    seed: (seed) => applySeed(services, seed, clock.now()),
    reset: services.reset,
    close() {
      closed ??= (async () => {
        services.liveTail.closeAll()
        await loggingTail.close()
        await closeServers(servers)
      })()
      return closed
    },
  }
}

function settingsOf(opts: EmulatorOptions): ServiceSettings {
  const d = DEFAULT_SERVICE_SETTINGS
  return {
    liveTail: {
      sessionMs: opts.liveTailSessionMs ?? d.liveTail.sessionMs,
      intervalMs: opts.liveTailIntervalMs ?? d.liveTail.intervalMs,
    },
    queryTiming: { ...d.queryTiming, ...opts.queryTiming },
    filterScanLimit: opts.filterScanLimit ?? d.filterScanLimit,
  }
}

/** Every variable an AWS SDK, the aws CLI, a GitHub client or a Cloud Logging client needs to talk to this emulator. */
function clientEnv(endpoint: string, loggingGrpc: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: EMULATOR_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: EMULATOR_SECRET_ACCESS_KEY,
    AWS_REGION: REGION,
    GITHUB_API_URL: `${endpoint}/github`,
    GITHUB_TOKEN: EMULATOR_GITHUB_TOKEN,
    [GCP_LOGGING_ENDPOINT_VARIABLE]: `${endpoint}/`,
    [GCP_LOGGING_GRPC_ENDPOINT_VARIABLE]: loggingGrpc,
  }
}

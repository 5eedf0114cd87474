import type { Clock } from './clock.js'
import { CloudTrailService } from './cloudtrail/index.js'
import { ACCOUNT_ID, REGION } from './cloudwatch/arn.js'
import { LiveTailManager } from './cloudwatch/live-tail.js'
import type { CloudWatchService } from './cloudwatch/operations.js'
import { QueryManager, type QueryTiming } from './cloudwatch/queries.js'
import { CloudWatchStore } from './cloudwatch/store.js'
import type { ControlTargets } from './control.js'
import { HOUR, SECOND } from './durations.js'
import { FaultInjector } from './faults.js'
import { CloudLoggingService } from './gcp/index.js'
import { createGitHubEmulator, type GitHubEmulator } from './github/index.js'
import { StatsRecorder } from './stats.js'

/** How the services behave where the real ones have limits or take time. */
export interface ServiceSettings {
  liveTail: { sessionMs: number; intervalMs: number }
  queryTiming: QueryTiming
  filterScanLimit: number
}

/** What the real services do: Live Tail sessions end after 3 hours with an update each second. */
export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  liveTail: { sessionMs: 3 * HOUR, intervalMs: SECOND },
  queryTiming: { scheduledMs: 200, runningMs: 800 },
  filterScanLimit: 10_000,
}

/** Every service the emulator serves, sharing one clock, one fault injector and one call recorder. */
export interface EmulatorServices extends ControlTargets {
  clock: Clock
  cloudwatch: CloudWatchStore
  /** What the CloudWatch Logs operations work on (each request in the region it was signed for). */
  cloudwatchService: CloudWatchService
  liveTail: LiveTailManager
  cloudtrail: CloudTrailService
  github: GitHubEmulator
  logging: CloudLoggingService
  faults: FaultInjector
  stats: StatsRecorder
}

export function createServices(
  clock: Clock,
  settings: ServiceSettings,
  githubLogsOrigin: () => string,
): EmulatorServices {
  const cloudwatch = new CloudWatchStore(clock)
  const queries = new QueryManager(cloudwatch, clock, settings.queryTiming)
  const liveTail = new LiveTailManager(cloudwatch, settings.liveTail)
  const faults = new FaultInjector()
  const stats = new StatsRecorder()
  const cloudtrail = new CloudTrailService(clock, {
    accountId: ACCOUNT_ID,
    region: REGION,
    faults: {
      duplicatePage: () => {
        const repeat = faults.chance('LookupEvents', 'duplicates')
        if (repeat) stats.recordFault('duplicates')
        return repeat
      },
      deliveryDelayMs: () => faults.deliveryDelayMs,
    },
  })
  const github = createGitHubEmulator({
    clock,
    logsOrigin: githubLogsOrigin,
    apiPrefix: '/github',
    faults,
    stats,
  })
  const logging = new CloudLoggingService({ clock, faults, stats })
  return {
    clock,
    cloudwatch,
    cloudwatchService: { store: cloudwatch, clock, queries, filterScanLimit: settings.filterScanLimit },
    liveTail,
    cloudtrail,
    github,
    logging,
    faults,
    stats,
    now: () => clock.now(),
    reset() {
      liveTail.closeAll()
      cloudwatch.reset()
      queries.reset()
      cloudtrail.reset()
      github.reset()
      logging.reset()
      faults.clear()
      stats.reset()
    },
  }
}

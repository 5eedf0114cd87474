// Public API of @atmos-logs/testkit.

export { AwsServiceError, isAwsServiceError } from './aws-error.js'
export { type Clock, ManualClock, systemClock } from './clock.js'
export { CloudTrailService, type ControlCloudTrailEvent } from './cloudtrail/index.js'
export { ACCOUNT_ID, logGroupArn, REGION } from './cloudwatch/arn.js'
export {
  compileFilterPattern,
  FilterPatternError,
  type MessageMatcher,
} from './cloudwatch/filter-pattern/index.js'
export type {
  CloudWatchStore,
  EventInput,
  LogGroupRecord,
  LogStreamRecord,
  StoredEvent,
} from './cloudwatch/store.js'
export type { FaultConfig } from './faults.js'
export { DEMO_CLOUD_RUN_SERVICE, DEMO_GCP_PROJECT } from './gcp/demo.js'
export {
  type CloudLoggingSeed,
  CloudLoggingService,
  DEFAULT_PAGE_SIZE as CLOUD_LOGGING_DEFAULT_PAGE_SIZE,
  demoCloudLoggingEntries,
  LIST_REQUESTS_PER_MINUTE as CLOUD_LOGGING_LIST_REQUESTS_PER_MINUTE,
  type LogEntryJson,
  MAX_PAGE_SIZE as CLOUD_LOGGING_MAX_PAGE_SIZE,
} from './gcp/index.js'
export { DEFAULT_TAIL_SETTINGS, type LoggingTailServer, type LoggingTailSettings } from './gcp/tail.js'
export {
  buildTestLintJobs,
  deployWorkflowSeed,
  isLabelledLine,
  labelledJob,
  seededLinesByJob,
} from './github/labelled-seed.js'
export type {
  GitHubSeed,
  GitHubSeedAttempt,
  GitHubSeedJob,
  GitHubSeedRepo,
  GitHubSeedRun,
  GitHubSeedStep,
  GitHubSeedWorkflow,
} from './github/seed.js'
export { type NpmRegistry, startNpmRegistry } from './npm-registry/index.js'
export { describeWithPeer, inCI, type Peer } from './peers.js'
export { demoSeed } from './seeds/demo.js'
export type { SeedData, SeedEvent, SeedLogGroup, SeedLogStream, SeedTime } from './seeds/format.js'
export { SeedError } from './seeds/format.js'
export {
  type GenerateOptions,
  generatedGroupName,
  generatedStreamName,
  generateEvents,
} from './seeds/generate.js'
export { type LambdaInvocation, lambdaInvocationEvents, lambdaReport } from './seeds/lambda.js'
export type { SeedSummary } from './seeds/load.js'
export { STORY_RELEASE, type StoryTimes, storyTimes } from './seeds/story.js'
export {
  EMULATOR_ACCESS_KEY_ID,
  EMULATOR_GITHUB_TOKEN,
  EMULATOR_SECRET_ACCESS_KEY,
  type Emulator,
  type EmulatorOptions,
  GCP_LOGGING_ENDPOINT_VARIABLE,
  GCP_LOGGING_GRPC_ENDPOINT_VARIABLE,
  startEmulator,
} from './server.js'
export type { RecentCall, StatsSnapshot } from './stats.js'

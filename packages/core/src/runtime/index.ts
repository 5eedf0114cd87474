// The shared provider runtime: what every provider needs to hold its spec and call a rate-limited
// API well, and nothing else, so that importing it loads no configuration, YAML or schema code.
export { type BackoffOptions, backoffDelay } from './backoff.js'
export { abortError, type Clock, systemClock } from './clock.js'
export { isDroppedConnectionCode, isUnreachableCode, networkErrorCode, networkWords } from './network.js'
export { type PollTimings, pollTimingsOf } from './poll-timings.js'
export { type ReadProgress, readProgressOf } from './progress.js'
export { AdaptiveRateLimiter, type RateLimiterOptions, sharedLimiter } from './rate-limiter.js'
export { type FailureClass, RetryingCaller, type RetryingCallerOptions } from './retrying-caller.js'
export { type SpecParser, SpecProvider, type SpecProviderOptions } from './spec-provider.js'

// Helpers for providers built on the AWS SDK v3, without importing any SDK: error classification
// and messages, client settings from a source, and an SDK client behind the retrying caller.
export { AwsCaller, type AwsCallerOptions, type AwsSender } from './caller.js'
export {
  type AwsClientConfig,
  type AwsSdkSettings,
  awsClientConfig,
  awsLimiterKey,
  isHttpEndpoint,
  sdkClientSettings,
  specEndpoint,
} from './client-config.js'
export {
  type AwsCallContext,
  type AwsEndpoint,
  type AwsService,
  classifyAwsError,
  isAccessDenied,
  isCredentialFailure,
  isThrottle,
  isTransient,
  isUnreachable,
  mapAwsError,
  notTheService,
  serviceWords,
} from './errors.js'

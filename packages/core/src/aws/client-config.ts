import type { Credentials } from '../contract.js'
import type { AwsEndpoint, AwsService } from './errors.js'

/** True for an http(s) URL, what a source's `endpoint` must be (`http://127.0.0.1:4566`). */
export function isHttpEndpoint(value: unknown): value is string {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** A spec's `endpoint`, checked: undefined when not set; `problem` is told when it is not an http(s) URL. */
export function specEndpoint(
  value: unknown,
  problem: (field: string, what: string) => never,
): string | undefined {
  if (value === undefined) return undefined
  if (!isHttpEndpoint(value)) {
    problem(
      'endpoint',
      `expected an http(s) URL such as http://127.0.0.1:4566; got ${JSON.stringify(value)}.`,
    )
  }
  return value
}

/** What an AWS SDK client is built from; pure, so tests can check it without the SDK. */
export interface AwsClientConfig {
  region?: string
  /**
   * Set when the spec or the identity names one (an emulator identity); environment overrides are
   * left for the SDK to read.
   */
  endpoint?: string
  /** True when requests go somewhere other than AWS (spec or AWS_ENDPOINT_URL*). */
  endpointOverridden: boolean
  /** Where requests go and what chose it, for messages about the endpoint itself. */
  endpointInfo: AwsEndpoint
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }
  /** Key for the process-wide rate limiters: one per credential set (account). */
  accountKey: string
  /** Says whose credentials are used, for error messages; never a secret. */
  identityLabel: string
  identity?: string
}

/**
 * The client settings of one source: region from the spec, then the identity, then the
 * environment; the endpoint from the spec (the SDK itself honours AWS_ENDPOINT_URL and the
 * service's own variable, which we only note so Live Tail-style host prefixes can be turned off).
 */
export function awsClientConfig(
  service: AwsService,
  spec: { region?: string; endpoint?: string },
  credentials: Credentials | undefined,
  env: NodeJS.ProcessEnv = process.env,
  source?: string,
): AwsClientConfig {
  const aws = credentials?.type === 'aws' ? credentials : undefined
  const credRegion =
    credentials?.type === 'aws' || credentials?.type === 'default' ? credentials.region : undefined
  const region = spec.region ?? credRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? undefined
  const ignoreEnvEndpoints = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true'
  const envVariable = ignoreEnvEndpoints
    ? undefined
    : [service.endpointVariable, 'AWS_ENDPOINT_URL'].find((name) => env[name])
  const envEndpoint = envVariable ? env[envVariable] : undefined
  // The identity's own endpoint (an emulator identity) beats the ambient environment, as atmos
  // sets it for terraform; the source's spec beats both.
  const identityVariable = aws?.serviceEndpoints?.[service.endpointVariable]
    ? service.endpointVariable
    : aws?.endpoint
      ? 'AWS_ENDPOINT_URL'
      : undefined
  const identityEndpoint =
    identityVariable === 'AWS_ENDPOINT_URL'
      ? aws?.endpoint
      : aws?.serviceEndpoints?.[service.endpointVariable]
  const endpoint = spec.endpoint ?? identityEndpoint
  const endpointInfo: AwsEndpoint = spec.endpoint
    ? { url: spec.endpoint, setBy: source ? `spec.endpoint of source "${source}"` : 'spec.endpoint' }
    : identityEndpoint
      ? { url: identityEndpoint, setBy: `${identityVariable} of identity "${aws?.identity ?? ''}"` }
      : envEndpoint && envVariable
        ? { url: envEndpoint, setBy: `the ${envVariable} environment variable` }
        : {
            url: `https://${service.iamPrefix}.${region ?? 'us-east-1'}.amazonaws.com`,
            setBy: region ? `the region ${region}` : 'the default region',
          }
  const identity = aws?.identity
  const identityLabel = identity
    ? `identity "${identity}"`
    : aws
      ? 'the configured AWS access key'
      : 'the AWS SDK default credentials (environment, profile, SSO or instance role)'
  return {
    region,
    endpoint,
    endpointOverridden: Boolean(endpoint ?? envEndpoint),
    endpointInfo,
    credentials: aws
      ? {
          accessKeyId: aws.accessKeyId,
          secretAccessKey: aws.secretAccessKey,
          sessionToken: aws.sessionToken,
          expiration: aws.expiration,
        }
      : undefined,
    accountKey: identity ?? aws?.accessKeyId ?? env.AWS_PROFILE ?? env.AWS_ACCESS_KEY_ID ?? 'default',
    identityLabel,
    identity,
  }
}

/** What every SDK client of a source is built with: spread it into `new XxxClient({...})`. */
export interface AwsSdkSettings {
  region?: string
  maxAttempts: number
  requestHandler: { connectionTimeout: number }
  endpoint?: string
  credentials?: AwsClientConfig['credentials']
}

/** The SDK client settings of a source (in `region`, by default its own). */
export function sdkClientSettings(c: AwsClientConfig, region: string | undefined = c.region): AwsSdkSettings {
  // The SDK warns on Node 20 about its own future releases; the pinned SDK supports Node 20, and
  // the warning would land in the middle of the user's logs.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  return {
    region,
    // AwsCaller retries every request itself through the shared limiter (so throttling slows the
    // whole process, and a page is retried with its own token); SDK retries on top would multiply
    // attempts and hide throttling from the limiter.
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5000 },
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    ...(c.credentials ? { credentials: c.credentials } : {}),
  }
}

/**
 * The key of the process-wide limiter (`sharedLimiter`) of one API in one account and region:
 * sources of every AWS kind that call the same API there share its quota.
 */
export function awsLimiterKey(c: AwsClientConfig, region: string | undefined, api: string): string {
  return `${c.accountKey}\u0000${region ?? 'default'}\u0000${api}`
}

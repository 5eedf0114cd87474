import {
  ConfigError,
  CredentialsError,
  type Endpoint,
  notTheServiceError,
  ProviderError,
  unreachableEndpointError,
} from '../errors.js'
import { isDroppedConnectionCode, isUnreachableCode } from '../runtime/network.js'
import type { FailureClass } from '../runtime/retrying-caller.js'

/** The AWS service a provider talks to, for messages and IAM hints. */
export interface AwsService {
  /** The provider's kind, e.g. `aws/cloudwatch`. */
  kind: string
  /** The service's name in messages, e.g. `CloudWatch Logs`. */
  name: string
  /** The IAM action prefix, e.g. `logs` (`logs:FilterLogEvents`). */
  iamPrefix: string
  /** The SDK's service-specific endpoint variable, e.g. `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`. */
  endpointVariable: string
}

/** Where a failed call came from, so the message can say it. */
export interface AwsCallContext {
  source: string
  action: string
  region?: string
  /** What the call was about, readable (`log group "/aws/x"`), when it was about one thing. */
  resource?: string
  identityLabel: string
  identity?: string
  /** Where requests go and what chose that address, for failures of the endpoint itself. */
  endpoint?: AwsEndpoint
}

/** An endpoint and what set it: `spec.endpoint of source "x"`, `AWS_ENDPOINT_URL`, the region. */
export type AwsEndpoint = Endpoint

interface AwsLikeError {
  name?: string
  code?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
  $fault?: string
  /** The SDK's raw response, kept (hidden) on errors it could not read as the service's. */
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> }
}

const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'LimitExceededException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'Throttling',
])
const CREDENTIAL_NAMES = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
  'TokenProviderError',
])
const ACCESS_DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'])
// Names the SDK gives an answer that carried no AWS error type at all.
const UNTYPED_NAMES = new Set(['Unknown', 'UnknownError', 'SyntaxError'])

function fields(err: unknown): AwsLikeError {
  return err && typeof err === 'object' ? (err as AwsLikeError) : {}
}

export function isThrottle(err: unknown): boolean {
  const e = fields(err)
  return THROTTLE_NAMES.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429
}

export function isAccessDenied(err: unknown): boolean {
  return ACCESS_DENIED_NAMES.has(fields(err).name ?? '')
}

export function isCredentialFailure(err: unknown): boolean {
  return CREDENTIAL_NAMES.has(fields(err).name ?? '')
}

/** The endpoint cannot be reached at all: refused, unknown host, a TLS failure. */
export function isUnreachable(err: unknown): boolean {
  return isUnreachableCode(fields(err).code)
}

/**
 * Something answered, but not as an AWS service does: no error type, a body that is not the
 * service's JSON (an HTML page, a proxy's 404). Returns the status and content type, for messages.
 */
export function notTheService(err: unknown): { status?: number; contentType?: string } | undefined {
  const e = fields(err)
  const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode
  if (status === undefined) return undefined
  const untyped = UNTYPED_NAMES.has(e.name ?? '') || /Deserialization error/i.test(e.message ?? '')
  if (!untyped) return undefined
  const header = e.$response?.headers?.['content-type'] ?? e.$response?.headers?.['Content-Type']
  return { status, contentType: header?.split(';')[0]?.trim() || undefined }
}

/** A page cut short on its way (valid status and content type, body not readable): worth retrying. */
function isCutBody(err: unknown): boolean {
  const answer = notTheService(err)
  return (
    answer !== undefined &&
    fields(err).name === 'SyntaxError' &&
    answer.status === 200 &&
    /json/i.test(answer.contentType ?? '')
  )
}

/** A failure worth retrying a few times: dropped connections, timeouts, 5xx. */
export function isTransient(err: unknown): boolean {
  const e = fields(err)
  const status = e.$metadata?.httpStatusCode ?? 0
  if (status >= 500) return true
  if (e.$fault === 'server') return true
  if (isDroppedConnectionCode(e.code)) return true
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return true
  const message = e.message ?? ''
  return /socket hang up|ECONNRESET|EPIPE|network|premature close|aborted by the server/i.test(message)
}

/** How the retrying caller should treat an AWS SDK failure. */
export function classifyAwsError(err: unknown): FailureClass {
  if (isThrottle(err)) return 'throttle'
  if (isUnreachable(err)) return 'unreachable'
  if (isTransient(err) || isCutBody(err)) return 'transient'
  return 'fatal'
}

/** The service's own words, without the closing period: our sentences go on after them. */
export function serviceWords(err: unknown): string {
  return (fields(err).message ?? String(err)).trim().replace(/\.+$/, '')
}

/**
 * Turns an SDK failure into one readable paragraph with the right exit code: credentials (3),
 * access denied and other service failures (1), a missing region (2). Service-specific errors
 * (a missing log group, a bad query) are the provider's to explain before falling back to this.
 */
export function mapAwsError(err: unknown, service: AwsService, ctx: AwsCallContext): Error {
  const e = fields(err)
  const name = e.name ?? 'Error'
  const words = serviceWords(err)
  const where = `${service.kind} source "${ctx.source}"`
  const region = ctx.region ? ` in region ${ctx.region}` : ''

  if (name === 'AbortError') return err as Error
  const endpoint = ctx.endpoint
  if (endpoint && isUnreachable(err))
    return unreachableEndpointError(`The ${where}`, service.name, endpoint, words, err)
  const answer = notTheService(err)
  if (answer) {
    const what = [`HTTP ${answer.status}`, answer.contentType].filter(Boolean).join(', ')
    if (endpoint)
      return notTheServiceError(
        `The ${where}`,
        { name: service.name, otherwise: 'AWS' },
        ctx.action,
        endpoint,
        what,
        err,
      )
    const hint = 'Check the region and any proxy between you and AWS.'
    return new ProviderError(
      `The ${where} called ${ctx.action}, but the endpoint of region ${ctx.region ?? '(none)'} did not answer like ${service.name} (${what}). ${hint}`,
      { hint, cause: err },
    )
  }
  if (CREDENTIAL_NAMES.has(name)) {
    const fix = ctx.identity
      ? `Run \`atmos auth login --identity ${ctx.identity}\` and try again.`
      : 'Refresh your AWS credentials (for example `aws sso login`, or configure an identity for this source) and try again.'
    return new CredentialsError(
      `The ${where} could not authenticate with ${ctx.identityLabel} while calling ${ctx.action}${region}: ${words}. ${fix}`,
      { hint: fix, cause: err },
    )
  }
  if (ACCESS_DENIED_NAMES.has(name)) {
    const resource = ctx.resource ? ` on ${ctx.resource}` : ''
    const hint = `Grant ${service.iamPrefix}:${ctx.action} to ${ctx.identityLabel}, or use an identity that has it.`
    return new ProviderError(
      `The ${where} was denied ${service.iamPrefix}:${ctx.action}${resource}${region} for ${ctx.identityLabel}: ${words}. ${hint}`,
      { hint, cause: err },
    )
  }
  if (/region is missing/i.test(words)) {
    const hint = 'Set spec.region on the source, a region on its identity, or AWS_REGION.'
    return new ConfigError(`The ${where} has no AWS region. ${hint}`, {
      hint,
      yamlPath: 'spec.region',
      cause: err,
    })
  }
  const hint = 'Try again; if it keeps failing, run with --debug for details.'
  return new ProviderError(`The ${where} failed calling ${ctx.action}${region}: ${name}: ${words}. ${hint}`, {
    hint,
    cause: err,
  })
}

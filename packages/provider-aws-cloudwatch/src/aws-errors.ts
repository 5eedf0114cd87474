import { ConfigError, CredentialsError, ProviderError } from '@atmos-logs/core'

/** Where a failed call came from, so the message can say it. */
export interface CallContext {
  source: string
  action: string
  region?: string
  logGroup?: string
  identityLabel: string
  identity?: string
}

interface AwsLikeError {
  name?: string
  code?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
  $fault?: string
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
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ECONNABORTED',
])

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

/** A failure worth retrying a few times: dropped connections, timeouts, 5xx. */
export function isTransient(err: unknown): boolean {
  const e = fields(err)
  const status = e.$metadata?.httpStatusCode ?? 0
  if (status >= 500) return true
  if (e.$fault === 'server') return true
  if (NETWORK_CODES.has(e.code ?? '')) return true
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return true
  const message = e.message ?? ''
  return /socket hang up|ECONNRESET|EPIPE|network|premature close|aborted by the server/i.test(message)
}

/** Turn an SDK failure into one readable paragraph with the exit code DESIGN.md assigns. */
export function mapAwsError(err: unknown, ctx: CallContext): Error {
  const e = fields(err)
  const name = e.name ?? 'Error'
  // Without its closing period: our sentences go on after the service's words.
  const serviceWords = (e.message ?? String(err)).trim().replace(/\.+$/, '')
  const where = `aws/cloudwatch source "${ctx.source}"`
  const region = ctx.region ? ` in region ${ctx.region}` : ''

  if (name === 'AbortError') return err as Error
  if (CREDENTIAL_NAMES.has(name)) {
    const fix = ctx.identity
      ? `Run \`atmos auth login --identity ${ctx.identity}\` and try again.`
      : 'Refresh your AWS credentials (for example `aws sso login`, or configure an identity for this source) and try again.'
    return new CredentialsError(
      `The ${where} could not authenticate with ${ctx.identityLabel} while calling ${ctx.action}${region}: ${serviceWords}. ${fix}`,
      { hint: fix, cause: err },
    )
  }
  if (ACCESS_DENIED_NAMES.has(name)) {
    const resource = ctx.logGroup ? ` on log group "${ctx.logGroup}"` : ''
    const hint = `Grant logs:${ctx.action} to ${ctx.identityLabel}, or use an identity that has it.`
    return new ProviderError(
      `The ${where} was denied logs:${ctx.action}${resource}${region} for ${ctx.identityLabel}: ${serviceWords}. ${hint}`,
      { hint, cause: err },
    )
  }
  if (name === 'ResourceNotFoundException') {
    const what = ctx.logGroup ? `log group "${ctx.logGroup}"` : 'the requested resource'
    const hint = 'Check spec.log_group / spec.log_groups and spec.region of this source.'
    return new ProviderError(
      `The ${where} could not read ${what}${region}: it does not exist (${ctx.action}: ${serviceWords}). ${hint}`,
      { hint, cause: err },
    )
  }
  if (name === 'MalformedQueryException') {
    const hint = 'Fix the Logs Insights query; see the CloudWatch Logs Insights query syntax.'
    return new ProviderError(`The Logs Insights query for the ${where} is not valid: ${serviceWords}`, {
      hint,
      cause: err,
    })
  }
  if (name === 'InvalidParameterException' && ctx.action === 'FilterLogEvents') {
    const hint =
      'Check the --filter / --query pattern (CloudWatch filter pattern syntax) and the source spec.'
    return new ProviderError(
      `CloudWatch rejected the request of the ${where}${region}: ${serviceWords}. ${hint}`,
      {
        hint,
        cause: err,
      },
    )
  }
  if (/region is missing/i.test(serviceWords)) {
    const hint = 'Set spec.region on the source, a region on its identity, or AWS_REGION.'
    return new ConfigError(`The ${where} has no AWS region. ${hint}`, {
      hint,
      yamlPath: 'spec.region',
      cause: err,
    })
  }
  const hint = 'Try again; if it keeps failing, run with --debug for details.'
  return new ProviderError(
    `The ${where} failed calling ${ctx.action}${region}: ${name}: ${serviceWords}. ${hint}`,
    {
      hint,
      cause: err,
    },
  )
}

/**
 * What a failed call's error code says about the network, for every provider: one list, so that a
 * kind that talks plain fetch and one that talks an SDK treat the same socket failure alike.
 */

// Failures that waiting does not cure: nothing listens, the name does not resolve, TLS cannot agree.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_FAIL',
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
])

// A connection that was made and then lost, or a lookup that may answer next time: worth a retry.
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED'])

/**
 * The system error code of a failed call: its own `code`, or the nearest cause's (fetch wraps the
 * socket error as `TypeError: fetch failed` with the code on `cause`; a client library may wrap
 * that again, as octokit's RequestError does).
 */
export function networkErrorCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined
  for (let depth = 0; e && depth < 4; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && e.code) return e.code
  }
  return undefined
}

/**
 * What went wrong on the network, in the socket's own words (`connect ECONNREFUSED 127.0.0.1:1`):
 * the innermost cause's message, under fetch's `fetch failed` and a client library's own error.
 */
export function networkWords(err: unknown): string {
  let words = 'no answer'
  let e = err as { message?: unknown; cause?: unknown } | undefined
  for (let depth = 0; e && depth < 4; depth++, e = e.cause as typeof e)
    if (typeof e.message === 'string' && e.message) words = e.message
  return words.split('\n')[0]!.replace(/\.$/, '')
}

/** The endpoint cannot be reached at all: refused, unknown host, a TLS failure. */
export function isUnreachableCode(code: string | undefined): boolean {
  return code !== undefined && (UNREACHABLE_CODES.has(code) || /^ERR_SSL_|^ERR_TLS_/.test(code))
}

/** A connection dropped or timed out on its way: the next attempt may well succeed. */
export function isDroppedConnectionCode(code: string | undefined): boolean {
  return code !== undefined && DROPPED_CODES.has(code)
}

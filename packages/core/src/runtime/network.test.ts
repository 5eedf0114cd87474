import { describe, expect, it } from '@jest/globals'
import { isDroppedConnectionCode, isUnreachableCode, networkErrorCode, networkWords } from './network.js'

describe('network error codes', () => {
  it('reads the code of a socket error, and of fetch failures that carry it on their cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    expect(networkErrorCode(refused)).toBe('ECONNREFUSED')
    expect(networkErrorCode(new TypeError('fetch failed', { cause: refused }))).toBe('ECONNREFUSED')
    const wrapped = new Error('connect ECONNREFUSED', {
      cause: new TypeError('fetch failed', { cause: refused }),
    })
    expect(networkErrorCode(wrapped)).toBe('ECONNREFUSED')
    expect(networkErrorCode(new Error('no code'))).toBeUndefined()
    expect(networkErrorCode(undefined)).toBeUndefined()
  })

  it("says a failure in the socket's words, under the errors that wrap them", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    const wrapped = new Error('request failed', { cause: new TypeError('fetch failed', { cause: refused }) })
    expect(networkWords(wrapped)).toBe('connect ECONNREFUSED 127.0.0.1:1')
    expect(networkWords(new Error('Unexpected end of JSON input.\n  at parse'))).toBe(
      'Unexpected end of JSON input',
    )
    expect(networkWords(undefined)).toBe('no answer')
  })

  it('tells an endpoint nobody answers at from a connection lost on the way', () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_FAIL',
      'CERT_HAS_EXPIRED',
      'ERR_SSL_DECRYPTION_FAILED',
    ]) {
      expect([code, isUnreachableCode(code), isDroppedConnectionCode(code)]).toEqual([code, true, false])
    }
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']) {
      expect([code, isUnreachableCode(code), isDroppedConnectionCode(code)]).toEqual([code, false, true])
    }
    expect([isUnreachableCode(undefined), isDroppedConnectionCode('ENOENT')]).toEqual([false, false])
  })
})

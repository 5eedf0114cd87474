import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createLogger } from './logger.js'

describe('the provider logger', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
  const scrub = (s: string) => s.split(secret).join('****')
  let written: string[]

  beforeEach(() => {
    written = []
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('scrubs secrets from messages and from logged objects, at every level', () => {
    const logger = createLogger({ debug: true, scrub })
    logger.debug({ credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: secret } }, 'client built')
    logger.info(`signed with ${secret}`)
    logger.warn({ error: new Error(`denied for ${secret}`) }, 'retrying')
    logger.error({ nested: [{ token: secret }] }, 'gave up')
    const text = written.join('')
    expect(written).toHaveLength(4)
    expect(text).toContain(
      'debug: client built {"credentials":{"accessKeyId":"ASIAEXAMPLE","secretAccessKey":"****"}}',
    )
    expect(text).toContain('Warning: retrying {"error":"denied for ****"}')
    expect(text).not.toContain(secret)
  })

  it('prints debug and info only with --debug, and a warning without its fields, once', () => {
    const logger = createLogger({ debug: false, scrub })
    logger.debug('hidden')
    logger.info('hidden too')
    logger.warn('shown')
    logger.warn({ api: 'FilterLogEvents' }, 'throttled')
    logger.warn({ api: 'FilterLogEvents', attempt: 2 }, 'throttled')
    expect(written).toEqual(['Warning: shown\n', 'Warning: throttled\n'])
  })
})

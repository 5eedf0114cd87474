import { ETag } from './etag.js'

describe('If-None-Match', () => {
  const tag = 'W/"abc"'
  it('compares weakly: W/ on either side or not', () => {
    expect(ETag.matches('W/"abc"', tag)).toBe(true)
    expect(ETag.matches('"abc"', tag)).toBe(true)
    expect(ETag.matches('W/"abc"', '"abc"')).toBe(true)
    expect(ETag.matches('"abd"', tag)).toBe(false)
  })
  it('matches any tag of a list, and * matches anything', () => {
    expect(ETag.matches('"x", W/"y" ,"abc"', tag)).toBe(true)
    expect(ETag.matches(['"x"', 'W/"abc"'], tag)).toBe(true)
    expect(ETag.matches('"a,b", "abc"', tag)).toBe(true)
    expect(ETag.matches('*', tag)).toBe(true)
    expect(ETag.matches('"x", "y"', tag)).toBe(false)
  })
  it('ignores a malformed header rather than matching by accident', () => {
    expect(ETag.matches('abc', tag)).toBe(false)
    expect(ETag.matches('', tag)).toBe(false)
    expect(ETag.matches(undefined, tag)).toBe(false)
  })
})

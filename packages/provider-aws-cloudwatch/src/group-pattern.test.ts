import { parseGroupPattern } from './group-pattern.js'

describe('parseGroupPattern', () => {
  it('treats a name without * as exact', () => {
    const p = parseGroupPattern('/aws/lambda/api')
    expect(p.isPattern).toBe(false)
    expect(p.matches('/aws/lambda/api')).toBe(true)
    expect(p.matches('/aws/lambda/api2')).toBe(false)
  })

  it('uses the literal text before * as the server-side prefix and matches the rest locally', () => {
    const p = parseGroupPattern('/aws/lambda/api-*-prod')
    expect(p.isPattern).toBe(true)
    expect(p.prefix).toBe('/aws/lambda/api-')
    expect(p.matches('/aws/lambda/api-orders-prod')).toBe(true)
    expect(p.matches('/aws/lambda/api-orders-dev')).toBe(false)
    expect(p.matches('/aws/lambda/apiXorders-prod')).toBe(false)
  })

  it('escapes regex characters in names', () => {
    const p = parseGroupPattern('/a.b/*')
    expect(p.matches('/a.b/x')).toBe(true)
    expect(p.matches('/aXb/x')).toBe(false)
  })
})

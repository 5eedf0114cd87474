import { paginate, parseCreated, ValidationFailed } from './query.js'

const at = (iso: string) => Date.parse(iso)

describe('list query parameters', () => {
  it('reads GitHub date qualifiers for created', () => {
    const day = parseCreated('2026-11-27')
    expect(day(at('2026-11-27T00:00:00Z'))).toBe(true)
    expect(day(at('2026-11-27T23:59:59Z'))).toBe(true)
    expect(day(at('2026-11-28T00:00:00Z'))).toBe(false)
    expect(parseCreated('>2026-11-27')(at('2026-11-27T23:00:00Z'))).toBe(false)
    expect(parseCreated('>=2026-11-27T10:00:00Z')(at('2026-11-27T10:00:00Z'))).toBe(true)
    expect(parseCreated('<2026-11-27T10:00:00Z')(at('2026-11-27T10:00:00Z'))).toBe(false)
    expect(parseCreated('<=2026-11-27')(at('2026-11-27T23:00:00Z'))).toBe(true)
    const range = parseCreated('2026-11-01..2026-11-27T10:00:00Z')
    expect(range(at('2026-11-15T00:00:00Z'))).toBe(true)
    expect(range(at('2026-11-27T10:00:01Z'))).toBe(false)
    expect(parseCreated('2026-11-01..*')(at('2030-01-01T00:00:00Z'))).toBe(true)
    expect(() => parseCreated('last week')).toThrow(ValidationFailed)
  })

  it('pages with prev, next, last and first links that keep the other parameters', () => {
    const items = Array.from({ length: 7 }, (_, i) => i)
    const page = paginate(items, new URLSearchParams('branch=main&per_page=3&page=2'), 'http://h/github/x')
    expect(page.items).toEqual([3, 4, 5])
    expect(page.total).toBe(7)
    expect(page.link).toBe(
      '<http://h/github/x?branch=main&per_page=3&page=1>; rel="prev", <http://h/github/x?branch=main&per_page=3&page=3>; rel="next", ' +
        '<http://h/github/x?branch=main&per_page=3&page=3>; rel="last", <http://h/github/x?branch=main&per_page=3&page=1>; rel="first"',
    )
    expect(paginate(items, new URLSearchParams(), 'u').link).toBeUndefined()
    expect(paginate(items, new URLSearchParams('per_page=500'), 'u').items).toHaveLength(7)
  })
})

import { globToRegExp, splitGlob } from './glob.js'

describe('glob', () => {
  it('splits the literal base from the pattern', () => {
    expect(splitGlob('/var/log/app/*.log')).toEqual({ base: '/var/log/app', glob: '*.log' })
    expect(splitGlob('logs/**/x?.txt')).toEqual({ base: 'logs', glob: '**/x?.txt' })
    expect(splitGlob('/var/log/app.log')).toEqual({ base: '/var/log/app.log', glob: undefined })
  })
  it('matches *, **, ? and classes', () => {
    expect(globToRegExp('*.log').test('a.log')).toBe(true)
    expect(globToRegExp('*.log').test('sub/a.log')).toBe(false)
    expect(globToRegExp('**/*.log').test('a.log')).toBe(true)
    expect(globToRegExp('**/*.log').test('x/y/a.log')).toBe(true)
    expect(globToRegExp('app-?.[lt]og').test('app-1.log')).toBe(true)
    expect(globToRegExp('app-?.[lt]og').test('app-12.log')).toBe(false)
    expect(globToRegExp('a+b(c).log').test('a+b(c).log')).toBe(true)
  })
})

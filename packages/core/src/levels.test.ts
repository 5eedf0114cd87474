import { describe, expect, it } from '@jest/globals'
import { atOrAbove } from './levels.js'

describe('atOrAbove', () => {
  it('orders DEBUG < INFO < WARN < ERROR, an entry without a level counting as INFO', () => {
    expect(atOrAbove('ERROR', 'WARN')).toBe(true)
    expect(atOrAbove('WARN', 'WARN')).toBe(true)
    expect(atOrAbove('INFO', 'WARN')).toBe(false)
    expect(atOrAbove(undefined, 'INFO')).toBe(true)
    expect(atOrAbove(undefined, 'WARN')).toBe(false)
    expect(atOrAbove('DEBUG', 'INFO')).toBe(false)
    expect(atOrAbove('DEBUG', 'DEBUG')).toBe(true)
  })
})

import { describe, expect, it } from '@jest/globals'
import { Chalk } from 'chalk'
import { PrefixColors } from './prefix-colors.js'

describe('PrefixColors', () => {
  it('assigns palette slots in order of first appearance, not by hash', () => {
    const colors = new PrefixColors(new Chalk({ level: 1 }))
    expect(colors.indexOf('worker')).toBe(0)
    expect(colors.indexOf('api')).toBe(1)
    expect(colors.indexOf('worker')).toBe(0)
    expect(colors.indexOf('db')).toBe(2)
    expect(colors.size).toBe(3)
    // The same labels in another order get other slots: the order of appearance decides.
    const other = new PrefixColors(new Chalk({ level: 1 }))
    expect(['db', 'api', 'worker'].map((l) => other.indexOf(l))).toEqual([0, 1, 2])
  })

  it('gives twelve sources twelve different colours on a 16-colour terminal', () => {
    const colors = new PrefixColors(new Chalk({ level: 1 }))
    const painted = Array.from({ length: 12 }, (_, i) => colors.paint(`s${i}`, 'x'))
    expect(new Set(painted).size).toBe(12)
    expect(painted.slice(0, 3)).toEqual([
      '\u001b[36mx\u001b[39m',
      '\u001b[35mx\u001b[39m',
      '\u001b[34mx\u001b[39m',
    ])
    // The thirteenth has to reuse one.
    expect(colors.indexOf('s12')).toBe(0)
  })

  it('gives twenty-four sources different colours on a 256-colour terminal', () => {
    const colors = new PrefixColors(new Chalk({ level: 2 }))
    const painted = Array.from({ length: 24 }, (_, i) => colors.paint(`s${i}`, 'x'))
    expect(new Set(painted).size).toBe(24)
    expect(painted[12]).toBe('\u001b[38;5;208mx\u001b[39m')
  })

  it('paints nothing without colour', () => {
    const colors = new PrefixColors(new Chalk({ level: 0 }))
    expect(colors.paint('api', '[api]')).toBe('[api]')
  })
})

import { describe, expect, it } from '@jest/globals'
import { expandTabs, stripAnsi } from './text.js'

describe('expandTabs', () => {
  it('moves to the next 8-column stop, counting only visible characters', () => {
    expect(expandTabs('ab\tc')).toBe('ab      c')
    expect(expandTabs('12345678\tx')).toBe('12345678        x')
    const coloured = '\u001b[31mab\u001b[39m\tc'
    expect(stripAnsi(expandTabs(coloured))).toBe('ab      c')
    expect(expandTabs(coloured)).toContain('\u001b[31m')
  })

  it('leaves a line without tabs as it is', () => {
    const line = '\u001b[2mplain\u001b[22m'
    expect(expandTabs(line)).toBe(line)
  })
})

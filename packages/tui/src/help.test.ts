import { describe, expect, it } from '@jest/globals'
import { helpLines, KEYS } from './help.js'

describe('helpLines', () => {
  it.each([36, 60, 100])(
    'at %i columns: every key and every word of its description, no line cut',
    (width) => {
      const lines = helpLines(KEYS, width).map((l) => l.text)
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(width)
      const text = lines.join('\n')
      for (const group of KEYS) {
        expect(text).toContain(group.screen)
        for (const [key, what] of group.keys) {
          expect(text).toContain(key)
          for (const word of what.split(' ')) expect(text).toContain(word)
        }
      }
    },
  )
})

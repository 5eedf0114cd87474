import { describe, expect, it } from '@jest/globals'
import { FRAME_MS, frameMsAt, HEAVY_FRAME_MS, rangeText } from './logs-screen.js'

describe('frameMsAt', () => {
  it('draws arrivals 20 times a second at readable rates, and less often as the feed gets heavier', () => {
    expect(frameMsAt(0)).toBe(FRAME_MS)
    expect(frameMsAt(200)).toBe(FRAME_MS)
    expect(frameMsAt(400)).toBe(100)
    expect(frameMsAt(1000)).toBe(HEAVY_FRAME_MS)
    expect(frameMsAt(50_000)).toBe(HEAVY_FRAME_MS)
  })
})

describe('rangeText', () => {
  it('says a preset by its label, any other start as --since is written, in whole seconds', () => {
    expect(rangeText(24 * 3_600_000)).toBe('24h')
    expect(rangeText(7 * 24 * 3_600_000)).toBe('7d')
    expect(rangeText(5_400_000)).toBe('1h30m')
    expect(rangeText(2 * 86_400_000 + 60_000 + 3)).toBe('2d1m')
    expect(rangeText(90_400)).toBe('1m30s')
  })
})

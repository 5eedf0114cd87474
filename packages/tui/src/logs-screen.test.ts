import { describe, expect, it } from '@jest/globals'
import { durationText, FRAME_MS, frameMsAt, HEAVY_FRAME_MS } from './logs-screen.js'

describe('frameMsAt', () => {
  it('draws arrivals 20 times a second at readable rates, and less often as the feed gets heavier', () => {
    expect(frameMsAt(0)).toBe(FRAME_MS)
    expect(frameMsAt(200)).toBe(FRAME_MS)
    expect(frameMsAt(400)).toBe(100)
    expect(frameMsAt(1000)).toBe(HEAVY_FRAME_MS)
    expect(frameMsAt(50_000)).toBe(HEAVY_FRAME_MS)
  })
})

describe('durationText', () => {
  it('says a read start in the largest units first', () => {
    expect(durationText(5_400_000)).toBe('1h30m')
    expect(durationText(2 * 86_400_000 + 60_000)).toBe('2d1m')
    expect(durationText(90_000)).toBe('1m30s')
    expect(durationText(0)).toBe('0s')
  })
})

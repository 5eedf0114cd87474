import { describe, expect, it } from '@jest/globals'
import { createStatusLine } from './status-line.js'

function fakeStream(isTTY: boolean, columns = 40) {
  const writes: string[] = []
  return { writes, stream: { isTTY, columns, write: (s: string | Uint8Array) => writes.push(String(s)) > 0 } }
}

const ERASE = '\r\u001b[2K'

describe('createStatusLine', () => {
  it('shows, replaces and clears one line on a terminal', () => {
    const { writes, stream } = fakeStream(true)
    const status = createStatusLine(stream)
    expect(status.enabled).toBe(true)
    status.update('Reading api/function-logs…')
    status.update('Reading 2 sources…')
    status.clear()
    status.clear()
    expect(writes).toEqual([`${ERASE}Reading api/function-logs…`, `${ERASE}Reading 2 sources…`, ERASE])
  })

  it('writes nothing when the stream is not a terminal', () => {
    const { writes, stream } = fakeStream(false)
    const status = createStatusLine(stream)
    status.update('Reading…')
    status.clear()
    expect(status.enabled).toBe(false)
    expect(writes).toEqual([])
  })

  it('writes nothing when turned off (json and raw output)', () => {
    const { writes, stream } = fakeStream(true)
    createStatusLine(stream, { enabled: false }).update('Reading…')
    expect(writes).toEqual([])
  })

  it('keeps to one terminal row', () => {
    const { writes, stream } = fakeStream(true, 20)
    createStatusLine(stream).update('Reading a very long list\nof sources and more')
    // 19 columns at most (the last one stays free), the cut marked with an ellipsis.
    expect(writes).toEqual([`${ERASE}Reading a very lon…`])
  })

  it('ignores updates after done()', () => {
    const { writes, stream } = fakeStream(true)
    const status = createStatusLine(stream)
    status.update('Reading…')
    status.done()
    status.update('Still reading…')
    expect(writes).toEqual([`${ERASE}Reading…`, ERASE])
    expect(status.enabled).toBe(false)
  })
})

import { Writable } from 'node:stream'
import { describe, expect, it } from '@jest/globals'
import { StdoutWriter } from './stdout-writer.js'

/** A pipe whose reader is slow: every write is taken on the next turn, so back-pressure is constant. */
function slowPipe() {
  const received: string[] = []
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk, _encoding, callback) {
      received.push(String(chunk))
      setImmediate(callback)
    },
  })
  return { stream, received }
}

const listeners = (stream: Writable) =>
  ['drain', 'close', 'error'].map((event) => stream.listenerCount(event))

describe('StdoutWriter', () => {
  it('waits for a slow reader without piling up listeners, and loses no line', async () => {
    const { stream, received } = slowPipe()
    const before = listeners(stream)
    const writer = new StdoutWriter(stream, 2048)
    let most = 0
    const lines = 20_000
    for (let i = 0; i < lines; i++) {
      await writer.write(`line ${i} ${'x'.repeat(40)}\n`)
      most = Math.max(most, ...listeners(stream).map((n, k) => n - before[k]!))
    }
    await writer.flush()
    await new Promise<void>((resolve) => stream.end(resolve))

    // While waiting, one listener per event at most; afterwards, none of ours is left.
    expect(most).toBeLessThanOrEqual(1)
    expect(listeners(stream)).toEqual(before)
    const text = received.join('')
    expect(text.split('\n').length - 1).toBe(lines)
    expect(text.startsWith('line 0 ')).toBe(true)
    expect(text.endsWith(`line ${lines - 1} ${'x'.repeat(40)}\n`)).toBe(true)
  })

  it('stops waiting when the reader goes away', async () => {
    const stream = new Writable({ highWaterMark: 16, write: () => undefined })
    const writer = new StdoutWriter(stream, 32)
    const waiting = writer.write('x'.repeat(64))
    stream.destroy()
    await expect(waiting).resolves.toBeUndefined()
    expect(listeners(stream)).toEqual([0, 0, 0])
  })
})

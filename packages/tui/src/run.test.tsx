import { PassThrough, Writable } from 'node:stream'
import { describe, expect, it } from '@jest/globals'
import { runTui } from './run.js'
import { entry, FakeBackend, memoryPins, renderer, SOURCES } from './testdata/fake-backend.js'

/** A terminal the view can own: what it writes, and a raw-mode flag as a TTY keeps it. */
function terminal() {
  const written: string[] = []
  const stdout = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        written.push(chunk.toString())
        done()
      },
    }),
    { isTTY: true, columns: 100, rows: 30 },
  )
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    setRawMode(on: boolean) {
      stdin.isRaw = on
      return stdin
    },
    ref: () => stdin,
    unref: () => stdin,
  })
  return { stdout, stdin, text: () => written.join('') }
}

const SHOW_CURSOR = '\u001b[?25h'
const LEAVE_ALT_SCREEN = '\u001b[?1049l'

describe('runTui', () => {
  it('an error while drawing ends the view with that error, the terminal given back first', async () => {
    const term = terminal()
    const backend = new FakeBackend()
    backend.renderer = () => ({
      ...renderer,
      lines: (e) => {
        if (e.message.includes('bad')) throw new Error('cannot draw this entry')
        return renderer.lines(e, false)
      },
    })
    const done = runTui({
      backend,
      title: 'every stack',
      open: [SOURCES[0]!],
      pins: memoryPins(),
      bufferLines: 100,
      color: false,
      stdout: term.stdout as unknown as NodeJS.WriteStream,
      stdin: term.stdin as unknown as NodeJS.ReadStream,
    })
    // The view took the terminal: raw mode on, and the first read started.
    for (let i = 0; i < 500 && !(term.stdin.isRaw && backend.follows.length > 0); i++) {
      await new Promise((r) => setTimeout(r, 10))
    }
    expect(term.stdin.isRaw).toBe(true)
    backend.sink.entries([entry('INFO fine'), entry('INFO bad one')])
    await expect(done).rejects.toThrow('cannot draw this entry')
    expect(term.stdin.isRaw).toBe(false)
    expect(term.text().endsWith(`${SHOW_CURSOR}${LEAVE_ALT_SCREEN}`)).toBe(true)
    expect(backend.follows[0]!.stopped).toBe(true)
  })
})

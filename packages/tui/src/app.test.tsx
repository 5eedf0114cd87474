import { afterEach, describe, expect, it } from '@jest/globals'
import { render } from 'ink-testing-library'
import { act } from 'react'
import { App } from './app.js'
import type { OpenOptions, TuiSource } from './backend.js'
import { entry, FakeBackend, memoryPins, SOURCES, source, until } from './testdata/fake-backend.js'
import { stripAnsi } from './text.js'
import { Colors } from './ui.js'

const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  end: '\u001b[F',
  ctrlR: '\u0012',
  ctrlC: '\u0003',
}

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

function mount(
  opts: {
    backend?: FakeBackend
    pins?: ReturnType<typeof memoryPins>
    open?: TuiSource[]
    read?: OpenOptions
    bufferLines?: number
    color?: boolean
  } = {},
) {
  const backend = opts.backend ?? new FakeBackend()
  const pins = opts.pins ?? memoryPins()
  const exits: number[] = []
  const r = render(
    <Colors color={opts.color ?? false}>
      <App
        backend={backend}
        title="every stack"
        pins={pins}
        open={opts.open}
        read={opts.read}
        bufferLines={opts.bufferLines ?? 1000}
        onExit={(code) => exits.push(code)}
      />
    </Colors>,
  )
  unmount = r.unmount
  const frame = () => stripAnsi(r.lastFrame() ?? '')
  /** The frame as the terminal gets it, escape sequences included. */
  const raw = () => r.lastFrame() ?? ''
  /**
   * Sends keys one at a time, each inside act(): React renders what the key changed and runs its
   * effects before the next key is sent, however busy the machine. Ink holds a lone Esc until the
   * next turn of the event loop (it could start an escape sequence), so each act waits for that turn.
   */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      const g = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
      g.IS_REACT_ACT_ENVIRONMENT = true
      try {
        await act(async () => {
          r.stdin.write(k)
          await new Promise((resolve) => setImmediate(resolve))
        })
      } finally {
        g.IS_REACT_ACT_ENVIRONMENT = false
      }
    }
  }
  /** Waits (bounded) for the screen to show `text`. */
  const see = async (text: string | RegExp) => {
    const shown = await until(
      frame,
      (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)),
      15_000,
    )
    return shown
  }
  return { backend, pins, exits, frame, raw, press, see, r }
}

/** The rows of the Sources list, as `stack component source`, in screen order. */
function listed(frame: string): string[] {
  return frame
    .split('\n')
    .filter((l) => /^[> ][ *][ +] /.test(l) && !l.includes('STACK'))
    .map((l) => l.slice(4).trim().split(/\s+/).slice(0, 3).join(' '))
}

/** The row under the Sources cursor, as `stack component source`. */
function selected(frame: string): string | undefined {
  const row = frame.split('\n').find((l) => l.startsWith('>'))
  return row?.slice(4).trim().split(/\s+/).slice(0, 3).join(' ')
}

describe('Sources screen', () => {
  it('lists every source with its stack, component, source, kind and identity', async () => {
    const { see, frame } = mount()
    await see('7 of 7')
    expect(frame()).toMatch(/STACK\s+COMPONENT\s+SOURCE\s+KIND\s+IDENTITY/)
    expect(frame()).toMatch(/dev\s+api\s+function\s+aws\/cloudwatch\s+dev-admin/)
    expect(frame()).toMatch(/-\s+-\s+all-lambdas\s+aws\/cloudwatch\s+-/)
  })

  it('/ searches as you type, fzf-ranked; Esc clears', async () => {
    const { see, press, frame } = mount()
    await see('7 of 7')
    await press('/', 'b', 'i', 'l', 'l')
    await see('2 of 7')
    expect(listed(frame())).toEqual(['prod billing function', 'prod billing ci'])
    await press(KEYS.escape)
    await see('7 of 7')
  })

  it("/ takes words in any order, as fzf does: `function bill` finds billing's function; !word leaves out", async () => {
    const { see, press, frame } = mount()
    await see('7 of 7')
    await press('/', ...'function bill')
    await see('1 of 7')
    expect(listed(frame())).toEqual(['prod billing function'])
    await press(KEYS.escape, '/', ...'function !bill')
    await see('2 of 7')
    expect(listed(frame())).toEqual(['dev api function', 'prod api function'])
  })

  it('p pins (listed first, saved), p again unpins; at most 5', async () => {
    const { see, press, frame, pins } = mount()
    await see('7 of 7')
    await press(KEYS.down, KEYS.down, 'p')
    await see('1/5 pinned')
    expect(listed(frame())[0]).toBe('dev worker service')
    expect(pins.saved.at(-1)).toEqual(['dev/worker/service'])
    // the pinned row is now first and under the cursor: p unpins it
    await press('g', 'p')
    await see('0/5 pinned')
    for (let i = 0; i < 5; i++) await press('G', 'p')
    await see('5/5 pinned')
    await press('G', 'p')
    await see('At most 5 sources can be pinned')
  })

  it('the cursor stays on the source a pin moves, pinned to the top and unpinned back down', async () => {
    const { see, press, frame } = mount()
    await see('7 of 7')
    await press(KEYS.down, KEYS.down, KEYS.down, 'p')
    await see('1/5 pinned')
    expect(listed(frame())[0]).toBe('prod api function')
    expect(selected(frame())).toBe('prod api function')
    // A move from there is a move from the source's new row.
    await press(KEYS.down)
    await see(/^> .*dev\s+api\s+function/m)
    await press(KEYS.up, 'p')
    await see('0/5 pinned')
    expect(listed(frame())[3]).toBe('prod api function')
    expect(selected(frame())).toBe('prod api function')
  })

  it('a corrupt pins file is said once, on the status line', async () => {
    const { see } = mount({
      pins: memoryPins(
        [],
        '/x/pinned_sources.json was not a list of pinned sources; it was replaced by an empty one.',
      ),
    })
    await see('was replaced by an empty one')
  })

  it('Space marks several, Enter opens them together on the Logs screen', async () => {
    const { see, press, backend } = mount()
    await see('7 of 7')
    await press(' ', KEYS.down, KEYS.down, ' ')
    await see('2 marked')
    await press(KEYS.enter)
    await see('● FOLLOWING')
    expect(backend.follows[0]!.query.sources.map((s) => s.key)).toEqual([
      'dev/api/function',
      'dev/worker/service',
    ])
  })

  it('keeps its query and cursor while another screen is shown', async () => {
    const { see, press, frame } = mount()
    await see('7 of 7')
    await press('/', 'b', 'i', 'l', 'l', KEYS.down)
    await see('2 of 7')
    expect(selected(frame())).toBe('prod billing ci')
    await press(KEYS.tab)
    await see('Streams · prod/billing/ci')
    await press(KEYS.tab)
    await see('2 of 7')
    expect(frame()).toContain('/bill')
    expect(selected(frame())).toBe('prod billing ci')
  })

  it('keys that arrive in one burst (typed faster than read) each count, in order', async () => {
    const { see, press, frame } = mount()
    await see('7 of 7')
    await press('jj kp')
    await see('1 marked')
    await see('1/5 pinned')
    // j j to service, Space marks it, k back to audit, p pins audit
    expect(listed(frame())[0]).toBe('dev api audit')
    expect(frame()).toMatch(/^.\* +dev +api +audit/m)
    expect(frame()).toMatch(/^. \+ dev +worker +service/m)
  })

  it('q quits with 0', async () => {
    const { see, press, exits } = mount()
    await see('7 of 7')
    await press('q')
    expect(exits).toEqual([0])
  })
})

describe('Logs screen', () => {
  async function openLogs(opts: Parameters<typeof mount>[0] = {}) {
    const m = mount({ open: [SOURCES[0]!], ...opts })
    await m.see('● FOLLOWING')
    return m
  }

  it('follows: new entries appear at the bottom as they arrive', async () => {
    const { see, backend, frame } = await openLogs()
    backend.sink.entries([entry('INFO first'), entry('INFO second')])
    await see('INFO second')
    backend.sink.entries([entry('INFO third')])
    await see('INFO third')
    const lines = frame().split('\n')
    expect(lines.findIndex((l) => l.includes('third'))).toBeGreaterThan(
      lines.findIndex((l) => l.includes('second')),
    )
  })

  it('a tab-separated line (Lambda REPORT) is drawn with spaces, so it keeps to its row', async () => {
    const { see, backend, frame } = await openLogs()
    backend.sink.entries([entry('REPORT RequestId: r1\tDuration: 1.00 ms\tBilled Duration: 2 ms')])
    await see('Billed Duration')
    expect(frame()).not.toContain('\t')
    expect(frame()).toMatch(/Duration: 1\.00 ms +Billed Duration/)
    expect(frame()).toContain('● FOLLOWING')
  })

  it('the events sparkline is drawn again as entries arrive, paused or not', async () => {
    const { see, press, backend, frame } = await openLogs()
    const bars = () =>
      (
        frame()
          .split('\n')
          .find((l) => l.startsWith('events ')) ?? ''
      ).replace(/[^▁-█]/g, '')
    backend.sink.entries([entry('INFO a'), entry('INFO b')])
    await see('INFO b')
    expect(bars()).toBe('██')
    await press(KEYS.up)
    await see('PAUSED')
    backend.sink.entries([entry('ERROR c'), entry('INFO d')])
    await see('4 lines')
    expect(bars()).toBe('████')
  })

  it('scrolling up pauses follow; G resumes', async () => {
    const { see, press, backend } = await openLogs()
    backend.sink.entries([entry('INFO a'), entry('INFO b'), entry('INFO c')])
    await see('INFO c')
    await press(KEYS.up)
    await see('PAUSED')
    await see(/> INFO b/)
    await press('G')
    await see('● FOLLOWING')
  })

  it('e / E jump to the next and previous ERROR, w / W to WARN', async () => {
    const { see, press, backend } = await openLogs()
    backend.sink.entries([
      entry('ERROR one'),
      entry('INFO x'),
      entry('WARN careful'),
      entry('ERROR two'),
      entry('INFO y'),
    ])
    await see('INFO y')
    await press('E')
    await see(/> ERROR two/)
    await press('E')
    await see(/> ERROR one/)
    await press('e')
    await see(/> ERROR two/)
    await press('e')
    await see('No later ERROR line.')
    await press('W')
    await see(/> WARN careful/)
  })

  it('/ searches and n / N move between matches', async () => {
    const { see, press, backend } = await openLogs()
    backend.sink.entries([
      entry('INFO order 1'),
      entry('INFO other'),
      entry('INFO order 2'),
      entry('INFO last'),
    ])
    await see('INFO last')
    await press('/', 'o', 'r', 'd', 'e', 'r', KEYS.enter)
    await see(/> INFO order 2/)
    await press('N')
    await see(/> INFO order 1/)
    await press('n')
    await see(/> INFO order 2/)
    await press('n')
    await see('"order" not found below.')
  })

  it('j shows JSON messages indented, and back', async () => {
    const { see, press, backend, frame } = await openLogs()
    backend.sink.entries([entry('{"message":"paid","amount":3}')])
    await see('"amount":3')
    await press('j')
    await see('JSON expanded')
    expect(frame()).toContain('  "amount": 3')
    await press('j')
    await see('"amount":3}')
  })

  it('Enter opens the whole entry; Esc goes back to the list', async () => {
    const { see, press, backend } = await openLogs()
    backend.sink.entries([entry('INFO only one')])
    await see('INFO only one')
    await press(KEYS.up, KEYS.enter)
    await see('time 2026-12-02T')
    await press(KEYS.escape)
    await see(/> INFO only one/)
  })

  it('y copies the line through OSC 52 and says so', async () => {
    const { see, press, backend, r } = await openLogs()
    backend.sink.entries([entry('INFO copy me')])
    await see('INFO copy me')
    await press('y')
    await see('Copied the line to the clipboard (OSC 52')
    const written = r.stdout.frames.join('')
    expect(written).toContain(`\u001b]52;c;${Buffer.from('INFO copy me').toString('base64')}\u0007`)
  })

  it('1–6 read again from a time preset; Ctrl-R reads again; f re-queries with a server filter', async () => {
    const { see, press, backend, frame } = await openLogs()
    backend.sink.entries([entry('INFO first')])
    await see('INFO first')
    await press('3')
    await see('last 1h')
    expect(backend.follows.at(-1)!.query.sinceMs).toBe(3_600_000)
    expect(backend.follows[0]!.stopped).toBe(true)
    await press(KEYS.ctrlR)
    await see('Reading again.')
    expect(backend.follows).toHaveLength(3)
    expect(backend.follows.at(-1)!.query.sinceMs).toBe(3_600_000)
    await press('f', 'E', 'R', 'R', KEYS.enter)
    await see('filter ERR')
    expect(backend.follows.at(-1)!.query.filter).toBe('ERR')
    // The header says the range the read has, also after the screen was left and drawn anew.
    await press('5')
    await see('last 24h')
    await press('?')
    await see('(Esc, q or ? closes)')
    await press('q')
    await see('● FOLLOWING')
    expect(frame()).toContain('last 24h')
  })

  it('a kind that cannot tail is read beside the followed ones, badged not live, and read again by Ctrl-R and presets', async () => {
    const getOnly = source('dev', 'api', 'records', 'test/getonly')
    const { see, press, backend, frame } = await openLogs({
      backend: new FakeBackend([...SOURCES, getOnly]),
      open: [SOURCES[0]!, getOnly],
    })
    expect(backend.follows[0]!.query.sources.map((s) => s.key)).toEqual([SOURCES[0]!.key, getOnly.key])
    await see('[api/records ◌ not live: kind test/getonly reads on refresh (Ctrl-R)]')
    backend.sink.entries([
      entry('INFO followed one'),
      entry('INFO read once', { source: 'records', kind: 'test/getonly' }),
      entry('INFO followed two'),
    ])
    await see('INFO followed two')
    const lines = frame().split('\n')
    const at = (text: string) => lines.findIndex((l) => l.includes(text))
    expect(at('INFO followed one')).toBeLessThan(at('INFO read once'))
    expect(at('INFO read once')).toBeLessThan(at('INFO followed two'))
    expect(frame()).not.toContain('failed')
    expect(frame()).not.toMatch(/function ◌|function.*not live/)
    // The followed source still shows live; Ctrl-R reads both again, the get-only one over the same range.
    expect(frame()).toContain('● FOLLOWING')
    await press(KEYS.ctrlR)
    await see('Reading again.')
    expect(backend.follows).toHaveLength(2)
    expect(backend.follows[0]!.stopped).toBe(true)
    expect(backend.follows[1]!.query.sources.map((s) => s.key)).toEqual([SOURCES[0]!.key, getOnly.key])
    backend.sink.entries([entry('INFO read again', { source: 'records', kind: 'test/getonly' })])
    await see('INFO read again')
    expect(frame()).not.toContain('INFO read once')
    await press('3')
    await see('last 1h')
    expect(backend.follows).toHaveLength(3)
    expect(backend.follows[2]!.query).toMatchObject({ sinceMs: 3_600_000 })
    await see('not live: kind test/getonly reads on refresh (Ctrl-R)')
    // A get-only source that fails shows failed, not the not-live badge.
    backend.sink.failed({ sourceKey: getOnly.key, message: 'denied', exitCode: 1 })
    await see('[api/records ✖ failed]')
    expect(frame()).not.toContain('not live')
  })

  it('when every open source reads only, the header says nothing is followed, also on a narrow terminal', async () => {
    const records = source('dev', 'api', 'records', 'test/getonly')
    const trail = source('dev', 'api', 'trail', 'test/getonly')
    const { see, press, backend, frame, r } = mount({
      backend: new FakeBackend([...SOURCES, records, trail]),
      open: [records, trail],
    })
    await see('◌ NOT LIVE (Ctrl-R reads again)')
    expect(frame()).not.toContain('FOLLOWING')
    backend.sink.entries([entry('INFO one'), entry('INFO two')])
    await see('INFO two')
    // Scrolling up still pauses the view; G goes back to the end, which is still not live.
    await press('k')
    await see('Ⅱ PAUSED (G resumes)')
    expect(frame()).not.toContain('NOT LIVE')
    await press('G')
    await see('◌ NOT LIVE (Ctrl-R reads again)')
    // Ctrl-R reads both again; the header stays as it was.
    await press(KEYS.ctrlR)
    await see('Reading again.')
    expect(backend.follows).toHaveLength(2)
    expect(frame()).toContain('◌ NOT LIVE (Ctrl-R reads again)')
    expect(frame()).not.toContain('FOLLOWING')
    // Below 100 columns the header starts with the sources and this state, so it is not cut.
    Object.defineProperty(r.stdout, 'columns', { value: 80, configurable: true })
    r.stdout.emit('resize')
    await see(/^api\/records, api\/trail · ◌ NOT LIVE \(Ctrl-R reads again\)/m)
    expect(frame()).not.toContain('atmos logs')
  })

  it('? says Ctrl-R also reads again the sources that are not live', async () => {
    const { see, press, frame } = await openLogs()
    await press('?')
    await see('(Esc, q or ? closes)')
    await press('G')
    await see('back to Sources')
    // The Logs keys are the right-hand column at 100 columns; the description goes on under itself.
    const right = frame()
      .split('\n')
      .map((l) => l.slice(50))
    const at = right.findIndex((l) => l.includes('Ctrl-R'))
    expect(at).toBeGreaterThanOrEqual(0)
    const described = right
      .slice(at, at + 3)
      .map((l) => l.replace('Ctrl-R', '').trim())
      .join(' ')
    expect(described).toContain('read again, the sources that are not live too')
  })

  it('opens reading as the command line said: since, server filter, invocations grouped', async () => {
    const { see, backend } = await openLogs({
      read: { sinceMs: 5_400_000, filter: 'ERROR', groupRequests: true },
    })
    // The header says so (cut at the test terminal's 100 columns).
    await see('last 1h30m · filter ER')
    expect(backend.follows[0]!.query).toMatchObject({
      sinceMs: 5_400_000,
      filter: 'ERROR',
      groupRequests: true,
    })
  })

  it("i groups a Lambda invocation's lines (reads again), i again ungroups; the next source opened keeps it", async () => {
    const { see, press, backend, frame } = await openLogs({ read: { sinceMs: 60_000 } })
    backend.sink.entries([entry('INFO one')])
    await see('INFO one')
    expect(frame()).not.toContain('by invocation')
    await press('i')
    await see('by invocation')
    expect(backend.follows).toHaveLength(2)
    expect(backend.follows[0]!.stopped).toBe(true)
    expect(backend.follows[1]!.query).toMatchObject({ groupRequests: true, sinceMs: 60_000 })
    // Back to Sources, open another CloudWatch source: still grouped, but not the first read's range.
    await press('q')
    await see('7 of 7')
    await press('G', KEYS.enter)
    await see('all-lambdas')
    expect(backend.follows.at(-1)!.query.groupRequests).toBe(true)
    expect(backend.follows.at(-1)!.query.sinceMs).toBeUndefined()
    backend.sink.entries([entry('INFO two')])
    await see('INFO two')
    await press('i')
    await see('Reading again, lines as they come.')
    expect(backend.follows.at(-1)!.query.groupRequests).toBe(false)
  })

  it('opened grouping (--group-requests) on sources with no Lambda invocations, says so at once and does not claim it', async () => {
    const { see, frame } = await openLogs({ open: [SOURCES[1]!], read: { groupRequests: true } })
    await see('None of these sources has Lambda invocations to group.')
    expect(frame()).not.toContain('by invocation')
  })

  it('i on sources with no Lambda invocations says so and does not read again', async () => {
    const { see, press, backend } = await openLogs({ open: [SOURCES[1]!] })
    backend.sink.entries([entry('INFO audit')])
    await see('INFO audit')
    await press('i')
    await see('None of these sources has Lambda invocations to group.')
    expect(backend.follows).toHaveLength(1)
  })

  it('F shows only lines containing a text, !text hides them', async () => {
    const { see, press, backend, frame } = await openLogs()
    backend.sink.entries([entry('INFO GET /a'), entry('INFO POST /b'), entry('INFO GET /c')])
    await see('INFO GET /c')
    await press('F', 'P', 'O', 'S', 'T', KEYS.enter)
    await see('only "post"')
    expect(frame()).not.toContain('GET /a')
    await press('F')
    for (let i = 0; i < 4; i++) await press('\u007f')
    await press('!', 'p', 'o', 's', 't', KEYS.enter)
    await see('hiding "post"')
    expect(frame()).toContain('GET /a')
    expect(frame()).not.toContain('POST /b')
  })

  it('keeps at most buffer_lines entries and says when older ones are dropped', async () => {
    const { see, backend, frame } = await openLogs({ bufferLines: 5 })
    backend.sink.entries(Array.from({ length: 8 }, (_, i) => entry(`INFO n${i}`)))
    await see('Oldest 3 lines dropped (buffer of 5)')
    expect(frame()).toContain('5 lines')
    expect(frame()).not.toContain('INFO n2')
  })

  it('a failed source gets a badge and its fix on the status bar; the screen stays', async () => {
    const { see, backend, frame } = await openLogs()
    backend.sink.entries([entry('INFO before')])
    backend.sink.failed({
      sourceKey: 'dev/api/function',
      message: 'The credentials of identity dev-admin have expired.',
      hint: 'Run `atmos auth login --identity dev-admin` and try again.',
      exitCode: 3,
    })
    await see('[api/function ✖ credentials]')
    expect(frame()).toContain('atmos auth login --identity dev-admin')
    expect(frame()).toContain('INFO before')
  })

  it('throttling shows as a badge until the source reads a page again', async () => {
    const { see, backend } = await openLogs()
    backend.sink.status('dev/api/function', 'throttled on FilterLogEvents, retrying', true)
    await see('[api/function ⚠ throttled on FilterLogEvents, retrying]')
    backend.sink.healthy('dev/api/function')
    await see('All sources healthy.')
  })

  it('q goes back to Sources, and Tab returns to the same read', async () => {
    const { see, press, backend } = await openLogs()
    backend.sink.entries([entry('INFO kept')])
    await see('INFO kept')
    await press('q')
    await see('Sources')
    await press(KEYS.shiftTab)
    await see('INFO kept')
    expect(backend.follows).toHaveLength(1)
  })

  it('? lists every key', async () => {
    const { see, press } = await openLogs()
    await press('?')
    await see('(Esc, q or ? closes)')
    await see('next / previous ERROR')
    await press(KEYS.escape)
    await see('● FOLLOWING')
  })

  it('? on a terminal too short for the list scrolls it, so the last key can be read', async () => {
    const { see, press, frame } = await openLogs()
    await press('?')
    // The test terminal is 24 rows: the list says where it is and how to scroll.
    await see(/↑↓ PgUp PgDn scroll · lines 1–\d+ of \d+/)
    expect(frame()).not.toContain('back to Sources')
    await press('G')
    await see('back to Sources')
    await press('g')
    await see('next / previous screen')
    await press('q')
    await see('● FOLLOWING')
  })

  it('Ctrl-C quits with 130 from the Logs screen', async () => {
    const { press, exits } = await openLogs()
    await press(KEYS.ctrlC)
    expect(exits).toEqual([130])
  })
})

describe('Streams screen', () => {
  it('Tab lists the source under the cursor; Enter narrows the read to the chosen stream', async () => {
    const backend = new FakeBackend()
    backend.streamLists.set('dev/api/function', [
      { sourceKey: 'dev/api/function', name: '/aws/lambda/acme-dev-api', depth: 0 },
      {
        sourceKey: 'dev/api/function',
        name: '2026/12/02/[$LATEST]abc',
        description: 'last event …',
        depth: 1,
      },
    ])
    const { see, press } = mount({ backend })
    await see('7 of 7')
    await press(KEYS.tab)
    await see('Streams · dev/api/function')
    await see('[$LATEST]abc')
    await press(KEYS.down, KEYS.enter)
    await see('› 2026/12/02/[$LATEST]abc')
    expect(backend.follows.at(-1)!.query.narrow?.name).toBe('2026/12/02/[$LATEST]abc')
  })

  it('Tab lists the best match of a query, before any cursor move', async () => {
    const { see, press } = mount()
    await see('7 of 7')
    await press('/', 'b', 'i', 'l', 'l', KEYS.enter)
    await see('/bill (/ to edit')
    await press(KEYS.tab)
    await see('Streams · prod/billing/function')
  })

  it('a kind without list is skipped by Tab', async () => {
    const backend = new FakeBackend([{ ...SOURCES[0]!, kind: 'test/nolist', canList: false, key: 'a' }])
    const { see, press, frame } = mount({ backend })
    await see('1 of 1')
    await press(KEYS.tab)
    await see('Sources')
    expect(frame()).not.toContain('Streams')
  })
})

/** The SGR sequences of a frame that set a colour (foreground or background), e.g. `\u001b[31m`. */
function colourCodes(frame: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
  return (frame.match(/\u001b\[[0-9;]*m/g) ?? []).filter((sgr) =>
    sgr
      .slice(2, -1)
      .split(';')
      .some((p) => /^(3[0-9]|4[0-9]|9[0-7]|10[0-7])$/.test(p)),
  )
}

const INVERSE = '\u001b[7m'

describe('colour', () => {
  /** Sources with a mark and a pin, Streams, then Logs with an ERROR and a search: every screen's colours. */
  async function everyScreen(color: boolean) {
    const backend = new FakeBackend()
    backend.streamLists.set('dev/api/function', [
      { sourceKey: 'dev/api/function', name: '/aws/lambda/acme-dev-api', depth: 0 },
    ])
    const m = mount({ backend, color })
    const frames: string[] = []
    await m.see('7 of 7')
    await m.press(' ', 'p', '/', 'a')
    await m.see('1 marked')
    frames.push(m.raw())
    await m.press(KEYS.escape, KEYS.tab)
    await m.see('/aws/lambda/acme-dev-api')
    frames.push(m.raw())
    await m.press(KEYS.enter)
    await m.see('● FOLLOWING')
    backend.sink.entries([entry('INFO up'), entry('ERROR down'), entry('INFO again')])
    await m.see('INFO again')
    await m.press('/', 'd', 'o', 'w', 'n', KEYS.enter)
    await m.see(/> ERROR down/)
    frames.push(m.raw())
    return frames
  }

  it('off (NO_COLOR, --no-color, colorize: false): no colour on any screen; reverse video still marks the selection and matches', async () => {
    const frames = await everyScreen(false)
    for (const f of frames) {
      expect(colourCodes(f)).toEqual([])
      expect(f).toContain(INVERSE)
    }
    // the search match is marked inside the selected line
    expect(frames[2]).toContain(`${INVERSE}down`)
  })

  it('on (--color, or a terminal without NO_COLOR): the screens are coloured, ERROR cells of the sparkline in red', async () => {
    const frames = await everyScreen(true)
    const [sources, , logs] = frames
    // the pin and the mark in their colours, the fuzzy matches in yellow; PAUSED (the search moved) in yellow
    expect(colourCodes(sources!)).toEqual(expect.arrayContaining(['\u001b[33m', '\u001b[32m']))
    expect(colourCodes(logs!)).toContain('\u001b[33m')
    const sparkline = frames[2]!.split('\n').find((l) => stripAnsi(l).startsWith('events '))!
    expect(colourCodes(sparkline)).toContain('\u001b[31m')
  })
})

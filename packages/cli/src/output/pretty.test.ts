import { formatGoTime } from '@atmos-logs/core'
import { describe, expect, it } from '@jest/globals'
import { createFormatter, type FormatterOptions } from './formatter.js'
import { DEFAULT_PRETTY_LAYOUT, prefixLabel } from './pretty.js'
import type { TaggedEntry } from './tagged-entry.js'

const at = new Date('2026-11-27T11:00:01.234Z')

const entry = (over: Partial<TaggedEntry> = {}): TaggedEntry => ({
  timestamp: at,
  level: 'INFO',
  message: 'hello',
  source: 'function-logs',
  kind: 'aws/cloudwatch',
  component: 'api',
  stack: 'dev',
  ...over,
})

const pretty = (over: Partial<FormatterOptions> = {}) =>
  createFormatter({ format: 'pretty', color: false, utc: true, prefixes: 'none', ...over })

const ESC = '\u001b'

describe('pretty format without colour', () => {
  it('prints timestamp, padded level and message', () => {
    const f = pretty()
    expect(f.format(entry())).toBe('2026-11-27 11:00:01.234Z INFO  hello\n')
    expect(f.format(entry({ level: 'ERROR' }))).toBe('2026-11-27 11:00:01.234Z ERROR hello\n')
    expect(f.format(entry({ level: 'WARN' }))).toBe('2026-11-27 11:00:01.234Z WARN  hello\n')
    expect(f.format(entry({ level: 'DEBUG' }))).toBe('2026-11-27 11:00:01.234Z DEBUG hello\n')
  })

  it('marks a late entry before its message, continuation lines indented under the message', () => {
    expect(pretty().format(entry({ late: true }))).toBe('2026-11-27 11:00:01.234Z INFO  late hello\n')
    expect(pretty().format(entry({ late: true, message: 'a\nb' }))).toBe(
      `2026-11-27 11:00:01.234Z INFO  late a\n${' '.repeat(36)}b\n`,
    )
  })

  it('keeps the level column when an entry has no level', () => {
    expect(pretty().format(entry({ level: undefined }))).toBe('2026-11-27 11:00:01.234Z       hello\n')
  })

  it('uses the Go layout from timestamp_format, by layout or by name', () => {
    expect(pretty({ timestampFormat: '15:04:05.000' }).format(entry())).toBe('11:00:01.234 INFO  hello\n')
    expect(pretty({ timestampFormat: 'Jan _2 15:04:05' }).format(entry())).toBe(
      'Nov 27 11:00:01 INFO  hello\n',
    )
    expect(pretty({ timestampFormat: 'Kitchen' }).format(entry())).toBe('11:00AM INFO  hello\n')
  })

  it('prints local time with its offset unless utc is set', () => {
    const local = pretty({ utc: false }).format(entry())
    // The offset's text depends on the zone the tests run in; the Go layout tests pin zones down.
    expect(local).toBe(`${formatGoTime(at, DEFAULT_PRETTY_LAYOUT, { utc: false })} INFO  hello\n`)
    expect(local).toMatch(/^2026-11-2\d \d\d:\d\d:01\.234(Z|[+-]\d\d:\d\d) INFO {2}hello\n$/)
  })

  it('indents the lines of a multi-line message under its first line', () => {
    const message = 'Traceback (most recent call last):\n  File "app.py", line 3\nValueError: bad\n'
    expect(pretty().format(entry({ level: 'ERROR', message }))).toBe(
      [
        '2026-11-27 11:00:01.234Z ERROR Traceback (most recent call last):',
        '                                 File "app.py", line 3',
        '                               ValueError: bad',
        '',
      ].join('\n'),
    )
  })

  it('keeps blank lines inside a message without trailing spaces, and handles CRLF', () => {
    expect(pretty({ timestampFormat: '15:04' }).format(entry({ message: 'one\r\n\r\ntwo' }))).toBe(
      '11:00 INFO  one\n\n            two\n',
    )
  })

  it('shows a JSON message by its msg, then its fields with numbers as logged, on one line', () => {
    const message = '{ "msg": "charged",\n  "amount": 12.50, "id": 12345678901234567890 }'
    expect(pretty({ timestampFormat: '15:04' }).format(entry({ message }))).toBe(
      '11:00 INFO  charged amount=12.50 id=12345678901234567890\n',
    )
  })

  it('pretty-prints a JSON message indented under the line with expandJson', () => {
    const message = '{"msg":"charged","tags":["a"]}'
    expect(pretty({ timestampFormat: '15:04', expandJson: true }).format(entry({ message }))).toBe(
      [
        '11:00 INFO  {',
        '              "msg": "charged",',
        '              "tags": [',
        '                "a"',
        '              ]',
        '            }',
        '',
      ].join('\n'),
    )
  })

  it('leaves text that only looks like JSON alone', () => {
    expect(pretty({ timestampFormat: '15:04' }).format(entry({ message: '[INFO]  {spaced}  text' }))).toBe(
      '11:00 INFO  [INFO]  {spaced}  text\n',
    )
  })

  it('removes colour codes a message carries when colour is off', () => {
    expect(
      pretty({ timestampFormat: '15:04' }).format(entry({ message: `${ESC}[36;1mRun tests${ESC}[0m` })),
    ).toBe('11:00 INFO  Run tests\n')
  })

  it('says so when the timestamp is invalid rather than printing NaN', () => {
    expect(pretty().format(entry({ timestamp: new Date(Number.NaN) }))).toBe('invalid time INFO  hello\n')
  })
})

describe('pretty prefixes', () => {
  const a = entry({ component: 'api', source: 'function-logs' })
  const b = entry({ component: 'worker', source: 'function-logs' })
  const c = entry({ component: 'api', source: 'access-logs' })
  const direct = entry({ component: null, stack: null, source: 'org-trail' })

  it('labels by component, component/source or source', () => {
    expect([a, b, c, direct].map((e) => prefixLabel(e, 'component'))).toEqual([
      'api',
      'worker',
      'api',
      'org-trail',
    ])
    expect([a, b, c, direct].map((e) => prefixLabel(e, 'component/source'))).toEqual([
      'api/function-logs',
      'worker/function-logs',
      'api/access-logs',
      'org-trail',
    ])
    expect([a, b, c, direct].map((e) => prefixLabel(e, 'source'))).toEqual([
      'function-logs',
      'function-logs',
      'access-logs',
      'org-trail',
    ])
    expect(prefixLabel(a, 'none')).toBeUndefined()
  })

  it('pads prefixes to the widest seen so far and indents continuation lines past them', () => {
    const f = pretty({ prefixes: 'component', timestampFormat: '15:04' })
    expect(f.format(a)).toBe('[api] 11:00 INFO  hello\n')
    expect(f.format(b)).toBe('[worker] 11:00 INFO  hello\n')
    expect(f.format({ ...a, message: 'one\ntwo' })).toBe(
      '[api]    11:00 INFO  one\n                     two\n',
    )
  })
  it('pads every line, the first ones too, to the widest known label', () => {
    const f = pretty({ prefixes: 'component', timestampFormat: '15:04', knownLabels: ['api', 'worker'] })
    expect(f.format(a)).toBe('[api]    11:00 INFO  hello\n')
    expect(f.format(b)).toBe('[worker] 11:00 INFO  hello\n')
  })
})

describe('pretty format with colour', () => {
  const colored = (over: Partial<FormatterOptions> = {}) =>
    pretty({ color: true, colorLevel: 1, timestampFormat: '15:04', ...over })

  it('colours each level', () => {
    const f = colored()
    const dimTime = `${ESC}[2m11:00${ESC}[22m`
    expect(f.format(entry({ level: 'ERROR' }))).toBe(`${dimTime} ${ESC}[31mERROR${ESC}[39m hello\n`)
    expect(f.format(entry({ level: 'WARN' }))).toBe(`${dimTime} ${ESC}[33mWARN ${ESC}[39m hello\n`)
    expect(f.format(entry({ level: 'INFO' }))).toBe(`${dimTime} ${ESC}[32mINFO ${ESC}[39m hello\n`)
    expect(f.format(entry({ level: 'DEBUG' }))).toBe(`${dimTime} ${ESC}[90mDEBUG${ESC}[39m hello\n`)
  })

  it('gives each prefix its own colour in order of appearance', () => {
    const f = colored({ prefixes: 'component/source' })
    const worker = f.format(entry({ component: 'worker' }))!
    const api = f.format(entry({ component: 'api' }))!
    const workerAgain = f.format(entry({ component: 'worker', level: 'ERROR' }))!
    expect(worker.startsWith(`${ESC}[36m[worker/function-logs]${ESC}[39m `)).toBe(true)
    expect(api.startsWith(`${ESC}[35m[api/function-logs]${ESC}[39m   `)).toBe(true)
    expect(workerAgain.startsWith(`${ESC}[36m[worker/function-logs]${ESC}[39m `)).toBe(true)
  })

  it("gives known labels their colours in the sources' order, whichever logs first", () => {
    const f = colored({ prefixes: 'component', knownLabels: ['api', 'worker'] })
    expect(f.format(entry({ component: 'worker' }))!.startsWith(`${ESC}[35m[worker]${ESC}[39m `)).toBe(true)
    expect(f.format(entry({ component: 'api' }))!.startsWith(`${ESC}[36m[api]${ESC}[39m    `)).toBe(true)
  })

  it('keeps the colour codes a message carries when colour is on', () => {
    expect(colored().format(entry({ level: undefined, message: `${ESC}[1mbold${ESC}[0m` }))).toBe(
      `${ESC}[2m11:00${ESC}[22m       ${ESC}[1mbold${ESC}[0m\n`,
    )
  })

  it('indents continuation lines by the visible width, not counting colour codes', () => {
    expect(colored({ prefixes: 'component' }).format(entry({ level: undefined, message: 'a\nb' }))).toBe(
      `${ESC}[36m[api]${ESC}[39m ${ESC}[2m11:00${ESC}[22m       a\n${' '.repeat(18)}b\n`,
    )
  })
})

describe('pretty format neutralises terminal control sequences in messages', () => {
  const BEL = '\u0007'
  const hostile = [
    `title ${ESC}]0;PWNED${BEL}`,
    `clip ${ESC}]52;c;ZXZpbA==${ESC}\\`,
    `clear ${ESC}[2J${ESC}[H`,
    `reset ${ESC}c`,
    `bell ${BEL}`,
    'cr abc\rXYZ',
    'c1 \u009b2J',
    `sgr ${ESC}[31mred${ESC}[0m`,
  ].join(' ')
  // Whatever is left must not be able to move the cursor, retitle, clear or reprogram the terminal.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  const CONTROL_EXCEPT_SGR = /\u001b(?!\[[0-9;]*m)|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/

  it('without colour: no escape or control character reaches the terminal, the text stays readable', () => {
    const out = pretty({ timestampFormat: '15:04' }).format(entry({ level: undefined, message: hostile }))!
    expect(out).not.toContain(ESC)
    expect(out.slice(0, -1)).not.toMatch(CONTROL_EXCEPT_SGR)
    expect(out).toContain('title')
    expect(out).toContain('abc')
    expect(out).toContain('XYZ')
    expect(out).toContain('sgr red')
    expect(out.endsWith('\n')).toBe(true)
    expect(out.split('\n')).toHaveLength(2)
  })

  it('with colour: keeps the message colours (SGR) and drops every other sequence', () => {
    const out = pretty({ color: true, colorLevel: 1, timestampFormat: '15:04' }).format(
      entry({ level: undefined, message: hostile }),
    )!
    expect(out).toContain(`${ESC}[31mred${ESC}[0m`)
    expect(out.slice(0, -1)).not.toMatch(CONTROL_EXCEPT_SGR)
    expect(out).not.toContain(']0;PWNED')
    expect(out).not.toContain(']52;')
  })

  it('keeps tabs and the line structure of multi-line messages (CRLF included)', () => {
    expect(pretty({ timestampFormat: '15:04' }).format(entry({ message: 'a\tb\r\nc' }))).toBe(
      `11:00 INFO  a\tb\n${' '.repeat(12)}c\n`,
    )
  })
})

describe('pretty --group-requests', () => {
  const ID = '8f5c2a3e-0b1d-4c6e-9a7f-2d3b4c5e6f70'
  const invocation = { requestId: ID, started: true, lines: 3 }

  it("shows the REPORT's numbers on the first line, hangs the others under it, and says the request id once", () => {
    const f = pretty()
    expect(
      f.format(
        entry({
          message: `START RequestId: ${ID} Version: $LATEST`,
          requestId: ID,
          invocation: {
            ...invocation,
            durationMs: 102.25,
            memorySizeMB: 128,
            maxMemoryUsedMB: 70,
            initDurationMs: 151.9,
          },
        }),
      ),
    ).toBe(
      `2026-11-27 11:00:01.234Z INFO  START RequestId: ${ID} Version: $LATEST — 102.25 ms, max memory 70 of 128 MB, init 151.9 ms\n`,
    )
    expect(
      f.format(
        entry({
          message: JSON.stringify({
            level: 'INFO',
            message: 'Loading order',
            function_request_id: ID,
            order_id: 'o-1',
          }),
          requestId: ID,
          grouped: 'member',
        }),
      ),
    ).toBe('2026-11-27 11:00:01.234Z INFO  │ Loading order order_id=o-1\n')
    expect(
      f.format(
        entry({
          message: `2026-11-27T11:00:01.234Z\t${ID}\tINFO\tdone\nsecond`,
          requestId: ID,
          grouped: 'last',
        }),
      ),
    ).toBe(`2026-11-27 11:00:01.234Z INFO  └ done\n${' '.repeat(33)}second\n`)
  })

  it('says why an invocation has no numbers, and a status other than success', () => {
    const f = pretty()
    const start = entry({ message: `START RequestId: ${ID} Version: $LATEST` })
    expect(f.format({ ...start, invocation: { ...invocation, open: 'end' } })).toContain(
      '$LATEST — no REPORT before the read ended\n',
    )
    expect(f.format({ ...start, invocation: { ...invocation, open: 'held' } })).toContain(
      '— still running (no REPORT yet); its later lines print as they come\n',
    )
    expect(
      f.format({
        ...start,
        invocation: { ...invocation, durationMs: 3000, status: 'timeout', started: false },
      }),
    ).toContain('— 3000 ms, timeout, began before the lines read\n')
  })
})

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { createFormatter } from './formatter.js'
import { readableJson, withoutRepeatedHead } from './readable-message.js'
import type { TaggedEntry } from './tagged-entry.js'

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/structured-logs')
const fixture = (shape: string) => readFileSync(path.join(FIXTURES, `${shape}.json`), 'utf8').trimEnd()

const at = new Date('2026-12-02T08:00:01.120Z')
const entry = (message: string, over: Partial<TaggedEntry> = {}): TaggedEntry => ({
  timestamp: at,
  message,
  source: 'function',
  kind: 'aws/cloudwatch',
  component: 'api',
  stack: 'dev',
  ...over,
})
const pretty = (expandJson = false) =>
  createFormatter({ format: 'pretty', color: false, utc: true, prefixes: 'none', expandJson })
const HEAD = '2026-12-02 08:00:01.120Z'

describe('structured log lines in pretty output: message first, other fields as key=value', () => {
  it.each([
    [
      'powertools',
      'INFO  Collecting payment location=collect_payment:29 service=payment cold_start=true function_name=acme-dev-api function_request_id=4b1e9c2a-7d3f-4e51-9a0b-2f6c8d1e5a77 xray_trace_id=1-6753c2a1-0f3b5d7e9a1c2e4f6a8b0c2d',
    ],
    ['pino', 'INFO  order stored pid=4711 hostname=ip-10-0-1-7 orderId=ord-981 total=12345678901234567890'],
    ['bunyan', 'ERROR card declined name=checkout hostname=ip-10-0-1-8 pid=812 v=0'],
    ['zap', 'WARN  retrying delivery caller=queue/consumer.go:88 attempt=3 backoff=2s'],
    ['logrus', 'INFO  cache warmed entries=1200'],
    ['slog', 'ERROR upstream failed service=billing status=503 err="connect: connection refused"'],
    [
      'ecs',
      'INFO  request served ecs.version=8.10.0 http={"request":{"method":"GET"}} url={"path":"/orders"}',
    ],
  ])('%s', (shape, shown) => {
    // The level column comes from the object itself when the provider found none.
    expect(pretty().format(entry(fixture(shape)))).toBe(`${HEAD} ${shown}\n`)
  })

  it('keeps the provider’s level, and leaves JSON without a message field as compact JSON', () => {
    expect(pretty().format(entry(fixture('zap'), { level: 'ERROR' }))).toMatch(/^\S+ \S+ ERROR retrying/)
    expect(pretty().format(entry('{"a": 1, "b": [1, 2]}'))).toBe(`${HEAD}       {"a":1,"b":[1,2]}\n`)
  })

  it('--expand indents the JSON instead', () => {
    const out = pretty(true).format(entry(fixture('logrus')))!
    expect(out.split('\n').slice(0, 3)).toEqual([
      `${HEAD}       {`,
      `${' '.repeat(33)}"entries": 1200,`,
      `${' '.repeat(33)}"level": "info",`,
    ])
  })

  it('json and raw print the message as logged', () => {
    for (const shape of ['pino', 'ecs', 'powertools']) {
      const message = fixture(shape)
      expect(
        JSON.parse(
          createFormatter({ format: 'json', color: false, utc: true, prefixes: 'none' }).format(
            entry(message),
          )!,
        ).message,
      ).toBe(message)
      expect(
        createFormatter({ format: 'raw', color: false, utc: true, prefixes: 'none' }).format(entry(message)),
      ).toBe(`${message}\n`)
    }
  })

  it('shows control characters a JSON string decodes to as symbols, never as escapes', () => {
    expect(
      pretty().format(entry('{"msg":"bell\\u0007 title\\u001b]0;x\\u0007 end","k":"v\\u001b[2J"}')),
    ).toBe(`${HEAD}       bell␇ title end k=v\n`)
  })

  it('reads a message field only when it is a string', () => {
    expect(readableJson('{"msg":{"a":1}}')).toBeUndefined()
    expect(readableJson('[1]')).toBeUndefined()
    expect(readableJson('{"msg":"x","s":"two words","e":""}')?.fields).toEqual([
      ['s', '"two words"'],
      ['e', '""'],
    ])
  })
})

describe('a plain-text message that repeats the line’s timestamp and level', () => {
  const t = new Date('2026-12-02T04:41:58.007Z')
  it('drops them when they are the line’s own', () => {
    expect(withoutRepeatedHead('2026-12-02T04:41:58.007Z INFO worker: job done', t, 'INFO').text).toBe(
      'worker: job done',
    )
    expect(withoutRepeatedHead('[2026-12-02 04:41:58,007] [WARN]: slow', t, 'WARN').text).toBe('slow')
    expect(withoutRepeatedHead('2026-12-02T04:41:58Z ERROR boom', t, 'ERROR').text).toBe('boom') // to the second
    expect(withoutRepeatedHead('2026-12-02T05:41:58.007+01:00 INFO x', t, 'INFO').text).toBe('x')
    expect(pretty().format(entry('2026-12-02T08:00:01.120Z INFO worker: job done', { level: 'INFO' }))).toBe(
      `${HEAD} INFO  worker: job done\n`,
    )
  })

  it('keeps them when they differ from the line’s', () => {
    const other = '2026-12-02T04:41:59.000Z INFO later'
    expect(withoutRepeatedHead(other, t, 'INFO').text).toBe(other)
    expect(withoutRepeatedHead('2026-12-02T04:41:58.007Z WARN x', t, 'INFO').text).toBe(
      '2026-12-02T04:41:58.007Z WARN x',
    )
    expect(withoutRepeatedHead('2026-12-02T04:41:58.007Z INFO x', t, undefined).text).toBe(
      '2026-12-02T04:41:58.007Z INFO x',
    )
    expect(withoutRepeatedHead('no time INFO x', t, 'INFO').text).toBe('no time INFO x')
  })
})

import { describe, expect, it } from '@jest/globals'
import { JSON_LINE_KEYS } from '../../test/helpers/output-project.js'
import { formatJsonLine, formatRawLine } from './json.js'
import type { TaggedEntry } from './tagged-entry.js'

const full: TaggedEntry = {
  timestamp: new Date('2026-11-27T11:00:01.234Z'),
  level: 'ERROR',
  message: 'payment failed',
  id: '3712345',
  source: 'function-logs',
  kind: 'aws/cloudwatch',
  component: 'api',
  stack: 'plat-ue2-dev',
  requestId: 'req-1',
  metadata: { logStream: '2026/11/27/[$LATEST]abc' },
}

const bare: TaggedEntry = {
  timestamp: new Date('2026-11-27T11:00:01Z'),
  message: 'hello',
  source: 'deploy',
  kind: 'github/actions',
  component: null,
  stack: null,
}

describe('formatJsonLine', () => {
  it('adds "invocation" to the first line of a --group-requests group, and only there', () => {
    const invocation = { requestId: 'r-1', durationMs: 12.5, maxMemoryUsedMB: 70, started: true, lines: 4 }
    const line = JSON.parse(formatJsonLine({ ...bare, invocation, grouped: undefined }))
    expect(line.invocation).toStrictEqual(invocation)
    expect(line.message).toBe(bare.message)
    expect(JSON.parse(formatJsonLine({ ...bare, grouped: 'member' }))).not.toHaveProperty('invocation')
  })

  it('adds "late": true at the end of an entry a follow printed after newer ones, and only then', () => {
    const line = JSON.parse(formatJsonLine({ ...bare, late: true }))
    expect(Object.keys(line).at(-1)).toBe('late')
    expect(line.late).toBe(true)
    expect(JSON.parse(formatJsonLine(bare))).not.toHaveProperty('late')
  })

  it('writes every key in a fixed order, timestamp in UTC with milliseconds', () => {
    expect(formatJsonLine(full)).toBe(
      '{"timestamp":"2026-11-27T11:00:01.234Z","level":"ERROR","message":"payment failed","id":"3712345",' +
        '"source":"function-logs","kind":"aws/cloudwatch","component":"api","stack":"plat-ue2-dev",' +
        '"requestId":"req-1","metadata":{"logStream":"2026/11/27/[$LATEST]abc"}}\n',
    )
  })

  it('keeps absent fields as null so consumers can rely on the keys', () => {
    const line = formatJsonLine(bare)
    expect(line).toBe(
      '{"timestamp":"2026-11-27T11:00:01.000Z","level":null,"message":"hello","id":null,"source":"deploy",' +
        '"kind":"github/actions","component":null,"stack":null,"requestId":null,"metadata":null}\n',
    )
    expect(Object.keys(JSON.parse(line))).toEqual(JSON_LINE_KEYS)
  })

  it('keeps a multi-line message on one JSON line', () => {
    const line = formatJsonLine({ ...bare, message: 'line one\nline two\n' })
    expect(line.split('\n')).toHaveLength(2)
    expect(JSON.parse(line).message).toBe('line one\nline two\n')
  })

  it('survives metadata that JSON cannot hold as is', () => {
    const metadata: Record<string, unknown> = { big: 2n ** 64n, shared: { a: 1 } }
    metadata.self = metadata
    metadata.again = metadata.shared
    const parsed = JSON.parse(formatJsonLine({ ...bare, metadata }))
    expect(parsed.metadata).toEqual({
      big: '18446744073709551616',
      shared: { a: 1 },
      self: '[Circular]',
      again: { a: 1 },
    })
  })

  it('writes null for an invalid timestamp instead of throwing', () => {
    expect(JSON.parse(formatJsonLine({ ...bare, timestamp: new Date(Number.NaN) })).timestamp).toBeNull()
  })
})

describe('formatRawLine', () => {
  it('prints the message only', () => {
    expect(formatRawLine(full)).toBe('payment failed\n')
  })

  it('does not double a trailing newline and keeps inner lines', () => {
    expect(formatRawLine({ ...bare, message: 'a\nb\n' })).toBe('a\nb\n')
  })
})

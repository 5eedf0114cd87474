import { logLevelOf } from '@atmos-logs/core/levels'
import { detectLevelAndRequestId } from './level.js'

describe('detectLevelAndRequestId', () => {
  const rid = '8f5b4a1e-2c3d-4e5f-9a0b-1c2d3e4f5a6b'
  it.each([
    ['{"level":"error","msg":"boom","requestId":"r-1"}', { level: 'ERROR', requestId: 'r-1' }],
    ['{"severity":"WARNING","request_id":"r-2"}', { level: 'WARN', requestId: 'r-2' }],
    ['{"levelname":"DEBUG"}', { level: 'DEBUG' }],
    ['{"level":50,"msg":"pino"}', { level: 'ERROR' }],
    [`START RequestId: ${rid} Version: $LATEST`, { level: 'INFO', requestId: rid }],
    [`REPORT RequestId: ${rid}\tDuration: 2.1 ms`, { level: 'INFO', requestId: rid }],
    [`2024-05-01T10:00:00.123Z\t${rid}\tERROR\tInvoke Error`, { level: 'ERROR', requestId: rid }],
    [`2024-05-01T10:00:00.123Z\t${rid}\t[WARN]\tslow`, { level: 'WARN', requestId: rid }],
    ['[ERROR] something failed', { level: 'ERROR' }],
    ['WARN: disk almost full', { level: 'WARN' }],
    ['info - started', { level: 'INFO' }],
    ['time=1 level=debug msg=x', { level: 'DEBUG' }],
    [`Task timed out RequestId: ${rid}`, { requestId: rid }],
    ['2026-11-27T13:31:07.572Z INFO worker: job 9696 done', { level: 'INFO' }],
    ['[2026-11-27 13:31:07,572] WARNING retrying', { level: 'WARN' }],
    ['{"level":"INFO","function_request_id":"fr-1"}', { level: 'INFO', requestId: 'fr-1' }],
    ['just a line', {}],
    ['Errorless words do not count', {}],
    ['{"not json', {}],
  ])('%s', (message, expected) => {
    expect(detectLevelAndRequestId(message)).toEqual(expected)
  })
})

describe("Lambda's tab-separated runtime lines", () => {
  // The pattern the positional reading replaced: every variation below must be read as it read it.
  const PATTERN = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t([0-9a-fA-F-]{8,}|undefined)\t\[?([A-Za-z]+)\]?\t/
  const rid = '8f5b4a1e-2c3d-4e5f-9a0b-1c2d3e4f5a6b'
  const parts = {
    time: [
      '2024-05-01T10:00:00.123Z',
      '2024-05-01T1Z',
      '2024-05-01TZ',
      '2024-5-01T10:00:00Z',
      '2024-05-01 10:00:00Z',
      'x024-05-01T10:00Z',
      '2024-05-01T10:00:00.123',
    ],
    id: [rid, 'undefined', 'abcdef12', 'abcdef1', 'ABCDEF12-', 'undefine', 'undefinedx', 'g1234567', ''],
    level: ['INFO', '[ERROR]', '[Warn', 'debug]', 'I', '', '[]', 'IN FO', 'WARN1', 'fatal'],
    rest: ['\thello', '\t', '', ' x'],
  }
  const lines: string[] = []
  for (const time of parts.time)
    for (const id of parts.id)
      for (const level of parts.level)
        for (const rest of parts.rest) lines.push(`${time}\t${id}\t${level}${rest}`)

  it('are read as the regular expression read them', () => {
    let matched = 0
    for (const line of lines) {
      const m = PATTERN.exec(line)
      const detected = detectLevelAndRequestId(line)
      if (m) {
        matched++
        expect({ line, ...detected }).toEqual({
          line,
          level: logLevelOf(m[2]),
          requestId: m[1] === 'undefined' ? undefined : m[1],
        })
      } else {
        // No other reading finds a request id in these lines (none says `RequestId: `).
        expect({ line, requestId: detected.requestId }).toEqual({ line, requestId: undefined })
      }
    }
    expect(matched).toBeGreaterThan(50)
    expect(lines.length - matched).toBeGreaterThan(1000)
  })
})

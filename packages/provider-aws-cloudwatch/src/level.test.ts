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

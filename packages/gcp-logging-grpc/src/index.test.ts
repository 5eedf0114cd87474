import { durationMs, durationText, loadLoggingGrpc, type TailResponseJson } from './index.js'

describe('TailLogEntries messages in their REST JSON form', () => {
  it('round-trips a LogEntry through the wire: nanosecond times, Struct payloads, int64s, enums, an audit Any', async () => {
    const { service } = await loadLoggingGrpc()
    const method = service.tailLogEntries!
    const response: TailResponseJson = {
      entries: [
        {
          logName: 'projects/p/logs/run.googleapis.com%2Fstdout',
          insertId: 'a1',
          timestamp: '2026-01-02T03:04:05.123456789Z',
          receiveTimestamp: '2026-01-02T03:04:06.500Z',
          severity: 'WARNING',
          resource: { type: 'cloud_run_revision', labels: { service_name: 'web' } },
          labels: { instanceId: 'i-1' },
          jsonPayload: { message: 'hi', n: 3, nested: { list: [1, 'two', null, true] } },
          httpRequest: { requestMethod: 'GET', status: 500, responseSize: '1234', latency: '0.250s' },
          trace: 'projects/p/traces/t1',
        },
        {
          logName: 'projects/p/logs/cloudaudit.googleapis.com%2Factivity',
          insertId: 'b',
          timestamp: '2026-01-02T03:04:05Z',
          protoPayload: {
            '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
            methodName: 'SetIamPolicy',
            resourceName: 'projects/p',
            authenticationInfo: { principalEmail: 'dev@example.com' },
            status: { code: 7, message: 'denied' },
          },
        },
      ],
      suppressionInfo: [{ reason: 'RATE_LIMIT', suppressedCount: 12 }],
    }
    const bytes = method.responseSerialize(response)
    expect(bytes.length).toBeGreaterThan(100)
    expect(method.responseDeserialize(bytes)).toEqual(response)

    const request = { resourceNames: ['projects/p'], filter: 'severity>=ERROR', bufferWindow: '2.500s' }
    expect(method.requestDeserialize(method.requestSerialize(request))).toEqual(request)
  })

  it('writes durations as the JSON form does', () => {
    expect(durationText(2000)).toBe('2s')
    expect(durationText(1500)).toBe('1.500s')
    expect(durationMs('2.5s')).toBe(2500)
    expect(durationMs('two')).toBeUndefined()
  })
})

import { describe, expect, it } from '@jest/globals'
import { lambdaLine, traceIdOf } from './lambda-lines.js'

const ID = '8f5c2a3e-0b1d-4c6e-9a7f-2d3b4c5e6f70'

describe('lambdaLine', () => {
  it('reads the text START, END and REPORT lines Lambda writes', () => {
    expect(lambdaLine(`START RequestId: ${ID} Version: $LATEST`)).toStrictEqual({
      type: 'start',
      requestId: ID,
    })
    expect(lambdaLine(`END RequestId: ${ID}`)).toStrictEqual({ type: 'end', requestId: ID })
    expect(
      lambdaLine(
        `REPORT RequestId: ${ID}\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 151.92 ms\t\nXRAY TraceId: 1-5e1b4151-43a0913a12345678\tSegmentId: 6b5d8a1f2c3e4d5a\tSampled: true\t`,
      ),
    ).toStrictEqual({
      type: 'report',
      requestId: ID,
      report: {
        durationMs: 102.25,
        billedDurationMs: 103,
        memorySizeMB: 128,
        maxMemoryUsedMB: 70,
        initDurationMs: 151.92,
      },
      traceId: '1-5e1b4151-43a0913a12345678',
    })
  })

  it('reads the status a timed-out or failed invocation reports, and the runtime line that says so', () => {
    expect(
      lambdaLine(
        `REPORT RequestId: ${ID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tStatus: timeout`,
      ),
    ).toMatchObject({ type: 'report', report: { durationMs: 3000, status: 'timeout' } })
    expect(lambdaLine(`2026-12-02T14:00:03.001Z ${ID} Task timed out after 3.00 seconds`)).toStrictEqual({
      type: 'timed-out',
      requestId: ID,
    })
  })

  it("reads the JSON log format's platform records", () => {
    const start = JSON.stringify({
      time: '2026-12-02T14:00:00.000Z',
      type: 'platform.start',
      record: {
        requestId: ID,
        version: '$LATEST',
        tracing: { spanId: 'a1b2', type: 'X-Amzn-Trace-Id', value: 'Root=1-abc-def;Parent=a1b2;Sampled=1' },
      },
    })
    expect(lambdaLine(start)).toStrictEqual({ type: 'start', requestId: ID, traceId: '1-abc-def' })
    const report = JSON.stringify({
      time: '2026-12-02T14:00:00.120Z',
      type: 'platform.report',
      record: {
        requestId: ID,
        metrics: { durationMs: 118.5, billedDurationMs: 119, memorySizeMB: 256, maxMemoryUsedMB: 81 },
        status: 'success',
      },
    })
    expect(lambdaLine(report)).toStrictEqual({
      type: 'report',
      requestId: ID,
      report: {
        durationMs: 118.5,
        billedDurationMs: 119,
        memorySizeMB: 256,
        maxMemoryUsedMB: 81,
        status: 'success',
      },
    })
  })

  it('says nothing of other lines, including lines of no invocation', () => {
    for (const message of [
      'INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc',
      'EXTENSION\tName: datadog-agent\tState: Ready\tEvents: [INVOKE, SHUTDOWN]',
      `2026-12-02T14:00:00.002Z\t${ID}\tINFO\thandled`,
      'STARTING worker',
      'REPORTED to upstream',
      '{"level":"INFO","message":"hi"}',
      '{"time":"2026-12-02T14:00:00.000Z","type":"platform.initStart","record":{"runtimeVersion":"nodejs:20"}}',
      '',
    ])
      expect(lambdaLine(message)).toBeUndefined()
  })
})

describe('traceIdOf', () => {
  it("finds Powertools' xray_trace_id, and nothing in other lines", () => {
    expect(traceIdOf('{"level":"INFO","message":"x","xray_trace_id":"1-5759e988-bd862e3fe1be46a9"}')).toBe(
      '1-5759e988-bd862e3fe1be46a9',
    )
    expect(traceIdOf('xray_trace_id=1-5759e988')).toBeUndefined()
    expect(traceIdOf('{"level":"INFO","message":"x"}')).toBeUndefined()
  })
})

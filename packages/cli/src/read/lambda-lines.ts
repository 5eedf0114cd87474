/**
 * What a Lambda log line says about its invocation, for --group-requests: the platform's own
 * START / END / REPORT lines (text, or the JSON log format's platform.start / platform.report
 * records), the runtime's "Task timed out" line, and the X-Ray trace id that ties a line to an
 * invocation when it carries no request id (Powertools' `xray_trace_id`).
 */

/** The numbers of a REPORT line (or platform.report record); each may be missing. */
export interface InvocationReport {
  durationMs?: number
  billedDurationMs?: number
  memorySizeMB?: number
  maxMemoryUsedMB?: number
  initDurationMs?: number
  /** success, timeout, error, ... when the platform says (it does not on a plain success in text). */
  status?: string
}

export type LambdaLine =
  | { type: 'start'; requestId: string; traceId?: string }
  | { type: 'end'; requestId: string }
  | { type: 'report'; requestId: string; report: InvocationReport; traceId?: string }
  | { type: 'timed-out'; requestId: string }

const START = /^START RequestId: ([0-9A-Za-z-]{8,})/
const END = /^END RequestId: ([0-9A-Za-z-]{8,})/
const REPORT = /^REPORT RequestId: ([0-9A-Za-z-]{8,})/
// `2026-12-02T14:00:03.001Z 3f1a… Task timed out after 3.00 seconds`
const TIMED_OUT = /^\d{4}-\d\d-\d\dT[\d:.]+Z\s+([0-9A-Za-z-]{8,})\s+Task timed out after /
const PLATFORM_JSON = /^\{\s*"time"\s*:/

const number = (text: string | undefined) => {
  if (text === undefined) return undefined
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}

const field = (message: string, pattern: RegExp) => pattern.exec(message)?.[1]

/** The invocation line a message is, or undefined for any other line. */
export function lambdaLine(message: string): LambdaLine | undefined {
  const first = message.charCodeAt(0)
  // S, E, R, a digit or `{`: nothing else can be one, and most lines are not.
  if (first === 83) {
    const start = START.exec(message)
    return start ? { type: 'start', requestId: start[1]! } : undefined
  }
  if (first === 69) {
    const end = END.exec(message)
    return end ? { type: 'end', requestId: end[1]! } : undefined
  }
  if (first === 82) {
    const report = REPORT.exec(message)
    if (!report) return undefined
    const traceId = field(message, /XRAY TraceId: ([^\s]+)/)
    return {
      type: 'report',
      requestId: report[1]!,
      report: withoutUndefined({
        durationMs: number(field(message, /(?<!Billed |Init |Restore )Duration: ([\d.]+) ms/)),
        billedDurationMs: number(field(message, /Billed Duration: ([\d.]+) ms/)),
        memorySizeMB: number(field(message, /Memory Size: (\d+) MB/)),
        maxMemoryUsedMB: number(field(message, /Max Memory Used: (\d+) MB/)),
        initDurationMs: number(field(message, /Init Duration: ([\d.]+) ms/)),
        status: field(message, /Status: ([A-Za-z.]+)/),
      }),
      ...(traceId ? { traceId } : {}),
    }
  }
  if (first >= 48 && first <= 57) {
    const timedOut = TIMED_OUT.exec(message)
    return timedOut ? { type: 'timed-out', requestId: timedOut[1]! } : undefined
  }
  if (first === 123 && PLATFORM_JSON.test(message) && message.includes('"platform.'))
    return platformRecord(message)
  return undefined
}

/** Lambda's JSON log format: `{"time", "type": "platform.start" | "platform.report" | ..., "record"}`. */
function platformRecord(message: string): LambdaLine | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(message)
  } catch {
    return undefined
  }
  const { type, record } = parsed as { type?: unknown; record?: Record<string, unknown> }
  if (!record || typeof record !== 'object') return undefined
  const requestId = typeof record.requestId === 'string' ? record.requestId : undefined
  if (!requestId) return undefined
  switch (type) {
    case 'platform.start': {
      const tracing = record.tracing as { value?: unknown } | undefined
      const traceId = typeof tracing?.value === 'string' ? /Root=([^;]+)/.exec(tracing.value)?.[1] : undefined
      return { type: 'start', requestId, ...(traceId ? { traceId } : {}) }
    }
    case 'platform.runtimeDone':
      return { type: 'end', requestId }
    case 'platform.report': {
      const metrics = (record.metrics ?? {}) as Record<string, unknown>
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
      return {
        type: 'report',
        requestId,
        report: withoutUndefined({
          durationMs: num(metrics.durationMs),
          billedDurationMs: num(metrics.billedDurationMs),
          memorySizeMB: num(metrics.memorySizeMB),
          maxMemoryUsedMB: num(metrics.maxMemoryUsedMB),
          initDurationMs: num(metrics.initDurationMs),
          status: typeof record.status === 'string' ? record.status : undefined,
        }),
      }
    }
    default:
      return undefined
  }
}

const TRACE_FIELD = /"xray_trace_id"\s*:\s*"([^"]+)"/

/** The X-Ray trace id a structured line carries (Lambda Powertools' `xray_trace_id`). */
export function traceIdOf(message: string): string | undefined {
  if (message.charCodeAt(0) !== 123 || !message.includes('"xray_trace_id"')) return undefined
  return TRACE_FIELD.exec(message)?.[1]
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key]
  return value
}

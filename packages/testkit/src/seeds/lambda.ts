/**
 * One Lambda invocation's log lines as the Lambda platform writes them to CloudWatch Logs (text
 * format): `START RequestId: … Version: $LATEST`, the function's own lines, then `END RequestId: …`
 * and the tab-separated `REPORT RequestId: …` with its duration and memory. Seeds and tests build
 * invocations from this, and keep the invocation as the ground truth of what a reader must show.
 */
export interface LambdaInvocation {
  requestId: string
  /** Epoch ms of START. */
  start: number
  durationMs: number
  memorySizeMB: number
  maxMemoryUsedMB: number
  /** A cold start's init time: REPORT says `Init Duration` only then. */
  initDurationMs?: number
  /** Set when the invocation did not succeed; REPORT then says `Status: …`. */
  status?: 'timeout' | 'error'
  /** The function's own lines, at offsets from START. */
  lines: Array<{ atMs: number; message: string }>
  /** false: still running, so no END or REPORT yet. */
  ended?: boolean
}

export function lambdaInvocationEvents(
  invocation: LambdaInvocation,
): Array<{ timestamp: number; message: string }> {
  const { requestId, start } = invocation
  const events = [
    { timestamp: start, message: `START RequestId: ${requestId} Version: $LATEST` },
    ...invocation.lines.map((line) => ({ timestamp: start + line.atMs, message: line.message })),
  ]
  if (invocation.ended === false) return events
  const end = start + Math.ceil(invocation.durationMs)
  events.push({ timestamp: end, message: `END RequestId: ${requestId}` })
  events.push({ timestamp: end, message: lambdaReport(invocation) })
  return events
}

/** The REPORT line of an invocation, fields separated by tabs as Lambda writes them. */
export function lambdaReport(invocation: LambdaInvocation): string {
  const fields = [
    `REPORT RequestId: ${invocation.requestId}`,
    `Duration: ${invocation.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.ceil(invocation.durationMs)} ms`,
    `Memory Size: ${invocation.memorySizeMB} MB`,
    `Max Memory Used: ${invocation.maxMemoryUsedMB} MB`,
  ]
  if (invocation.initDurationMs !== undefined)
    fields.push(`Init Duration: ${invocation.initDurationMs.toFixed(2)} ms`)
  if (invocation.status) fields.push(`Status: ${invocation.status}`)
  return `${fields.join('\t')}\t`
}

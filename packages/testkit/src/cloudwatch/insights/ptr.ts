/** What an @ptr points at, so GetLogRecord can find the event again. */
export interface LogRecordPointer {
  logGroup: string
  logStream: string
  timestamp: number
  /** the event's position among the events the query ran over, to tell equal timestamps apart */
  index: number
}

/** An opaque @ptr value (base64url of the pointer, in the spirit of the service's opaque tokens). */
export function encodeInsightsPtr(p: LogRecordPointer): string {
  return Buffer.from(JSON.stringify([p.logGroup, p.logStream, p.timestamp, p.index]), 'utf8').toString(
    'base64url',
  )
}

/** The pointer inside an @ptr, or undefined when the value is not one this engine made. */
export function decodeInsightsPtr(ptr: string): LogRecordPointer | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(ptr, 'base64url').toString('utf8'))
    if (!Array.isArray(parsed) || parsed.length !== 4) return undefined
    const [logGroup, logStream, timestamp, index] = parsed
    if (typeof logGroup !== 'string' || typeof logStream !== 'string') return undefined
    if (typeof timestamp !== 'number' || typeof index !== 'number') return undefined
    return { logGroup, logStream, timestamp, index }
  } catch {
    return undefined
  }
}

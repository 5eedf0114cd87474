/** Where in the query text a compile error sits, as the service's `queryCompileError.location` gives it. */
export interface QueryErrorLocation {
  startCharOffset: number
  endCharOffset: number
}

/**
 * A query that does not compile. The server answers it as `MalformedQueryException` with this
 * message (and `queryCompileError` built from `location`).
 */
export class InsightsQueryError extends Error {
  readonly location: QueryErrorLocation | undefined

  constructor(message: string, location?: QueryErrorLocation) {
    super(message)
    this.name = 'InsightsQueryError'
    this.location = location
  }
}

/** "at line L and position P" (P counts from 0 within the line, as the service's parser reports it). */
export function describePosition(query: string, offset: number): string {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < query.length; i++) {
    if (query[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return `at line ${line} and position ${offset - lineStart}`
}

export function errorAt(query: string, start: number, end: number, what: string): InsightsQueryError {
  return new InsightsQueryError(`${what} ${describePosition(query, start)}`, {
    startCharOffset: start,
    endCharOffset: Math.max(start, end - 1),
  })
}

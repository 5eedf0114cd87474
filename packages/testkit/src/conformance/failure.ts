/** The error every failed check throws: its message is the whole report a provider author reads. */
export class ConformanceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ConformanceError'
  }
}

export function fail(message: string): never {
  throw new ConformanceError(message)
}

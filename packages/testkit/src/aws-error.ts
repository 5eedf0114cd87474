/**
 * An error an AWS service answers with. The JSON 1.1 protocol sends it as
 * `{"__type": type, "message": message}` with HTTP `status` (400 unless said otherwise);
 * the SDKs read the error code from `__type` (and the `x-amzn-ErrorType` header, which we send too).
 */
export class AwsServiceError extends Error {
  readonly type: string
  readonly status: number
  /** Extra members some errors carry, e.g. MalformedQueryException's `queryCompileError`. */
  readonly fields: Record<string, unknown>

  constructor(type: string, message: string, status = 400, fields: Record<string, unknown> = {}) {
    super(message)
    this.name = 'AwsServiceError'
    this.type = type
    this.status = status
    this.fields = fields
  }

  toJSON(): { __type: string; message: string } & Record<string, unknown> {
    return { __type: this.type, message: this.message, ...this.fields }
  }
}

export const isAwsServiceError = (e: unknown): e is AwsServiceError => e instanceof AwsServiceError

export const resourceNotFound = (message: string) => new AwsServiceError('ResourceNotFoundException', message)
export const invalidParameter = (message: string) => new AwsServiceError('InvalidParameterException', message)

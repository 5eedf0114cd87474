import { AwsServiceError } from '../../aws-error.js'

/**
 * A filter pattern the service would reject, answered as InvalidParameterException (HTTP 400) in
 * the service's own words: most often the bare "Invalid filter pattern", a few cases in words of
 * their own. What exactly is wrong is kept in `problem` for the emulator's tests: the service does
 * not say it, and a client must not be written against words it will never see.
 */
export class FilterPatternError extends AwsServiceError {
  constructor(
    pattern: string,
    readonly problem: string,
    serviceMessage = 'Invalid filter pattern',
  ) {
    super('InvalidParameterException', serviceMessage)
    this.name = 'FilterPatternError'
    this.pattern = pattern
  }

  readonly pattern: string
}

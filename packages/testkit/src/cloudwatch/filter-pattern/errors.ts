import { AwsServiceError } from '../../aws-error.js'

/** A filter pattern the service would reject; answered as InvalidParameterException (HTTP 400). */
export class FilterPatternError extends AwsServiceError {
  constructor(pattern: string, problem: string) {
    super(
      'InvalidParameterException',
      `Invalid filter pattern ${JSON.stringify(pattern)}: ${problem}. ` +
        'See the CloudWatch Logs filter pattern syntax: terms, "quoted phrases", %regex%, { $.json = "pattern" } or [space, delimited, fields].',
    )
    this.name = 'FilterPatternError'
  }
}

import { describe, expect, it } from '@jest/globals'
import { cloudWatchError } from './aws-errors.js'

const serviceError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } })
const ctx = (action: string) => ({ source: 'fns', action, identityLabel: 'the default AWS credentials' })

describe('cloudWatchError', () => {
  const badPattern = serviceError('InvalidParameterException', 'Invalid filter pattern')

  it('blames the filter pattern the user gave on them (exit 2), naming the flag', () => {
    for (const action of ['FilterLogEvents', 'StartLiveTail']) {
      const err = cloudWatchError(badPattern, ctx(action), { filter: '{ $.a = ', filterFlag: '--query' })
      expect(err).toMatchObject({
        exitCode: 2,
        message:
          'The filter pattern "{ $.a = " given with --query is not valid for the aws/cloudwatch source "fns"; CloudWatch Logs says: Invalid filter pattern.',
        hint: expect.stringContaining('filter pattern syntax'),
      })
    }
    const term = serviceError('InvalidParameterException', "Invalid character(s) in term '?'")
    expect(cloudWatchError(term, ctx('FilterLogEvents'), { filter: 'a??' })).toMatchObject({ exitCode: 2 })
    const long = 'x'.repeat(1025)
    const tooLong = serviceError(
      'InvalidParameterException',
      `1 validation error detected: Value '${long}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024`,
    )
    expect(cloudWatchError(tooLong, ctx('FilterLogEvents'), { filter: long })).toMatchObject({ exitCode: 2 })
  })

  it('keeps every other InvalidParameterException a failure (exit 1)', () => {
    // not about the pattern, though one was sent
    const token = serviceError('InvalidParameterException', 'The specified nextToken is invalid')
    expect(cloudWatchError(token, ctx('FilterLogEvents'), { filter: 'ERROR' })).toMatchObject({ exitCode: 1 })
    // about a pattern, but the user sent none
    expect(cloudWatchError(badPattern, ctx('FilterLogEvents'))).toMatchObject({ exitCode: 1 })
    // another call
    expect(cloudWatchError(badPattern, ctx('DescribeLogGroups'), { filter: 'x' })).toMatchObject({
      exitCode: 1,
    })
  })

  it('blames a malformed Logs Insights query on the user (exit 2)', () => {
    const err = serviceError(
      'MalformedQueryException',
      'unexpected symbol found frobnicate at line 1 and position 18',
    )
    expect(cloudWatchError(err, ctx('StartQuery'), { queryFlag: '--insights' })).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(
        /^The --insights query for the aws\/cloudwatch source "fns" is not valid; CloudWatch Logs says: unexpected symbol/,
      ),
    })
  })
})

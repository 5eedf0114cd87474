/** The account the emulator pretends to be. */
export const ACCOUNT_ID = '123456789012'
/**
 * The emulator's default region: its `AWS_REGION`, the region of unsigned requests (CloudTrail's
 * too) and of log groups a seed or control call puts without naming one. CloudWatch Logs is
 * regional: every other region holds log groups of its own.
 */
export const REGION = 'us-east-1'

/** A region name as AWS spells them (us-east-1, eu-central-2, us-gov-west-1). */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/

export const logGroupArn = (name: string, region: string = REGION) =>
  `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${name}`
export const logStreamArn = (region: string, group: string, stream: string) =>
  `${logGroupArn(group, region)}:log-stream:${stream}`

/** What a `logGroupIdentifier` names: a group name, and for an ARN the region and account it is in. */
export interface LogGroupIdentifier {
  name: string
  region?: string
  accountId?: string
}

/**
 * Reads a `logGroupIdentifier`: a name, or an ARN with or without the trailing `:*`. Answers
 * undefined for an ARN that is not a log group ARN.
 */
export function parseLogGroupIdentifier(identifier: string): LogGroupIdentifier | undefined {
  if (!identifier.startsWith('arn:')) return { name: identifier }
  const m = /^arn:[^:]+:logs:([^:]*):([^:]*):log-group:(.+?)(:\*)?$/.exec(identifier)
  return m ? { name: m[3]!, region: m[1], accountId: m[2] } : undefined
}

/**
 * True when the identifier can name a group of `region` in our account: a bare name always can;
 * an ARN of another region or account names a group this region's endpoint does not hold.
 */
export const identifiesIn = (id: LogGroupIdentifier, region: string) =>
  (id.region === undefined || id.region === region) &&
  (id.accountId === undefined || id.accountId === ACCOUNT_ID)

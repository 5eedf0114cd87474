/** Account and region the emulator pretends to be; ARNs and Live Tail identifiers use them. */
export const ACCOUNT_ID = '123456789012'
export const REGION = 'us-east-1'

export const logGroupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${name}`
export const logStreamArn = (group: string, stream: string) => `${logGroupArn(group)}:log-stream:${stream}`

/**
 * The log group name in a `logGroupIdentifier`: a name, or an ARN with or without the trailing `:*`.
 * Answers undefined for an ARN that is not a log group ARN.
 */
export function logGroupNameFromIdentifier(identifier: string): string | undefined {
  if (!identifier.startsWith('arn:')) return identifier
  const m = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier)
  return m?.[1]
}

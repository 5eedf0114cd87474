import { liveIdentifiers } from './follow.js'

describe('liveIdentifiers (which group a Live Tail result belongs to)', () => {
  const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api'
  const byIdentifier = liveIdentifiers([{ name: '/aws/lambda/api', arn }])

  it.each([['123456789012:/aws/lambda/api'], [arn], [`${arn}:*`], ['/aws/lambda/api']])(
    '%s is the group asked for',
    (identifier) => {
      expect(byIdentifier.get(identifier)).toBe('/aws/lambda/api')
    },
  )

  it.each([
    // the same name in another account or region is another group
    ['210987654321:/aws/lambda/api'],
    ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/api'],
    ['arn:aws:logs:us-east-1:210987654321:log-group:/aws/lambda/api'],
    ['123456789012:/aws/lambda/other'],
  ])('%s is not', (identifier) => {
    expect(byIdentifier.get(identifier)).toBeUndefined()
  })
})

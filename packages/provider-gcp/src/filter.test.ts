import { MAX_QUERY_LENGTH, queryProblem } from './filter.js'
import providers from './hooks/providers.js'

describe('the registration says what --filter is', () => {
  it('declares the Logging query language and refuses what cannot be one, before any request', async () => {
    const { filter } = await providers()
    if (!filter) throw new Error('gcp/logging must declare its filter')
    expect(filter.syntax).toMatch(/Logging query language/)
    expect(await filter.problem?.('severity>=ERROR AND jsonPayload.user="bob"')).toBeUndefined()
    expect(await filter.problem?.('severity>=ERROR) OR (true')).toMatch(/closes no "\("/)
  })
})

describe('queryProblem', () => {
  it.each([
    'severity>=ERROR',
    'resource.type="cloud_run_revision" AND (textPayload:"timeout" OR severity=ERROR)',
    'NOT severity<=INFO',
    '-labels.env="dev"',
    'jsonPayload.message=~"^fail(ed)?$"',
    'textPayload:"a ( paren" AND textPayload:"a \\" quote"',
    'timeout',
  ])('takes %s', (query) => {
    expect(queryProblem(query)).toBeUndefined()
  })

  it.each([
    ['(severity>=ERROR', /the "\(" at character 1 is not closed/],
    ['severity>=ERROR)', /the "\)" at character 16 closes no "\("/],
    ['textPayload:"open', /the string that starts at character 13 is not closed/],
    ['textPayload:"ends in \\"', /is not closed/],
    ['AND severity>=ERROR', /starts with AND/],
    ['severity>=ERROR OR', /ends with OR/],
    ['severity>=ERROR AND NOT', /ends with NOT/],
    ['jsonPayload.user =', /ends with "=", which needs a value/],
    ['severity>=', /ends with ">=", which needs a value/],
    [`a query of ${MAX_QUERY_LENGTH + 1} characters`, /at most 20000/],
  ])('refuses %s', (query, why) => {
    if (query.startsWith('a query of')) query = 'x'.repeat(MAX_QUERY_LENGTH + 1)
    expect(queryProblem(query)).toMatch(why)
  })
})

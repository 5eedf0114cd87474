import { InsightsQueryError, parseInsightsQuery, runInsightsQuery } from './index.js'

const errorOf = (query: string): InsightsQueryError => {
  try {
    parseInsightsQuery(query)
  } catch (e) {
    expect(e).toBeInstanceOf(InsightsQueryError)
    return e as InsightsQueryError
  }
  throw new Error(`expected "${query}" not to compile`)
}

describe('syntax errors', () => {
  it.each([
    ['', 'Query string cannot be empty'],
    ['   ', 'Query string cannot be empty'],
    ['fields @message | bogus x', 'unexpected symbol found bogus at line 1 and position 18'],
    ['fields @message |', 'expected a command at line 1 and position 17'],
    ['fields', 'fields command needs arguments at line 1 and position 0'],
    ['filter level = "x" extra', 'unexpected symbol found extra at line 1 and position 19'],
    ['filter (level = "x"', 'unexpected end of query at line 1 and position 19'],
    ['filter level = "x', 'unterminated string literal at line 1 and position 15'],
    ['filter @message like /abc', 'unterminated regular expression at line 1 and position 21'],
    [
      'filter @message like /a(/',
      'invalid regular expression /a(/: /a(/: Unterminated group at line 1 and position 21',
    ],
    [
      'filter level like 5',
      'like needs a /regular expression/ or a "string", found 5 at line 1 and position 18',
    ],
    ['filter level in "x"', 'in needs a list such as [1, 2], found "x" at line 1 and position 16'],
    ['filter level ; 1', 'unexpected symbol found ; at line 1 and position 13'],
    ['fields nosuch(@message)', 'unknown function nosuch at line 1 and position 7'],
    ['fields strlen(a, b)', 'strlen takes 1 argument, found 2 at line 1 and position 7'],
    [
      'fields count(*)',
      'count is an aggregate function and can only be used in stats at line 1 and position 7',
    ],
    [
      'stats level',
      'stats needs an aggregate function (count, count_distinct, sum, avg, min, max), found level at line 1 and position 6',
    ],
    ['stats avg(*)', 'avg(*) is not allowed; only count(*) takes * at line 1 and position 10'],
    ['stats count(*) by bin(5 minutes)', 'unexpected symbol found minutes at line 1 and position 24'],
    [
      'stats count(*) by bin(5parsecs)',
      'unknown time unit in 5parsecs; use ms, s, m, h, d, w, mo, q or y at line 1 and position 22',
    ],
    [
      'stats count(*) by bin(level)',
      'bin needs a time period such as 5m, found level at line 1 and position 22',
    ],
    ['limit 0', 'limit must be between 1 and 100000, found 0 at line 1 and position 6'],
    ['limit 100001', 'limit must be between 1 and 100000, found 100001 at line 1 and position 6'],
    ['limit ten', 'limit needs a whole number, found ten at line 1 and position 6'],
    [
      'parse @message "* *" as a',
      'parse pattern has 2 wildcards but 1 field name after as at line 1 and position 15',
    ],
    [
      'parse @message "a=*"',
      'parse with a glob pattern needs "as" and a field name for each * at line 1 and position 20',
    ],
    [
      'parse @message /(\\d+)/',
      'parse with a regular expression needs named capture groups (?<name>...) at line 1 and position 15',
    ],
    ['parse @message "abc" as a', 'parse pattern needs at least one * wildcard at line 1 and position 15'],
    ['fields a\n| filter b = = 1', 'unexpected symbol found = at line 2 and position 13'],
  ])('%j fails with %j', (query, message) => {
    expect(errorOf(query).message).toBe(message)
  })

  it('gives the character offsets of the error', () => {
    expect(errorOf('fields @message | bogus x').location).toEqual({ startCharOffset: 18, endCharOffset: 22 })
  })

  it('runInsightsQuery throws the same error before touching events', () => {
    expect(() => runInsightsQuery('sort', [])).toThrow(InsightsQueryError)
  })

  it('accepts commands and keywords in any case', () => {
    expect(() =>
      parseInsightsQuery(
        'FIELDS @message | FILTER level = "x" AND NOT ispresent(y) | SORT @timestamp DESC | LIMIT 5',
      ),
    ).not.toThrow()
  })

  it('reads division where a value ends and a regular expression where one is expected', () => {
    const q = parseInsightsQuery('fields bytes / 1024 as kb | filter @message like /a\\/b/')
    const [fields, filter] = q.commands
    expect(fields).toMatchObject({
      kind: 'fields',
      items: [{ name: 'kb', expr: { type: 'binary', op: '/' } }],
    })
    expect(filter).toMatchObject({ kind: 'filter', expr: { type: 'like' } })
    expect(
      filter?.kind === 'filter' && filter.expr.type === 'like' && (filter.expr.pattern as RegExp).source,
    ).toBe('a\\/b')
  })
})

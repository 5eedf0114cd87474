import { decodeInsightsPtr, type InsightsEvent, runInsightsQuery } from './index.js'

const T0 = Date.UTC(2025, 0, 1, 10, 0, 0)
const MINUTE = 60_000

const event = (minute: number, message: string, over: Partial<InsightsEvent> = {}): InsightsEvent => ({
  timestamp: T0 + minute * MINUTE,
  ingestionTime: T0 + minute * MINUTE + 250,
  message,
  logStream: '2025/01/01/[$LATEST]abc',
  logGroup: '/app/api',
  ...over,
})
const json = (o: unknown) => JSON.stringify(o)

const events: InsightsEvent[] = [
  event(0, json({ level: 'INFO', msg: 'started', http: { status: 200, ms: 12 }, user: 'ann' })),
  event(1, json({ level: 'ERROR', msg: 'db timeout', http: { status: 500, ms: 3000 }, user: 'bob' })),
  event(2, json({ level: 'WARN', msg: 'slow', http: { status: 200, ms: 900 }, user: 'ann' })),
  event(6, json({ level: 'INFO', msg: 'ok', http: { status: 404, ms: 5 }, tags: ['a', 'b'] })),
  event(7, '127.0.0.1 GET /health [200] 3ms', { logGroup: '/app/edge', logStream: 'edge-1' }),
]

/** results as plain objects, without @ptr, for readable assertions */
const rows = (query: string, input = events) =>
  runInsightsQuery(query, input).results.map((row) =>
    Object.fromEntries(row.filter((f) => f.field !== '@ptr').map((f) => [f.field, f.value])),
  )
const column = (query: string, field: string, input = events) => rows(query, input).map((r) => r[field])

describe('results shape', () => {
  it('returns every field as a string, @timestamp formatted as the service does, and @ptr last', () => {
    const { results } = runInsightsQuery('fields @timestamp, @message, http.status | limit 1', events)
    expect(results).toHaveLength(1)
    const row = results[0]!
    expect(row.map((f) => f.field)).toStrictEqual(['@timestamp', '@message', '@ptr'])
    expect(row[0]).toStrictEqual({ field: '@timestamp', value: '2025-01-01 10:07:00.000' })
    for (const f of row) expect(typeof f.value).toBe('string')
  })

  it('omits fields an event does not have', () => {
    expect(rows('fields @timestamp, level | filter @logStream = "edge-1"')).toStrictEqual([
      { '@timestamp': '2025-01-01 10:07:00.000' },
    ])
  })

  it('without fields or display returns the system fields and every discovered field', () => {
    const [row] = rows('filter user = "bob"')
    expect(row).toStrictEqual({
      '@timestamp': '2025-01-01 10:01:00.000',
      '@message': events[1]!.message,
      '@logStream': '2025/01/01/[$LATEST]abc',
      '@log': '123456789012:/app/api',
      '@ingestionTime': '2025-01-01 10:01:00.250',
      level: 'ERROR',
      msg: 'db timeout',
      'http.status': '500',
      'http.ms': '3000',
      user: 'bob',
    })
  })

  it('@ptr points back at the event', () => {
    const { results } = runInsightsQuery('filter user = "bob" | fields @message', events)
    const ptr = results[0]!.find((f) => f.field === '@ptr')!.value
    expect(decodeInsightsPtr(ptr)).toStrictEqual({
      logGroup: '/app/api',
      logStream: '2025/01/01/[$LATEST]abc',
      timestamp: T0 + MINUTE,
      index: 1,
    })
    expect(decodeInsightsPtr('not-a-pointer')).toBeUndefined()
  })

  it('@log uses the account id given', () => {
    const { results } = runInsightsQuery('fields @log | limit 1', events, { accountId: '111122223333' })
    expect(results[0]![0]).toStrictEqual({ field: '@log', value: '111122223333:/app/edge' })
  })

  it('sorts newest first when the query has no sort, and reports statistics', () => {
    const out = runInsightsQuery('fields @timestamp | filter ispresent(level) | limit 2', events)
    expect(out.results.map((r) => r[0]!.value)).toStrictEqual([
      '2025-01-01 10:06:00.000',
      '2025-01-01 10:02:00.000',
    ])
    expect(out.statistics).toStrictEqual({
      recordsMatched: 4,
      recordsScanned: 5,
      bytesScanned: events.reduce((n, e) => n + Buffer.byteLength(e.message), 0),
    })
  })

  it('stops at 10,000 rows without a limit, and goes further when limit asks', () => {
    const many = Array.from({ length: 10_050 }, (_, i) => event(i / 100, `line ${i}`))
    const out = runInsightsQuery('fields @message', many)
    expect(out.results).toHaveLength(10_000)
    expect(out.statistics.recordsMatched).toBe(10_050)
    expect(runInsightsQuery('fields @message | limit 10020', many).results).toHaveLength(10_020)
  })
})

describe('discovered fields', () => {
  it('flattens nested objects and arrays into dotted names', () => {
    expect(rows('filter ispresent(tags.0) | fields tags.0, tags.1, http.status')).toStrictEqual([
      { 'tags.0': 'a', 'tags.1': 'b', 'http.status': '404' },
    ])
  })

  it('reads Lambda REPORT lines into @duration, @maxMemoryUsed (bytes) and friends', () => {
    const report = event(
      0,
      'REPORT RequestId: 8f5e1b2a-1111-2222-3333-444455556666\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 256 MB\tMax Memory Used: 81 MB\tInit Duration: 180.50 ms\t',
      { logGroup: '/aws/lambda/orders' },
    )
    const start = event(0, 'START RequestId: 8f5e1b2a-1111-2222-3333-444455556666 Version: $LATEST', {
      logGroup: '/aws/lambda/orders',
    })
    expect(
      rows(
        'filter @type = "REPORT" | fields @requestId, @duration, @billedDuration, @memorySize, @maxMemoryUsed, @initDuration',
        [start, report],
      ),
    ).toStrictEqual([
      {
        '@requestId': '8f5e1b2a-1111-2222-3333-444455556666',
        '@duration': '102.25',
        '@billedDuration': '103',
        '@memorySize': '256000000',
        '@maxMemoryUsed': '81000000',
        '@initDuration': '180.5',
      },
    ])
    expect(column('fields @type', '@type', [start, report]).sort()).toStrictEqual(['REPORT', 'START'])
  })

  it('does not take fields from messages that are not JSON objects', () => {
    expect(rows('fields level | filter @logStream = "edge-1"')).toStrictEqual([{}])
  })
})

describe('fields and display', () => {
  it('renames with as and computes expressions', () => {
    expect(
      rows('fields level as lvl, http.ms / 1000 as seconds, strlen(msg) as n | filter user = "bob"'),
    ).toStrictEqual([{ lvl: 'ERROR', seconds: '3', n: '10' }])
  })

  it('accumulates over several fields commands', () => {
    expect(rows('fields level | fields user | filter user = "bob"')).toStrictEqual([
      { level: 'ERROR', user: 'bob' },
    ])
  })

  it('display chooses the columns shown, whatever fields made', () => {
    expect(
      rows('fields level, user, toupper(user) as shout | display shout | filter user = "bob"'),
    ).toStrictEqual([{ shout: 'BOB' }])
  })

  it('reaches field names with dashes through back quotes', () => {
    const input = [event(0, json({ 'detail-type': 'Scheduled Event' }))]
    expect(rows('fields `detail-type`', input)).toStrictEqual([{ 'detail-type': 'Scheduled Event' }])
  })
})

describe('filter', () => {
  // minutes of the matching events, newest first
  it.each([
    ['level = "ERROR"', [1]],
    ["level != 'INFO'", [2, 1]],
    ['http.ms > 900', [1]],
    ['http.ms >= 900', [2, 1]],
    ['http.ms < 12', [6]],
    ['http.ms <= 12', [6, 0]],
    ['http.status = 200 and http.ms > 100', [2]],
    ['http.status = 500 or user = "ann"', [2, 1, 0]],
    ['not (level = "INFO")', [7, 2, 1]],
    ['(level = "WARN" or level = "ERROR") and user = "bob"', [1]],
    ['msg like /time(out)?$/', [1]],
    ['msg like "slo"', [2]],
    // a negated match holds for events without the field, as `not (f like ...)` does
    ['msg not like /o/', [7, 0]],
    ['msg =~ /^st/', [0]],
    ['msg like /(?i)DB/', [1]],
    ['level in ["WARN", "ERROR"]', [2, 1]],
    ['http.status in [404, 500]', [6, 1]],
    ['level not in ["INFO"]', [7, 2, 1]],
    ['ispresent(user)', [2, 1, 0]],
    ['not ispresent(user) and ispresent(level)', [6]],
    ['isempty(user) and ispresent(level)', [6]],
  ])('filter %s', (condition, minutes) => {
    const times = column(`fields @timestamp | filter ${condition}`, '@timestamp')
    expect(times.map((t) => Number(t!.slice(14, 16)))).toStrictEqual(minutes)
  })

  it('compares numbers as numbers and text as text', () => {
    const input = [event(0, json({ v: '10' })), event(1, json({ v: '9' })), event(2, json({ v: 'b' }))]
    expect(column('filter v > 9 | fields v', 'v', input)).toStrictEqual(['b', '10'])
    expect(column('filter v = 10.0 | fields v', 'v', input)).toStrictEqual(['10'])
  })

  it('never matches a comparison on a missing field', () => {
    expect(column('filter nothere != "x" | fields @message', '@message')).toStrictEqual([])
  })

  it('matches the raw message', () => {
    expect(column('filter @message like /GET \\/health/ | fields @logStream', '@logStream')).toStrictEqual([
      'edge-1',
    ])
  })
})

describe('parse', () => {
  it('extracts glob captures into fields, the last * taking the rest', () => {
    expect(
      rows(
        'parse @message "* * * [*] *" as ip, method, path, status, rest | filter ispresent(ip) | fields ip, method, path, status, rest',
      ),
    ).toStrictEqual([{ ip: '127.0.0.1', method: 'GET', path: '/health', status: '200', rest: '3ms' }])
  })

  it('extracts named groups of a regular expression, and the results can be filtered and aggregated', () => {
    expect(
      rows('parse @message /\\[(?<code>\\d+)\\] (?<ms>\\d+)ms/ | filter code = 200 | stats sum(ms) as total'),
    ).toStrictEqual([{ total: '3' }])
  })

  it('leaves events that do not match in the results without the fields', () => {
    expect(
      rows('parse @message "[*]" as code | fields code | sort @timestamp asc').map((r) => r.code),
    ).toStrictEqual([undefined, undefined, undefined, '"a","b"', '200'])
  })

  it('parses a field other than @message', () => {
    expect(
      rows(
        'parse @logStream "*/*/*/[*]*" as y, m, d, version, id | filter ispresent(version) | fields version, id | limit 1',
      ),
    ).toStrictEqual([{ version: '$LATEST', id: 'abc' }])
  })
})

describe('sort and limit', () => {
  it('sorts ascending and descending by any field, missing values last', () => {
    expect(column('fields http.ms | sort http.ms asc', 'http.ms')).toStrictEqual([
      '5',
      '12',
      '900',
      '3000',
      undefined,
    ])
    expect(column('fields http.ms | sort http.ms desc', 'http.ms')).toStrictEqual([
      '3000',
      '900',
      '12',
      '5',
      undefined,
    ])
  })

  it('sorts by several keys', () => {
    expect(rows('fields user, http.ms | filter ispresent(user) | sort user desc, http.ms asc')).toStrictEqual(
      [
        { user: 'bob', 'http.ms': '3000' },
        { user: 'ann', 'http.ms': '12' },
        { user: 'ann', 'http.ms': '900' },
      ],
    )
  })

  it('uses the service natural order: text before numbers, digit runs by length', () => {
    const values = ['a12', 'a9', '0', '5A', 'B', '111A', '7']
    const input = values.map((v, i) => event(i, json({ v })))
    expect(column('fields v | sort v asc', 'v', input)).toStrictEqual([
      '5A',
      '111A',
      'B',
      'a9',
      'a12',
      '0',
      '7',
    ])
  })

  it('limit keeps the first n rows', () => {
    expect(column('fields user | sort @timestamp asc | limit 2', 'user')).toStrictEqual(['ann', 'bob'])
  })
})

describe('stats', () => {
  it('counts everything, and counts a field where it is present', () => {
    expect(rows('stats count(*), count(user) as withUser, count_distinct(user) as users')).toStrictEqual([
      { 'count(*)': '5', withUser: '3', users: '2' },
    ])
  })

  it('computes avg, min, max and sum by a field; groups without the field keep an empty key', () => {
    expect(
      rows(
        'stats avg(http.ms) as avg, min(http.ms), max(http.ms), sum(http.ms) as total by level | sort total desc',
      ),
    ).toStrictEqual([
      { level: 'ERROR', avg: '3000', 'min(http.ms)': '3000', 'max(http.ms)': '3000', total: '3000' },
      { level: 'WARN', avg: '900', 'min(http.ms)': '900', 'max(http.ms)': '900', total: '900' },
      { level: 'INFO', avg: '8.5', 'min(http.ms)': '5', 'max(http.ms)': '12', total: '17' },
      {},
    ])
  })

  it('groups by bin(5m), formatting each bucket as a timestamp, newest first', () => {
    const out = runInsightsQuery('stats count(*) by bin(5m)', events)
    expect(out.results).toStrictEqual([
      [
        { field: 'bin(5m)', value: '2025-01-01 10:05:00.000' },
        { field: 'count(*)', value: '2' },
      ],
      [
        { field: 'bin(5m)', value: '2025-01-01 10:00:00.000' },
        { field: 'count(*)', value: '3' },
      ],
    ])
    expect(out.statistics.recordsMatched).toBe(5)
  })

  it('groups by several keys, including bin with a unit word and an alias', () => {
    expect(
      rows(
        'filter ispresent(level) | stats count(*) as n by bin(1hour) as hour, level | sort n desc, level asc',
      ),
    ).toStrictEqual([
      { hour: '2025-01-01 10:00:00.000', level: 'INFO', n: '2' },
      { hour: '2025-01-01 10:00:00.000', level: 'ERROR', n: '1' },
      { hour: '2025-01-01 10:00:00.000', level: 'WARN', n: '1' },
    ])
  })

  it('filters and limits the aggregated rows after stats', () => {
    expect(rows('stats count(*) as n by user | filter n > 1 and ispresent(user)')).toStrictEqual([
      { user: 'ann', n: '2' },
    ])
    expect(rows('stats count(*) as n by @log | sort n asc | limit 1')).toStrictEqual([
      { '@log': '123456789012:/app/edge', n: '1' },
    ])
  })

  it('returns no rows when nothing matched', () => {
    expect(runInsightsQuery('filter level = "FATAL" | stats count(*)', events).results).toStrictEqual([])
  })
})

describe('dedup and comments', () => {
  it('keeps the first row of each value', () => {
    expect(column('fields user | filter ispresent(user) | dedup user', 'user')).toStrictEqual(['ann', 'bob'])
  })

  it('ignores # comments', () => {
    expect(column('# errors only\nfields user # who\n| filter level = "ERROR"', 'user')).toStrictEqual([
      'bob',
    ])
  })
})

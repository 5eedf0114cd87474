import { describe, expect, it } from '@jest/globals'
import { compileFilterPattern, FilterPatternError, splitFields } from './index.js'

const matching = (pattern: string, messages: string[]) => messages.filter(compileFilterPattern(pattern))

// The log events of the AWS documentation's "Matching terms in unstructured log events" section.
const unstructured = [
  '[ERROR 400] BAD REQUEST',
  '[ERROR 401] UNAUTHORIZED REQUEST',
  '[ERROR 419] MISSING ARGUMENTS',
  '[ERROR 420] INVALID ARGUMENTS',
]

describe('unstructured terms', () => {
  it('matches a single term', () => {
    expect(matching('ERROR', unstructured)).toEqual(unstructured)
  })
  it('ANDs several terms', () => {
    expect(matching('ERROR ARGUMENTS', unstructured)).toEqual(unstructured.slice(2))
  })
  it('ORs ?terms', () => {
    expect(matching('?ERROR ?ARGUMENTS', unstructured)).toEqual(unstructured)
    expect(matching('?BAD ?MISSING', unstructured)).toEqual([unstructured[0], unstructured[2]])
  })
  it('matches an exact phrase', () => {
    expect(matching('"INVALID ARGUMENTS"', unstructured)).toEqual([unstructured[3]])
  })
  it('excludes -terms', () => {
    expect(matching('ERROR -ARGUMENTS', unstructured)).toEqual(unstructured.slice(0, 2))
  })
  it('matches everything with " " and with an empty pattern', () => {
    expect(matching('" "', unstructured)).toEqual(unstructured)
    expect(matching('', unstructured)).toEqual(unstructured)
  })
  it('is case sensitive', () => {
    expect(matching('error', unstructured)).toEqual([])
  })
  it('matches a regex anywhere, including inside words', () => {
    const events = ['[ERROR 401] UNAUTHORIZED REQUEST', '[SUCCESS 200] AUTHORIZED REQUEST', '[INFO] nothing']
    expect(matching('%AUTHORIZED%', events)).toEqual(events.slice(0, 2))
    expect(matching('%ERROR 4[0-9]{2}%', unstructured)).toEqual(unstructured)
    expect(matching('%4[12][0-9]%', unstructured)).toEqual(unstructured.slice(2))
  })
  it('matches unquoted terms as whole words and quoted phrases anywhere', () => {
    expect(matching('AUTHORIZED', ['UNAUTHORIZED', 'AUTHORIZED x'])).toEqual(['AUTHORIZED x'])
    expect(matching('"AUTHORIZED"', ['UNAUTHORIZED'])).toEqual(['UNAUTHORIZED'])
  })
  it('groups terms after each ? as alternatives', () => {
    const events = ['ERROR in MainThread', 'ERROR elsewhere', 'WARN Deadlock found', 'WARN ok']
    expect(matching('?ERROR MainThread ?WARN Deadlock', events)).toEqual([events[0], events[2]])
  })
  it('rejects malformed patterns as InvalidParameterException', () => {
    for (const bad of ['"unclosed', '%unclosed', 'a{b', '%(group)%', '%something!%']) {
      expect(() => compileFilterPattern(bad)).toThrow(FilterPatternError)
    }
    try {
      compileFilterPattern('"unclosed')
    } catch (e) {
      expect((e as FilterPatternError).type).toBe('InvalidParameterException')
    }
  })
  it("answers in the service's words, not the emulator's diagnosis", () => {
    const refusal = (pattern: string) => {
      try {
        compileFilterPattern(pattern)
      } catch (e) {
        const err = e as FilterPatternError
        return { message: err.message, problem: err.problem }
      }
      throw new Error(`${pattern} was accepted`)
    }
    // The bare words for most patterns; what is wrong stays the emulator's own, for its tests.
    expect(refusal('"unclosed')).toEqual({
      message: 'Invalid filter pattern',
      problem: 'a double-quoted phrase is not closed',
    })
    expect(refusal('{ $.level = ').message).toBe("If a filter pattern starts with '{' it must end with '}'")
    expect(refusal('a{b').message).toBe("Invalid character(s) in term 'a{b'")
    expect(refusal('x'.repeat(1025)).message).toMatch(
      /^1 validation error detected: Value 'x+' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024$/,
    )
  })
})

// The JSON log events of the documentation's "Matching terms in JSON log events" section.
const json = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  cluster: { name: 'c' },
  ThisFlag: true,
  latency: 700,
})

const compound = JSON.stringify({
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1],
    [1, 2],
    [2, 3],
  ],
})

const jsonMatches = (pattern: string, message = json) => compileFilterPattern(pattern)(message)

describe('JSON patterns', () => {
  it('compares strings, with and without wildcards', () => {
    expect(jsonMatches('{ $.eventType = "UpdateTrail" }')).toBe(true)
    expect(jsonMatches('{ $.eventType = "Update*" }')).toBe(true)
    expect(jsonMatches('{ $.eventType = "Delete*" }')).toBe(false)
    expect(jsonMatches('{ $.sourceIPAddress != 123.123.* }')).toBe(true)
    expect(jsonMatches('{ $.sourceIPAddress = 111.111.* }')).toBe(true)
    expect(jsonMatches('{ $.eventType != "UpdateTrail" }')).toBe(false)
  })
  it('indexes arrays and walks nested objects', () => {
    expect(jsonMatches('{ $.arrayKey[0] = "value" }')).toBe(true)
    expect(jsonMatches('{ $.arrayKey[1] = "value" }')).toBe(false)
    expect(jsonMatches('{ $.objectList[1].id = 2 }')).toBe(true)
    expect(jsonMatches('{ $.cluster.name = "c" }')).toBe(true)
    expect(jsonMatches('{ $.coordinates[0][1] = 1 }', compound)).toBe(true)
  })
  it('tests null, existence and booleans', () => {
    expect(jsonMatches('{ $.SomeObject IS NULL }')).toBe(true)
    expect(jsonMatches('{ $.eventType IS NULL }')).toBe(false)
    expect(jsonMatches('{ $.SomeOtherObject NOT EXISTS }')).toBe(true)
    expect(jsonMatches('{ $.SomeObject NOT EXISTS }')).toBe(false)
    expect(jsonMatches('{ $.ThisFlag IS TRUE }')).toBe(true)
    expect(jsonMatches('{ $.ThisFlag IS FALSE }')).toBe(false)
  })
  it('compares numbers', () => {
    expect(jsonMatches('{ $.latency > 500 }')).toBe(true)
    expect(jsonMatches('{ $.latency <= 500 }')).toBe(false)
    expect(jsonMatches('{ $.latency = 700 }')).toBe(true)
    expect(jsonMatches('{ $.latency != 700 }')).toBe(false)
    expect(jsonMatches('{ $.latency >= 7e2 }')).toBe(true)
  })
  it('combines with && and || and parentheses', () => {
    expect(jsonMatches('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', compound)).toBe(
      true,
    )
    expect(
      jsonMatches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', compound),
    ).toBe(false)
    expect(jsonMatches('{ $.user.id = 2 || $.actions[2] = "DELETE" }', compound)).toBe(true)
  })
  it('matches a regex value', () => {
    expect(jsonMatches('{ $.eventType = %Update[A-Z]% }')).toBe(true)
    expect(jsonMatches('{ $.eventType = %^Trail% }')).toBe(false)
  })
  it('does not match messages that are not JSON', () => {
    expect(jsonMatches('{ $.eventType = "UpdateTrail" }', 'eventType=UpdateTrail')).toBe(false)
  })
  it('rejects malformed JSON patterns', () => {
    for (const bad of [
      '{ }',
      '{ $.a = }',
      '{ eventType = "x" }',
      '{ $.a = "x" ',
      '{ ($.a = 1 }',
      '{ $.a > "x" }',
    ]) {
      expect(() => compileFilterPattern(bad)).toThrow(FilterPatternError)
    }
  })
})

// The space-delimited example of the documentation: an Apache-style access log line.
const accessLog = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534'
const accessLog404 = '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /index.html HTTP/1.0" 404 2048'

describe('space-delimited patterns', () => {
  it('splits fields, keeping quoted and bracketed runs whole', () => {
    expect(splitFields(accessLog)).toEqual([
      '127.0.0.1',
      '-',
      'frank',
      '10/Oct/2000:13:25:15 -0700',
      'GET /apache_pb.gif HTTP/1.0',
      '200',
      '1534',
    ])
  })
  it('matches by field count and conditions', () => {
    const events = [accessLog, accessLog404]
    expect(matching('[ip, user, username, timestamp, request, status_code, bytes]', events)).toEqual(events)
    expect(matching('[ip, user, username, timestamp, request, status_code = 4*, bytes]', events)).toEqual([
      accessLog404,
    ])
    expect(matching('[ip, user, username, timestamp, request = *html*, status_code, bytes]', events)).toEqual(
      [accessLog404],
    )
    expect(matching('[ip, user, username, timestamp, request, status_code, bytes > 1000]', events)).toEqual(
      events,
    )
    expect(matching('[ip, user, username, timestamp, request, status_code, bytes > 2000]', events)).toEqual([
      accessLog404,
    ])
    expect(matching('[ip, user, username]', events)).toEqual([])
  })
  it('lets ... stand for any number of fields', () => {
    const events = [accessLog, accessLog404]
    expect(matching('[ip, ..., status_code = 404, bytes]', events)).toEqual([accessLog404])
    expect(matching('[..., status_code = 200, bytes]', events)).toEqual([accessLog])
    expect(matching('[ip = 127.0.0.*, ...]', events)).toEqual(events)
    expect(matching('[ip = 10.*, ...]', events)).toEqual([])
  })
  it('combines conditions with && and ||', () => {
    const events = [accessLog, accessLog404]
    expect(matching('[..., status_code = 404 || status_code = 410, bytes]', events)).toEqual([accessLog404])
    expect(matching('[..., status_code >= 200 && status_code < 300, bytes]', events)).toEqual([accessLog])
  })
  it('matches regex values', () => {
    expect(matching('[..., status_code = %^2[0-9]{2}$%, bytes]', [accessLog, accessLog404])).toEqual([
      accessLog,
    ])
  })
  it('rejects malformed space-delimited patterns', () => {
    for (const bad of ['[a, b', '[a b]', '[a, b >]', '[a, b > x]']) {
      expect(() => compileFilterPattern(bad)).toThrow(FilterPatternError)
    }
  })
})

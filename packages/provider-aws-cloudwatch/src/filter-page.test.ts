import { describe, expect, it } from '@jest/globals'
import { decodeFilterPage as decodeBytes, type EventPage } from './filter-page.js'

const decodeFilterPage = (text: string) => decodeBytes(Buffer.from(text, 'utf8'))

const awkward = [
  'plain line',
  'quotes " and \\" and a backslash at the end \\',
  'braces } { ] [ , : inside',
  'unicode é ✓ 😀 and escapes \n\t\r\u0001',
  '',
]

function events(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    logStreamName: `stream-${i % 3}`,
    timestamp: 1_767_225_600_000 + Math.floor(i / 2),
    message: `${awkward[i % awkward.length]} #${i}`,
    ingestionTime: 1_767_225_600_500 + i,
    eventId: `${String(i).padStart(56, '0')}`,
  }))
}

describe('decodeFilterPage', () => {
  it('finds every event of an answer and parses any run of them as JSON.parse would', () => {
    const answer = {
      searchedLogStreams: [{ logStreamName: 'a', searchedCompletely: true }],
      events: events(23),
      nextToken: 'Bxkq6kVGFtq2y_Moigeqscq\\"token"',
    }
    for (const text of [JSON.stringify(answer), JSON.stringify(answer, null, 2)]) {
      const page = decodeFilterPage(text)
      expect(page?.nextToken).toBe(answer.nextToken)
      expect(page?.events.length).toBe(23)
      expect(page?.events.slice()).toEqual(answer.events)
      for (const [from, to] of [
        [0, 1],
        [5, 17],
        [22, 23],
        [-4, undefined],
        [10, 100],
        [7, 7],
      ] as const)
        expect(page?.events.slice(from, to)).toEqual(answer.events.slice(from, to))
    }
  })

  it('parses a page longer than one run of text, and an event longer than a run alone', () => {
    const many = events(900)
    many[450]!.message = `${'é'.repeat(40_000)} #450`
    const answer = { events: many, nextToken: 'n' }
    const page = decodeFilterPage(JSON.stringify(answer))
    expect(page?.events.slice()).toEqual(many)
    for (const [from, to] of [
      [0, 450],
      [449, 452],
      [450, 451],
      [451, 900],
      [100, 800],
    ] as const)
      expect(page?.events.slice(from, to)).toEqual(many.slice(from, to))
  })

  it('reads members in any order, an empty page, and a page without events or token', () => {
    const text = JSON.stringify({ nextToken: 't', events: [], searchedLogStreams: [] })
    expect(decodeFilterPage(text)).toEqual({ events: expect.anything(), nextToken: 't' })
    expect(decodeFilterPage(text)?.events.length).toBe(0)
    expect(decodeFilterPage('{}')).toEqual({ events: [], nextToken: undefined })
    expect(decodeFilterPage(' { "events" : [ ] , "nextToken" : null } ')?.nextToken).toBeUndefined()
  })

  it('leaves to the SDK what is not a FilterLogEvents page', () => {
    const whole = JSON.stringify({ events: events(5), nextToken: 'x' })
    for (const text of [
      '',
      '<html><body>Bad gateway</body></html>',
      whole.slice(0, whole.length / 2),
      whole.slice(0, -1),
      `${whole} trailing`,
      '{"events":{"a":1}}',
      '{"events":[1,2]}',
      '{"events":[{"message":"unterminated}]}',
      '{"nextToken":5,"events":[]}',
      '[]',
    ])
      expect(decodeFilterPage(text)).toBeUndefined()
  })

  it('reads a body that is only the start of its buffer, and a released page is not read again', () => {
    const answer = { events: events(3), nextToken: 'n' }
    const text = JSON.stringify(answer)
    const bytes = Buffer.alloc(Buffer.byteLength(text) + 100, 'x')
    bytes.write(text)
    const page = decodeBytes(bytes, Buffer.byteLength(text))
    expect(page?.events.slice()).toEqual(answer.events)
    const read: EventPage | undefined = page?.events
    read?.release?.()
    expect(() => read?.slice()).toThrow(/released/)
  })
})

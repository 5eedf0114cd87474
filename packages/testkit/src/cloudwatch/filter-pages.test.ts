import { FilterLogEventsCommand, type FilterLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ManualClock } from '../clock.js'
import { type Emulator, startEmulator } from '../server.js'
import { logsClient } from '../test-support/clients.js'

const T0 = Date.UTC(2025, 0, 1, 12)

// FilterLogEvents, as the service describes it: a page holds as many events as fit in 1 MB (each
// event counts its message's UTF-8 bytes plus 26), at most 10,000, and fewer when `limit` says so;
// nextToken continues where the page stopped. A page is copied from the bytes each put encoded, so
// these pages start and end in the middle of a put and switch between puts and streams event by event.
describe('CloudWatch Logs emulator: FilterLogEvents page sizes', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ clock: new ManualClock(T0 + 3_600_000) })
  })
  afterAll(() => emulator.close())

  const put = (group: string, stream: string, events: Array<{ timestamp: number; message: string }>) =>
    emulator.cloudwatch.putEvents(group, stream, events)

  /** Every page of one read: its number of events, and all the messages in order. */
  async function pages(input: FilterLogEventsCommandInput) {
    const client = logsClient(emulator)
    const sizes: number[] = []
    const messages: string[] = []
    const ids = new Set<string>()
    let nextToken: string | undefined
    do {
      const page = await client.send(new FilterLogEventsCommand({ ...input, nextToken }))
      sizes.push(page.events!.length)
      for (const e of page.events!) {
        messages.push(e.message!)
        ids.add(e.eventId!)
      }
      nextToken = page.nextToken
    } while (nextToken)
    expect(ids.size).toBe(messages.length)
    return { sizes, messages }
  }

  it('stops a page at 10,000 events, and goes on in the middle of a put', async () => {
    const events = Array.from({ length: 12_000 }, (_, i) => ({ timestamp: T0 + i, message: `one-put-${i}` }))
    put('/pages/one-put', 's', events)
    const read = await pages({ logGroupName: '/pages/one-put' })
    expect(read.sizes).toEqual([10_000, 2_000])
    expect(read.messages).toEqual(events.map((e) => e.message))
    const limited = await pages({ logGroupName: '/pages/one-put', limit: 3_333 })
    expect(limited.sizes).toEqual([3_333, 3_333, 3_333, 2_001])
    expect(limited.messages).toEqual(read.messages)
  })

  it('merges two streams event by event across several puts in time order', async () => {
    const a = Array.from({ length: 6_000 }, (_, i) => ({ timestamp: T0 + 2 * i, message: `a-${i}` }))
    const b = Array.from({ length: 6_000 }, (_, i) => ({ timestamp: T0 + 2 * i + 1, message: `b-${i}` }))
    const later = Array.from({ length: 500 }, (_, i) => ({
      timestamp: T0 + 20_000 + i,
      message: `a-later-${i}`,
    }))
    put('/pages/two-streams', 'a', a.slice(0, 2_500))
    put('/pages/two-streams', 'b', b)
    put('/pages/two-streams', 'a', a.slice(2_500))
    put('/pages/two-streams', 'a', later)
    const read = await pages({ logGroupName: '/pages/two-streams' })
    expect(read.sizes).toEqual([10_000, 2_500])
    expect(read.messages).toEqual([
      ...a.flatMap((e, i) => [e.message, b[i]!.message]),
      ...later.map((e) => e.message),
    ])
  })

  it('stops a page before 1 MB, counting UTF-8 bytes plus 26 per event', async () => {
    // 4 digits and 499 three-byte characters: 1,501 bytes, 1,527 as the page size counts it.
    const message = (i: number) => `${String(i).padStart(4, '0')}${'€'.repeat(499)}`
    const perPage = Math.floor(1_048_576 / (Buffer.byteLength(message(0)) + 26))
    const events = Array.from({ length: 1_500 }, (_, i) => ({ timestamp: T0 + i, message: message(i) }))
    for (let i = 0; i < events.length; i += 700) put('/pages/large', 's', events.slice(i, i + 700))
    const read = await pages({ logGroupName: '/pages/large' })
    expect(perPage).toBe(686)
    expect(read.sizes).toEqual([686, 686, 128])
    expect(read.messages).toEqual(events.map((e) => e.message))
  })
})

import type { LogEntry } from '@atmos-logs/core/contract'
import { UsageError } from '@atmos-logs/core/errors'
import { CloudTrailProvider } from './provider.js'
import { fakeCloudTrail, memoryLogger, VirtualClock } from './testdata/fake-cloudtrail.js'

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0)
const MINUTE = 60_000
const DAY = 86_400_000
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1']

function setup(spec: Record<string, unknown>, opts: { duplicates?: boolean; ratePerSecond?: number } = {}) {
  const clock = new VirtualClock(NOW)
  const fake = fakeCloudTrail(clock, opts)
  const logger = memoryLogger()
  const provider = new CloudTrailProvider(
    {
      name: 'audit',
      spec,
      logger,
      credentials: { type: 'aws', accessKeyId: 'AKIATESTFAKE', secretAccessKey: 's' },
    },
    { clock, senderFor: fake.senderFor },
  )
  provider.validate()
  return { clock, fake, logger, provider }
}

async function all(iterable: AsyncIterable<LogEntry>): Promise<LogEntry[]> {
  const out: LogEntry[] = []
  for await (const e of iterable) out.push(e)
  return out
}

const signal = () => new AbortController().signal

/** `count` events at distinct seconds over the `spanMs` before NOW, round-robin over the regions, put in a shuffled order. */
function spread(count: number, spanMs: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
  return Array.from({ length: count }, (_, i) => ({
    EventName: i % 3 === 0 ? 'DeleteObject' : 'GetObject',
    EventSource: 's3.amazonaws.com',
    EventTime: NOW - spanMs + Math.floor((i * spanMs) / count / 1000) * 1000,
    Username: `user${i % 4}`,
    awsRegion: REGIONS[i % REGIONS.length],
    ...extra(i),
  })).sort((a, b) => ((a.EventTime * 7919) % 13) - ((b.EventTime * 7919) % 13))
}

describe('aws/cloudtrail view', () => {
  it('prints every event of every region exactly once, ascending, in slices that each fit in memory', async () => {
    const { fake, provider, logger } = setup({ regions: REGIONS })
    const events = spread(9000, 6 * 3_600_000)
    const ids = fake.put(events)
    const out = await all(provider.getLogs({ since: new Date(NOW - 7 * 3_600_000), signal: signal() }))
    expect(out).toHaveLength(9000)
    expect(new Set(out.map((e) => e.id))).toStrictEqual(new Set(ids))
    for (let i = 1; i < out.length; i++) expect(out[i]!.timestamp >= out[i - 1]!.timestamp).toBe(true)
    // each region read in several slices, none of them the whole range
    const slices = logger.lines.filter((l) => / slice /.test(l.text))
    expect(slices.length).toBeGreaterThan(3)
    for (const s of slices) expect(Number(/kept (\d+)/.exec(s.text)![1])).toBeLessThanOrEqual(2500)
    // every request of each region went to that region only
    expect(new Set(fake.calls.map((c) => c.region))).toStrictEqual(new Set(REGIONS))
  })

  it('reads a range of 50 events or fewer in one call, and holds --limit across regions', async () => {
    const { fake, provider } = setup({ regions: REGIONS })
    fake.put(spread(30, 3_600_000))
    expect(
      await all(provider.getLogs({ since: new Date(NOW - 2 * 3_600_000), signal: signal() })),
    ).toHaveLength(30)
    expect(fake.calls).toHaveLength(3)
    const limited = await all(
      provider.getLogs({ since: new Date(NOW - 2 * 3_600_000), limit: 7, signal: signal() }),
    )
    expect(limited).toHaveLength(7)
    const everything = await all(provider.getLogs({ since: new Date(NOW - 2 * 3_600_000), signal: signal() }))
    expect(limited.map((e) => e.id)).toStrictEqual(everything.slice(0, 7).map((e) => e.id))
  })

  it('with a level, --limit counts the events at or above it and leaves out the rest', async () => {
    const { fake, provider } = setup({ region: 'us-east-1' })
    // one event in ten failed (ERROR, or WARN when denied); the others are INFO
    const events = spread(200, 3_600_000, (i) => ({
      awsRegion: 'us-east-1',
      ...(i % 10 === 0 ? { errorCode: i % 20 ? 'AccessDenied' : 'NoSuchKey' } : {}),
    }))
    fake.put(events)
    const out = await all(
      provider.getLogs({ since: new Date(NOW - 2 * 3_600_000), limit: 4, level: 'WARN', signal: signal() }),
    )
    const failed = events
      .filter((e) => (e as { errorCode?: string }).errorCode !== undefined)
      .sort((a, b) => a.EventTime - b.EventTime)
    expect(out.map((e) => e.timestamp.getTime())).toStrictEqual(failed.slice(0, 4).map((e) => e.EventTime))
    expect(out.every((e) => e.level !== 'INFO')).toBe(true)
  })

  it('sends one lookup attribute, the most selective, and applies the rest itself; --debug says which', async () => {
    const { fake, provider, logger } = setup({
      region: 'us-east-1',
      event_source: 's3.amazonaws.com',
      read_only: false,
    })
    fake.put(spread(300, 3_600_000, (i) => ({ awsRegion: 'us-east-1', ReadOnly: i % 2 === 0 })))
    const out = await all(
      provider.getLogs({
        since: new Date(NOW - 2 * 3_600_000),
        filter: 'Username=user1 EventName=GetObject',
        signal: signal(),
      }),
    )
    const expected = spread(300, 3_600_000, (i) => ({ ReadOnly: i % 2 === 0 })).filter(
      (e) => e.Username === 'user1' && e.EventName === 'GetObject' && !(e as { ReadOnly?: boolean }).ReadOnly,
    )
    expect(out).toHaveLength(expected.length)
    expect(out.every((e) => /^user1 GetObject on s3.amazonaws.com/.test(e.message))).toBe(true)
    for (const c of fake.calls) {
      expect(c.input.LookupAttributes).toStrictEqual([{ AttributeKey: 'Username', AttributeValue: 'user1' }])
    }
    const debug = logger.lines.find((l) => /LookupEvents sends/.test(l.text))!.text
    expect(debug).toContain('sends Username=user1 (--filter/--query) as its lookup attribute')
    expect(debug).toContain('EventSource=s3.amazonaws.com (spec.event_source)')
    expect(debug).toContain('ReadOnly=false (spec.read_only)')
    expect(debug).toContain('EventName=GetObject (--filter/--query)')
  })

  it('reads several event names as one lookup each, merged', async () => {
    const { fake, provider } = setup({ region: 'us-east-1', event_name: ['DeleteObject', 'PutObject'] })
    fake.put([
      ...spread(90, 3_600_000, () => ({ awsRegion: 'us-east-1' })),
      { EventName: 'PutObject', EventSource: 's3.amazonaws.com', EventTime: NOW - 5 * MINUTE },
    ])
    const out = await all(provider.getLogs({ since: new Date(NOW - 2 * 3_600_000), signal: signal() }))
    expect(out).toHaveLength(31)
    expect(new Set(fake.calls.map((c) => JSON.stringify(c.input.LookupAttributes)))).toStrictEqual(
      new Set([
        '[{"AttributeKey":"EventName","AttributeValue":"DeleteObject"}]',
        '[{"AttributeKey":"EventName","AttributeValue":"PutObject"}]',
      ]),
    )
  })

  it('errors_only keeps the events with an errorCode', async () => {
    const { fake, provider } = setup({ region: 'us-east-1', errors_only: 'true' })
    fake.put(
      spread(60, 3_600_000, (i) => ({
        awsRegion: 'us-east-1',
        ...(i % 10 === 0 ? { errorCode: i % 20 ? 'AccessDenied' : 'NoSuchKey' } : {}),
      })),
    )
    const out = await all(provider.getLogs({ since: new Date(NOW - 2 * 3_600_000), signal: signal() }))
    expect(out.map((e) => e.level)).toStrictEqual(['ERROR', 'WARN', 'ERROR', 'WARN', 'ERROR', 'WARN'])
  })

  it('prints an EventId the service repeats once', async () => {
    const { fake, provider } = setup({ region: 'us-east-1' }, { duplicates: true })
    const ids = fake.put(spread(400, 3_600_000, () => ({ awsRegion: 'us-east-1' })))
    const out = await all(provider.getLogs({ since: new Date(NOW - 2 * 3_600_000), signal: signal() }))
    expect(out.map((e) => e.id).sort()).toStrictEqual([...ids].sort())
  })

  it('rides out throttling: the same page is asked again until answered, nothing skipped or repeated', async () => {
    // a quota of one call a second: the limiter's 2/s gets throttled and slows down
    const { fake, provider } = setup({ region: 'us-east-1' }, { ratePerSecond: 1 })
    const ids = fake.put(spread(500, 3_600_000, () => ({ awsRegion: 'us-east-1' })))
    const out = await all(provider.getLogs({ since: new Date(NOW - 2 * 3_600_000), signal: signal() }))
    expect(out.map((e) => e.id).sort()).toStrictEqual([...ids].sort())
    expect(fake.calls.length).toBeGreaterThan(11)
  })

  it('refuses a --since older than 90 days, naming it; clamps with a warning when --until is inside', async () => {
    const { provider, logger } = setup({ region: 'us-east-1' })
    const error = await all(provider.getLogs({ since: new Date(NOW - 91 * DAY), signal: signal() })).catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(UsageError)
    expect(error.message).toMatch(
      /^--since \(.*\) is more than 90 days ago: CloudTrail LookupEvents keeps the last 90 days only/,
    )
    expect(error.hint).toMatch(/--since 90d or less/)
    await all(
      provider.getLogs({
        since: new Date(NOW - 91 * DAY),
        until: new Date(NOW - 80 * DAY),
        signal: signal(),
      }),
    )
    expect(logger.lines.find((l) => l.level === 'warn')?.text).toMatch(
      /more than 90 days ago; LookupEvents keeps 90 days, so reading from/,
    )
    const both = await all(
      provider.getLogs({
        since: new Date(NOW - 95 * DAY),
        until: new Date(NOW - 91 * DAY),
        signal: signal(),
      }),
    ).catch((e) => e)
    expect(both.message).toMatch(/--since .* and --until .* are both more than 90 days ago/)
  })

  it('lists the event sources of the last hour', async () => {
    const { fake, provider } = setup({ regions: ['us-east-1', 'us-west-2'] })
    fake.put([
      { EventName: 'A', EventSource: 's3.amazonaws.com', EventTime: NOW - 10 * MINUTE },
      {
        EventName: 'B',
        EventSource: 's3.amazonaws.com',
        EventTime: NOW - 5 * MINUTE,
        awsRegion: 'us-west-2',
      },
      { EventName: 'C', EventSource: 'lambda.amazonaws.com', EventTime: NOW - 20 * MINUTE },
      { EventName: 'D', EventSource: 'ec2.amazonaws.com', EventTime: NOW - 2 * 3_600_000 },
    ])
    expect(await provider.listSources({ signal: signal() })).toStrictEqual([
      {
        name: 's3.amazonaws.com',
        description: '2 CloudTrail events in the last hour',
        metadata: { eventSource: 's3.amazonaws.com', count: 2, regions: ['us-east-1', 'us-west-2'] },
      },
      {
        name: 'lambda.amazonaws.com',
        description: '1 CloudTrail event in the last hour',
        metadata: { eventSource: 'lambda.amazonaws.com', count: 1, regions: ['us-east-1'] },
      },
    ])
  })
})

describe('aws/cloudtrail tail', () => {
  it('reads only the newest N: one page per region for a few lines', async () => {
    const { fake, provider } = setup({ regions: REGIONS })
    const events = spread(900, 3 * 3_600_000)
    fake.put(events)
    const out = await all(provider.tailLogs({ lines: 5, follow: false, signal: signal() } as never))
    const newest = [...events].sort((a, b) => a.EventTime - b.EventTime).slice(-5)
    expect(out.map((e) => e.timestamp.getTime())).toStrictEqual(newest.map((e) => e.EventTime))
    expect(fake.calls).toHaveLength(3)
  })

  it('with a level, the newest N are counted over the events at or above it', async () => {
    const { fake, provider } = setup({ region: 'us-east-1' })
    // one event in ten failed (ERROR, or WARN when denied); the others are INFO
    const events = spread(200, 3_600_000, (i) => ({
      awsRegion: 'us-east-1',
      ...(i % 10 === 0 ? { errorCode: i % 20 ? 'AccessDenied' : 'NoSuchKey' } : {}),
    }))
    fake.put(events)
    const out = await all(
      provider.tailLogs({ lines: 3, follow: false, level: 'WARN', signal: signal() } as never),
    )
    const failed = events
      .filter((e) => (e as { errorCode?: string }).errorCode !== undefined)
      .sort((a, b) => a.EventTime - b.EventTime)
    expect(out.map((e) => e.timestamp.getTime())).toStrictEqual(failed.slice(-3).map((e) => e.EventTime))
    expect(out.every((e) => e.level !== 'INFO')).toBe(true)
  })

  it('follows: polls the late window, prints each event once as it becomes visible, late ones too', async () => {
    const { clock, fake, provider } = setup({ region: 'us-east-1', poll_interval: '30s', late_window: '20m' })
    fake.put([
      { EventName: 'Before1', EventSource: 'x.amazonaws.com', EventTime: NOW - 3 * MINUTE },
      { EventName: 'Before2', EventSource: 'x.amazonaws.com', EventTime: NOW - 2 * MINUTE },
    ])
    // Delivered while following: in order, out of order (minutes old), and one twice as late.
    const schedule = [
      {
        at: NOW + 40_000,
        events: [{ EventName: 'Live1', EventSource: 'x.amazonaws.com', EventTime: NOW + 10_000 }],
      },
      {
        at: NOW + 100_000,
        events: [
          { EventName: 'Live2', EventSource: 'x.amazonaws.com', EventTime: NOW + 90_000 },
          { EventName: 'LateA', EventSource: 'x.amazonaws.com', EventTime: NOW - MINUTE },
        ],
      },
      {
        at: NOW + 200_000,
        events: [{ EventName: 'LateB', EventSource: 'x.amazonaws.com', EventTime: NOW + 5_000 }],
      },
    ]
    clock.onSleep = (now) => {
      while (schedule[0] && schedule[0].at <= now) fake.put(schedule.shift()!.events)
    }
    const stop = new AbortController()
    const statuses: string[] = []
    const names: string[] = []
    for await (const e of provider.tailLogs({
      lines: 10,
      signal: stop.signal,
      onEvent: (e: { type: string; message: string }) => statuses.push(`${e.type}: ${e.message}`),
    } as never)) {
      names.push(/ (\w+) on /.exec(e.message)![1]!)
      if (names.length === 6) stop.abort()
    }
    expect(names).toStrictEqual(['Before1', 'Before2', 'Live1', 'LateA', 'Live2', 'LateB'])
    expect(statuses[0]).toMatch(/^status: next poll at \d\d:\d\d:\d\d$/)
  })
})

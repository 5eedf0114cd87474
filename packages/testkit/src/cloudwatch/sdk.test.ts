import {
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  GetLogEventsCommand,
  GetQueryResultsCommand,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ManualClock } from '../clock.js'
import { generateEvents } from '../seeds/generate.js'
import { type Emulator, startEmulator } from '../server.js'
import { logsClient, postJson } from '../test-support/clients.js'
import { logGroupArn } from './arn.js'

const START = Date.UTC(2025, 0, 1, 12)
const END = START + 3_600_000

describe('CloudWatch Logs through @aws-sdk/client-cloudwatch-logs', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({
      clock: new ManualClock(END + 60_000),
      seed: generateEvents({ events: 12_000, groups: 3, streams: 4, start: START, end: END, seed: 7 }),
      liveTailIntervalMs: 20,
      filterScanLimit: 3000,
    })
  })
  afterAll(() => emulator.close())

  it('describes log groups with prefixes, patterns, pagination and both ARN forms', async () => {
    const client = logsClient(emulator)
    for (let i = 0; i < 5; i++) emulator.cloudwatch.createGroup(`/aws/lambda/fn-${i}`)
    const names: string[] = []
    for await (const page of paginateDescribeLogGroups(
      { client, pageSize: 2 },
      { logGroupNamePrefix: '/aws/lambda/' },
    )) {
      expect(page.logGroups!.length).toBeLessThanOrEqual(2)
      names.push(...page.logGroups!.map((g) => g.logGroupName!))
    }
    expect(names).toEqual([
      '/aws/lambda/fn-0',
      '/aws/lambda/fn-1',
      '/aws/lambda/fn-2',
      '/aws/lambda/fn-3',
      '/aws/lambda/fn-4',
    ])
    const byPattern = await client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'GROUP-001' }))
    expect(byPattern.logGroups!.map((g) => g.logGroupName)).toEqual(['/atmos/generated/group-001'])
    const g = byPattern.logGroups![0]!
    expect(g.arn).toBe(`${logGroupArn('/atmos/generated/group-001')}:*`)
    expect(g.logGroupArn).toBe(logGroupArn('/atmos/generated/group-001'))
    await expect(
      client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/a', logGroupNamePattern: 'b' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('describes log streams by name or last event time, descending, paginated', async () => {
    const client = logsClient(emulator)
    const byName = await client.send(
      new DescribeLogStreamsCommand({ logGroupName: '/atmos/generated/group-000', limit: 3 }),
    )
    expect(byName.logStreams!.map((s) => s.logStreamName)).toEqual(['stream-000', 'stream-001', 'stream-002'])
    expect(byName.nextToken).toBeDefined()
    const rest = await client.send(
      new DescribeLogStreamsCommand({
        logGroupName: '/atmos/generated/group-000',
        limit: 3,
        nextToken: byName.nextToken,
      }),
    )
    expect(rest.logStreams!.map((s) => s.logStreamName)).toEqual(['stream-003'])
    expect(rest.nextToken).toBeUndefined()
    const byTime = await client.send(
      new DescribeLogStreamsCommand({
        logGroupIdentifier: logGroupArn('/atmos/generated/group-000'),
        orderBy: 'LastEventTime',
        descending: true,
      }),
    )
    const last = byTime.logStreams!.map((s) => s.lastEventTimestamp!)
    expect([...last].sort((a, b) => b - a)).toEqual(last)
    expect(byTime.logStreams![0]!.firstEventTimestamp).toBeGreaterThanOrEqual(START)
    await expect(client.send(new DescribeLogStreamsCommand({ logGroupName: '/nope' }))).rejects.toMatchObject(
      { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } },
    )
  })

  it('pages FilterLogEvents to the exact count, in time order, without duplicates', async () => {
    const client = logsClient(emulator)
    const ids = new Set<string>()
    let previous = 0
    let pages = 0
    for await (const page of paginateFilterLogEvents(
      { client },
      { logGroupName: '/atmos/generated/group-001' },
    )) {
      pages++
      for (const e of page.events ?? []) {
        expect(e.timestamp!).toBeGreaterThanOrEqual(previous)
        previous = e.timestamp!
        ids.add(e.eventId!)
      }
    }
    expect(ids.size).toBe(4000)
    // A scan budget of 3,000 events per page splits 4,000 events over two pages.
    expect(pages).toBe(2)
  })

  it('honours time bounds (endTime inclusive), stream selection, limit and filter patterns', async () => {
    const client = logsClient(emulator)
    const group = '/atmos/generated/group-002'
    const all = await collect(client, {
      logGroupName: group,
      startTime: START + 600_000,
      endTime: START + 1_200_000,
    })
    expect(all.length).toBeGreaterThan(0)
    expect(all.every((e) => e.timestamp! >= START + 600_000 && e.timestamp! <= START + 1_200_000)).toBe(true)
    const oneStream = await collect(client, { logGroupName: group, logStreamNames: ['stream-001'] })
    expect(oneStream.length).toBe(1000)
    expect(new Set(oneStream.map((e) => e.logStreamName))).toEqual(new Set(['stream-001']))
    const prefixed = await collect(client, { logGroupName: group, logStreamNamePrefix: 'stream-00' })
    expect(prefixed.length).toBe(4000)
    const limited = await client.send(new FilterLogEventsCommand({ logGroupName: group, limit: 7 }))
    expect(limited.events).toHaveLength(7)
    expect(limited.nextToken).toBeDefined()
    const errors = await collect(client, { logGroupName: group, filterPattern: '{ $.level = "ERROR" }' })
    const expected = emulatorMessages(emulator, group).filter(
      (m) => m.startsWith('{') && JSON.parse(m).level === 'ERROR',
    )
    expect(errors.map((e) => e.message).sort()).toEqual(expected.sort())
    await expect(
      client.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.level = ' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      client.send(
        new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ['a'], logStreamNamePrefix: 'a' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('answers empty pages that still carry a nextToken when a page scans nothing that matches', async () => {
    const client = logsClient(emulator)
    const group = '/atmos/generated/group-000'
    // Only the very last events match; the first pages scan 3,000 non-matching events each.
    const lastSeq = 11_999 - ((11_999 - 0) % 3)
    const pages: number[] = []
    let token: string | undefined
    do {
      const page = await client.send(
        new FilterLogEventsCommand({
          logGroupName: group,
          filterPattern: `%seq..?${lastSeq}%`,
          nextToken: token,
        }),
      )
      pages.push(page.events!.length)
      token = page.nextToken
    } while (token)
    expect(pages.slice(0, -1).some((n) => n === 0)).toBe(true)
    expect(pages.reduce((a, b) => a + b, 0)).toBe(1)
  })

  it('reads a stream with GetLogEvents forwards and backwards, and repeats the token at the end', async () => {
    const client = logsClient(emulator)
    const params = { logGroupName: '/atmos/generated/group-000', logStreamName: 'stream-002' }
    const newest = await client.send(new GetLogEventsCommand({ ...params, limit: 10 }))
    expect(newest.events).toHaveLength(10)
    let token: string | undefined
    let seen = 0
    let previous: string | undefined
    for (;;) {
      const page = await client.send(
        new GetLogEventsCommand({ ...params, startFromHead: true, limit: 400, nextToken: token }),
      )
      seen += page.events!.length
      if (page.nextForwardToken === token) break
      previous = token
      token = page.nextForwardToken
    }
    expect(seen).toBe(1000)
    expect(previous).toBeDefined()
    const back = await client.send(
      new GetLogEventsCommand({ ...params, nextToken: newest.nextBackwardToken, limit: 5 }),
    )
    expect(back.events).toHaveLength(5)
    expect(back.events![4]!.timestamp!).toBeLessThanOrEqual(newest.events![0]!.timestamp!)
  })

  it('records the SigV4 access key id of each call in stats', async () => {
    await logsClient(emulator, { accessKeyId: 'AKIASTATSCHECK000001' }).send(
      new DescribeLogGroupsCommand({ limit: 1 }),
    )
    const stats = (await (await fetch(`${emulator.endpoint}/_emulator/stats`)).json()) as any
    expect(stats.calls.DescribeLogGroups).toBeGreaterThan(0)
    expect(stats.recent.at(-1)).toMatchObject({
      operation: 'DescribeLogGroups',
      accessKeyId: 'AKIASTATSCHECK000001',
      params: { limit: 1 },
    })
  })
})

function emulatorMessages(emulator: Emulator, group: string): string[] {
  const g = emulator.cloudwatch.getGroup(group)!
  return [...g.streams.values()].flatMap((s) => emulator.cloudwatch.eventsOf(s).map((e) => e.message))
}

async function collect(client: ReturnType<typeof logsClient>, input: FilterLogEventsCommandInput) {
  const out = []
  for await (const page of paginateFilterLogEvents({ client }, input)) out.push(...(page.events ?? []))
  return out
}

describe('Logs Insights queries through the SDK', () => {
  it('moves Scheduled → Running → Complete as the clock advances, in epoch seconds', async () => {
    const clock = new ManualClock(END + 60_000)
    const emulator = await startEmulator({
      clock,
      seed: generateEvents({ events: 600, groups: 1, streams: 2, start: START, end: END }),
    })
    try {
      const client = logsClient(emulator)
      const { queryId } = await client.send(
        new StartQueryCommand({
          logGroupName: '/atmos/generated/group-000',
          startTime: Math.floor(START / 1000),
          endTime: Math.floor(END / 1000),
          queryString: 'fields @timestamp, @message | filter level = "ERROR" | stats count(*) as errors',
        }),
      )
      const status = async () => (await client.send(new GetQueryResultsCommand({ queryId }))).status
      expect(await status()).toBe('Scheduled')
      clock.advance(300)
      expect(await status()).toBe('Running')
      clock.advance(1000)
      const done = await client.send(new GetQueryResultsCommand({ queryId }))
      expect(done.status).toBe('Complete')
      expect(done.results).toHaveLength(1)
      expect(done.results![0]!.find((f) => f.field === 'errors')).toBeDefined()
      expect(done.statistics!.recordsScanned).toBe(600)

      const second = await client.send(
        new StartQueryCommand({
          logGroupName: '/atmos/generated/group-000',
          startTime: 0,
          endTime: 1,
          queryString: 'fields @message',
        }),
      )
      expect((await client.send(new StopQueryCommand({ queryId: second.queryId }))).success).toBe(true)
      expect((await client.send(new GetQueryResultsCommand({ queryId: second.queryId }))).status).toBe(
        'Cancelled',
      )
      await expect(
        client.send(
          new StartQueryCommand({
            logGroupName: '/atmos/generated/group-000',
            startTime: 0,
            endTime: 1,
            queryString: 'fields | |',
          }),
        ),
      ).rejects.toMatchObject({ name: 'MalformedQueryException' })
      await expect(
        client.send(
          new StartQueryCommand({
            logGroupName: '/missing',
            startTime: 0,
            endTime: 1,
            queryString: 'fields @message',
          }),
        ),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    } finally {
      await emulator.close()
    }
  })
})

describe('Live Tail through the SDK event-stream parser', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ liveTailIntervalMs: 20, liveTailSessionMs: 60_000 })
    emulator.cloudwatch.createStream('/app/live', 'a')
    emulator.cloudwatch.createStream('/app/live', 'b')
    emulator.cloudwatch.createStream('/app/other', 'a')
  })
  afterAll(() => emulator.close())

  it('sends sessionStart, then updates with the matching events, until aborted', async () => {
    const client = logsClient(emulator)
    const abort = new AbortController()
    const response = await client.send(
      new StartLiveTailCommand({
        logGroupIdentifiers: [logGroupArn('/app/live')],
        logStreamNamePrefixes: ['a'],
        logEventFilterPattern: 'ERROR',
      }),
      { abortSignal: abort.signal },
    )
    const received: string[] = []
    let started: StartLiveTailResponseStream | undefined
    let written = false
    try {
      for await (const event of response.responseStream!) {
        if (event.sessionStart) {
          started = event
          expect(event.sessionStart.logGroupIdentifiers).toEqual([logGroupArn('/app/live')])
          expect(event.sessionStart.logEventFilterPattern).toBe('ERROR')
        }
        if (event.sessionUpdate) {
          expect(event.sessionUpdate.sessionMetadata?.sampled).toBe(false)
          for (const r of event.sessionUpdate.sessionResults ?? []) {
            expect(r.logGroupIdentifier).toBe('123456789012:/app/live')
            received.push(r.message!)
          }
          if (!written) {
            written = true
            await postJson(emulator, '/_emulator/cloudwatch/events', {
              logGroup: '/app/live',
              logStream: 'a',
              events: [{ message: 'ERROR one' }, { message: 'INFO two' }, { message: 'ERROR three' }],
            })
            emulator.cloudwatch.putEvents('/app/live', 'b', [{ message: 'ERROR other stream' }])
            emulator.cloudwatch.putEvents('/app/other', 'a', [{ message: 'ERROR other group' }])
          }
          if (received.length >= 2) abort.abort()
        }
      }
    } catch (e) {
      // the SDK surfaces the abort as an error from the stream; only an abort may end it
      if (!abort.signal.aborted) throw e
    }
    expect(started).toBeDefined()
    expect(received).toEqual(['ERROR one', 'ERROR three'])
  })

  it('samples updates down to 500 events and flags them', async () => {
    const client = logsClient(emulator)
    const abort = new AbortController()
    const response = await client.send(
      new StartLiveTailCommand({ logGroupIdentifiers: [logGroupArn('/app/other')] }),
      {
        abortSignal: abort.signal,
      },
    )
    let sampled: { count: number; sampled?: boolean } | undefined
    try {
      for await (const event of response.responseStream!) {
        if (event.sessionStart) {
          emulator.cloudwatch.putEvents(
            '/app/other',
            'a',
            Array.from({ length: 1200 }, (_, i) => ({ message: `burst ${i}` })),
          )
        }
        const results = event.sessionUpdate?.sessionResults ?? []
        if (results.length > 0) {
          sampled = { count: results.length, sampled: event.sessionUpdate!.sessionMetadata?.sampled }
          abort.abort()
        }
      }
    } catch (e) {
      // the SDK surfaces the abort as an error from the stream; only an abort may end it
      if (!abort.signal.aborted) throw e
    }
    expect(sampled).toEqual({ count: 500, sampled: true })
  })

  it('ends the session with SessionTimeoutException after the session length', async () => {
    const short = await startEmulator({ liveTailIntervalMs: 10, liveTailSessionMs: 100 })
    try {
      short.cloudwatch.createGroup('/app/t')
      const response = await logsClient(short).send(
        new StartLiveTailCommand({ logGroupIdentifiers: [logGroupArn('/app/t')] }),
      )
      const kinds: string[] = []
      await expect(
        (async () => {
          for await (const event of response.responseStream!) kinds.push(Object.keys(event)[0]!)
        })(),
      ).rejects.toMatchObject({ name: 'SessionTimeoutException' })
      expect(kinds[0]).toBe('sessionStart')
    } finally {
      await short.close()
    }
  })

  it('validates groups, stream selectors and patterns before streaming', async () => {
    const client = logsClient(emulator)
    await expect(
      client.send(new StartLiveTailCommand({ logGroupIdentifiers: [logGroupArn('/missing')] })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    })
    await expect(
      client.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [logGroupArn('/app/live'), logGroupArn('/app/other')],
          logStreamNames: ['a'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      client.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [logGroupArn('/app/live')],
          logEventFilterPattern: '{ $.a = ',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('takes log groups by ARN only, as the API reference asks: 1 to 10, none ending in *', async () => {
    const client = logsClient(emulator)
    const refused = async (logGroupIdentifiers: string[] | undefined) => {
      const err = await client
        .send(new StartLiveTailCommand({ logGroupIdentifiers } as { logGroupIdentifiers: string[] }))
        .then(
          () => undefined,
          (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => e,
        )
      expect(err).toBeDefined()
      return { name: err!.name, status: err!.$metadata.httpStatusCode, message: err!.message }
    }
    // A bare name passes the model's pattern; the service then wants the ARN.
    expect(await refused(['/app/live'])).toEqual({
      name: 'InvalidParameterException',
      status: 400,
      message: expect.stringContaining('/app/live'),
    })
    // `*` is outside the model's pattern, so the `:*` form DescribeLogGroups' `arn` has fails it.
    expect(await refused([`${logGroupArn('/app/live')}:*`])).toEqual({
      name: 'InvalidParameterException',
      status: 400,
      message: `1 validation error detected: Value '[${logGroupArn('/app/live')}:*]' at 'logGroupIdentifiers' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*]`,
    })
    expect(await refused(['arn:aws:s3:::a-bucket'])).toMatchObject({ name: 'InvalidParameterException' })
    expect(await refused([])).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('Member must have length greater than or equal to 1'),
    })
    const eleven = Array.from({ length: 11 }, () => logGroupArn('/app/live'))
    expect(await refused(eleven)).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('Member must have length less than or equal to 10'),
    })
    expect(await refused(undefined)).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('Member must not be null'),
    })
  })
})

describe('faults', () => {
  it('with throttle 0.3 on FilterLogEvents, the SDK retries deliver every event exactly once', async () => {
    const emulator = await startEmulator({
      clock: new ManualClock(END + 60_000),
      seed: generateEvents({ events: 6000, groups: 1, streams: 3, start: START, end: END, seed: 3 }),
    })
    try {
      await postJson(emulator, '/_emulator/faults', { throttle: 0.3, operations: ['FilterLogEvents'] })
      const client = logsClient(emulator, { maxAttempts: 10 })
      const ids: string[] = []
      for await (const page of paginateFilterLogEvents(
        { client },
        { logGroupName: '/atmos/generated/group-000', limit: 500 },
      )) {
        ids.push(...page.events!.map((e) => e.eventId!))
      }
      expect(ids).toHaveLength(6000)
      expect(new Set(ids).size).toBe(6000)
      const stats = emulator.stats.snapshot()
      expect(stats.throttled.FilterLogEvents).toBeGreaterThan(0)
      expect(stats.calls.FilterLogEvents).toBe(12 + stats.throttled.FilterLogEvents!)
      // other operations are not affected
      await client.send(new DescribeLogGroupsCommand({}))
      expect(stats.throttled.DescribeLogGroups).toBeUndefined()
    } finally {
      await emulator.close()
    }
  })

  it('answers 5xx, access denied and resets as configured', async () => {
    const emulator = await startEmulator()
    try {
      const client = logsClient(emulator, { maxAttempts: 1 })
      await postJson(emulator, '/_emulator/faults', { error5xx: 1 })
      await expect(client.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 500 },
      })
      await postJson(emulator, '/_emulator/faults', { accessDenied: 1 })
      await expect(client.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({
        name: 'AccessDeniedException',
      })
      await postJson(emulator, '/_emulator/faults', { reset: 1 })
      await expect(client.send(new DescribeLogGroupsCommand({}))).rejects.toThrow()
      await postJson(emulator, '/_emulator/faults', {})
      await expect(client.send(new DescribeLogGroupsCommand({}))).resolves.toMatchObject({ logGroups: [] })
    } finally {
      await emulator.close()
    }
  })
})

import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeQueriesCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartLiveTailCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { ManualClock } from '../clock.js'
import { type Emulator, startEmulator } from '../server.js'
import { logsClient, postJson } from '../test-support/clients.js'
import { ACCOUNT_ID, logGroupArn, parseLogGroupIdentifier, REGION } from './arn.js'
import { CloudWatchStore } from './store.js'

/**
 * CloudWatch Logs is regional: each region of an account has its own log groups, events, queries
 * and Live Tail sessions, and a request sees the region its SigV4 scope names.
 */
const NOW = Date.UTC(2025, 5, 1, 12)

describe('the store keeps each region apart', () => {
  it('holds the same group name in two regions with separate events and ARNs of their own', () => {
    const store = new CloudWatchStore(new ManualClock(NOW))
    store.putEvents('/app', 's', [{ message: 'east' }], { region: 'us-east-2' })
    store.putEvents('/app', 's', [{ message: 'west' }], { region: 'us-west-2' })
    store.createGroup('/only-east', { region: 'us-east-2' })

    const east = store.getGroup('/app', 'us-east-2')!
    const west = store.getGroup('/app', 'us-west-2')!
    expect(east).not.toBe(west)
    expect(store.eventsOf(east.streams.get('s')!).map((e) => e.message)).toEqual(['east'])
    expect(store.eventsOf(west.streams.get('s')!).map((e) => e.message)).toEqual(['west'])
    // Event ids stay unique across regions.
    expect(store.eventsOf(east.streams.get('s')!)[0]!.eventId).not.toBe(
      store.eventsOf(west.streams.get('s')!)[0]!.eventId,
    )
    expect(store.arnOf(east)).toBe(`arn:aws:logs:us-east-2:${ACCOUNT_ID}:log-group:/app`)
    expect(store.arnOf(west)).toBe(`arn:aws:logs:us-west-2:${ACCOUNT_ID}:log-group:/app`)
    expect(store.listGroups('us-east-2').map((g) => g.name)).toEqual(['/app', '/only-east'])
    expect(store.listGroups('us-west-2').map((g) => g.name)).toEqual(['/app'])
    expect(store.getGroup('/only-east', 'us-west-2')).toBeUndefined()
    // Unnamed, a region is the emulator's default one, which holds none of these.
    expect(store.listGroups()).toEqual([])
    expect(store.countEvents()).toBe(2)
  })

  it('finds a group by ARN only in the region (and account) the ARN names', () => {
    const store = new CloudWatchStore(new ManualClock(NOW))
    const group = store.createGroup('/app', { region: 'us-east-2' })
    const byArn = (arn: string, region: string) => store.findGroup(parseLogGroupIdentifier(arn)!, region)
    expect(byArn(logGroupArn('/app', 'us-east-2'), 'us-east-2')).toBe(group)
    expect(byArn(`${logGroupArn('/app', 'us-east-2')}:*`, 'us-east-2')).toBe(group)
    expect(store.findGroup({ name: '/app' }, 'us-east-2')).toBe(group)
    expect(byArn(logGroupArn('/app', 'us-west-2'), 'us-east-2')).toBeUndefined()
    expect(byArn('arn:aws:logs:us-east-2:999999999999:log-group:/app', 'us-east-2')).toBeUndefined()
  })
})

describe('regions through @aws-sdk/client-cloudwatch-logs', () => {
  let emulator: Emulator
  const clock = new ManualClock(NOW)
  beforeAll(async () => {
    emulator = await startEmulator({ clock, liveTailIntervalMs: 20, liveTailSessionMs: 60_000 })
  })
  beforeEach(() => emulator.reset())
  afterAll(() => emulator.close())
  const east = () => logsClient(emulator, { region: 'us-east-2' })
  const west = () => logsClient(emulator, { region: 'us-west-2' })

  it('a group created in us-east-2 is not seen from us-west-2, which may create its own', async () => {
    await east().send(new CreateLogGroupCommand({ logGroupName: '/app/api' }))
    const seenWest = await west().send(new DescribeLogGroupsCommand({}))
    expect(seenWest.logGroups).toEqual([])
    await expect(west().send(new FilterLogEventsCommand({ logGroupName: '/app/api' }))).rejects.toMatchObject(
      { name: 'ResourceNotFoundException' },
    )
    await expect(
      west().send(new DescribeLogStreamsCommand({ logGroupName: '/app/api' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })

    await expect(west().send(new CreateLogGroupCommand({ logGroupName: '/app/api' }))).resolves.toBeDefined()
    await expect(east().send(new CreateLogGroupCommand({ logGroupName: '/app/api' }))).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
    })
  })

  it('ARNs carry the region the request was signed for', async () => {
    emulator.cloudwatch.createStream('/app/api', 'a', { region: 'eu-central-1' })
    const client = logsClient(emulator, { region: 'eu-central-1' })
    const { logGroups } = await client.send(new DescribeLogGroupsCommand({}))
    expect(logGroups!.map((g) => [g.logGroupArn, g.arn])).toEqual([
      [
        `arn:aws:logs:eu-central-1:${ACCOUNT_ID}:log-group:/app/api`,
        `arn:aws:logs:eu-central-1:${ACCOUNT_ID}:log-group:/app/api:*`,
      ],
    ])
    const { logStreams } = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/app/api' }))
    expect(logStreams![0]!.arn).toBe(
      `arn:aws:logs:eu-central-1:${ACCOUNT_ID}:log-group:/app/api:log-stream:a`,
    )
  })

  it('the same name in two regions holds separate events', async () => {
    for (const [client, message] of [
      [east(), 'from us-east-2'],
      [west(), 'from us-west-2'],
    ] as const) {
      await client.send(new CreateLogGroupCommand({ logGroupName: '/app/api' }))
      await client.send(new CreateLogStreamCommand({ logGroupName: '/app/api', logStreamName: 's' }))
      await client.send(
        new PutLogEventsCommand({
          logGroupName: '/app/api',
          logStreamName: 's',
          logEvents: [{ timestamp: NOW - 1000, message }],
        }),
      )
    }
    const read = async (client: ReturnType<typeof east>) =>
      (await client.send(new FilterLogEventsCommand({ logGroupName: '/app/api' }))).events!.map(
        (e) => e.message,
      )
    expect(await read(east())).toEqual(['from us-east-2'])
    expect(await read(west())).toEqual(['from us-west-2'])
  })

  it('an ARN naming another region finds no group: ResourceNotFoundException, not the group of the same name here', async () => {
    emulator.cloudwatch.putEvents('/app/api', 's', [{ timestamp: NOW, message: 'west' }], {
      region: 'us-west-2',
    })
    emulator.cloudwatch.putEvents('/app/api', 's', [{ timestamp: NOW, message: 'east' }], {
      region: 'us-east-2',
    })
    const eastArn = logGroupArn('/app/api', 'us-east-2')
    await expect(
      west().send(new FilterLogEventsCommand({ logGroupIdentifier: eastArn })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } })
    await expect(
      west().send(new DescribeLogStreamsCommand({ logGroupIdentifier: eastArn })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    const listed = await west().send(new DescribeLogGroupsCommand({ logGroupIdentifiers: [eastArn] }))
    expect(listed.logGroups).toEqual([])
    // The ARN of the caller's own region does find it.
    const own = await east().send(new FilterLogEventsCommand({ logGroupIdentifier: eastArn }))
    expect(own.events!.map((e) => e.message)).toEqual(['east'])
  })

  it('a pagination token of one region is refused by another', async () => {
    for (const region of ['us-east-2', 'us-west-2']) {
      emulator.cloudwatch.putEvents(
        '/app/api',
        's',
        [1, 2, 3].map((i) => ({ timestamp: NOW - i * 1000, message: `${region} ${i}` })),
        { region },
      )
    }
    const first = await east().send(new FilterLogEventsCommand({ logGroupName: '/app/api', limit: 1 }))
    expect(first.nextToken).toBeDefined()
    await expect(
      west().send(new FilterLogEventsCommand({ logGroupName: '/app/api', nextToken: first.nextToken })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('Logs Insights queries run on the region of the request, and their ids are known only there', async () => {
    emulator.cloudwatch.putEvents('/app/api', 's', [{ timestamp: NOW - 1000, message: 'east' }], {
      region: 'us-east-2',
    })
    const range = { startTime: Math.floor((NOW - 60_000) / 1000), endTime: Math.floor(NOW / 1000) }
    await expect(
      west().send(
        new StartQueryCommand({ ...range, logGroupName: '/app/api', queryString: 'fields @message' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(
      west().send(
        new StartQueryCommand({
          ...range,
          logGroupIdentifiers: [logGroupArn('/app/api', 'us-east-2')],
          queryString: 'fields @message',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })

    const { queryId } = await east().send(
      new StartQueryCommand({
        ...range,
        logGroupIdentifiers: [logGroupArn('/app/api', 'us-east-2')],
        queryString: 'fields @message',
      }),
    )
    clock.advance(5000)
    const results = await east().send(new GetQueryResultsCommand({ queryId }))
    expect(results.status).toBe('Complete')
    expect(results.results!.map((row) => row.find((f) => f.field === '@message')?.value)).toEqual(['east'])
    await expect(west().send(new GetQueryResultsCommand({ queryId }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    })
    expect((await west().send(new DescribeQueriesCommand({}))).queries).toEqual([])
    expect((await east().send(new DescribeQueriesCommand({}))).queries!.map((q) => q.queryId)).toEqual([
      queryId,
    ])
  })

  it('Live Tail takes ARNs of its own region only, and streams only that region’s events', async () => {
    emulator.cloudwatch.createStream('/app/live', 'a', { region: 'us-east-2' })
    emulator.cloudwatch.createStream('/app/live', 'a', { region: 'us-west-2' })
    await expect(
      west().send(new StartLiveTailCommand({ logGroupIdentifiers: [logGroupArn('/app/live', 'us-east-2')] })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })

    const abort = new AbortController()
    const response = await west().send(
      new StartLiveTailCommand({ logGroupIdentifiers: [logGroupArn('/app/live', 'us-west-2')] }),
      { abortSignal: abort.signal },
    )
    const received: string[] = []
    let written = false
    try {
      for await (const event of response.responseStream!) {
        if (!event.sessionUpdate) continue
        received.push(...(event.sessionUpdate.sessionResults ?? []).map((r) => r.message!))
        if (!written) {
          written = true
          emulator.cloudwatch.putEvents('/app/live', 'a', [{ message: 'east' }], { region: 'us-east-2' })
          emulator.cloudwatch.putEvents('/app/live', 'a', [{ message: 'west' }], { region: 'us-west-2' })
        }
        if (received.length > 0) abort.abort()
      }
    } catch (e) {
      // the SDK surfaces the abort as an error from the stream; only an abort may end it
      if (!abort.signal.aborted) throw e
    }
    expect(received).toEqual(['west'])
  })

  it('an unsigned request sees the default region, as CloudTrail’s do', async () => {
    emulator.cloudwatch.createGroup('/default-region', { region: REGION })
    emulator.cloudwatch.createGroup('/elsewhere', { region: 'us-west-2' })
    const res = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.DescribeLogGroups',
      },
      body: '{}',
    })
    const body = (await res.json()) as { logGroups: Array<{ logGroupName: string; logGroupArn: string }> }
    expect(body.logGroups.map((g) => [g.logGroupName, g.logGroupArn])).toEqual([
      ['/default-region', logGroupArn('/default-region', REGION)],
    ])
  })

  it('the control route and seeds put events into the region they name, us-east-1 by default', async () => {
    const put = await postJson(emulator, '/_emulator/cloudwatch/events', {
      region: 'us-west-2',
      logGroup: '/ctl',
      logStream: 's',
      events: [{ timestamp: NOW, message: 'control west' }],
    })
    expect(put.status).toBe(200)
    await postJson(emulator, '/_emulator/cloudwatch/events', {
      logGroup: '/ctl',
      logStream: 's',
      events: [{ timestamp: NOW, message: 'control default' }],
    })
    const seeded = await postJson(emulator, '/_emulator/seed', {
      cloudwatch: {
        groups: [
          { name: '/seeded', region: 'us-east-2', streams: [{ name: 's', events: ['seed east'] }] },
          { name: '/seeded', streams: [{ name: 's', events: ['seed default'] }] },
        ],
      },
    })
    expect(seeded.status).toBe(200)
    const read = async (region: string, group: string) =>
      (
        await logsClient(emulator, { region }).send(new FilterLogEventsCommand({ logGroupName: group }))
      ).events!.map((e) => e.message)
    expect(await read('us-west-2', '/ctl')).toEqual(['control west'])
    expect(await read('us-east-1', '/ctl')).toEqual(['control default'])
    expect(await read('us-east-2', '/seeded')).toEqual(['seed east'])
    expect(await read('us-east-1', '/seeded')).toEqual(['seed default'])

    const badControl = await postJson(emulator, '/_emulator/cloudwatch/events', {
      region: 'us-west2',
      logGroup: '/ctl',
      logStream: 's',
      events: [],
    })
    expect(badControl.status).toBe(400)
    expect(badControl.json.error).toMatch(/"region" must be a region name such as us-west-2/)
    const badSeed = await postJson(emulator, '/_emulator/seed', {
      cloudwatch: { groups: [{ name: '/x', region: 'west' }] },
    })
    expect(badSeed.status).toBe(400)
    expect(badSeed.json.error).toContain('cloudwatch.groups[0].region')
  })
})

import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Octokit } from '@octokit/rest'
import { ManualClock } from './clock.js'
import { type Emulator, startEmulator } from './server.js'
import { logsClient, postJson } from './test-support/clients.js'

describe('control routes', () => {
  let emulator: Emulator
  const clock = new ManualClock(Date.UTC(2025, 5, 1, 12))
  beforeAll(async () => {
    emulator = await startEmulator({ clock })
  })
  afterAll(() => emulator.close())

  it('puts CloudWatch events, creating the group and stream, with stable 56-digit ids', async () => {
    const { status, json } = await postJson(emulator, '/_emulator/cloudwatch/events', {
      logGroup: '/ctl/group',
      logStream: 's1',
      events: [{ timestamp: clock.now() - 1000, message: 'first' }, { message: 'second' }],
    })
    expect(status).toBe(200)
    expect(json.eventIds).toHaveLength(2)
    for (const id of json.eventIds) expect(id).toMatch(/^\d{56}$/)
    const page = await logsClient(emulator).send(new FilterLogEventsCommand({ logGroupName: '/ctl/group' }))
    expect(page.events!.map((e) => [e.message, e.timestamp, e.eventId])).toEqual([
      ['first', clock.now() - 1000, json.eventIds[0]],
      ['second', clock.now(), json.eventIds[1]],
    ])
  })

  it('dates a group and its stream back to their oldest event, so they never hold what the service could not', async () => {
    const day = 86_400_000
    const put = (events: Array<{ timestamp?: number; message: string }>) =>
      postJson(emulator, '/_emulator/cloudwatch/events', { logGroup: '/ctl/old', logStream: 's', events })
    expect((await put([{ timestamp: clock.now() - 90 * day, message: 'a quarter ago' }])).status).toBe(200)
    const described = async () => {
      const { DescribeLogGroupsCommand, DescribeLogStreamsCommand } = await import(
        '@aws-sdk/client-cloudwatch-logs'
      )
      const client = logsClient(emulator)
      const groups = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ctl/old' }))
      const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/ctl/old' }))
      return [groups.logGroups?.[0]?.creationTime, streams.logStreams?.[0]?.creationTime]
    }
    expect(await described()).toEqual([clock.now() - 90 * day, clock.now() - 90 * day])
    // An older event later dates the existing group back further; a newer one leaves it.
    await put([{ timestamp: clock.now() - 200 * day, message: 'older still' }, { message: 'now' }])
    expect(await described()).toEqual([clock.now() - 200 * day, clock.now() - 200 * day])
  })

  it('cuts answers short with the malformed fault: a 200 of the right type whose JSON the SDK cannot read', async () => {
    expect(
      (await postJson(emulator, '/_emulator/faults', { malformed: 1, operations: ['FilterLogEvents'] }))
        .status,
    ).toBe(200)
    try {
      const failure = logsClient(emulator).send(new FilterLogEventsCommand({ logGroupName: '/ctl/group' }))
      await expect(failure).rejects.toMatchObject({ name: 'SyntaxError', $metadata: { httpStatusCode: 200 } })
      const stats = (await (await fetch(`${emulator.endpoint}/_emulator/stats`)).json()) as {
        faults: Record<string, number>
      }
      expect(stats.faults.malformed).toBeGreaterThan(0)
    } finally {
      await postJson(emulator, '/_emulator/faults', {})
    }
    await expect(
      logsClient(emulator).send(new FilterLogEventsCommand({ logGroupName: '/ctl/group' })),
    ).resolves.toMatchObject({ events: expect.any(Array) })
  })

  it('rejects bad bodies with a 400 that says what to fix', async () => {
    const noGroup = await postJson(emulator, '/_emulator/cloudwatch/events', { logStream: 's', events: [] })
    expect(noGroup.status).toBe(400)
    expect(noGroup.json.error).toMatch(/logGroup/)
    const badFault = await postJson(emulator, '/_emulator/faults', { throttle: 2 })
    expect(badFault.status).toBe(400)
    expect(badFault.json.error).toMatch(/between 0 and 1/)
    const unknownFault = await postJson(emulator, '/_emulator/faults', { slow: 1 })
    expect(unknownFault.json.error).toMatch(/Unknown fault "slow"/)
    const notFound = await postJson(emulator, '/_emulator/nothing', {})
    expect(notFound.status).toBe(404)
  })

  it('puts CloudTrail events through CloudTrailService and answers LookupEvents on both target forms', async () => {
    const put = await postJson(emulator, '/_emulator/cloudtrail/events', {
      events: [
        {
          EventName: 'DeleteBucket',
          EventSource: 's3.amazonaws.com',
          Username: 'alice',
          EventTime: clock.now() - 60_000,
        },
      ],
    })
    expect(put.status).toBe(200)
    const client = new CloudTrailClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIACLOUDTRAILTEST01', secretAccessKey: 'x' },
    })
    const out = await client.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }] }),
    )
    expect(out.Events!.map((e) => e.EventName)).toEqual(['DeleteBucket'])
    const short = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'CloudTrail_20131101.LookupEvents',
      },
      body: JSON.stringify({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DeleteBucket' }],
      }),
    })
    expect(((await short.json()) as any).Events).toHaveLength(1)
    expect(emulator.stats.snapshot().recent.some((c) => c.accessKeyId === 'AKIACLOUDTRAILTEST01')).toBe(true)
  })

  it('seeds from a YAML body with relative times, and resets everything', async () => {
    const yaml = [
      'cloudwatch:',
      '  groups:',
      '    - name: /seeded/yaml',
      '      streams:',
      '        - name: main',
      '          events:',
      '            - { timestamp: "-15m", message: "fifteen minutes ago" }',
      '            - { timestamp: "-1h30m", message: { level: WARN, msg: structured } }',
    ].join('\n')
    const res = await fetch(`${emulator.endpoint}/_emulator/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: yaml,
    })
    expect(await res.json()).toEqual({
      logGroups: 1,
      logEvents: 2,
      cloudTrailEvents: 0,
      githubRepos: 0,
      gcpLogEntries: 0,
    })
    const stream = emulator.cloudwatch.getGroup('/seeded/yaml')!.streams.get('main')!
    expect(emulator.cloudwatch.eventsOf(stream).map((e) => [e.timestamp, e.message])).toEqual([
      [clock.now() - 90 * 60_000, '{"level":"WARN","msg":"structured"}'],
      [clock.now() - 15 * 60_000, 'fifteen minutes ago'],
    ])
    const bad = await postJson(emulator, '/_emulator/seed', {
      cloudwatch: {
        groups: [
          { name: '/x', streams: [{ name: 's', events: [{ timestamp: 'yesterday-ish', message: 'm' }] }] },
        ],
      },
    })
    expect(bad.status).toBe(400)
    expect(bad.json.error).toContain('cloudwatch.groups[0].streams[0].events[0].timestamp')

    expect((await postJson(emulator, '/_emulator/reset', {})).json).toEqual({ ok: true })
    expect(emulator.cloudwatch.listGroups()).toEqual([])
    expect(emulator.cloudtrail.size).toBe(0)
    expect(emulator.stats.snapshot().calls).toEqual({})
  })
})

describe('seeds', () => {
  it('loads a seed file (JSON) at start, and explains a broken one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-seed-'))
    const good = join(dir, 'seed.json')
    await writeFile(
      good,
      JSON.stringify({
        cloudwatch: { groups: [{ name: '/file/group', streams: [{ name: 'a', events: ['plain line'] }] }] },
      }),
    )
    const emulator = await startEmulator({ seed: good })
    try {
      expect(emulator.cloudwatch.countEvents()).toBe(1)
    } finally {
      await emulator.close()
    }
    const broken = join(dir, 'broken.yaml')
    await writeFile(broken, 'cloudwatch: [unclosed')
    await expect(startEmulator({ seed: broken })).rejects.toThrow(/broken\.yaml.*not valid YAML/)
    await expect(startEmulator({ seed: join(dir, 'missing.json') })).rejects.toThrow(/cannot be read/)
  })

  it('the demo seed has Lambda, API Gateway, ECS, CloudTrail and GitHub data ending near now', async () => {
    const clock = new ManualClock(Date.UTC(2025, 5, 1, 12))
    const emulator = await startEmulator({ clock, seed: 'demo' })
    try {
      const groups = emulator.cloudwatch.listGroups().map((g) => g.name)
      expect(groups).toEqual([
        '/aws/apigateway/acme-dev-api/access',
        '/aws/lambda/acme-dev-api',
        '/aws/lambda/acme-dev-events',
        '/ecs/acme-dev/worker',
      ])
      const messages = [
        ...emulator.cloudwatch.getGroup('/aws/lambda/acme-dev-api')!.streams.values(),
      ].flatMap((s) => emulator.cloudwatch.eventsOf(s).map((e) => e))
      for (const prefix of ['START RequestId:', 'END RequestId:', 'REPORT RequestId:']) {
        expect(messages.some((e) => e.message.startsWith(prefix))).toBe(true)
      }
      const levels = new Set(
        messages.filter((e) => e.message.startsWith('{')).map((e) => JSON.parse(e.message).level),
      )
      expect(levels).toEqual(new Set(['DEBUG', 'INFO', 'WARN', 'ERROR']))
      expect(
        messages.some((e) => e.timestamp > clock.now() - 15 * 60_000 && e.timestamp <= clock.now()),
      ).toBe(true)
      expect(emulator.cloudtrail.size).toBeGreaterThan(0)

      const octokit = new Octokit({ baseUrl: emulator.github, auth: emulator.env.GITHUB_TOKEN })
      const runs = await octokit.rest.actions.listWorkflowRuns({
        owner: 'acme',
        repo: 'infrastructure',
        workflow_id: 'deploy.yml',
      })
      expect(runs.data.workflow_runs.some((r) => r.conclusion === 'failure')).toBe(true)
    } finally {
      await emulator.close()
    }
  })
})

import { runCli } from '../helpers/cli.js'
import {
  ascending,
  lookupCalls,
  parseTrailLines,
  putTrail,
  type TrailPut,
  trailProject,
} from '../helpers/cloudtrail.js'
import { useCloudWatchHarness } from '../helpers/cloudwatch.js'

/**
 * `atmos logs view` of aws/cloudtrail sources, end to end: the built CLI against the emulator's
 * CloudTrail (2 lookups a second per key and region, 50 a page, newest first). The ground truth is
 * put through the control route; every event must come out exactly once, oldest first.
 */
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1']
const NOW = Date.now()
const BASE = NOW - 3 * 3_600_000
const WINDOW = ['--since', '4h']
const USERS = ['alice', 'bob', 'carol', 'GitHubActions']
const NAMES = ['DeleteBucket', 'PutBucketPolicy', 'GetBucketAcl', 'UpdateFunctionCode20150331v2']

const h = useCloudWatchHarness({}, { resetBeforeEach: true })

/** `count` events at distinct seconds from BASE on, over the regions, users and names in turn. */
function events(count: number, regions = REGIONS): TrailPut[] {
  return Array.from({ length: count }, (_, i) => ({
    EventName: NAMES[i % NAMES.length]!,
    EventSource: i % 4 === 3 ? 'lambda.amazonaws.com' : 's3.amazonaws.com',
    EventTime: BASE + i * 3600,
    Username: USERS[Math.floor(i / 4) % USERS.length],
    awsRegion: regions[i % regions.length],
    ...(i % 9 === 0 ? { errorCode: i % 18 === 0 ? 'AccessDenied' : 'NoSuchBucket' } : {}),
  }))
}

async function view(project: string, args: string[] = []) {
  return runCli(['logs', 'view', '--source', 'audit', '--format', 'json', ...WINDOW, ...args], {
    env: h.env(),
    cwd: project,
    timeoutMs: 180_000,
  })
}

describe('atmos logs view (aws/cloudtrail)', () => {
  it('prints 2,000 events of 3 regions exactly once and ascending', async () => {
    const truth = await putTrail(h, events(2000))
    const project = await trailProject({ audit: { regions: REGIONS } })
    const res = await view(project)
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const printed = parseTrailLines(res.stdout)
    expect(printed.map((l) => l.id)).toStrictEqual(ascending(truth).map((e) => e.id))
    expect(printed.map((l) => Date.parse(l.timestamp))).toStrictEqual(
      ascending(truth).map((e) => e.EventTime),
    )
    // each line carries its record: region, requestID, parsed JSON
    expect(printed[0]!.metadata.awsRegion).toBe(REGIONS[0])
    expect(printed[0]!.requestId).toBe(printed[0]!.metadata.requestID)
  }, 180_000)

  it('prints them exactly once and ascending when 30% of the lookups are throttled', async () => {
    // Seven pages a region: the seeded faults throttle ten lookups in mid-pagination, without the
    // minute that 2,000 events take at the rate the throttling leaves the client.
    const truth = await putTrail(h, events(1000))
    await h.faults({ throttle: 0.3, operations: ['LookupEvents'] })
    const project = await trailProject({ audit: { regions: REGIONS } })
    const res = await view(project)
    expect(res.code).toBe(0)
    expect(parseTrailLines(res.stdout).map((l) => l.id)).toStrictEqual(ascending(truth).map((e) => e.id))
    expect((await h.stats()).throttled.LookupEvents).toBeGreaterThan(5)
  }, 180_000)

  it('sends one lookup attribute, checks the rest on each event, and says so with --debug', async () => {
    const truth = await putTrail(h, events(400, ['us-east-1']))
    const project = await trailProject({
      audit: { region: 'us-east-1', event_source: 's3.amazonaws.com', username: 'alice' },
    })
    const res = await view(project, [
      '--filter',
      'EventName=DeleteBucket EventName=PutBucketPolicy',
      '--debug',
    ])
    expect(res.code).toBe(0)
    const expected = truth.filter(
      (e) =>
        e.EventSource === 's3.amazonaws.com' &&
        e.Username === 'alice' &&
        ['DeleteBucket', 'PutBucketPolicy'].includes(e.EventName),
    )
    expect(expected.length).toBeGreaterThan(20)
    expect(parseTrailLines(res.stdout).map((l) => l.id)).toStrictEqual(ascending(expected).map((e) => e.id))
    const calls = lookupCalls(await h.stats())
    expect(calls.length).toBeGreaterThan(0)
    for (const params of calls) {
      expect(params.LookupAttributes).toStrictEqual([{ AttributeKey: 'Username', AttributeValue: 'alice' }])
    }
    expect(res.stderr).toContain(
      'LookupEvents sends Username=alice (spec.username) as its lookup attribute; checked on each event: EventSource=s3.amazonaws.com (spec.event_source), EventName=DeleteBucket|PutBucketPolicy (--filter/--query).',
    )
  }, 120_000)

  it('errors_only prints the events with an errorCode, AccessDenied as WARN and the rest as ERROR', async () => {
    const truth = await putTrail(h, events(300, ['us-east-1']))
    const project = await trailProject({ audit: { region: 'us-east-1', errors_only: true } })
    const res = await view(project)
    expect(res.code).toBe(0)
    const printed = parseTrailLines(res.stdout)
    const failed = ascending(truth.filter((e) => e.errorCode))
    expect(printed.map((l) => l.id)).toStrictEqual(failed.map((e) => e.id))
    expect(printed.map((l) => l.level)).toStrictEqual(
      failed.map((e) => (e.errorCode === 'AccessDenied' ? 'WARN' : 'ERROR')),
    )
    expect(printed[0]!.message).toMatch(
      /^alice DeleteBucket on s3\.amazonaws\.com from \S+ via aws-cli\/[\d.]+ — AccessDenied: Access Denied$/,
    )
  }, 120_000)

  it('holds --limit over all regions: the oldest N of the merged timeline', async () => {
    const truth = await putTrail(h, events(300))
    const project = await trailProject({ audit: { regions: REGIONS } })
    const res = await view(project, ['--limit', '25'])
    expect(res.code).toBe(0)
    expect(parseTrailLines(res.stdout).map((l) => l.id)).toStrictEqual(
      ascending(truth)
        .slice(0, 25)
        .map((e) => e.id),
    )
  }, 120_000)
})

describe('atmos logs view (aws/cloudtrail): what AWS refuses', () => {
  it('a denied lookup names the action, the region once and the identity, exit 1', async () => {
    await h.faults({ accessDenied: 1, operations: ['LookupEvents'] })
    const project = await trailProject({ audit: { region: 'us-west-2' } })
    const res = await runCli(['logs', 'view', '--source', 'audit'], { env: h.env(), cwd: project })
    expect(res.code).toBe(1)
    expect(res.stdout).toBe('')
    // it said 'denied cloudtrail:LookupEvents on region us-west-2 in region us-west-2'
    expect(res.stderr).toContain(
      'The aws/cloudtrail source "audit" was denied cloudtrail:LookupEvents in region us-west-2 for ',
    )
    expect(res.stderr.match(/us-west-2/g)).toHaveLength(1)
    expect(res.stderr).toContain('Grant cloudtrail:LookupEvents to ')
    expect(res.stderr).not.toMatch(/^\s+at /m)
  })
})

describe('atmos logs view (aws/cloudtrail): what it refuses, with exit 2', () => {
  it('a --since more than 90 days back, naming --since and the 90 days', async () => {
    const project = await trailProject({ audit: { region: 'us-east-1' } })
    const res = await runCli(['logs', 'view', '--source', 'audit', '--since', '91d'], {
      env: h.env(),
      cwd: project,
    })
    expect(res.code).toBe(2)
    expect(res.stdout).toBe('')
    expect(res.stderr).toMatch(
      /--since \(.*\) is more than 90 days ago: CloudTrail LookupEvents keeps the last 90 days only/,
    )
    expect(res.stderr).toMatch(/Hint: Give --since 90d or less/)
    expect(res.stderr).not.toMatch(/^\s+at /m)
  })

  it('an unknown --filter attribute, listing the valid ones', async () => {
    const project = await trailProject({ audit: { region: 'us-east-1' } })
    const res = await runCli(['logs', 'view', '--source', 'audit', '--filter', 'Region=us-east-1'], {
      env: h.env(),
      cwd: project,
    })
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/names the attribute "Region", which aws\/cloudtrail sources do not know/)
    expect(res.stderr).toContain(
      'EventId, ResourceName, AccessKeyId, Username, EventName, ResourceType, EventSource, ReadOnly',
    )
  })

  it.each([
    [{ read_only: 'sometimes' }, 'read_only'],
    [{ regions: ['us-east-1', 'atlantis'] }, 'regions[1]'],
    [{ poll_interval: 'often' }, 'poll_interval'],
    [{ event_source: 's3' }, 'event_source'],
    [{ evnt_name: 'DeleteBucket' }, 'evnt_name'],
  ])('a bad spec value %j, naming spec.%s', async (spec, field) => {
    const project = await trailProject({ audit: spec })
    const res = await runCli(['logs', 'view', '--source', 'audit'], { env: h.env(), cwd: project })
    expect(res.code).toBe(2)
    expect(res.stderr).toContain(`aws/cloudtrail source "audit" has an invalid spec.${field}:`)
    expect(res.stderr).not.toMatch(/^\s+at /m)
    expect(lookupCalls(await h.stats())).toHaveLength(0)
  })
})

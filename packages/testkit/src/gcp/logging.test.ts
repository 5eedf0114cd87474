import { ManualClock } from '../clock.js'
import { type Emulator, startEmulator } from '../server.js'
import { parseQuery, QueryError } from './query.js'

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0)
const LOG = (id: string, project = 'p1') => `projects/${project}/logs/${encodeURIComponent(id)}`
const AUTH = { authorization: 'Bearer ya29.test-token', 'content-type': 'application/json' }

describe('Cloud Logging emulator', () => {
  let emulator: Emulator
  let clock: ManualClock

  const call = async (path: string, body?: unknown, headers: Record<string, string> = AUTH) => {
    const res = await fetch(`${emulator.endpoint}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, json: (await res.json()) as Record<string, any> }
  }
  const list = (body: Record<string, unknown>) =>
    call('/v2/entries:list', { resourceNames: ['projects/p1'], ...body })
  const ids = (json: Record<string, any>) => (json.entries ?? []).map((e: { insertId: string }) => e.insertId)

  beforeAll(async () => {
    clock = new ManualClock(NOW)
    emulator = await startEmulator({ clock })
  })
  afterAll(() => emulator.close())
  beforeEach(async () => {
    emulator.reset()
    clock.advance(120_000) // a fresh quota minute for every test
    const at = (s: number) => new Date(NOW - 3_600_000 + s * 1000).toISOString()
    const run = {
      type: 'cloud_run_revision',
      labels: { service_name: 'web', location: 'europe-west1', project_id: 'p1' },
    }
    const written = await call('/v2/entries:write', {
      entries: [
        {
          insertId: 'a',
          logName: LOG('run.googleapis.com/stdout'),
          timestamp: at(1),
          severity: 'DEBUG',
          resource: run,
          textPayload: 'Starting server',
        },
        {
          insertId: 'b',
          logName: LOG('run.googleapis.com/stdout'),
          timestamp: at(2),
          severity: 'INFO',
          resource: run,
          jsonPayload: { message: 'handled GET /api', durationMs: 12 },
          labels: { instanceId: 'i-1' },
        },
        {
          insertId: 'c',
          logName: LOG('run.googleapis.com/stderr'),
          timestamp: at(3),
          severity: 'ERROR',
          resource: run,
          textPayload: 'Payment DECLINED for ord-1042',
          trace: 'projects/p1/traces/abc',
        },
        {
          insertId: 'd',
          logName: LOG('run.googleapis.com/requests'),
          timestamp: at(4),
          severity: 'WARNING',
          resource: run,
          httpRequest: { status: 429, requestMethod: 'GET' },
        },
        {
          insertId: 'e',
          logName: LOG('syslog'),
          timestamp: at(5),
          severity: 'NOTICE',
          resource: { type: 'gce_instance', labels: { zone: 'us-central1-a' } },
          textPayload: 'kernel: eth0 up',
        },
        {
          insertId: 'x',
          logName: LOG('run.googleapis.com/stdout', 'p2'),
          timestamp: at(2),
          resource: run,
          textPayload: 'other project',
        },
      ],
    })
    expect(written).toEqual({ status: 200, json: {} })
  })

  it('lists ascending by default and descending on request, per project, with equal timestamps by insertId', async () => {
    expect(ids((await list({})).json)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(ids((await list({ orderBy: 'timestamp desc' })).json)).toEqual(['e', 'd', 'c', 'b', 'a'])
    expect(ids((await list({ resourceNames: ['projects/p1', 'projects/p2'] })).json)).toEqual([
      'a',
      'b',
      'x',
      'c',
      'd',
      'e',
    ])
    const entry = (await list({ filter: 'insertId="b"' })).json.entries[0]
    expect(entry).toMatchObject({
      logName: LOG('run.googleapis.com/stdout'),
      severity: 'INFO',
      jsonPayload: { message: 'handled GET /api' },
    })
    expect(typeof entry.receiveTimestamp).toBe('string')
  })

  it('pages with nextPageToken: every entry once, in order, a full last page followed by an empty one', async () => {
    const seen: string[] = []
    let pageToken: string | undefined
    let pages = 0
    do {
      const { status, json } = await list({ pageSize: 2, ...(pageToken ? { pageToken } : {}) })
      expect(status).toBe(200)
      seen.push(...ids(json))
      pageToken = json.nextPageToken
      pages++
    } while (pageToken)
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(pages).toBe(3)
    // a page token continues right after the last entry of its page
    const first = await list({ pageSize: 4 })
    expect(
      (await list({ pageSize: 4, pageToken: first.json.nextPageToken })).json.entries.map(
        (e: any) => e.insertId,
      ),
    ).toEqual(['e'])
    const empty = await list({ pageSize: 5 })
    expect(await list({ pageSize: 5, pageToken: empty.json.nextPageToken })).toEqual({
      status: 200,
      json: {},
    })
  })

  it('refuses a page token used with another filter, and page sizes beyond 1000', async () => {
    const first = await list({ pageSize: 1 })
    const other = await list({ pageSize: 1, filter: 'severity>=INFO', pageToken: first.json.nextPageToken })
    expect(other.status).toBe(400)
    expect(other.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
    expect((await list({ pageSize: 1001 })).json.error.status).toBe('INVALID_ARGUMENT')
    expect((await list({ pageSize: 1000 })).status).toBe(200)
    expect((await list({ orderBy: 'severity asc' })).status).toBe(400)
    expect((await call('/v2/entries:list', {})).json.error.message).toMatch(/resourceNames/)
  })

  it.each([
    ['severity>=WARNING', ['c', 'd']],
    ['severity>=warning', ['c', 'd']],
    ['severity=NOTICE', ['e']],
    ['severity<INFO', ['a']],
    ['resource.type="cloud_run_revision" AND resource.labels.service_name="web"', ['a', 'b', 'c', 'd']],
    ['resource.type=("gce_instance" OR "nothing")', ['e']],
    ['resource.type = cloud_run_revision severity >= ERROR', ['c']],
    ['textPayload:"declined"', ['c']],
    ['textPayload:*', ['a', 'c', 'e']],
    ['jsonPayload.message:"GET"', ['b']],
    ['jsonPayload.durationMs>10', ['b']],
    ['jsonPayload.durationMs<10', []],
    ['labels.instanceId="i-1"', ['b']],
    ['httpRequest.status>=400', ['d']],
    ['textPayload=~"^Pay.*ord-\\d+"', ['c']],
    ['textPayload=~"declined"', []],
    ['textPayload=~"(?i)declined"', ['c']],
    ['textPayload!~"Start"', ['b', 'c', 'd', 'e']],
    ['NOT severity=ERROR', ['a', 'b', 'd', 'e']],
    ['-severity=ERROR severity>=INFO', ['b', 'd', 'e']],
    ['severity!=ERROR', ['a', 'b', 'd', 'e']],
    // OR binds tighter than AND: (a OR b) AND c
    ['severity=DEBUG OR severity=ERROR AND textPayload:declined', ['c']],
    ['(severity=DEBUG OR severity=ERROR) AND NOT textPayload:declined', ['a']],
    ['declined', ['c']],
    ['"eth0 up"', ['e']],
    ['ord-1042', ['c']],
    ['log_id("run.googleapis.com/stderr")', ['c']],
    [`logName="${LOG('syslog')}"`, ['e']],
    ['trace:"abc"', ['c']],
    [
      `timestamp>="${new Date(NOW - 3_600_000 + 3000).toISOString()}" timestamp<"${new Date(NOW - 3_600_000 + 5000).toISOString()}"`,
      ['c', 'd'],
    ],
  ])('filter %s', async (filter, expected) => {
    const { status, json } = await list({ filter })
    expect(status).toBe(200)
    expect(ids(json)).toEqual(expected)
  })

  it.each([
    ['severity>=', /value was expected/],
    ['(severity=ERROR', /missing '\)'/],
    ['severity=ERROR)', /unexpected '\)'/],
    ['timestamp>="yesterday"', /RFC 3339/],
    ['severity>=LOUD', /not a severity/],
    ['textPayload=~"("', /regular expression/],
    ['sample(insertId, 0.1)', /unknown function/],
    ['"unterminated', /unterminated/],
  ])('answers the bad filter %s with 400 INVALID_ARGUMENT', async (filter, message) => {
    const { status, json } = await list({ filter })
    expect(status).toBe(400)
    expect(json).toEqual({
      error: { code: 400, message: expect.stringMatching(message), status: 'INVALID_ARGUMENT' },
    })
  })

  it('limits a filter to 20,000 characters', () => {
    expect(() => parseQuery(`"${'x'.repeat(20_000)}"`)).toThrow(QueryError)
  })

  it('answers 401 UNAUTHENTICATED without a bearer token', async () => {
    const { status, json } = await call(
      '/v2/entries:list',
      { resourceNames: ['projects/p1'] },
      { 'content-type': 'application/json' },
    )
    expect(status).toBe(401)
    expect(json.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' })
    await emulator.logging.seed({ tokens: ['ya29.good'], entries: [] })
    expect((await list({})).json.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' })
    expect(
      (
        await call(
          '/v2/entries:list',
          { resourceNames: ['projects/p1'] },
          { ...AUTH, authorization: 'Bearer ya29.good' },
        )
      ).status,
    ).toBe(200)
  })

  it('enforces 60 entries.list requests a minute per project as 429 RESOURCE_EXHAUSTED', async () => {
    for (let i = 0; i < 60; i++) expect((await list({ pageSize: 1 })).status).toBe(200)
    const refused = await list({ pageSize: 1 })
    expect(refused.status).toBe(429)
    expect(refused.json.error).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      details: [
        expect.objectContaining({
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'RATE_LIMIT_EXCEEDED',
        }),
      ],
    })
    // another project has its own quota; a second later one more request fits
    expect((await list({ resourceNames: ['projects/p2'] })).status).toBe(200)
    clock.advance(1000)
    expect((await list({ pageSize: 1 })).status).toBe(200)
    expect(emulator.stats.snapshot().throttled.ListLogEntries).toBe(1)
  })

  it('goes through the shared fault injector and stats recorder', async () => {
    emulator.faults.set({ throttle: 1, operations: ['ListLogEntries'] })
    const throttled = await list({})
    expect(throttled.status).toBe(429)
    expect(throttled.json.error.status).toBe('RESOURCE_EXHAUSTED')
    emulator.faults.set({ accessDenied: 1 })
    expect((await list({})).json.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' })
    emulator.faults.set({ error5xx: 1 })
    expect((await list({})).json.error).toMatchObject({ code: 503, status: 'UNAVAILABLE' })
    emulator.faults.clear()
    const stats = emulator.stats.snapshot()
    expect(stats.calls.ListLogEntries).toBe(3)
    expect(stats.recent.at(-1)).toMatchObject({
      operation: 'ListLogEntries',
      service: 'logging',
      params: { resourceNames: ['projects/p1'] },
    })
  })

  it('entries:write fills in defaults and refuses what Logging refuses', async () => {
    await call('/v2/entries:write', {
      logName: LOG('app'),
      resource: { type: 'global', labels: {} },
      labels: { env: 'dev' },
      entries: [{ textPayload: 'defaults' }],
    })
    const [entry] = (await list({ filter: 'log_id("app")' })).json.entries
    expect(entry).toMatchObject({
      textPayload: 'defaults',
      labels: { env: 'dev' },
      resource: { type: 'global' },
      timestamp: new Date(clock.now()).toISOString(),
    })
    expect(entry.insertId).toEqual(expect.any(String))
    const bad = async (e: Record<string, unknown>) =>
      (await call('/v2/entries:write', { entries: [e] })).json.error?.status
    expect(await bad({ logName: 'nope', textPayload: 'x' })).toBe('INVALID_ARGUMENT')
    expect(await bad({ logName: LOG('app'), textPayload: 'x', jsonPayload: {} })).toBe('INVALID_ARGUMENT')
    expect(await bad({ logName: LOG('app'), timestamp: '2020-01-01T00:00:00Z', textPayload: 'old' })).toBe(
      'INVALID_ARGUMENT',
    )
  })

  it('lists log names of a project (logs.list)', async () => {
    const { json } = await call('/v2/projects/p1/logs')
    expect(json.logNames).toEqual(
      [
        LOG('run.googleapis.com/requests'),
        LOG('run.googleapis.com/stderr'),
        LOG('run.googleapis.com/stdout'),
        LOG('syslog'),
      ].sort(),
    )
  })

  it('reads an organization or folder through the projects under it', async () => {
    await emulator.logging.seed({ parents: { p2: ['folders/7', 'organizations/9'] }, entries: [] })
    expect(ids((await list({ resourceNames: ['organizations/9'] })).json)).toEqual(['x'])
  })

  it('answers a project that does not exist as Google does: 403 PERMISSION_DENIED, never 404', async () => {
    const denied = {
      code: 403,
      status: 'PERMISSION_DENIED',
      message: "Permission 'logging.logEntries.list' denied on resource (or it may not exist).",
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'IAM_PERMISSION_DENIED',
          domain: 'iam.googleapis.com',
          metadata: { permission: 'logging.logEntries.list' },
        },
      ],
    }
    for (const resourceNames of [
      ['projects/nope-123'],
      ['projects/p1', 'projects/nope-123'],
      ['folders/404'],
    ]) {
      const { status, json } = await list({ resourceNames })
      expect({ resourceNames, status, error: json.error }).toEqual({
        resourceNames,
        status: 403,
        error: denied,
      })
    }
    const logs = await call('/v2/projects/nope-123/logs')
    expect([logs.status, logs.json.error.message]).toEqual([
      403,
      "Permission 'logging.logs.list' denied on resource (or it may not exist).",
    ])
    // A project the seed names exists with no entries yet: read, and empty.
    await emulator.logging.seed({ projects: ['empty-123'], entries: [] })
    expect(await list({ resourceNames: ['projects/empty-123'] })).toEqual({ status: 200, json: {} })
  })

  it('seeds a Cloud Run service with the demo data', async () => {
    emulator.reset()
    const summary = await emulator.seed('demo')
    expect(summary.gcpLogEntries).toBeGreaterThan(100)
    const { json } = await list({
      resourceNames: ['projects/acme-dev'],
      filter:
        'resource.type="cloud_run_revision" resource.labels.service_name="acme-dev-web" severity>=ERROR',
      pageSize: 1000,
    })
    expect(json.entries.length).toBeGreaterThan(2)
  })
})

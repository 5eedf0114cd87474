import type { ProviderContext } from '@atmos-logs/core/contract'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { EMULATOR_TOKEN, resolveEndpoint } from './client.js'
import { toLogEntry } from './entry.js'
import { buildFilter } from './filter.js'
import { GcpLoggingProvider } from './provider.js'
import { parseSpec } from './spec.js'
import { collect, failure, writeEntries } from './testdata/helpers.js'

const logger = { debug() {}, info() {}, warn() {}, error() {} }
const ctx = (spec: Record<string, unknown>, extra: Partial<ProviderContext> = {}): ProviderContext => ({
  name: 'web',
  spec,
  logger,
  ...extra,
})

describe('spec', () => {
  it('builds resourceNames from project(s), folder and organization', () => {
    expect(
      parseSpec({ projects: ['acme-dev', 'acme-prd'], folder: '12', organization: '34' }, 's').resourceNames,
    ).toEqual(['projects/acme-dev', 'projects/acme-prd', 'folders/12', 'organizations/34'])
  })
  it.each([
    [{}, /needs project/],
    [{ project: 'Acme' }, /spec\.project/],
    [{ project: 'acme-dev', projects: ['acme-dev'] }, /either project or projects/],
    [{ project: 'acme-dev', severity: 'LOUD' }, /spec\.severity/],
    [{ project: 'acme-dev', labels: ['a'] }, /spec\.labels/],
    [{ project: 'acme-dev', page_size: 1001 }, /spec\.page_size/],
    [{ project: 'acme-dev', endpoint: 'ftp://x' }, /spec\.endpoint/],
    [{ project: 'acme-dev', poll_interval: '10s', late_window: '5s' }, /late_window/],
    [{ project: 'acme-dev', region: 'x' }, /unknown field/],
    [{ project: 'acme-dev', buffer_window: 'soon' }, /spec\.buffer_window: expected a duration/],
    [{ project: 'acme-dev', buffer_window: '2m' }, /spec\.buffer_window: .* longer than the 1m/],
  ])('refuses %j with exit 2', (spec, message) => {
    let err: (Error & { exitCode?: number }) | undefined
    try {
      parseSpec(spec, 's')
    } catch (e) {
      err = e as Error & { exitCode?: number }
    }
    expect(err?.message).toMatch(message)
    expect(err?.exitCode).toBe(2)
  })
})

describe('the query sent', () => {
  const spec = parseSpec(
    {
      project: 'acme-dev',
      log: 'run.googleapis.com%2Fstderr',
      resource_type: ['cloud_run_revision', 'cloud_function'],
      labels: { service_name: 'web' },
      severity: 'warning',
      filter: 'textPayload:a OR textPayload:b',
    },
    's',
  )
  it('joins spec, --filter and the time range with AND, each raw part in parentheses (OR binds tighter)', () => {
    expect(
      buildFilter(spec, {
        filter: 'jsonPayload.x=1 OR jsonPayload.y=2',
        since: new Date('2026-11-27T10:00:00Z'),
        until: new Date('2026-11-27T11:00:00Z'),
      }),
    ).toBe(
      'log_id("run.googleapis.com/stderr") AND resource.type=("cloud_run_revision" OR "cloud_function") AND ' +
        '(resource.labels.service_name="web" OR labels.service_name="web") AND severity>=WARNING AND ' +
        '(textPayload:a OR textPayload:b) AND (jsonPayload.x=1 OR jsonPayload.y=2) AND ' +
        'timestamp>="2026-11-27T10:00:00.000Z" AND timestamp<"2026-11-27T11:00:00.001Z"',
    )
  })
})

describe('entries', () => {
  it('maps severity, payloads, requestId and metadata', () => {
    const base = { insertId: 'i1', timestamp: '2026-11-27T10:00:00.123456789Z', logName: 'projects/p/logs/x' }
    expect(
      toLogEntry({ ...base, severity: 'NOTICE', textPayload: 'hi', trace: 'projects/p/traces/abc' }),
    ).toMatchObject({
      id: 'i1',
      timestamp: new Date('2026-11-27T10:00:00.123Z'),
      level: 'INFO',
      message: 'hi',
      requestId: 'abc',
    })
    const json = toLogEntry({ ...base, severity: 'CRITICAL', jsonPayload: { message: 'boom', orderId: 7 } })
    expect(json).toMatchObject({ level: 'ERROR', message: 'boom', metadata: { jsonPayload: { orderId: 7 } } })
    expect(toLogEntry({ ...base, jsonPayload: { a: 1 } })).toMatchObject({
      level: 'DEBUG',
      message: '{"a":1}',
    })
    expect(
      toLogEntry({
        ...base,
        severity: 'WARNING',
        protoPayload: {
          methodName: 'SetIamPolicy',
          authenticationInfo: { principalEmail: 'a@b.c' },
          resourceName: 'projects/p',
        },
      }),
    ).toMatchObject({ level: 'WARN', message: 'SetIamPolicy by a@b.c on projects/p' })
    expect(
      toLogEntry({
        ...base,
        labels: { execution_id: 'e1' },
        httpRequest: { requestMethod: 'GET', status: 200, requestUrl: '/x' },
      }),
    ).toMatchObject({ message: 'GET 200 /x', requestId: 'e1' })
  })
})

describe('endpoint and credentials', () => {
  it('takes spec.endpoint, then CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING, then Google', () => {
    const env = { CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: 'http://127.0.0.1:9/' }
    expect(resolveEndpoint(undefined, env, 's')).toEqual({
      url: 'http://127.0.0.1:9/',
      setBy: 'the CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING environment variable',
      emulator: true,
    })
    expect(resolveEndpoint('https://logging.example.test/v2/', env, 's')).toMatchObject({
      url: 'https://logging.example.test/',
      emulator: false,
    })
    expect(resolveEndpoint(undefined, {}, 's')).toMatchObject({
      url: 'https://logging.googleapis.com/',
      emulator: false,
    })
  })
  it('refuses to send Google credentials over plain http to another host (exit 2)', () => {
    const p = new GcpLoggingProvider(ctx({ project: 'acme-dev', endpoint: 'http://logs.example.test' }), {
      env: {},
    })
    expect(() => p.validate()).toThrow(/plain HTTP/)
  })
  it('refuses an identity that gives AWS credentials', () => {
    const p = new GcpLoggingProvider(
      ctx(
        { project: 'acme-dev' },
        { credentials: { type: 'aws', accessKeyId: 'AKIA', secretAccessKey: 'x' } },
      ),
      { env: {} },
    )
    expect(() => p.validate()).toThrow(/Application Default Credentials/)
  })
  it('without ADC: exit 3 naming ADC and the command that fixes it', async () => {
    const p = new GcpLoggingProvider(ctx({ project: 'acme-dev', endpoint: 'https://127.0.0.1:1' }), {
      env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/adc.json' },
    })
    const err = await failure(collect(p.getLogs({ signal: new AbortController().signal })))
    expect(err.exitCode).toBe(3)
    expect(err.message).toContain('Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS)')
    expect(err.hint).toContain('gcloud auth application-default login')
  })
})

describe('against the emulator', () => {
  let emulator: Emulator
  const PROJECT = 'acme-dev'
  const write = (entries: unknown[]) => writeEntries(emulator.endpoint, PROJECT, entries)
  const provider = (
    spec: Record<string, unknown> = {},
    tokens?: { label: string; token(): Promise<string> },
  ) =>
    new GcpLoggingProvider(ctx({ project: PROJECT, endpoint: emulator.endpoint, ...spec }), {
      env: {},
      tokens,
    })
  const start = Date.now() - 600_000

  beforeAll(async () => {
    emulator = await startEmulator()
    await write(
      Array.from({ length: 25 }, (_, i) => ({
        insertId: `e${String(i).padStart(2, '0')}`,
        timestamp: new Date(start + i * 1000).toISOString(),
        severity: i % 5 === 4 ? 'ERROR' : 'INFO',
        textPayload: `line ${i}`,
      })),
    )
  })
  afterAll(() => emulator.close())
  beforeEach(() => emulator.faults.clear())

  it('sends the emulator token, never a credential lookup, and reads every page once, in order', async () => {
    const got = await collect(
      provider({ page_size: 10 }).getLogs({ since: new Date(start), signal: new AbortController().signal }),
    )
    expect(got.map((e) => e.message)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`))
    const calls = emulator.stats.snapshot().recent.filter((c) => c.operation === 'ListLogEntries')
    expect(calls.at(-1)?.params).toMatchObject({
      resourceNames: [`projects/${PROJECT}`],
      orderBy: 'timestamp asc',
      pageSize: 10,
    })
    expect(EMULATOR_TOKEN).toBe('atmos-logs-emulator')
  })

  it('backs off and retries 429 RESOURCE_EXHAUSTED without skipping or repeating a page', async () => {
    const before = emulator.stats.snapshot().throttled.ListLogEntries ?? 0
    emulator.faults.set({ throttle: 0.3, operations: ['ListLogEntries'] })
    const got = await collect(
      provider({ page_size: 5 }).getLogs({ since: new Date(start), signal: new AbortController().signal }),
    )
    expect(got.map((e) => e.id)).toEqual(
      Array.from({ length: 25 }, (_, i) => `e${String(i).padStart(2, '0')}`),
    )
    expect((emulator.stats.snapshot().throttled.ListLogEntries ?? 0) - before).toBeGreaterThan(0)
  }, 60_000)

  it('tail --lines N reads the newest N (timestamp desc) and prints them ascending', async () => {
    const got = await collect(
      provider().tailLogs({ lines: 3, follow: false, signal: new AbortController().signal } as never),
    )
    expect(got.map((e) => e.message)).toEqual(['line 22', 'line 23', 'line 24'])
    const last = emulator.stats
      .snapshot()
      .recent.filter((c) => c.operation === 'ListLogEntries')
      .at(-1)
    expect(last?.params).toMatchObject({ orderBy: 'timestamp desc', pageSize: 3 })
  })

  it('tail --lines N with a level counts the newest N at or above it', async () => {
    const got = await collect(
      provider().tailLogs({
        lines: 3,
        follow: false,
        level: 'ERROR',
        signal: new AbortController().signal,
      } as never),
    )
    expect(got.map((e) => e.message)).toEqual(['line 14', 'line 19', 'line 24'])
    // asked of the service, so a newest-first search never pages through what it would drop
    const newest = emulator.stats
      .snapshot()
      .recent.map((c) => c.params as { orderBy?: string; filter?: string } | undefined)
      .filter((p) => p?.orderBy === 'timestamp desc')
    expect(newest.at(-1)?.filter).toMatch(/severity>=ERROR/)
  })

  it('view --limit with a level counts the entries at or above it, asking the service for them', async () => {
    const got = await collect(
      provider().getLogs({
        since: new Date(start),
        limit: 2,
        level: 'ERROR',
        signal: new AbortController().signal,
      }),
    )
    expect(got.map((e) => e.message)).toEqual(['line 4', 'line 9'])
    const last = emulator.stats
      .snapshot()
      .recent.filter((c) => c.operation === 'ListLogEntries')
      .at(-1)
    expect(last?.params).toMatchObject({
      orderBy: 'timestamp asc',
      pageSize: 2,
      filter: expect.stringMatching(/severity>=ERROR/),
    })
  })

  it('severity and --filter are applied server side', async () => {
    const got = await collect(
      provider({ severity: 'ERROR' }).getLogs({
        since: new Date(start),
        filter: 'textPayload:"line 1" OR textPayload:"line 2"',
        signal: new AbortController().signal,
      }),
    )
    expect(got.map((e) => e.message)).toEqual(['line 14', 'line 19', 'line 24'])
  })

  it('a query Cloud Logging refuses is exit 2 with its words', async () => {
    const err = await failure(
      collect(provider().getLogs({ filter: 'severity>=', signal: new AbortController().signal })),
    )
    expect(err.exitCode).toBe(2)
    expect(err.message).toMatch(/INVALID_ARGUMENT/)
  })

  it('a token Cloud Logging refuses is exit 3 naming ADC and the fix; a denied read is exit 1; the token is never printed', async () => {
    const secret = 'ya29.secret-token-value'
    const adc = { label: 'Application Default Credentials', token: async () => secret }
    await emulator.seed({ gcp: { tokens: ['ya29.another'], entries: [] } })
    try {
      const refused = await failure(
        collect(provider({}, adc).getLogs({ signal: new AbortController().signal })),
      )
      expect(refused.exitCode).toBe(3)
      expect(refused.message).toMatch(
        /Application Default Credentials: Cloud Logging refused them \(HTTP 401 UNAUTHENTICATED/,
      )
      expect(refused.hint).toContain('gcloud auth application-default login')
      expect(`${refused.message} ${refused.hint}`).not.toContain(secret)
    } finally {
      await emulator.seed({ gcp: { tokens: [secret, 'atmos-logs-emulator'], entries: [] } })
    }
    emulator.faults.set({ accessDenied: 1 })
    const denied = await failure(collect(provider({}, adc).getLogs({ signal: new AbortController().signal })))
    expect(denied.exitCode).toBe(1)
    expect(denied.message).toContain('roles/logging.viewer')
    expect(denied.message).not.toContain(secret)
  })

  it('lists the logs of the project', async () => {
    expect(await provider().listSources({ signal: new AbortController().signal })).toEqual([
      {
        name: 'app',
        description: `log app in projects/${PROJECT}`,
        metadata: { logName: `projects/${PROJECT}/logs/app`, parent: `projects/${PROJECT}` },
      },
    ])
  })
})

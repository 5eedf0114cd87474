import type { LogEntry, Logger } from '@atmos-logs/core/contract'
import { type Clock, systemClock } from '@atmos-logs/core/runtime'
import { CloudWatchProvider } from './provider.js'
import { FakeCloudWatch } from './testdata/fake-cloudwatch.js'

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => warnings.push(String(msg ?? obj)),
    error: () => undefined,
  }
}

// Real time, but every wait (rate limiter, backoff, poll interval) cut to a couple of ms.
const fastClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => systemClock.sleep(Math.min(ms, 2), signal),
}

/** Drain a live iterator in the background into an array the test can watch. */
function drain(iterable: AsyncIterable<LogEntry>): { got: LogEntry[]; done: Promise<void> } {
  const got: LogEntry[] = []
  const done = (async () => {
    for await (const e of iterable) got.push(e)
  })()
  return { got, done }
}

function provider(fake: FakeCloudWatch, spec: Record<string, unknown>, logger = recordingLogger()) {
  return new CloudWatchProvider(
    {
      name: 'fn',
      spec: { region: 'us-east-1', ...spec },
      logger,
      credentials: { type: 'aws', accessKeyId: `AK${Math.random()}`, secretAccessKey: 's' },
    },
    // Tiny follow timings keep the test quick; nothing asserts on time.
    {
      sender: fake,
      clock: fastClock,
      follow: {
        pollIntervalMs: 5,
        settleMs: 5,
        gapOverlapMs: 60_000,
        rescanMs: 60_000,
        sessionReorderMs: 50,
      },
    },
  )
}

async function collect(it: AsyncIterable<LogEntry>): Promise<LogEntry[]> {
  const out: LogEntry[] = []
  for await (const e of it) out.push(e)
  return out
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 2))
}

describe('CloudWatchProvider.getLogs', () => {
  it('reads every page of several groups behind a pattern, merged in time order, despite throttling and empty pages', async () => {
    const fake = new FakeCloudWatch()
    fake.throttleEvery = 3
    fake.emptyPageEvery = 2
    const expected: string[] = []
    for (let g = 0; g < 5; g++) {
      fake.put(
        `/aws/lambda/api-${g}`,
        'stream',
        Array.from({ length: 7 }, (_, i) => ({ timestamp: 1000 + i * 10 + g, message: `g${g} e${i}` })),
      )
    }
    fake.put('/aws/lambda/other', 'stream', [{ timestamp: 1001, message: 'not matched' }])
    for (let i = 0; i < 7; i++) for (let g = 0; g < 5; g++) expected.push(`g${g} e${i}`)

    const p = provider(fake, { log_group: '/aws/lambda/api-*' })
    const got = await collect(p.getLogs({ signal: new AbortController().signal }))
    expect(got.map((e) => e.message)).toEqual(expected)
    expect(new Set(got.map((e) => e.id)).size).toBe(expected.length)
    expect(got[0].metadata).toEqual({
      logGroup: '/aws/lambda/api-0',
      logStream: 'stream',
      ingestionTime: expect.any(Number),
    })
    // the prefix before * went to the server
    expect(fake.calls.find((c) => c.op === 'DescribeLogGroups')?.input.logGroupNamePrefix).toBe(
      '/aws/lambda/api-',
    )
  })

  it('sends the filter and time range server side and honours the limit across groups', async () => {
    const fake = new FakeCloudWatch()
    fake.put(
      '/a',
      's',
      [1, 2, 3, 4, 5].map((t) => ({ timestamp: t * 100, message: `ERROR a${t}` })),
    )
    fake.put(
      '/b',
      's',
      [1, 2, 3, 4, 5].map((t) => ({ timestamp: t * 100 + 1, message: `ERROR b${t}` })),
    )
    const p = provider(fake, { log_groups: ['/a', '/b'] })
    const got = await collect(
      p.getLogs({
        signal: new AbortController().signal,
        filter: 'ERROR',
        since: new Date(200),
        until: new Date(500),
        limit: 3,
      }),
    )
    expect(got.map((e) => e.message)).toEqual(['ERROR a2', 'ERROR b2', 'ERROR a3'])
    expect(got[0].level).toBe('ERROR')
    const filterCall = fake.calls.find((c) => c.op === 'FilterLogEvents')
    expect(filterCall?.input).toMatchObject({ filterPattern: 'ERROR', startTime: 200, endTime: 500 })
  })

  it('names the group and the source when a group does not exist', async () => {
    const fake = new FakeCloudWatch()
    const p = provider(fake, { log_group: '/missing' })
    await expect(collect(p.getLogs({ signal: new AbortController().signal }))).rejects.toThrow(
      /source "fn" could not read log group "\/missing" in region us-east-1: it does not exist/,
    )
  })
})

describe('CloudWatchProvider.tailLogs', () => {
  it('shows the newest lines, then follows Live Tail, reconnecting after a timeout without gaps or repeats', async () => {
    const fake = new FakeCloudWatch()
    const now = Date.now()
    fake.put(
      '/app',
      's1',
      Array.from({ length: 10 }, (_, i) => ({ timestamp: now - 10_000 + i, message: `old ${i}` })),
    )
    const p = provider(fake, { log_group: '/app' })
    const abort = new AbortController()
    const { got, done } = drain(p.tailLogs({ signal: abort.signal, lines: 3 }))
    const messages = () => got.map((e) => e.message)

    await until(() => fake.activeSessions === 1)
    fake.put('/app', 's1', [{ timestamp: Date.now(), message: 'live 1' }])
    await until(() => got.length === 4)

    // the session times out; an event arrives while no session is open
    fake.put('/app', 's2', [{ timestamp: Date.now(), message: 'during gap' }], false)
    fake.timeoutSessions()
    await until(() => fake.activeSessions === 1 && got.length === 5)
    fake.put('/app', 's1', [{ timestamp: Date.now() + 1, message: 'live 2' }])
    await until(() => got.length === 6)
    // let the delayed second gap pass and a few more live updates happen: nothing repeats
    fake.put('/app', 's1', [{ timestamp: Date.now() + 2, message: 'live 3' }])
    await until(() => got.length === 7)

    abort.abort()
    await done
    expect(messages()).toEqual(['old 7', 'old 8', 'old 9', 'live 1', 'during gap', 'live 2', 'live 3'])
    expect(fake.activeSessions).toBe(0)
    expect(fake.calls.filter((c) => c.op === 'StartLiveTail')).toHaveLength(2)
    // each (re)connection re-read its gap with FilterLogEvents
    expect(
      fake.calls.filter((c) => c.op === 'FilterLogEvents' && c.input.endTime === undefined).length,
    ).toBeGreaterThanOrEqual(2)
  })

  it('opens one Live Tail session per 10 groups', async () => {
    const fake = new FakeCloudWatch()
    for (let g = 0; g < 23; g++)
      fake.put(`/svc/g${String(g).padStart(2, '0')}`, 's', [
        { timestamp: Date.now() - 100, message: `g${g}` },
      ])
    const p = provider(fake, { log_group: '/svc/*' })
    const abort = new AbortController()
    const { got, done } = drain(p.tailLogs({ signal: abort.signal, lines: 0 }))
    await until(() => fake.activeSessions === 3)
    fake.put('/svc/g22', 's', [{ timestamp: Date.now(), message: 'new in g22' }])
    fake.put('/svc/g00', 's', [{ timestamp: Date.now(), message: 'new in g00' }])
    await until(() => got.length === 2)
    abort.abort()
    await done
    expect(got.map((e) => e.message).sort()).toEqual(['new in g00', 'new in g22'])
    const sizes = fake.calls
      .filter((c) => c.op === 'StartLiveTail')
      .map((c) => (c.input.logGroupIdentifiers as string[]).length)
    expect(sizes).toEqual([10, 10, 3])
  })

  it('releases events of several sessions in time order, whatever order the sessions deliver them in', async () => {
    const fake = new FakeCloudWatch()
    for (let g = 0; g < 12; g++)
      fake.put(`/svc/g${String(g).padStart(2, '0')}`, 's', [
        { timestamp: Date.now() - 100, message: `g${g}` },
      ])
    const p = provider(fake, { log_group: '/svc/*' })
    const abort = new AbortController()
    const { got, done } = drain(p.tailLogs({ signal: abort.signal, lines: 0 }))
    await until(() => fake.activeSessions === 2)
    const t = Date.now()
    // The first session delivers the later event before the second delivers the earlier one.
    fake.put('/svc/g00', 's', [{ timestamp: t + 10, message: 'later, in session 1' }])
    fake.put('/svc/g11', 's', [{ timestamp: t, message: 'earlier, in session 2' }])
    await until(() => got.length === 2)
    abort.abort()
    await done
    expect(got.map((e) => e.message)).toEqual(['earlier, in session 2', 'later, in session 1'])
  })

  /**
   * Puts events the moment a Live Tail session opens, before the provider reads its gap: the
   * session delivers them, the gap read sees what is searchable by then.
   */
  function onSessionStart(fake: FakeCloudWatch, act: () => void): void {
    const send = fake.send.bind(fake)
    fake.send = async (command, options) => {
      const answer = await send(command, options)
      if (command.constructor.name === 'StartLiveTailCommand') act()
      return answer
    }
  }

  it('holds what a gap read finds past the session start until Live Tail catches up, so older live events print first', async () => {
    const fake = new FakeCloudWatch()
    fake.put('/app/a', 's', [{ timestamp: Date.now() - 60_000, message: 'old a' }])
    fake.put('/app/b', 's', [{ timestamp: Date.now() - 60_000, message: 'old b' }])
    const t = Date.now() + 60_000
    onSessionStart(fake, () => {
      // Group a's event is ingested just after the gap read of a (not searchable for it); b's
      // newer one just before the read of b. Live Tail delivers both, a's first.
      fake.put('/app/a', 's', [{ timestamp: t, message: 'earlier, a' }])
      fake.groups.get('/app/a')!.events.pop()
      fake.put('/app/b', 's', [{ timestamp: t + 10, message: 'later, b' }])
    })
    const p = provider(fake, { log_group: '/app/*' })
    const abort = new AbortController()
    const { got, done } = drain(p.tailLogs({ signal: abort.signal, lines: 0 }))
    await until(() => got.length === 2)
    fake.put('/app/a', 's', [{ timestamp: t + 20, message: 'last, a' }])
    await until(() => got.length === 3)
    abort.abort()
    await done
    expect(got.map((e) => e.message)).toEqual(['earlier, a', 'later, b', 'last, a'])
  })

  it('still prints, once, a gap-read event that Live Tail never delivers', async () => {
    const fake = new FakeCloudWatch()
    fake.put('/app', 's', [{ timestamp: Date.now() - 60_000, message: 'old' }])
    const t = Date.now() + 60_000
    // Stamped ahead of its ingestion, before the session listened: only FilterLogEvents has it.
    onSessionStart(fake, () =>
      fake.put('/app', 's', [{ timestamp: t + 50, message: 'read, never live' }], false),
    )
    const p = new CloudWatchProvider(
      { name: 'fn', spec: { region: 'us-east-1', log_group: '/app' }, logger: recordingLogger() },
      { sender: fake, clock: fastClock, follow: { settleMs: 5, gapOverlapMs: 60_000, liveCatchUpMs: 0 } },
    )
    const abort = new AbortController()
    const { got, done } = drain(p.tailLogs({ signal: abort.signal, lines: 0 }))
    await until(() => fake.activeSessions === 1)
    // The settle pass re-reads the gap (and finds the held event again) before Live Tail goes on.
    await until(() => fake.calls.filter((c) => c.op === 'FilterLogEvents').length >= 2)
    fake.put('/app', 's', [{ timestamp: t, message: 'live, earlier' }])
    await until(() => got.length === 2)
    fake.put('/app', 's', [{ timestamp: t + 100, message: 'live, later' }])
    await until(() => got.length === 3)
    abort.abort()
    await done
    expect(got.map((e) => e.message)).toEqual(['live, earlier', 'read, never live', 'live, later'])
  })

  it('falls back to polling when Live Tail is denied, and says so', async () => {
    const fake = new FakeCloudWatch()
    fake.liveTailError = 'AccessDeniedException'
    fake.put('/app', 's1', [{ timestamp: Date.now() - 5, message: 'before' }])
    const logger = recordingLogger()
    const p = provider(fake, { log_group: '/app' }, logger)
    const abort = new AbortController()
    const { got, done } = drain(p.tailLogs({ signal: abort.signal, lines: 5 }))
    await until(() => got.length === 1)
    fake.put('/app', 's1', [{ timestamp: Date.now(), message: 'polled 1' }])
    await until(() => got.length === 2)
    // timestamped two seconds ago, ingested only now: the re-scan window still finds it
    fake.put('/app', 's1', [{ timestamp: Date.now() - 2000, message: 'late arrival' }])
    await until(() => got.length === 3)
    // several more polls re-scan the same window: nothing is repeated
    const polls = () => fake.calls.filter((c) => c.op === 'FilterLogEvents').length
    const pollsSoFar = polls()
    await until(() => polls() > pollsSoFar + 5)
    fake.put('/app', 's1', [{ timestamp: Date.now(), message: 'polled 2' }])
    await until(() => got.length === 4)
    await until(() => polls() > pollsSoFar + 10)
    abort.abort()
    await done
    expect(got.map((e) => e.message)).toEqual(['before', 'polled 1', 'late arrival', 'polled 2'])
    expect(logger.warnings.join('\n')).toMatch(/not allowed.*polling FilterLogEvents/)
  })

  it('refuses, before showing anything, groups DescribeLogGroups answers for another region', async () => {
    const fake = new FakeCloudWatch()
    fake.put('/app', 's', [{ timestamp: Date.now() - 5, message: 'from eu-west-1' }])
    fake.groups.get('/app')!.arn = 'arn:aws:logs:eu-west-1:123456789012:log-group:/app'
    const p = provider(fake, { log_group: '/app' })
    const { got, done } = drain(p.tailLogs({ signal: new AbortController().signal, lines: 5 }))
    const err = await done.then(
      () => undefined,
      (e: Error & { exitCode?: number }) => e,
    )
    expect(got).toEqual([])
    expect(err?.exitCode).toBe(1)
    expect(err?.message).toMatch(
      /reads region us-east-1, but DescribeLogGroups answered log group "\/app" of region eu-west-1/,
    )
    expect(fake.calls.some((c) => c.op === 'FilterLogEvents' || c.op === 'StartLiveTail')).toBe(false)
  })

  it('never sends Live Tail a bare name: without ARNs it polls (auto) and says why', async () => {
    const fake = new FakeCloudWatch()
    fake.withoutArns = true
    fake.put('/app', 's', [{ timestamp: Date.now() - 5, message: 'before' }])
    const logger = recordingLogger()
    const p = provider(fake, { log_group: '/app' }, logger)
    const abort = new AbortController()
    const { got, done } = drain(p.tailLogs({ signal: abort.signal, lines: 5 }))
    await until(() => got.length === 1)
    fake.put('/app', 's', [{ timestamp: Date.now(), message: 'polled' }])
    await until(() => got.length === 2)
    abort.abort()
    await done
    expect(got.map((e) => e.message)).toEqual(['before', 'polled'])
    expect(fake.calls.some((c) => c.op === 'StartLiveTail')).toBe(false)
    expect(logger.warnings.join('\n')).toMatch(/no ARN for log group "\/app".*polling FilterLogEvents/)
  })

  it('with follow_mode live and no ARNs, fails with exit 1 instead of sending names', async () => {
    const fake = new FakeCloudWatch()
    fake.withoutArns = true
    fake.put('/app', 's', [{ timestamp: Date.now() - 5, message: 'before' }])
    const p = provider(fake, { log_group: '/app', follow_mode: 'live' })
    const { got, done } = drain(p.tailLogs({ signal: new AbortController().signal, lines: 5 }))
    const err = await done.then(
      () => undefined,
      (e: Error & { exitCode?: number }) => e,
    )
    expect(got.map((e) => e.message)).toEqual(['before'])
    expect(err?.exitCode).toBe(1)
    expect(err?.message).toMatch(/cannot follow with Live Tail.*no ARN for log group "\/app"/)
    expect(fake.calls.some((c) => c.op === 'StartLiveTail')).toBe(false)
  })

  // Not reachable through a faithful service (a session only sends what it was asked for): this
  // is the guard against attributing another group's events to ours.
  const foreign = (now: number) => ({
    logGroupIdentifier: '210987654321:/app',
    logStreamName: 's',
    timestamp: now,
    ingestionTime: now,
    message: 'of another account',
  })

  it('does not show events Live Tail attributes to a group it was not asked for; polls instead (auto)', async () => {
    const fake = new FakeCloudWatch()
    fake.put('/app', 's', [{ timestamp: Date.now() - 5, message: 'before' }])
    const logger = recordingLogger()
    const p = provider(fake, { log_group: '/app' }, logger)
    const abort = new AbortController()
    const { got, done } = drain(p.tailLogs({ signal: abort.signal, lines: 5 }))
    await until(() => fake.activeSessions === 1 && got.length === 1)
    const now = Date.now()
    fake.put('/app', 's', [{ timestamp: now, message: 'ours, same update' }], false)
    fake.pushLive([
      {
        logGroupIdentifier: '123456789012:/app',
        logStreamName: 's',
        timestamp: now,
        ingestionTime: now,
        message: 'ours, same update',
      },
      foreign(now),
    ])
    await until(() => got.length === 2)
    fake.put('/app', 's', [{ timestamp: Date.now() + 1, message: 'polled' }])
    await until(() => got.length === 3)
    abort.abort()
    await done
    expect(got.map((e) => e.message)).toEqual(['before', 'ours, same update', 'polled'])
    expect(logger.warnings.join('\n')).toMatch(
      /Live Tail sent events of log group "210987654321:\/app", which the session did not ask for.*polling FilterLogEvents/,
    )
  })

  it('with follow_mode live, fails with exit 1 on events of a group the session did not ask for', async () => {
    const fake = new FakeCloudWatch()
    fake.put('/app', 's', [])
    const p = provider(fake, { log_group: '/app', follow_mode: 'live' })
    const { got, done } = drain(p.tailLogs({ signal: new AbortController().signal, lines: 0 }))
    await until(() => fake.activeSessions === 1)
    fake.pushLive([foreign(Date.now())])
    const err = await done.then(
      () => undefined,
      (e: Error & { exitCode?: number }) => e,
    )
    expect(got).toEqual([])
    expect(err?.exitCode).toBe(1)
    expect(err?.message).toMatch(
      /did not ask for \(it asked for arn:aws:logs:us-east-1:123456789012:log-group:\/app\)/,
    )
  })

  it('stops after the backfill when follow is false, without reading the window forward', async () => {
    const fake = new FakeCloudWatch()
    const now = Date.now()
    fake.put('/app', 's', [{ timestamp: now - 3 * 86_400_000, message: 'three days ago' }])
    fake.put(
      '/app',
      's',
      Array.from({ length: 5 }, (_, i) => ({ timestamp: now - 1000 + i, message: `recent ${i}` })),
    )
    const p = provider(fake, { log_group: '/app' })
    const got = await collect(p.tailLogs({ signal: new AbortController().signal, lines: 2, follow: false }))
    expect(got.map((e) => e.message)).toEqual(['recent 3', 'recent 4'])
    const starts = fake.calls
      .filter((c) => c.op === 'FilterLogEvents')
      .map((c) => c.input.startTime as number)
    expect(Math.min(...starts)).toBeGreaterThan(now - 60_000)
  })
})

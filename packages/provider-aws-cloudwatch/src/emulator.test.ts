/**
 * Integration tests: the real AWS SDK client inside the provider, against the testkit emulator
 * over HTTP. Each test knows the ground truth (it put the events through the control route) and
 * checks that every event comes out exactly once, in order.
 */
import type { LogEntry, Logger } from '@atmos-logs/core/contract'
import { type Clock, systemClock } from '@atmos-logs/core/runtime'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { CloudWatchProvider } from './provider.js'

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}
// Real time; waits of the rate limiter and backoffs cut short so the suite stays quick.
const fastClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => systemClock.sleep(Math.min(ms, 5), signal),
}

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({ liveTailSessionMs: 400, liveTailIntervalMs: 20 })
})
afterAll(async () => {
  await emu.close()
})
beforeEach(async () => {
  await control('POST', '/_emulator/reset')
})

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emu.endpoint}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  const text = await res.text()
  return text ? JSON.parse(text) : undefined
}

async function putEvents(
  logGroup: string,
  logStream: string,
  events: Array<{ timestamp?: number; message: string }>,
) {
  await control('POST', '/_emulator/cloudwatch/events', { logGroup, logStream, events })
}

function provider(spec: Record<string, unknown>, logger: Logger = silent) {
  return new CloudWatchProvider(
    {
      name: 'fn',
      spec: { region: 'us-east-1', endpoint: emu.endpoint, ...spec },
      logger,
      credentials: {
        type: 'aws',
        accessKeyId: emu.env.AWS_ACCESS_KEY_ID,
        secretAccessKey: emu.env.AWS_SECRET_ACCESS_KEY,
        identity: 'dev-admin',
      },
    },
    { clock: fastClock, follow: { pollIntervalMs: 20, settleMs: 50 }, queryPollIntervalMs: 20 },
  )
}

async function collect(it: AsyncIterable<LogEntry>): Promise<LogEntry[]> {
  const out: LogEntry[] = []
  for await (const e of it) out.push(e)
  return out
}

/** Wait for `check`; give up after a generous guard so a failure shows its diff instead of hanging. */
async function until(check: () => boolean, guardMs = 20_000): Promise<void> {
  const deadline = Date.now() + guardMs
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
}

/** Ground truth: `perGroup` events in each group, interleaved in time across groups. */
async function seed(groups: string[], perGroup: number, base: number): Promise<string[]> {
  const expected: Array<{ t: number; m: string }> = []
  for (const [g, group] of groups.entries()) {
    const events = Array.from({ length: perGroup }, (_, i) => ({
      timestamp: base + i * groups.length + g,
      message: `${group} event ${i}`,
    }))
    await putEvents(group, 'stream-a', events)
    expected.push(...events.map((e) => ({ t: e.timestamp, m: e.message })))
  }
  return expected.sort((a, b) => a.t - b.t).map((e) => e.m)
}

describe('view against the emulator', () => {
  const base = Date.UTC(2024, 0, 1)

  it('reads every event once, in order, with the filter sent server side', async () => {
    const expected = await seed(['/aws/lambda/api', '/aws/lambda/worker'], 300, base)
    await putEvents('/aws/lambda/api', 'stream-b', [{ timestamp: base + 5, message: 'ERROR boom' }])
    const p = provider({ log_group: '/aws/lambda/*' })
    const all = await collect(
      p.getLogs({ signal: new AbortController().signal, since: new Date(base - 1000) }),
    )
    expect(all.map((e) => e.message).filter((m) => m !== 'ERROR boom')).toEqual(expected)

    const errors = await collect(
      p.getLogs({ signal: new AbortController().signal, since: new Date(base), filter: 'ERROR' }),
    )
    expect(errors.map((e) => [e.message, e.level])).toEqual([['ERROR boom', 'ERROR']])
    const stats = (await control('GET', '/_emulator/stats')) as {
      recent: Array<{ operation: string; params: Record<string, unknown> }>
    }
    expect(
      stats.recent.some((c) => c.operation === 'FilterLogEvents' && c.params.filterPattern === 'ERROR'),
    ).toBe(true)
    await p.close()
  })

  it('keeps going through throttling and connection resets without skipping or repeating a page', async () => {
    const expected = await seed(['/svc/a', '/svc/b', '/svc/c'], 400, base)
    await control('POST', '/_emulator/faults', { throttle: 0.3, reset: 0.1, operations: ['FilterLogEvents'] })
    const p = provider({ log_groups: ['/svc/a', '/svc/b', '/svc/c'] })
    const all = await collect(p.getLogs({ signal: new AbortController().signal, since: new Date(base) }))
    expect(all.map((e) => e.message)).toEqual(expected)
    expect(new Set(all.map((e) => e.id)).size).toBe(expected.length)
    const stats = (await control('GET', '/_emulator/stats')) as { throttled: Record<string, number> }
    expect(stats.throttled.FilterLogEvents).toBeGreaterThan(0)
    await p.close()
  })

  it('merges 30 log groups behind one pattern into one timeline and honours the limit', async () => {
    const groups = Array.from({ length: 30 }, (_, i) => `/aws/lambda/fn-${String(i).padStart(2, '0')}`)
    const expected = await seed(groups, 20, base)
    const p = provider({ log_group: '/aws/lambda/fn-*' })
    const all = await collect(p.getLogs({ signal: new AbortController().signal, since: new Date(base) }))
    expect(all.map((e) => e.message)).toEqual(expected)
    const limited = await collect(
      p.getLogs({ signal: new AbortController().signal, since: new Date(base), limit: 45 }),
    )
    expect(limited.map((e) => e.message)).toEqual(expected.slice(0, 45))
    await p.close()
  })

  it('lists the groups of a pattern with their streams, most recent first', async () => {
    await putEvents('/ls/one', 'old', [{ timestamp: base, message: 'x' }])
    await putEvents('/ls/one', 'new', [{ timestamp: base + 1000, message: 'y' }])
    const p = provider({ log_group: '/ls/*' })
    const sources = await p.listSources({ signal: new AbortController().signal })
    expect(sources.map((s) => s.name)).toEqual(['/ls/one'])
    const streams = (sources[0].metadata as { streams: Array<{ name: string }> }).streams.map((s) => s.name)
    expect(streams).toEqual(['new', 'old'])
    await p.close()
  })

  it('maps a missing group and expired credentials to clear errors', async () => {
    const p = provider({ log_group: '/does/not/exist' })
    await expect(collect(p.getLogs({ signal: new AbortController().signal }))).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/source "fn" could not read log group "\/does\/not\/exist"/),
    })
    await p.close()
  })
})

describe('tail --follow against the emulator', () => {
  it('prints every event exactly once across Live Tail session timeouts', async () => {
    const group = '/aws/lambda/follow'
    const now = Date.now()
    await putEvents(
      group,
      's',
      Array.from({ length: 50 }, (_, i) => ({ timestamp: now - 5000 + i, message: `old ${i}` })),
    )
    const p = provider({ log_group: group, follow_mode: 'live' })
    const abort = new AbortController()
    const got: string[] = []
    const done = (async () => {
      for await (const e of p.tailLogs({ signal: abort.signal, lines: 5 })) got.push(e.message)
    })()
    await until(() => got.length === 5)
    const expectedLive: string[] = []
    // Put events for longer than two sessions last (400 ms each), in small batches.
    for (let batch = 0; batch < 40; batch++) {
      const events = Array.from({ length: 3 }, (_, i) => ({
        timestamp: Date.now(),
        message: `live ${batch}.${i}`,
      }))
      expectedLive.push(...events.map((e) => e.message))
      await putEvents(group, batch % 2 ? 's' : 's2', events)
      await new Promise((r) => setTimeout(r, 25))
    }
    await until(() => got.length >= 5 + expectedLive.length)
    // give a late duplicate the chance to show up before checking
    await new Promise((r) => setTimeout(r, 200))
    abort.abort()
    await done
    expect(got.slice(0, 5)).toEqual(['old 45', 'old 46', 'old 47', 'old 48', 'old 49'])
    expect(got.slice(5).sort()).toEqual([...expectedLive].sort())
    const stats = (await control('GET', '/_emulator/stats')) as { calls: Record<string, number> }
    expect(stats.calls.StartLiveTail).toBeGreaterThanOrEqual(2)
    await p.close()
  })

  it('falls back to polling when Live Tail is denied', async () => {
    const group = '/aws/lambda/poll'
    await putEvents(group, 's', [{ timestamp: Date.now() - 100, message: 'before' }])
    await control('POST', '/_emulator/faults', { accessDenied: 1, operations: ['StartLiveTail'] })
    const warnings: string[] = []
    const p = provider({ log_group: group }, { ...silent, warn: (o, m) => warnings.push(String(m ?? o)) })
    const abort = new AbortController()
    const got: string[] = []
    const done = (async () => {
      for await (const e of p.tailLogs({ signal: abort.signal, lines: 5 })) got.push(e.message)
    })()
    await until(() => got.length === 1)
    for (let i = 0; i < 10; i++) {
      await putEvents(group, 's', [{ timestamp: Date.now(), message: `polled ${i}` }])
      await new Promise((r) => setTimeout(r, 15))
    }
    await until(() => got.length === 11)
    await new Promise((r) => setTimeout(r, 150))
    abort.abort()
    await done
    expect(got).toEqual(['before', ...Array.from({ length: 10 }, (_, i) => `polled ${i}`)])
    expect(warnings.join('\n')).toMatch(/polling FilterLogEvents/)
    await p.close()
  })
})

describe('Logs Insights against the emulator', () => {
  it('runs a query and yields rows without @ptr, reporting progress', async () => {
    const now = Date.now()
    await putEvents('/q/app', 's', [
      { timestamp: now - 3000, message: 'ERROR one' },
      { timestamp: now - 2000, message: 'INFO two' },
      { timestamp: now - 1000, message: 'ERROR three' },
    ])
    const p = provider({ log_group: '/q/app' })
    const progress: string[] = []
    const rows: Array<Record<string, unknown>> = []
    for await (const row of p.executeQuery(
      'fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp asc',
      {
        signal: new AbortController().signal,
        since: new Date(now - 60_000),
        until: new Date(now + 1000),
        onProgress: (s: { status: string }) => progress.push(s.status),
      },
    )) {
      rows.push(row)
    }
    expect(rows.map((r) => r['@message'])).toEqual(['ERROR one', 'ERROR three'])
    expect(rows.every((r) => !('@ptr' in r))).toBe(true)
    expect(progress.at(-1)).toBe('Complete')
    await p.close()
  })

  it('reports a malformed query as bad input (exit 2), naming the flag, in the service words', async () => {
    await putEvents('/q/bad', 's', [{ message: 'x' }])
    const p = provider({ log_group: '/q/bad' })
    const run = async () => {
      for await (const _ of p.executeQuery('fields @message | frobnicate', {
        signal: new AbortController().signal,
        queryFlag: '--insights',
      })) {
        // no rows expected
      }
    }
    await expect(run()).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^The --insights query for .* is not valid; CloudWatch Logs says: .+/),
      hint: expect.stringContaining('Logs Insights query syntax'),
    })
    await p.close()
  })
})

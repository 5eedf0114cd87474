/**
 * Reading one window as concurrent time slices, against the testkit emulator with a page round
 * trip long enough (injected latency) that one token chain could not keep up with the rate.
 */
import type { LogEntry, Logger } from '@atmos-logs/core/contract'
import { systemClock } from '@atmos-logs/core/runtime'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { CloudWatchProvider } from './provider.js'
import { planSlices, SharedRate } from './window-slices.js'

// Small pages (300 events examined per call) so a small data set spans many pages.
const SCAN_LIMIT = 300
const BASE = Date.UTC(2026, 1, 1)
const STREAMS = ['a', 'b', 'c']
// Every millisecond of the window holds 3 events per stream: a page (300 events) ends inside a
// millisecond, and every slice border has events of the same timestamp on both sides.
const PER_STREAM_PER_MS = 3
const MILLIS = 400

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({ filterScanLimit: SCAN_LIMIT })
})
afterAll(async () => {
  await emu.close()
})

async function control(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${emu.endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
}

function provider(logger: Logger) {
  return new CloudWatchProvider(
    {
      name: 'sliced',
      spec: { region: 'us-east-1', endpoint: emu.endpoint, log_group: '/slices/app', rate_limit: 100 },
      logger,
      credentials: {
        type: 'aws',
        accessKeyId: emu.env.AWS_ACCESS_KEY_ID,
        secretAccessKey: emu.env.AWS_SECRET_ACCESS_KEY,
      },
    },
    { clock: systemClock },
  )
}

describe('view of one window in time slices', () => {
  it('emits every event exactly once and in order across slice borders, same-millisecond events included', async () => {
    // Ground truth in the service's order: by timestamp, then by when it was put (stream a first).
    const expected: string[] = []
    for (const stream of STREAMS) {
      const events = []
      for (let ms = 0; ms < MILLIS; ms++) {
        for (let k = 0; k < PER_STREAM_PER_MS; k++) {
          events.push({ timestamp: BASE + ms, message: `ms ${ms} stream ${stream} #${k}` })
        }
      }
      await control('/_emulator/cloudwatch/events', { logGroup: '/slices/app', logStream: stream, events })
    }
    for (let ms = 0; ms < MILLIS; ms++) {
      for (const stream of STREAMS) {
        for (let k = 0; k < PER_STREAM_PER_MS; k++) expected.push(`ms ${ms} stream ${stream} #${k}`)
      }
    }
    // 150 ms a page at 100 requests/s: fifteen requests would have to be in flight to keep the rate.
    await control('/_emulator/faults', { latencyMs: 150, operations: ['FilterLogEvents'] })
    const debug: string[] = []
    const logger: Logger = {
      debug: (m) => void debug.push(String(m)),
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    }
    const out: LogEntry[] = []
    try {
      const p = provider(logger)
      for await (const e of p.getLogs({
        signal: new AbortController().signal,
        since: new Date(BASE),
        until: new Date(BASE + MILLIS - 1),
      })) {
        out.push(e)
      }
    } finally {
      await control('/_emulator/faults', {})
    }

    const split = debug.find((m) => m.includes('time slices'))
    expect(split).toMatch(/read as \d+ time slices, \d+ at a time: 2026-02-01T00:00:00\.\d{3}Z\.\./)
    const borders = [...split!.matchAll(/\.\.(2026-[^,]+Z)/g)].map((m) => Date.parse(m[1]!))
    expect(borders.length).toBeGreaterThan(1)
    // Each border millisecond and the next hold events, and they straddle two slices.
    for (const end of borders.slice(0, -1)) {
      expect(out.filter((e) => e.timestamp.getTime() === end).length).toBe(STREAMS.length * PER_STREAM_PER_MS)
      expect(out.filter((e) => e.timestamp.getTime() === end + 1).length).toBe(
        STREAMS.length * PER_STREAM_PER_MS,
      )
    }
    expect(out.map((e) => e.message)).toEqual(expected)
    expect(new Set(out.map((e) => e.id)).size).toBe(expected.length)
  })
})

describe('planSlices', () => {
  const clock = { now: () => BASE + 1_000_000, sleep: async () => undefined }
  const range = { logGroup: '/g', startTime: BASE, endTime: BASE + 999_999 }

  it('keeps one token chain when its round trip keeps up with the rate', () => {
    expect(planSlices(range, BASE + 9_999, 150, { rate: 5, clock })).toBeUndefined()
  })

  it('keeps one token chain when little of the window is left', () => {
    expect(planSlices(range, BASE + 600_000, 400, { rate: 5, clock })).toBeUndefined()
  })

  it('cuts the rest of the window into disjoint whole-millisecond slices that cover it', () => {
    const plan = planSlices(range, BASE + 9_999, 400, { rate: 5, clock })!
    expect(plan.concurrency).toBeGreaterThanOrEqual(2)
    expect(plan.slices[0]!.startTime).toBe(BASE + 9_999)
    expect(plan.slices.at(-1)!.endTime).toBe(range.endTime)
    for (let k = 1; k < plan.slices.length; k++) {
      expect(plan.slices[k]!.startTime).toBe(plan.slices[k - 1]!.endTime! + 1)
    }
  })

  it('leaves the last slice open when the window has no end', () => {
    const plan = planSlices({ logGroup: '/g', startTime: BASE }, BASE + 9_999, 400, { rate: 5, clock })!
    expect(plan.slices.at(-1)!.endTime).toBeUndefined()
  })
})

describe('SharedRate', () => {
  const clock = { now: () => BASE + 1_000_000, sleep: async () => undefined }
  const range = { logGroup: '/g', startTime: BASE, endTime: BASE + 999_999 }

  it('gives each open window its share of the rate, the last one all of it', () => {
    const rate = new SharedRate(6, 3)
    expect(rate.share()).toBe(2)
    rate.closed()
    expect(rate.share()).toBe(3)
    rate.closed()
    rate.closed()
    expect(rate.share()).toBe(6)
  })

  it('keeps one token chain per group where several groups share the rate', () => {
    // At 400 ms a page one chain makes half of 5 requests/s, and 3 chains more than all of it.
    expect(planSlices(range, BASE + 9_999, 400, { rate: 5, clock })).toBeDefined()
    expect(
      planSlices(range, BASE + 9_999, 400, { rate: new SharedRate(5, 3).share(), clock }),
    ).toBeUndefined()
  })
})

import type { Clock } from '@atmos-logs/core/runtime'
import { describe, expect, it } from '@jest/globals'
import type { TaggedEntry } from '../output/index.js'
import { groupRequests, RequestGrouper } from './request-groups.js'

const A = 'aaaaaaaa-1111-4111-8111-111111111111'
const B = 'bbbbbbbb-2222-4222-8222-222222222222'
const C = 'cccccccc-3333-4333-8333-333333333333'

const T = Date.UTC(2026, 11, 2, 14, 0, 0)

/** A Lambda line as the CloudWatch provider yields it (request id detected, as level.ts does). */
const lambda = (ms: number, message: string, requestId?: string): TaggedEntry => ({
  timestamp: new Date(T + ms),
  message,
  ...(requestId ? { requestId } : {}),
  source: 'function',
  kind: 'aws/cloudwatch',
  component: 'api',
  stack: 'dev',
})
const start = (ms: number, id: string) => lambda(ms, `START RequestId: ${id} Version: $LATEST`, id)
const end = (ms: number, id: string) => lambda(ms, `END RequestId: ${id}`, id)
const report = (ms: number, id: string, duration = 100) =>
  lambda(
    ms,
    `REPORT RequestId: ${id}\tDuration: ${duration}.00 ms\tBilled Duration: ${duration} ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t`,
    id,
  )
const runtime = (ms: number, id: string, text: string) =>
  lambda(ms, `${new Date(T + ms).toISOString()}\t${id}\tINFO\t${text}`, id)
const powertools = (ms: number, text: string, trace: string, id?: string) =>
  lambda(
    ms,
    JSON.stringify({
      level: 'INFO',
      message: text,
      ...(id ? { function_request_id: id } : {}),
      xray_trace_id: trace,
    }),
    id,
  )
const trail = (ms: number, name: string): TaggedEntry => ({
  timestamp: new Date(T + ms),
  message: name,
  requestId: A,
  source: 'audit',
  kind: 'aws/cloudtrail',
  component: 'api',
  stack: 'dev',
})

/** What a line shows of its grouping, in print order. */
const shape = (out: TaggedEntry[]) =>
  out.map((e) => {
    const text = e.message.startsWith('{')
      ? (JSON.parse(e.message) as { message: string }).message
      : e.message
    const head = /^\d{4}-/.test(text) ? text.split('\t').pop()! : text.split('\t')[0]!.split(' Version')[0]!
    if (e.invocation) return `[${head} ${e.invocation.open ?? e.invocation.durationMs}`
    return e.grouped === 'last' ? `] ${head}` : e.grouped ? `| ${head}` : head
  })

function bounded(entries: TaggedEntry[], opts: { maxOpen?: number; maxHeld?: number } = {}) {
  const grouper = new RequestGrouper({ follow: false, ...opts }, () => 0)
  const out: TaggedEntry[] = []
  for (const entry of entries) {
    grouper.add(entry)
    out.push(...grouper.take())
  }
  grouper.end()
  out.push(...grouper.take())
  return out
}

describe('--group-requests over a bounded read', () => {
  it('keeps concurrent invocations apart, in time order by START, lines of no invocation in time order', () => {
    const input = [
      lambda(0, 'INIT_START Runtime Version: nodejs:20.v13'),
      start(10, A),
      start(20, B),
      powertools(25, 'b traced', '1-b'),
      runtime(30, A, 'a working'),
      trail(40, 'UpdateFunctionCode'),
      powertools(50, 'b working', '1-b', B),
      end(60, A),
      report(60, A, 50),
      lambda(70, 'EXTENSION\tName: otel\tState: Ready'),
      end(90, B),
      report(90, B, 70),
    ]
    const out = bounded(input)
    expect(shape(out)).toStrictEqual([
      'INIT_START Runtime',
      `[START RequestId: ${A} 50`,
      '| a working',
      `| END RequestId: ${A}`,
      `] REPORT RequestId: ${A}`,
      `[START RequestId: ${B} 70`,
      '| b traced',
      '| b working',
      `| END RequestId: ${B}`,
      `] REPORT RequestId: ${B}`,
      'UpdateFunctionCode',
      'EXTENSION',
    ])
    // Every line once: the same entries, only the order and the marks differ.
    expect(out.map((e) => e.message).sort()).toStrictEqual(input.map((e) => e.message).sort())
    expect(out[1]!.invocation).toStrictEqual({
      requestId: A,
      durationMs: 50,
      billedDurationMs: 50,
      memorySizeMB: 128,
      maxMemoryUsedMB: 64,
      started: true,
      lines: 4,
    })
  })

  it('prints an invocation with no REPORT when the read ends, and one that began before it', () => {
    const out = bounded([
      runtime(0, A, 'a tail end'),
      report(5, A),
      start(10, B),
      runtime(20, B, 'b still running'),
    ])
    expect(shape(out)).toStrictEqual([
      `[${'a tail end'} 100`,
      `] REPORT RequestId: ${A}`,
      `[START RequestId: ${B} end`,
      '] b still running',
    ])
    expect(out[0]!.invocation?.started).toBe(false)
    expect(out[2]!.invocation?.started).toBe(true)
  })

  it('prints the oldest open invocation when too many are open, its later lines one by one', () => {
    const out = bounded(
      [
        start(0, A),
        start(10, B),
        start(20, C),
        runtime(30, A, 'a later'),
        report(40, A),
        report(50, B),
        report(60, C),
      ],
      { maxOpen: 2 },
    )
    expect(shape(out)).toStrictEqual([
      `[START RequestId: ${A} crowded`,
      `[START RequestId: ${B} 100`,
      `] REPORT RequestId: ${B}`,
      `[START RequestId: ${C} 100`,
      `] REPORT RequestId: ${C}`,
      'a later',
      `REPORT RequestId: ${A}`,
    ])
  })

  it('holds at most maxHeld lines behind an open invocation', () => {
    const input = [
      start(0, A),
      ...Array.from({ length: 5 }, (_, i) => trail(10 + i, `event ${i}`)),
      report(50, A),
    ]
    const out = bounded(input, { maxHeld: 3 })
    expect(shape(out)).toStrictEqual([
      `[START RequestId: ${A} crowded`,
      'event 0',
      'event 1',
      'event 2',
      'event 3',
      'event 4',
      `REPORT RequestId: ${A}`,
    ])
  })

  it('groups only aws/cloudwatch lines, and a retried request id again from its START', () => {
    const out = bounded([
      start(0, A),
      report(10, A),
      trail(15, 'same id, other kind'),
      start(20, A),
      report(30, A),
    ])
    expect(shape(out)).toStrictEqual([
      `[START RequestId: ${A} 100`,
      `] REPORT RequestId: ${A}`,
      'same id, other kind',
      `[START RequestId: ${A} 100`,
      `] REPORT RequestId: ${A}`,
    ])
  })
})

describe('--group-requests when following', () => {
  it('prints other lines at once and an invocation when its REPORT comes', () => {
    const grouper = new RequestGrouper({ follow: true }, () => 0)
    grouper.add(start(0, A))
    grouper.add(runtime(5, A, 'a working'))
    grouper.add(trail(6, 'UpdateFunctionCode'))
    expect(shape(grouper.take())).toStrictEqual(['UpdateFunctionCode'])
    grouper.add(report(10, A))
    expect(shape(grouper.take())).toStrictEqual([
      `[START RequestId: ${A} 100`,
      '| a working',
      `] REPORT RequestId: ${A}`,
    ])
  })

  it('prints an invocation held holdMs without its REPORT, then its later lines as they come', () => {
    let now = 1_000
    const grouper = new RequestGrouper({ follow: true, holdMs: 500 }, () => now)
    grouper.add(start(0, A))
    expect(grouper.nextDeadline()).toBe(1_500)
    now = 1_499
    grouper.expire()
    expect(grouper.take()).toStrictEqual([])
    now = 1_500
    grouper.expire()
    expect(shape(grouper.take())).toStrictEqual([`[START RequestId: ${A} held`])
    expect(grouper.nextDeadline()).toBeUndefined()
    grouper.add(runtime(700, A, 'a later'))
    grouper.add(report(800, A))
    expect(shape(grouper.take())).toStrictEqual(['a later', `REPORT RequestId: ${A}`])
  })

  it('wakes without new entries to print a held invocation, and closes its source when stopped', async () => {
    let now = 0
    const clock: Clock = {
      now: () => now,
      sleep: async (ms) => {
        now += ms
      },
    }
    let closed = false
    async function* live(): AsyncGenerator<TaggedEntry[]> {
      try {
        yield [start(0, A), runtime(1, A, 'a working')]
        await new Promise(() => undefined) // a follow that has nothing more to say
      } finally {
        closed = true
      }
    }
    const out: string[][] = []
    for await (const batch of groupRequests(live(), { follow: true, holdMs: 15_000, clock })) {
      out.push(shape(batch))
      break
    }
    expect(out).toStrictEqual([[`[START RequestId: ${A} held`, '] a working']])
    expect(now).toBe(15_000)
    expect(closed).toBe(false) // its pending step is not awaited: a live tail ends on its own signal
  })

  it('prints what is still open when the read ends', async () => {
    async function* source(): AsyncGenerator<TaggedEntry[]> {
      yield [start(0, A), start(1, B)]
      yield [report(5, B)]
    }
    const out: string[] = []
    for await (const batch of groupRequests(source(), { follow: true })) out.push(...shape(batch))
    expect(out).toStrictEqual([
      `[START RequestId: ${B} 100`,
      `] REPORT RequestId: ${B}`,
      `[START RequestId: ${A} end`,
    ])
  })
})

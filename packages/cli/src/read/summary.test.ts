import type { ResolvedSource } from '@atmos-logs/core'
import type { TaggedEntry } from '../output/index.js'
import { normaliseMessage, SUMMARY_DISTINCT_ERRORS, SummaryTally } from './summary.js'

const source = { name: 'function', kind: 'aws/cloudwatch', component: 'api', stack: 'dev' } as ResolvedSource
const entry = (at: number, message: string, level?: TaggedEntry['level']): TaggedEntry => ({
  timestamp: new Date(at),
  message,
  ...(level ? { level } : {}),
  source: 'function',
  kind: 'aws/cloudwatch',
  component: 'api',
  stack: 'dev',
})

describe('normaliseMessage', () => {
  it('sets aside times, uuids, hex, numbers and ids, keeping the words', () => {
    expect(
      normaliseMessage(
        'order ord-1042 failed at 2026-12-02T04:41:58.007Z after 3012 ms (request 3f2a9c1e-8b7d-4e6f-a1b2-c3d4e5f60718, trace 0x1f3a, span 9f86d081884c7d65)',
      ),
    ).toBe('order <id> failed at <time> after <n> ms (request <uuid>, trace <hex>, span <hex>)')
    expect(normaliseMessage('timed out after 3000ms from 203.0.113.7 at 04:41:58')).toBe(
      'timed out after <n>ms from <n> at <time>',
    )
    expect(normaliseMessage('payments.acme.internal refused: v2 handler:41')).toBe(
      'payments.acme.internal refused: <id> handler:<n>',
    )
  })

  it('gives two occurrences of one problem the same shape', () => {
    expect(normaliseMessage('job 5012 failed: connection reset (attempt 3)')).toBe(
      normaliseMessage('job 7311 failed: connection reset (attempt 1)'),
    )
  })
})

describe('SummaryTally', () => {
  it('counts levels, the first and last time, and ranks repeated errors by shape', () => {
    const tally = new SummaryTally([source])
    tally.add(entry(3_000, 'START RequestId: x', 'INFO'))
    tally.add(entry(1_000, 'ERROR order ord-1 failed', 'ERROR'))
    tally.add(entry(5_000, '{"level":"error","msg":"payment timeout after 3000 ms","order":"ord-2"}'))
    tally.add(entry(2_000, '[ERROR] order ord-7 failed', 'ERROR'))
    tally.add(entry(4_000, 'plain text'))
    tally.add(entry(6_000, 'WARN slow', 'WARN'))
    const [s] = tally.result()
    expect(s).toMatchObject({
      entries: 6,
      levels: { ERROR: 3, WARN: 1, INFO: 1, DEBUG: 0, none: 1 },
      first: new Date(1_000),
      last: new Date(6_000),
      approximate: false,
    })
    expect(s!.topErrors).toEqual([
      { message: 'order <id> failed', count: 2, example: 'order ord-1 failed' },
      { message: 'payment timeout after <n> ms', count: 1, example: 'payment timeout after 3000 ms' },
    ])
  })

  it('stays bounded with endless distinct errors, and keeps the frequent ones', () => {
    const tally = new SummaryTally([source])
    for (let i = 0; i < 50; i++) tally.add(entry(i, 'ERROR the database is down', 'ERROR'))
    const words = (i: number) => i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]!)
    for (let i = 0; i < SUMMARY_DISTINCT_ERRORS * 5; i++)
      tally.add(entry(i, `ERROR unique ${words(i)}`, 'ERROR'))
    const [s] = tally.result()
    expect(s!.approximate).toBe(true)
    expect(s!.topErrors[0]).toMatchObject({ message: 'the database is down', count: 50 })
    expect(s!.levels.ERROR).toBe(50 + SUMMARY_DISTINCT_ERRORS * 5)
  })

  it('lists a selected source that logged nothing', () => {
    const other = { ...source, name: 'audit', kind: 'aws/cloudtrail' } as ResolvedSource
    const [, empty] = new SummaryTally([source, other]).result()
    expect(empty).toMatchObject({ source: 'audit', entries: 0, topErrors: [] })
    expect(empty!.first).toBeUndefined()
  })
})

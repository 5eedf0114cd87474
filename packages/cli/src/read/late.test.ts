import { describe, expect, it } from '@jest/globals'
import type { TaggedEntry } from '../output/index.js'
import { markLate } from './late.js'

const at = (ms: number, message: string): TaggedEntry => ({
  timestamp: new Date(ms),
  message,
  source: 'audit',
  kind: 'aws/cloudtrail',
  component: null,
  stack: null,
})

/** Two chunks, as the read pipeline passes them. */
async function* from(entries: TaggedEntry[]) {
  yield entries.slice(0, 3)
  yield entries.slice(3)
}

describe('markLate', () => {
  it('passes every entry through once, marking those older than one already printed', async () => {
    const out: TaggedEntry[] = []
    for await (const batch of markLate(
      from([at(10, 'a'), at(20, 'b'), at(20, 'c'), at(15, 'late one'), at(30, 'd'), at(5, 'very late')]),
    )) {
      out.push(...batch)
    }
    expect(out.map((e) => [e.message, e.late ?? false])).toStrictEqual([
      ['a', false],
      ['b', false],
      ['c', false],
      ['late one', true],
      ['d', false],
      ['very late', true],
    ])
  })
})

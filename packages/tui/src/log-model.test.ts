import { describe, expect, it } from '@jest/globals'
import type { TuiEntry } from './backend.js'
import { ERROR_CODE, LogModel } from './log-model.js'

const entry = (n: number, message = `line ${n}`): TuiEntry => ({
  timestamp: new Date(1_700_000_000_000 + n * 1000),
  message,
  source: 'app',
  kind: 'test/kind',
  component: null,
  stack: null,
})
const describeEntry = {
  levelOf: (e: TuiEntry) => (e.message.includes('ERROR') ? ('ERROR' as const) : undefined),
  plain: (e: TuiEntry) => e.message,
}

describe('LogModel', () => {
  it('keeps at most its capacity, dropping the oldest and counting them', () => {
    const model = new LogModel(3, describeEntry)
    model.push([entry(1), entry(2)])
    model.push([entry(3), entry(4), entry(5)])
    expect(model.size).toBe(3)
    expect(model.dropped).toBe(2)
    expect([0, 1, 2].map((row) => model.entry(model.seqAt(row)).message)).toEqual([
      'line 3',
      'line 4',
      'line 5',
    ])
  })

  it('finds the next and previous entry of a level, from a row, in both directions', () => {
    const model = new LogModel(10, describeEntry)
    model.push([entry(0), entry(1, 'ERROR a'), entry(2), entry(3, 'ERROR b'), entry(4)])
    const isError = (seq: number) => model.levelCode(seq) === ERROR_CODE
    expect(model.find(0, 1, isError)).toBe(1)
    expect(model.find(1, 1, isError)).toBe(3)
    expect(model.find(3, 1, isError)).toBeUndefined()
    expect(model.find(4, -1, isError)).toBe(3)
  })

  it('a client filter shows only matching rows (or hides them), and follows new arrivals', () => {
    const model = new LogModel(10, describeEntry)
    model.push([entry(0, 'GET /a'), entry(1, 'POST /b'), entry(2, 'GET /c')])
    model.setClientFilter({ text: 'get', exclude: false })
    expect(model.rowCount).toBe(2)
    model.push([entry(3, 'GET /d'), entry(4, 'PUT /e')])
    expect(Array.from({ length: model.rowCount }, (_, r) => model.entry(model.seqAt(r)).message)).toEqual([
      'GET /a',
      'GET /c',
      'GET /d',
    ])
    model.setClientFilter({ text: 'GET', exclude: true })
    expect(Array.from({ length: model.rowCount }, (_, r) => model.entry(model.seqAt(r)).message)).toEqual([
      'POST /b',
      'PUT /e',
    ])
    model.setClientFilter(undefined)
    expect(model.rowCount).toBe(5)
  })

  it('rows of a filtered view drop with the entries they point at', () => {
    const model = new LogModel(3, describeEntry)
    model.setClientFilter({ text: 'keep', exclude: false })
    model.push([entry(0, 'keep 0'), entry(1, 'skip'), entry(2, 'keep 2'), entry(3, 'keep 3')])
    expect(Array.from({ length: model.rowCount }, (_, r) => model.entry(model.seqAt(r)).message)).toEqual([
      'keep 2',
      'keep 3',
    ])
    expect(model.rowOf(model.firstSeq)).toBe(0)
  })
})

describe('LogModel histogram', () => {
  const at = (ms: number, message = 'INFO x'): TuiEntry => ({ ...entry(0, message), timestamp: new Date(ms) })
  const bars = (model: LogModel, width: number) =>
    model
      .histogram(width)
      .map((c) => c.bar)
      .join('')
  const reds = (model: LogModel, width: number) =>
    model
      .histogram(width)
      .map((c) => (c.error ? 'x' : '.'))
      .join('')

  it('counts the entries held: those dropped from the buffer leave the histogram, ERRORs included', () => {
    const model = new LogModel(4, describeEntry)
    const base = 1_700_000_000_000
    model.push([at(base, 'ERROR boom'), at(base + 1000), at(base + 2000), at(base + 3000)])
    expect(reds(model, 4)).toBe('x...')
    model.push([at(base + 4000), at(base + 5000), at(base + 6000), at(base + 7000)])
    expect(bars(model, 4)).toBe('████')
    expect(reds(model, 4)).toBe('....')
  })

  it('an even rate draws an even row, whatever the width', () => {
    const model = new LogModel(2000, describeEntry)
    const base = 1_700_000_000_000
    model.push(Array.from({ length: 1000 }, (_, i) => at(base + i)))
    for (const width of [7, 30, 108]) expect(bars(model, width)).toBe('█'.repeat(width))
  })

  it('after a wide span drops out, the buckets are fine again', () => {
    const model = new LogModel(100, describeEntry)
    const base = 1_700_000_000_000
    // A day between entries: coarse buckets.
    model.push(Array.from({ length: 100 }, (_, i) => at(base + i * 86_400_000)))
    const t = base + 100 * 86_400_000
    // Then 90 entries in 90 ms and, a second later, 10 ERRORs: every old entry drops out.
    model.push(Array.from({ length: 90 }, (_, i) => at(t + i)))
    model.push(Array.from({ length: 10 }, (_, i) => at(t + 1000 + i, 'ERROR late')))
    expect(bars(model, 10)).toBe('█        ▂')
    expect(reds(model, 10)).toBe('.........x')
  })

  it('with a client filter, counts only the rows shown, as they arrive and when the filter changes', () => {
    const model = new LogModel(10, describeEntry)
    const base = 1_700_000_000_000
    model.push([at(base, 'keep'), at(base + 1000, 'skip'), at(base + 2000, 'keep')])
    model.setClientFilter({ text: 'keep', exclude: false })
    model.push([at(base + 3000, 'skip')])
    expect(bars(model, 3)).toBe('█ █')
    model.setClientFilter({ text: 'keep', exclude: true })
    // Two rows, 1 s and 3 s: the first and last columns of the span between them.
    expect(bars(model, 3)).toBe('█ █')
    expect(model.histogram(3).filter((c) => c.bar !== ' ')).toHaveLength(2)
    model.setClientFilter(undefined)
    expect(bars(model, 4)).toBe('████')
  })
})

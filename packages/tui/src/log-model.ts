import type { LogLevel } from '@atmos-logs/core/contract'
import type { TuiEntry } from './backend.js'
import { type HistogramCell, TimeHistogram } from './histogram.js'

/** Levels as small numbers, stored beside each entry so jumps and the histogram never re-parse. */
const LEVEL_CODE: Record<LogLevel, number> = { DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 }
export const ERROR_CODE = LEVEL_CODE.ERROR
export const WARN_CODE = LEVEL_CODE.WARN

/** A client-side include (or, with `exclude`, hide) of lines containing a text, case-insensitive. */
export interface ClientFilter {
  text: string
  exclude: boolean
}

/**
 * The Logs screen's entries: a ring of at most `capacity` entries, addressed by sequence number
 * (the n-th entry ever received), so positions survive older entries being dropped. With a client
 * filter, the rows are the sequence numbers of the entries that pass it; without, every entry is
 * a row.
 */
export class LogModel {
  private readonly ring: (TuiEntry | undefined)[]
  private readonly levels: Uint8Array
  private readonly plainCache: (string | undefined)[]
  private next = 0
  /** Entries dropped from the front since the read began. */
  dropped = 0
  /** Bumped on every change: what the screen's memoised parts key on. */
  version = 0
  private filter?: ClientFilter
  private rows?: number[]
  private rowsHead = 0
  /** Per slot: the entry passes the client filter (is a row, and counted in the histogram). */
  private readonly shown: Uint8Array
  private readonly counts = new TimeHistogram()

  constructor(
    readonly capacity: number,
    private readonly describe: {
      levelOf(entry: TuiEntry): LogLevel | undefined
      plain(entry: TuiEntry): string
    },
  ) {
    this.ring = new Array(capacity)
    this.levels = new Uint8Array(capacity)
    this.plainCache = new Array(capacity)
    this.shown = new Uint8Array(capacity)
  }

  /** The oldest entry still held. */
  get firstSeq(): number {
    return Math.max(0, this.next - this.capacity)
  }

  /** One past the newest entry. */
  get endSeq(): number {
    return this.next
  }

  get size(): number {
    return this.next - this.firstSeq
  }

  push(batch: readonly TuiEntry[]): void {
    for (const entry of batch) {
      const slot = this.next % this.capacity
      if (this.next >= this.capacity) {
        this.dropped++
        if (this.shown[slot]) this.counts.remove(this.timeOf(slot), this.levels[slot] === ERROR_CODE)
      }
      this.ring[slot] = entry
      const level = this.describe.levelOf(entry)
      this.levels[slot] = level ? LEVEL_CODE[level] : 0
      this.plainCache[slot] = undefined
      const seq = this.next++
      const shown = this.passes(seq)
      this.shown[slot] = shown ? 1 : 0
      if (shown) {
        this.rows?.push(seq)
        this.counts.add(this.timeOf(slot), this.levels[slot] === ERROR_CODE)
      }
    }
    if (this.counts.wantsFiner()) this.recount()
    if (this.rows) {
      const first = this.firstSeq
      while (this.rowsHead < this.rows.length && this.rows[this.rowsHead]! < first) this.rowsHead++
      // Compact now and then, so the array does not grow for ever while following.
      if (this.rowsHead > 4096 && this.rowsHead > this.rows.length / 2) {
        this.rows = this.rows.slice(this.rowsHead)
        this.rowsHead = 0
      }
    }
    this.version++
  }

  clear(): void {
    this.next = 0
    this.dropped = 0
    this.ring.fill(undefined)
    this.counts.clear()
    if (this.rows) {
      this.rows = []
      this.rowsHead = 0
    }
    this.version++
  }

  entry(seq: number): TuiEntry {
    return this.ring[seq % this.capacity]!
  }

  levelCode(seq: number): number {
    return this.levels[seq % this.capacity]!
  }

  plain(seq: number): string {
    const slot = seq % this.capacity
    let text = this.plainCache[slot]
    if (text === undefined) {
      text = this.describe.plain(this.ring[slot]!).toLowerCase()
      this.plainCache[slot] = text
    }
    return text
  }

  get clientFilter(): ClientFilter | undefined {
    return this.filter
  }

  setClientFilter(filter: ClientFilter | undefined): void {
    this.filter = filter && filter.text !== '' ? { ...filter, text: filter.text.toLowerCase() } : undefined
    this.rows = this.filter ? [] : undefined
    for (let seq = this.firstSeq; seq < this.next; seq++) {
      const shown = this.passes(seq)
      this.shown[seq % this.capacity] = shown ? 1 : 0
      if (shown) this.rows?.push(seq)
    }
    this.rowsHead = 0
    this.recount()
    this.version++
  }

  /**
   * The header's histogram of the rows' times over `width` columns, ERROR buckets marked. Kept as
   * entries arrive and drop out, so a frame costs the same with 50,000 entries as with 50.
   */
  histogram(width: number): HistogramCell[] {
    return this.counts.cells(width)
  }

  private timeOf(slot: number): number {
    return this.ring[slot]!.timestamp.getTime()
  }

  /** The histogram counted again from the rows held (a new client filter, or finer buckets). */
  private recount(): void {
    this.counts.clear()
    for (let seq = this.firstSeq; seq < this.next; seq++) {
      const slot = seq % this.capacity
      if (this.shown[slot]) this.counts.add(this.timeOf(slot), this.levels[slot] === ERROR_CODE)
    }
  }

  private passes(seq: number): boolean {
    const f = this.filter
    if (!f) return true
    return this.plain(seq).includes(f.text) !== f.exclude
  }

  /** How many rows the screen can scroll through. */
  get rowCount(): number {
    return this.rows ? this.rows.length - this.rowsHead : this.size
  }

  seqAt(row: number): number {
    return this.rows ? this.rows[this.rowsHead + row]! : this.firstSeq + row
  }

  /** The row of an entry, or of the first row after it when it is filtered out or dropped. */
  rowOf(seq: number): number {
    if (!this.rows) return Math.min(Math.max(0, seq - this.firstSeq), Math.max(0, this.size - 1))
    let lo = this.rowsHead
    let hi = this.rows.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.rows[mid]! < seq) lo = mid + 1
      else hi = mid
    }
    return Math.min(lo - this.rowsHead, Math.max(0, this.rowCount - 1))
  }

  /** The nearest row after (dir 1) or before (dir -1) `from` whose entry matches. */
  find(from: number, dir: 1 | -1, matches: (seq: number) => boolean): number | undefined {
    for (let row = from + dir; row >= 0 && row < this.rowCount; row += dir) {
      if (matches(this.seqAt(row))) return row
    }
    return undefined
  }
}

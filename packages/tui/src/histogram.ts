const BARS = '▁▂▃▄▅▆▇█'

export interface HistogramCell {
  bar: string
  /** The bucket holds at least one ERROR entry: drawn in red. */
  error: boolean
}

/** The span, in buckets, above which buckets are merged in pairs. */
const MAX_SPAN = 4096
/** The span, in buckets, below which finer buckets are wanted (and the counts rebuilt from the entries). */
const MIN_SPAN = MAX_SPAN / 8

/**
 * Event counts over time, kept as entries come and go, so drawing the header's histogram costs the
 * number of buckets (at most MAX_SPAN) and not the number of entries held. Buckets are a power of
 * two milliseconds wide; when the entries span more than MAX_SPAN buckets, neighbours merge. Counts
 * cannot be split again, so when the span has shrunk below MIN_SPAN (old entries dropped) `wantsFiner`
 * says so and the owner counts again from what it holds (which ends with the span between
 * MAX_SPAN / 2 and MAX_SPAN, so counting again is rare).
 */
export class TimeHistogram {
  private unit = 1
  private readonly counts = new Map<number, number>()
  private readonly errors = new Map<number, number>()
  private min = Number.POSITIVE_INFINITY
  private max = Number.NEGATIVE_INFINITY
  private total = 0

  add(time: number, error: boolean): void {
    const k = Math.floor(time / this.unit)
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1)
    if (error) this.errors.set(k, (this.errors.get(k) ?? 0) + 1)
    this.total++
    if (k < this.min) this.min = k
    if (k > this.max) this.max = k
    while (this.max - this.min + 1 > MAX_SPAN) this.coarsen()
  }

  /** Takes out an entry that was added with the same time and level. */
  remove(time: number, error: boolean): void {
    const k = Math.floor(time / this.unit)
    const n = this.counts.get(k)
    if (n === undefined) return
    this.total--
    if (n > 1) this.counts.set(k, n - 1)
    else this.counts.delete(k)
    if (error) {
      const e = this.errors.get(k) ?? 0
      if (e > 1) this.errors.set(k, e - 1)
      else this.errors.delete(k)
    }
    if (n > 1) return
    if (this.total === 0) {
      this.min = Number.POSITIVE_INFINITY
      this.max = Number.NEGATIVE_INFINITY
      return
    }
    // Entries leave oldest first: the new bounds are the nearest buckets still counted, found by
    // stepping inwards (the span is at most MAX_SPAN buckets).
    if (k === this.min) while (!this.counts.has(this.min)) this.min++
    if (k === this.max) while (!this.counts.has(this.max)) this.max--
  }

  clear(): void {
    this.unit = 1
    this.counts.clear()
    this.errors.clear()
    this.total = 0
    this.min = Number.POSITIVE_INFINITY
    this.max = Number.NEGATIVE_INFINITY
  }

  /** The buckets are coarser than the entries' span needs: rebuild with `rebuildUnit`. */
  wantsFiner(): boolean {
    return this.unit > 1 && this.total > 0 && this.max - this.min + 1 < MIN_SPAN
  }

  /**
   * One cell per column over [oldest, newest], the bar's height the column's count against the
   * fullest column's. A bucket that straddles two columns gives each its share, so an even rate
   * draws an even row. Columns with no event are a space.
   */
  cells(width: number): HistogramCell[] {
    if (width <= 0) return []
    const cells: HistogramCell[] = Array.from({ length: width }, () => ({ bar: ' ', error: false }))
    if (this.total === 0) return cells
    const span = this.max - this.min + 1
    const perBucket = width / span
    const sums = new Float64Array(width)
    for (const [k, n] of this.counts) {
      const from = (k - this.min) * perBucket
      const to = from + perBucket
      const error = this.errors.has(k)
      for (let c = Math.floor(from); c < to && c < width; c++) {
        const share = Math.min(to, c + 1) - Math.max(from, c)
        if (share <= 0) continue
        sums[c]! += (n * share) / perBucket
        if (error) cells[c]!.error = true
      }
    }
    let top = 0
    for (const s of sums) if (s > top) top = s
    for (let c = 0; c < width; c++) {
      const s = sums[c]!
      if (s > 0) cells[c]!.bar = BARS[Math.round((s / top) * (BARS.length - 1))]!
    }
    return cells
  }

  /** Neighbouring buckets merged in pairs: twice the width, half the span. */
  private coarsen(): void {
    const merge = (from: Map<number, number>) => {
      const merged = new Map<number, number>()
      for (const [k, n] of from) {
        const half = Math.floor(k / 2)
        merged.set(half, (merged.get(half) ?? 0) + n)
      }
      from.clear()
      for (const [k, n] of merged) from.set(k, n)
    }
    merge(this.counts)
    merge(this.errors)
    this.unit *= 2
    this.min = Math.floor(this.min / 2)
    this.max = Math.floor(this.max / 2)
  }
}

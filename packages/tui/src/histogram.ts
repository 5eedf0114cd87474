const BARS = '▁▂▃▄▅▆▇█'

export interface HistogramCell {
  bar: string
  /** The bucket holds at least one ERROR entry: drawn in red. */
  error: boolean
}

/**
 * A one-row histogram of event counts over [from, to]: one cell per column, the bar's height the
 * bucket's count against the fullest bucket. Buckets with no event are a space.
 */
export function histogram(
  count: number,
  timeAt: (i: number) => number,
  isError: (i: number) => boolean,
  width: number,
): HistogramCell[] {
  if (width <= 0) return []
  const cells: HistogramCell[] = Array.from({ length: width }, () => ({ bar: ' ', error: false }))
  if (count === 0) return cells
  const from = timeAt(0)
  const to = timeAt(count - 1)
  const span = Math.max(1, to - from + 1)
  const counts = new Array<number>(width).fill(0)
  for (let i = 0; i < count; i++) {
    const t = timeAt(i)
    // Late entries can sit outside [from, to]: clamp them to the edges.
    const bucket = Math.min(width - 1, Math.max(0, Math.floor(((t - from) / span) * width)))
    counts[bucket]!++
    if (isError(i)) cells[bucket]!.error = true
  }
  const max = Math.max(...counts)
  for (let b = 0; b < width; b++) {
    const n = counts[b]!
    if (n > 0) cells[b]!.bar = BARS[Math.min(BARS.length - 1, Math.floor((n / max) * (BARS.length - 1)))]!
  }
  return cells
}

import { PerformanceObserver } from 'node:perf_hooks'
import v8 from 'node:v8'

/** The young generation's size (both semi-spaces) the process keeps to. */
export const YOUNG_GENERATION_CAP = 8 * 1024 * 1024

/** V8 majors known to have --semi-space-growth-factor (Node 20: 11, 22: 12, 24: 13). */
const KNOWN_V8 = new Set([11, 12, 13])

/**
 * Keeps V8's young generation at 4 MiB semi-spaces (8 MiB in all) instead of letting it grow to
 * 16 MiB ones. A read streams pages of thousands of events whose objects outlive a scavenge or two,
 * so V8 doubles the young generation until it is 32 MiB; every scavenge then copies through a
 * to-space larger than the CPU's caches and faults in fresh pages. At 4 MiB semi-spaces a view of
 * 200,000 events took 1.33 s of CPU and 92 MiB at peak instead of 1.70 s and 117 MiB (five runs
 * each, Node 20); 1 MiB semi-spaces were slower than both (2.1 s, 150 MiB: more is promoted).
 *
 * `--max-semi-space-size` is read only when V8 starts, which an npm bin cannot ask for on every
 * platform (a shebang takes one argument). The growth factor is read at each growth, so it is set
 * to 1 (grow no more) once the space has reached the cap, and back to 2 should V8 shrink it while
 * a follow idles. Left alone when the user chose a size, or on a V8 not known to have the flag (an
 * unknown flag is reported on stdout, which would corrupt the output).
 */
export function capYoungGeneration(cap = YOUNG_GENERATION_CAP): void {
  const major = Number(process.versions.v8.split('.')[0])
  if (!KNOWN_V8.has(major)) return
  const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ')
  if (/--(max|min)[-_]semi[-_]space[-_]size|--semi[-_]space[-_]growth[-_]factor/.test(chosen)) return
  let factor = 2
  const observer = new PerformanceObserver(() => {
    const size = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size
    if (size === undefined) return observer.disconnect()
    const next = size >= cap ? 1 : 2
    if (next === factor) return
    factor = next
    v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`)
  })
  observer.observe({ entryTypes: ['gc'] })
}

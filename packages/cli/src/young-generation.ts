import { PerformanceObserver } from 'node:perf_hooks'
import v8 from 'node:v8'

/** The young generation's size (both semi-spaces) the process keeps to. */
export const YOUNG_GENERATION_CAP = 8 * 1024 * 1024

/**
 * The V8 majors this is measured on and known to work: Node 20's. Node 24's V8 (13) holds the growth
 * factor at 2 or more, so 1 would be refused or reset there, and Node 22+ caches compiled code keyed
 * by V8's flags, which a flag changed mid-run may spoil; they keep V8's own sizing until measured.
 */
export const CAPPED_V8_MAJORS: ReadonlySet<number> = new Set([11])

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
 * to 1 (grow no more) once a collection has left the space at the cap or past it (observed after
 * the collection: one more growth can slip in first), and back to 2 should V8 shrink it while a
 * follow idles. Left alone when the user chose a size, and on other V8 majors (CAPPED_V8_MAJORS;
 * an unknown flag would be reported on stdout, in the middle of the output).
 */
export function capYoungGeneration(cap = YOUNG_GENERATION_CAP): void {
  const major = Number(process.versions.v8.split('.')[0])
  if (!CAPPED_V8_MAJORS.has(major)) return
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

/**
 * Which step a job log line belongs to. The run's logs archive names the step of every line when it
 * has per-step files; when it does not (GitHub's newer archives, and the per-job logs endpoint), the
 * jobs API's step times decide. Those have second precision, so two steps often share a second:
 * there the runner's own markers settle it — a step's output opens with `##[group]Run …`, and a
 * failed step ends with `##[error]Process completed with exit code N` — and otherwise the line
 * goes to the later step, as does a line that falls in a gap between steps.
 */
import type { LogLine } from './log-lines.js'

export interface StepTiming {
  number: number
  name: string
  status: string
  conclusion: string | null
  started_at?: string | null
  completed_at?: string | null
}

const FAILURE_FOOTER = /^##\[error\]Process completed with exit code \d+/
const STEP_HEADER = /^##\[group\]Run /

interface Span {
  step: StepTiming
  from: number
  to: number
}

export function assignStepsByTime(
  lines: readonly LogLine[],
  steps: readonly StepTiming[],
  /** The job is still running: a line after every known step belongs to one not listed yet. */
  running = false,
): Array<StepTiming | undefined> {
  const spans: Span[] = []
  for (const step of [...steps].sort((a, b) => a.number - b.number)) {
    if (!step.started_at || step.conclusion === 'skipped') continue
    const from = secondOf(step.started_at)
    const to = step.completed_at ? secondOf(step.completed_at) + 999 : Number.POSITIVE_INFINITY
    spans.push({ step, from, to })
  }
  if (spans.length === 0) return lines.map(() => undefined)
  // For each line, the index of the next step header after it (to look ahead within a second).
  const nextHeader = new Array<number>(lines.length)
  let upcoming = -1
  for (let i = lines.length - 1; i >= 0; i--) {
    nextHeader[i] = upcoming
    if (STEP_HEADER.test(lines[i]!.text)) upcoming = i
  }
  let floor = 0
  let linesInFloor = 0
  return lines.map((line, i) => {
    const t = line.time
    const inside = spans.flatMap((s, k) => (s.from <= t && t <= s.to && k >= floor ? [k] : []))
    let index: number
    if (inside.length === 0) {
      const next = spans.findIndex((s, k) => k >= floor && s.from > t)
      if (next < 0 && running && t > spans.at(-1)!.to) return undefined
      index = next >= 0 ? next : Math.max(floor, spans.length - 1)
    } else if (inside.length === 1) {
      index = inside[0]!
    } else if (STEP_HEADER.test(line.text)) {
      // The current step's own opening line, or the next step starting.
      index =
        inside[0] === floor && linesInFloor === 0 ? floor : (inside.find((k) => k > floor) ?? inside.at(-1)!)
    } else if (FAILURE_FOOTER.test(line.text)) {
      index = inside[0]!
    } else {
      // Still the earlier step while the next step's header is yet to come in this same second.
      const header = nextHeader[i]!
      const headerSoon = header >= 0 && secondOfMs(lines[header]!.time) === secondOfMs(t)
      index = headerSoon && inside[0] === floor ? floor : inside.at(-1)!
    }
    if (index !== floor) linesInFloor = 0
    floor = Math.max(floor, index)
    linesInFloor++
    return spans[floor]!.step
  })
}

const secondOfMs = (ms: number) => ms - (((ms % 1000) + 1000) % 1000)

/** A step time truncated to its second, as the API's precision allows. */
function secondOf(iso: string): number {
  const ms = Date.parse(iso)
  return ms - (((ms % 1000) + 1000) % 1000)
}

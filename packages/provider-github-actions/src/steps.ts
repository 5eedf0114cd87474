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
  return Array.from(labelByTime(lines, steps, running), (l) => l.step)
}

/**
 * assignStepsByTime as lines come: a line is labelled once the log has moved past its second (a
 * step header later in that second decides it), so what is held is one second's lines.
 */
export function* labelByTime<L extends LogLine>(
  lines: Iterable<L>,
  steps: readonly StepTiming[],
  running = false,
): Generator<{ line: L; step: StepTiming | undefined }, void, undefined> {
  const spans: Span[] = []
  for (const step of [...steps].sort((a, b) => a.number - b.number)) {
    if (!step.started_at || step.conclusion === 'skipped') continue
    const from = secondOf(step.started_at)
    const to = step.completed_at ? secondOf(step.completed_at) + 999 : Number.POSITIVE_INFINITY
    spans.push({ step, from, to })
  }
  if (spans.length === 0) {
    for (const line of lines) yield { line, step: undefined }
    return
  }
  let floor = 0
  let linesInFloor = 0
  const label = (line: L, headerSoon: boolean): StepTiming | undefined => {
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
      index = headerSoon && inside[0] === floor ? floor : inside.at(-1)!
    }
    if (index !== floor) linesInFloor = 0
    floor = Math.max(floor, index)
    linesInFloor++
    return spans[floor]!.step
  }
  // The lines of the current second, and where the last step header among them is.
  let held: L[] = []
  let lastHeader = -1
  let heldSecond = Number.NaN
  function* release() {
    for (let i = 0; i < held.length; i++) yield { line: held[i]!, step: label(held[i]!, i < lastHeader) }
    held = []
    lastHeader = -1
  }
  for (const line of lines) {
    const second = secondOfMs(line.time)
    if (second !== heldSecond) {
      yield* release()
      heldSecond = second
    }
    if (STEP_HEADER.test(line.text)) lastHeader = held.length
    held.push(line)
  }
  yield* release()
}

const secondOfMs = (ms: number) => ms - (((ms % 1000) + 1000) % 1000)

/** A step time truncated to its second, as the API's precision allows. */
function secondOf(iso: string): number {
  const ms = Date.parse(iso)
  return ms - (((ms % 1000) + 1000) % 1000)
}

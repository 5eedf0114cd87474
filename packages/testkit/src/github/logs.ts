/**
 * Job log text as GitHub serves it: a UTF-8 byte-order mark, then one line per output line,
 * each prefixed with a UTC timestamp carrying 7 fractional digits (100 ns ticks), with the
 * runner's `##[group]` / `##[endgroup]` / `##[error]` markers inside the messages.
 */
import type { GitHubSeedStep } from './seed.js'

/** One log line; `sub` holds the 100 ns ticks below the millisecond (0..9999). */
export interface LogLine {
  ms: number
  sub: number
  text: string
}

export const BYTE_ORDER_MARK = '\uFEFF'

/** `2026-11-27T10:00:01.1234567Z` */
export function formatLogTimestamp(ms: number, sub: number): string {
  const iso = new Date(ms).toISOString() // 2026-11-27T10:00:01.123Z
  return `${iso.slice(0, 23)}${String(sub).padStart(4, '0')}Z`
}

export function formatLogLine(line: LogLine): string {
  return `${formatLogTimestamp(line.ms, line.sub)} ${line.text}`
}

/** The lines whose time has come, as the log file body (with the byte-order mark). */
export function renderLog(lines: readonly LogLine[], now: number): string {
  const visible = lines.filter((l) => l.ms <= now)
  return BYTE_ORDER_MARK + visible.map((l) => `${formatLogLine(l)}\n`).join('')
}

/**
 * Sub-millisecond digits look random in real logs; these are derived from the job id and line
 * index so that every render of the same log is byte-identical.
 */
function subTicks(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
  return ((h ^ (h >>> 16)) >>> 0) % 10000
}

/** Places timed texts on the timeline, keeping (ms, sub) strictly increasing within one job. */
export class JobLogWriter {
  private readonly lines: LogLine[] = []
  private lastMs = Number.NEGATIVE_INFINITY
  private lastSub = 0

  constructor(private readonly seed: number) {}

  add(ms: number, text: string): LogLine {
    let at = Math.floor(ms)
    let sub = subTicks(this.seed, this.lines.length)
    if (at < this.lastMs || (at === this.lastMs && sub <= this.lastSub)) {
      at = this.lastMs
      sub = this.lastSub + 1
      if (sub > 9999) {
        at += 1
        sub = 0
      }
    }
    this.lastMs = at
    this.lastSub = sub
    const line = { ms: at, sub, text }
    this.lines.push(line)
    return line
  }
}

/** The runner's own output for GitHub's "Set up job" step. */
export function setUpJobTexts(jobName: string, labels: readonly string[], runnerName: string): string[] {
  const image = labels.find((l) => l.startsWith('ubuntu')) ?? labels[0] ?? 'ubuntu-latest'
  return [
    "Current runner version: '2.321.0'",
    `Runner name: '${runnerName}'`,
    '##[group]Operating System',
    'Ubuntu',
    '24.04.1',
    'LTS',
    '##[endgroup]',
    '##[group]Runner Image',
    `Image: ${image === 'ubuntu-latest' ? 'ubuntu-24.04' : image}`,
    'Version: 20261123.1.0',
    '##[endgroup]',
    '##[group]GITHUB_TOKEN Permissions',
    'Contents: read',
    'Metadata: read',
    '##[endgroup]',
    'Secret source: Actions',
    'Prepare workflow directory',
    'Prepare all required actions',
    `Complete job name: ${jobName}`,
  ]
}

export const COMPLETE_JOB_TEXTS = ['Cleaning up orphan processes']

/** The `##[group]Run ...` block the runner prints before a step's own output. */
export function stepHeaderTexts(step: GitHubSeedStep): string[] {
  if (step.uses) {
    const inputs = Object.entries(step.with ?? {})
    return [
      `##[group]Run ${step.uses}`,
      ...(inputs.length > 0 ? ['with:', ...inputs.map(([k, v]) => `  ${k}: ${v}`)] : []),
      '##[endgroup]',
    ]
  }
  if (step.run) {
    const script = step.run.split('\n')
    return [`##[group]Run ${script[0]}`, ...script, 'shell: /usr/bin/bash -e {0}', '##[endgroup]']
  }
  return []
}

/**
 * Writes one step's lines: the header at the start, seeded lines spread over the duration (or at
 * their `atMs`), and for a failed shell step the runner's exit-code error at the end.
 */
export function writeStepLines(
  writer: JobLogWriter,
  step: GitHubSeedStep,
  startAt: number,
  endAt: number,
  failed: boolean,
): LogLine[] {
  const out: LogLine[] = []
  for (const t of stepHeaderTexts(step)) out.push(writer.add(startAt, t))
  const seeded = step.lines ?? []
  const duration = endAt - startAt
  // Explicitly timed lines keep their place; plain ones share the duration evenly.
  const plainCount = seeded.filter((l) => typeof l === 'string').length
  let plainIndex = 0
  const timed = seeded.map((line) =>
    typeof line === 'string'
      ? { at: startAt + Math.floor((++plainIndex * duration) / (plainCount + 1)), text: line }
      : { at: startAt + Math.min(line.atMs, duration), text: line.text },
  )
  timed.sort((a, b) => a.at - b.at)
  for (const t of timed) out.push(writer.add(t.at, t.text))
  if (failed && step.run) out.push(writer.add(endAt, '##[error]Process completed with exit code 1.'))
  return out
}

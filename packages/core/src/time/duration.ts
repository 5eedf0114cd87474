import { UsageError } from '../errors.js'

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

// One `<number><unit>` part of a Go duration; `w` and `d` are our additions to Go's units.
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w)/y

export const DURATION_FORMS = '90s, 15m, 1h30m, 1.5h, 500ms, 2d, 1w, 1d12h'

/**
 * Reads a Go-style duration (`1h30m`, `1.5h`, `500ms`) extended with days and weeks (`2d`,
 * `1w`, `1d12h`) and returns milliseconds, or undefined when the text is not one. A lone `0` is
 * accepted as Go does. No sign: callers decide what a direction means.
 */
export function tryParseDuration(text: string): number | undefined {
  const s = text.trim()
  if (s === '0') return 0
  if (s === '') return undefined
  let total = 0
  PART.lastIndex = 0
  let at = 0
  while (at < s.length) {
    PART.lastIndex = at
    const m = PART.exec(s)
    if (!m) return undefined
    total += Number(m[1]) * UNIT_MS[m[2]!]!
    at = PART.lastIndex
  }
  return Number.isFinite(total) ? total : undefined
}

/** Like tryParseDuration, but a value that is not a duration is a usage error. */
export function parseDuration(text: string): number {
  const ms = tryParseDuration(text)
  if (ms === undefined) {
    throw new UsageError(`"${text}" is not a duration.`, {
      hint: `Write a number followed by a unit (ns, us, ms, s, m, h, d, w), parts may be combined: ${DURATION_FORMS}.`,
    })
  }
  return ms
}

const FORMAT_UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
]

/**
 * Renders milliseconds the way people write them back into --since: `1h30m`, `2d`, `1m30s`,
 * `1.5s`, `500ms`. Zero parts are left out; `0s` for nothing; a negative value gets a `-`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  if (ms < 0) return `-${formatDuration(-ms)}`
  if (ms === 0) return '0s'
  if (ms < 1000) return `${trimNumber(ms)}ms`
  // Above a second, sub-millisecond remainders are noise in a human-facing duration.
  let rest = Math.round(ms)
  let out = ''
  for (const [unit, size] of FORMAT_UNITS) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`
      rest %= size
    }
  }
  const seconds = rest / 1000
  if (seconds > 0) out += `${trimNumber(seconds)}s`
  return out
}

function trimNumber(n: number): string {
  return String(Number(n.toFixed(3)))
}

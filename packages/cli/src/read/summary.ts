import type { LogLevel, ResolvedSource } from '@atmos-logs/core'
import type { TaggedEntry } from '../output/index.js'
import { readableJson, withoutRepeatedHead } from '../output/readable-message.js'

/** How many distinct ERROR messages one source remembers; past that the rarest half is forgotten. */
export const SUMMARY_DISTINCT_ERRORS = 1_000
/** How much of a normalised message is kept as its key: enough to tell messages apart. */
const KEY_CHARS = 240
/** How many repeated ERROR messages a summary names per source. */
export const SUMMARY_TOP_ERRORS = 5

export type LevelCounts = Record<LogLevel | 'none', number>

export interface RepeatedError {
  /** The message with its varying parts replaced (`<n>`, `<id>`, `<uuid>`, `<hex>`, `<time>`). */
  message: string
  count: number
  /** The first message of this shape, as logged (its text, without a repeated head). */
  example: string
}

export interface SourceSummary {
  source: string
  kind: string
  component: string | null
  stack: string | null
  entries: number
  levels: LevelCounts
  first?: Date
  last?: Date
  topErrors: RepeatedError[]
  /**
   * More distinct ERROR messages came than SUMMARY_DISTINCT_ERRORS: the rarest were forgotten on
   * the way, so a message counted after that may be counted short.
   */
  approximate: boolean
}

interface Counted {
  count: number
  example: string
  order: number
}

class SourceTally {
  entries = 0
  levels: LevelCounts = { ERROR: 0, WARN: 0, INFO: 0, DEBUG: 0, none: 0 }
  first = Number.POSITIVE_INFINITY
  last = Number.NEGATIVE_INFINITY
  errors = new Map<string, Counted>()
  seenShapes = 0
  approximate = false

  add(entry: TaggedEntry): void {
    this.entries++
    const time = entry.timestamp.getTime()
    if (time < this.first) this.first = time
    if (time > this.last) this.last = time
    const structured = entry.message.trimStart().startsWith('{') ? readableJson(entry.message) : undefined
    const level = entry.level ?? structured?.level
    this.levels[level ?? 'none']++
    if (level !== 'ERROR') return
    const text = structured
      ? structured.message
      : withoutRepeatedHead(entry.message, entry.timestamp, entry.level).text.replace(LEADING_LEVEL, '')
    const key = normaliseMessage(text).slice(0, KEY_CHARS)
    const counted = this.errors.get(key)
    if (counted) {
      counted.count++
      return
    }
    if (this.errors.size >= SUMMARY_DISTINCT_ERRORS) this.forgetRarest()
    this.errors.set(key, { count: 1, example: text.slice(0, KEY_CHARS * 2), order: this.seenShapes++ })
  }

  /** Keeps the more frequent half: memory stays bounded whatever the number of distinct messages. */
  private forgetRarest(): void {
    const kept = [...this.errors].sort(byCount).slice(0, SUMMARY_DISTINCT_ERRORS / 2)
    this.errors = new Map(kept)
    this.approximate = true
  }

  summary(origin: Omit<SourceSummary, 'entries' | 'levels' | 'topErrors' | 'approximate'>): SourceSummary {
    const top = [...this.errors].sort(byCount).slice(0, SUMMARY_TOP_ERRORS)
    return {
      ...origin,
      entries: this.entries,
      levels: { ...this.levels },
      ...(this.entries > 0 ? { first: new Date(this.first), last: new Date(this.last) } : {}),
      topErrors: top.map(([message, c]) => ({ message, count: c.count, example: c.example })),
      approximate: this.approximate,
    }
  }
}

// `ERROR `, `[ERROR] `, `error: ` before the message: the level is counted apart.
const LEADING_LEVEL = /^\s*\[?(?:error|err|fatal|critical|crit|panic)\]?:?\s+/i

/** The most repeated first; among equals, the one seen first. */
const byCount = (a: [string, Counted], b: [string, Counted]) =>
  b[1].count - a[1].count || a[1].order - b[1].order

/**
 * Per source: entries by level, first and last timestamp, the most repeated ERROR messages once
 * ids, numbers and times are set aside. Memory is bounded: a fixed tally per source.
 */
export class SummaryTally {
  private readonly bySource = new Map<string, SourceTally>()

  constructor(private readonly sources: ResolvedSource[]) {
    for (const s of sources) this.bySource.set(keyOf(s.stack, s.component, s.name), new SourceTally())
  }

  add(entry: TaggedEntry): void {
    const key = keyOf(entry.stack, entry.component, entry.source)
    let tally = this.bySource.get(key)
    if (!tally) {
      tally = new SourceTally()
      this.bySource.set(key, tally)
    }
    tally.add(entry)
  }

  /** One summary per source, in the order the sources were selected (those that logged nothing too). */
  result(): SourceSummary[] {
    return this.sources.map((s) =>
      this.bySource.get(keyOf(s.stack, s.component, s.name))!.summary({
        source: s.name,
        kind: s.kind,
        component: s.component,
        stack: s.stack,
      }),
    )
  }
}

const keyOf = (stack: string | null, component: string | null, source: string) =>
  `${stack ?? ''}\u0000${component ?? ''}\u0000${source}`

// ISO-like times (`2026-12-02T04:41:58.007Z`, `2026-12-02 04:41:58,007`) and clock times (`04:41:58`).
const TIMES =
  /\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b|\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b/g
const UUIDS = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi
// A word, possibly with inner dots, dashes and underscores (`ord-1042`, `203.0.113.7`, `i-0abc`).
const WORDS = /[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?/g

/**
 * A message with what varies between occurrences of the same problem replaced: times `<time>`,
 * uuids `<uuid>`, hex strings `<hex>`, numbers `<n>` (a unit kept: `<n>ms`), and any other word
 * with a digit in it `<id>` (`ord-1042`, `req_7f3a`).
 */
export function normaliseMessage(text: string): string {
  return text
    .replace(TIMES, '<time>')
    .replace(UUIDS, '<uuid>')
    .replace(WORDS, (word) => {
      if (!/\d/.test(word)) return word
      if (/^[\d.]+$/.test(word)) return '<n>'
      const unit = /^\d+(?:\.\d+)?([A-Za-z]{1,3})$/.exec(word)
      if (unit) return `<n>${unit[1]}`
      if (/^(?:0x[0-9a-f]+|[0-9a-f]{6,})$/i.test(word)) return '<hex>'
      return '<id>'
    })
    .replace(/\s+/g, ' ')
    .trim()
}

import { compileGoLayout } from '@atmos-logs/core'
import type { ChalkInstance } from 'chalk'
import type { SourceSummary } from '../read/summary.js'
import { sourceLabel, spansStacks } from '../selection.js'
import { DEFAULT_PRETTY_LAYOUT } from './pretty.js'
import { forTerminal } from './terminal-text.js'

export interface SummaryHeader {
  /** What was read, in words: `api/function, api/audit, api/ci`. */
  reading: string
  /** ` in the last 30 minutes`-style words, or empty. */
  within: string
  since?: Date
  until?: Date
}

/** `--summary --format json`: one JSON document, every key always present. */
export function summaryJson(header: SummaryHeader, sources: SourceSummary[]): string {
  return `${JSON.stringify({
    type: 'summary',
    since: header.since?.toISOString() ?? null,
    until: header.until?.toISOString() ?? null,
    sources: sources.map((s) => ({
      component: s.component,
      stack: s.stack,
      source: s.source,
      kind: s.kind,
      entries: s.entries,
      levels: s.levels,
      first: s.first?.toISOString() ?? null,
      last: s.last?.toISOString() ?? null,
      topErrors: s.topErrors,
      approximate: s.approximate,
    })),
  })}\n`
}

const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG'] as const

/** `--summary` for reading: a few lines per source, to read before diving into the entries. */
export function summaryText(
  header: SummaryHeader,
  sources: SourceSummary[],
  opts: { chalk: ChalkInstance; utc: boolean; timestampFormat?: string },
): string {
  const c = opts.chalk
  const layout = compileGoLayout(opts.timestampFormat ?? DEFAULT_PRETTY_LAYOUT)
  const time = (d: Date) => layout(d, { utc: opts.utc })
  const clean = (text: string) => forTerminal(text, { keepColour: false }).replace(/\s+/g, ' ')
  const total = sources.reduce((n, s) => n + s.entries, 0)
  const count = (n: number) => n.toLocaleString('en-US')
  const paint: Record<(typeof LEVELS)[number], (t: string) => string> = {
    ERROR: (t) => c.red(t),
    WARN: (t) => c.yellow(t),
    INFO: (t) => c.green(t),
    DEBUG: (t) => c.gray(t),
  }
  let out = c.bold(
    `Summary of ${header.reading}${header.within}: ${count(total)} ${total === 1 ? 'entry' : 'entries'}`,
  )
  out += '\n'
  const severalStacks = spansStacks(sources)
  for (const s of sources) {
    const name = sourceLabel({ stack: s.stack, component: s.component, name: s.source }, severalStacks)
    out += `\n${c.bold(name)} ${c.dim(`(${s.kind})`)}  ${count(s.entries)} ${s.entries === 1 ? 'entry' : 'entries'}`
    if (s.first && s.last) out += c.dim(`  ${time(s.first)} → ${time(s.last)}`)
    out += '\n'
    if (s.entries === 0) continue
    const levels = LEVELS.filter((l) => s.levels[l] > 0).map((l) => `${paint[l](l)} ${count(s.levels[l])}`)
    if (s.levels.none > 0) levels.push(`no level ${count(s.levels.none)}`)
    out += `  ${levels.join('  ')}\n`
    if (s.topErrors.length === 0) continue
    out += `  ${s.approximate ? 'most repeated errors (approximate counts: many distinct messages)' : 'most repeated errors'}:\n`
    const width = Math.max(...s.topErrors.map((e) => `${count(e.count)}×`.length))
    for (const e of s.topErrors) {
      out += `    ${c.red(`${count(e.count)}×`.padStart(width))} ${clean(e.message)}\n`
    }
  }
  return out
}

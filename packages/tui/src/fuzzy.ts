import * as fzf from 'fzf'
import { Fzf, type FzfResultItem } from 'fzf'
import type { TuiSource } from './backend.js'

/** The columns of the Sources screen, in the order the fuzzy query matches them. */
export const SOURCE_COLUMNS = ['stack', 'component', 'source', 'kind', 'identity'] as const
export type SourceColumn = (typeof SOURCE_COLUMNS)[number]

export function columnText(source: TuiSource, column: SourceColumn): string {
  switch (column) {
    case 'stack':
      return source.stack ?? '-'
    case 'component':
      return source.component ?? '-'
    case 'source':
      return source.name
    case 'kind':
      return source.kind
    case 'identity':
      return source.identity ?? '-'
  }
}

/** A source that matched the query, with the matched letters per column (indexes into that column's text). */
export interface SourceMatch {
  source: TuiSource
  marks: Record<SourceColumn, Set<number>>
}

/**
 * fzf's extended matcher. The package exports it, but its type declarations re-export it from a
 * path without an extension, which NodeNext resolution does not follow.
 */
const extendedMatch = (
  fzf as unknown as { extendedMatch(this: unknown, query: string): FzfResultItem<TuiSource>[] }
).extendedMatch

/** The text fzf ranks: every column, space separated, so `dev api` matches stack dev's api. */
function haystack(source: TuiSource): string {
  return SOURCE_COLUMNS.map((c) => columnText(source, c)).join(' ')
}

/**
 * The sources that match `query`, best first (fzf's v2 scoring, as fzf ranks), pinned sources
 * first among equals only when there is no query; each with the matched letters per column.
 */
export function matchSources(sources: readonly TuiSource[], query: string): SourceMatch[] {
  if (query.trim() === '') return sources.map((source) => ({ source, marks: noMarks() }))
  // fzf's own search syntax: words separated by spaces match in any order (`function api`), and
  // 'exact, ^start, end$ and !not work as they do in fzf.
  const fzf = new Fzf(sources, { selector: haystack, casing: 'smart-case', limit: 500, match: extendedMatch })
  return fzf.find(query).map((result: FzfResultItem<TuiSource>) => {
    const marks = noMarks()
    let offset = 0
    for (const column of SOURCE_COLUMNS) {
      const text = columnText(result.item, column)
      for (const p of result.positions)
        if (p >= offset && p < offset + text.length) marks[column].add(p - offset)
      offset += text.length + 1
    }
    return { source: result.item, marks }
  })
}

function noMarks(): Record<SourceColumn, Set<number>> {
  return { stack: new Set(), component: new Set(), source: new Set(), kind: new Set(), identity: new Set() }
}

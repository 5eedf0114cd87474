import { type ProviderRegistry, type ResolvedSource, sourceMatcher, UsageError } from '@atmos-logs/core'
import type { ReadRequest } from './request.js'

/** `--filter-for api=ERROR`, `--filter-for 'api/*'=...`: which sources, and the expression. */
interface FilterFor {
  given: string
  pattern: string
  expression: string
  matches: (source: ResolvedSource) => boolean
}

/** A source's filter, and the flag it came from (for an error that blames it). */
export interface SourceFilter {
  expression: string
  /** Undefined when no flag gave it (the interactive view's `f`). */
  flag?: string
}

/**
 * The filter each source reads with: the --filter-for that names it, else --filter (or search's
 * --query), else none. Before anything is read, each filter is put to the source's kind: a kind
 * that takes no filter, or whose own check says the expression is not in its syntax, is a usage
 * error (exit 2) naming the source, so one view never filters some sources and silently not others.
 */
export async function filtersFor(
  req: Pick<ReadRequest, 'filter' | 'filterFor' | 'filterFlag'>,
  sources: ResolvedSource[],
  registry: ProviderRegistry,
  /** What to do when several sources are read and one refuses, where --filter-for is not taken. */
  opts: { severalFix?: string } = {},
): Promise<Map<ResolvedSource, SourceFilter>> {
  const perSource = (req.filterFor ?? []).map(parseFilterFor)
  const out = new Map<ResolvedSource, SourceFilter>()
  for (const f of perSource) {
    if (!sources.some(f.matches)) {
      throw new UsageError(
        `--filter-for ${f.given} names no source of this read; the sources are ${sources.map(labelOf).join(', ')}.`,
        { hint: 'Name a source (or a glob, or component/source) that --source or --all-sources selected.' },
      )
    }
  }
  const flag = req.filterFlag ?? '--filter'
  const refused: Array<{ source: ResolvedSource; given: string; why: string; syntax?: string }> = []
  for (const source of sources) {
    const mine = perSource.filter((f) => f.matches(source))
    if (mine.length > 1) {
      throw new UsageError(
        `Source ${labelOf(source)} is named by ${mine.map((f) => `--filter-for ${f.pattern}`).join(' and ')}; give it one filter.`,
        { hint: 'Make the names or globs of --filter-for pick each source once.' },
      )
    }
    const expression = mine[0]?.expression ?? req.filter
    if (expression === undefined || expression === '') continue
    const given = mine[0] ? `--filter-for ${mine[0].given}` : `${flag} ${JSON.stringify(expression)}`
    const support = registry.get(source.kind)?.registration.filter
    if (support === false) {
      refused.push({ source, given, why: `${source.kind} cannot filter its entries` })
      continue
    }
    const problem = await support?.problem?.(expression)
    if (problem !== undefined) {
      refused.push({ source, given, why: problem, syntax: `${source.kind} takes ${support!.syntax}.` })
      continue
    }
    out.set(source, { expression, flag: mine[0] ? '--filter-for' : flag })
  }
  if (refused.length > 0) throw refusedError(refused, sources.length > 1, flag, opts.severalFix)
  return out
}

/** One error naming every source that cannot take the filter it was given, and why. */
function refusedError(
  refused: Array<{ source: ResolvedSource; given: string; why: string; syntax?: string }>,
  several: boolean,
  flag: string,
  severalFix?: string,
): UsageError {
  const lines = refused.map((r) =>
    `${r.given} cannot apply to source ${labelOf(r.source)}: ${r.why}.`.replace(/\.\.$/, '.'),
  )
  const syntaxes = [...new Set(refused.flatMap((r) => r.syntax ?? []))].join(' ')
  const first = refused[0]!.source.name
  const fix = several
    ? (severalFix ??
      `Give each source its own with --filter-for SOURCE=EXPR (repeatable); an empty EXPR (--filter-for ${first}=) reads a source unfiltered.`)
    : syntaxes
      ? ''
      : `Read it without ${flag}.`
  const message =
    lines.length === 1
      ? lines[0]!
      : `${refused.length} sources cannot take their filter:\n  ${lines.join('\n  ')}`
  return new UsageError(message, {
    hint: `${syntaxes} ${fix}`.trim(),
  })
}

function parseFilterFor(given: string): FilterFor {
  const at = given.indexOf('=')
  if (at <= 0) {
    throw new UsageError(`--filter-for ${JSON.stringify(given)} is not SOURCE=EXPR.`, {
      hint: "For example --filter-for function=ERROR --filter-for 'audit=EventName=UpdateFunctionCode20150331v2'.",
    })
  }
  const pattern = given.slice(0, at)
  const match = sourceMatcher(pattern)
  // `api/function` (as the [api/function] prefix shows it) names a component's source; a bare name any component's.
  const matches = pattern.includes('/')
    ? (s: ResolvedSource) => match(labelOf(s))
    : (s: ResolvedSource) => match(s.name)
  return { given, pattern, expression: given.slice(at + 1), matches }
}

const labelOf = (s: ResolvedSource) => (s.component ? `${s.component}/${s.name}` : s.name)

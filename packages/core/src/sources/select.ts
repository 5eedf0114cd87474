/** Picking sources by name: `--source NAME`, else the `default: true` one, else the only one. */

import { globMatcher } from '../config/globs.js'
import { didYouMean, listNames } from '../config/suggest.js'
import { ConfigError } from '../errors.js'

export interface NamedSource {
  name: string
  default?: boolean
}

export interface SelectWhere {
  /** `atmos.yaml` or `component 'api' in stack 'dev'` — for messages. */
  owner: string
  file?: string
  /** YAML path of the sources map, e.g. `logs.sources`. */
  yamlPath: string
}

export function pickByName<T extends NamedSource>(
  sources: readonly T[],
  name: string,
  where: SelectWhere,
): T {
  const hit = sources.find((s) => s.name === name)
  if (hit) return hit
  const known = sources.map((s) => s.name)
  const inFile = where.file ? ` (${where.file}, ${where.yamlPath})` : ` (${where.yamlPath})`
  throw new ConfigError(
    known.length === 0
      ? `There is no log source '${name}': ${where.owner} defines no log sources${inFile}.`
      : `There is no log source '${name}' in ${where.owner}${inFile}; the known sources are ${listNames(known)}.${didYouMean(name, known)}`,
    {
      file: where.file,
      yamlPath: `${where.yamlPath}.${name}`,
      hint: `Pass one of the known names with --source, or add '${name}' under ${where.yamlPath}.`,
    },
  )
}

/** The source to use when none is named. */
export function pickDefault<T extends NamedSource>(sources: readonly T[], where: SelectWhere): T {
  const defaults = sources.filter((s) => s.default === true)
  if (defaults.length === 1) return defaults[0]!
  if (defaults.length === 0 && sources.length === 1) return sources[0]!
  const inFile = where.file ? ` (${where.file}, ${where.yamlPath})` : ` (${where.yamlPath})`
  if (defaults.length > 1) {
    throw new ConfigError(
      `Several log sources in ${where.owner} are marked default: ${listNames(defaults.map((s) => s.name))}${inFile}.`,
      {
        file: where.file,
        yamlPath: where.yamlPath,
        hint: 'Mark only one source `default: true`, or choose one with --source NAME.',
      },
    )
  }
  throw new ConfigError(
    `${where.owner[0]!.toUpperCase()}${where.owner.slice(1)} has ${sources.length} log sources and none is marked default: ${listNames(sources.map((s) => s.name))}${inFile}.`,
    {
      file: where.file,
      yamlPath: where.yamlPath,
      hint: 'Choose one with --source NAME, or mark one of them `default: true`.',
    },
  )
}

const GLOB_CHARS = /[*?[\]{}]/

/** Whether `--source` names one source or is a glob (`app*`). */
export function isSourceGlob(name: string): boolean {
  return GLOB_CHARS.test(name)
}

/** A test for source names against one `--source` name or glob. */
export function sourceMatcher(name: string): (sourceName: string) => boolean {
  if (!isSourceGlob(name)) return (s) => s === name
  const match = globMatcher(name)
  return (s) => match(s)
}

/**
 * The sources that `--source` names or globs pick, in the order named (a glob's in declared order), each once. A plain name that
 * is missing, or a glob that matches nothing, is a configuration error naming the known sources.
 */
export function pickByNames<T extends NamedSource>(
  sources: readonly T[],
  names: readonly string[],
  where: SelectWhere,
): T[] {
  const chosen = new Set<T>()
  for (const name of names) {
    if (!isSourceGlob(name)) {
      chosen.add(pickByName(sources, name, where))
      continue
    }
    const match = sourceMatcher(name)
    const hits = sources.filter((s) => match(s.name))
    if (hits.length === 0) {
      const known = sources.map((s) => s.name)
      const inFile = where.file ? ` (${where.file}, ${where.yamlPath})` : ` (${where.yamlPath})`
      throw new ConfigError(
        `No log source of ${where.owner} matches '${name}'${inFile}${known.length ? `; the known sources are ${listNames(known)}.` : '.'}`,
        {
          file: where.file,
          yamlPath: where.yamlPath,
          hint: 'Pass a name or glob that matches one of them with --source.',
        },
      )
    }
    for (const h of hits) chosen.add(h)
  }
  return [...chosen]
}

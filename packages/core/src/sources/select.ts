/** Picking sources by name: `--source NAME`, else the `default: true` one, else the only one. */

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

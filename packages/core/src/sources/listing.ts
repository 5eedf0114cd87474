/**
 * `atmos logs sources` over several stacks: every stack when none is named, or the stacks a list or
 * glob names (`-s 'plat-*-dev'`, `-s dev,prod`), atmos.yaml's own sources first.
 */

import type { AtmosConfig } from '../config/types.js'
import { ConfigError, isAtmosLogsError } from '../errors.js'
import { expandStacks, isStackPattern, listStacks } from '../stacks/select.js'
import { listSources, NO_CONFIG_HINT, notFoundMessage, withSourceNames } from './resolve.js'
import type { ListOptions, ResolvedSource, SourceListing, SourceSelector } from './types.js'

/**
 * The rows of `atmos logs sources`. One named stack (or direct mode with --source) keeps
 * listSources' behaviour; several stacks, or none named, list each stack's sources in stack order,
 * skipping (with a notice) a stack whose configuration cannot be resolved.
 */
export async function listSourceRows(
  config: AtmosConfig,
  selector: SourceSelector,
  opts: ListOptions = {},
): Promise<SourceListing> {
  // Without atmos.yaml there is neither a logs block nor a stack: say so, not "no sources found".
  if (!config.file)
    throw new ConfigError(`${notFoundMessage(config)}, so there are no log sources to list.`, {
      hint: NO_CONFIG_HINT,
    })
  const several = selector.stack === undefined ? !selector.component : isStackPattern(selector.stack)
  if (!several) {
    const sources = await listSources(config, selector, opts)
    return cut(sources, opts.limit, selector.stack ? [selector.stack] : [])
  }
  const stacks = selector.stack ? await expandStacks(config, selector.stack) : await listStacks(config)
  const rows: ResolvedSource[] = []
  if (!selector.stack) rows.push(...(await listSources(config, { identity: selector.identity }, opts)))
  for (const stack of stacks) {
    try {
      // A stack without any logs block is normal here: no notice per component.
      const found = await listSources(config, { ...selector, stack, source: undefined }, { env: opts.env })
      rows.push(...found)
    } catch (err) {
      if (!isAtmosLogsError(err) || stacks.length === 1) throw err
      opts.notice?.(`Skipping stack '${stack}': ${err.message}`)
    }
  }
  // Names and globs over every stack's rows at once: a source need not be in each of them.
  return cut(rows.length > 0 ? withSourceNames(config, rows, selector.source) : rows, opts.limit, stacks)
}

function cut(sources: ResolvedSource[], limit: number | undefined, stacks: string[]): SourceListing {
  const total = sources.length
  return { sources: limit !== undefined && total > limit ? sources.slice(0, limit) : sources, total, stacks }
}

/**
 * Stack names, computed as atmos computes them; exactly one valid name per stack manifest:
 * the manifest's own `name:`, else `stacks.name_template` (rendered over the component), else
 * `stacks.name_pattern` (`{tenant}-{environment}-{stage}`), else the manifest's path below
 * stacks.base_path without its extension.
 */
import type { PlainObject } from '../config/merge.js'
import type { StacksConfig } from '../config/types.js'
import { renderText } from './templates.js'

const PATTERN_TOKENS = ['namespace', 'tenant', 'environment', 'stage'] as const

export type NameSource = 'name' | 'name_template' | 'name_pattern' | 'file'

export function nameSource(stacks: StacksConfig, ownName: string | undefined): NameSource {
  if (ownName) return 'name'
  if (stacks.nameTemplate) return 'name_template'
  if (stacks.namePattern) return 'name_pattern'
  return 'file'
}

/**
 * `{tenant}-{stage}` over vars, as atmos applies it: the pattern is split at `-` and only the parts
 * that are exactly one of its four tokens count (anything else, `{region}` or plain text, is
 * dropped). Undefined when a token's var is missing (atmos skips the component).
 */
export function applyNamePattern(pattern: string, vars: PlainObject): string | undefined {
  const parts: string[] = []
  for (const part of pattern.split('-')) {
    const token = /^\{([a-z]+)\}$/.exec(part)?.[1]
    if (!token || !(PATTERN_TOKENS as readonly string[]).includes(token)) continue
    const value = vars[token]
    if (value === undefined || value === null || value === '') return undefined
    parts.push(String(value))
  }
  return parts.length > 0 ? parts.join('-') : undefined
}

/** The stack name of one component instance in the manifest `stackFile`. */
export async function stackNameFor(
  stacks: StacksConfig,
  manifest: { ownName?: string; stackFile: string; file: string },
  section: PlainObject,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  switch (nameSource(stacks, manifest.ownName)) {
    case 'name':
      return manifest.ownName
    case 'name_template': {
      const name = await renderText(stacks.nameTemplate!, section, {
        name: `stacks.name_template (for ${manifest.file})`,
        missingKey: 'default',
        env,
      })
      return name.trim() === '' || name.includes('<no value>') ? undefined : name.trim()
    }
    case 'name_pattern':
      return applyNamePattern(stacks.namePattern!, (section.vars as PlainObject) ?? {})
    default:
      return manifest.stackFile
  }
}

/**
 * Stack names, computed as atmos computes them; exactly one valid name per stack manifest:
 * the manifest's own `name:`, else `stacks.name_template` (rendered over the component), else
 * `stacks.name_pattern` (`{tenant}-{environment}-{stage}`), else the manifest's path below
 * stacks.base_path without its extension.
 */
import type { PlainObject } from '../config/merge.js'
import type { StacksConfig } from '../config/types.js'
import { ConfigError } from '../errors.js'
import { renderText } from './templates.js'

const PATTERN_TOKENS = ['namespace', 'tenant', 'environment', 'stage'] as const

export type NameSource = 'name' | 'name_template' | 'name_pattern' | 'file'

export function nameSource(stacks: StacksConfig, ownName: string | undefined): NameSource {
  if (ownName) return 'name'
  if (stacks.nameTemplate) return 'name_template'
  if (stacks.namePattern) return 'name_pattern'
  return 'file'
}

/** `{tenant}-{stage}` over vars; undefined when a token's var is missing (atmos skips the component). */
export function applyNamePattern(
  pattern: string,
  vars: PlainObject,
  where: { file: string },
): string | undefined {
  let missing = false
  const name = pattern.replace(/\{([a-z_]+)\}/g, (whole, token: string) => {
    if (!(PATTERN_TOKENS as readonly string[]).includes(token)) {
      throw new ConfigError(`stacks.name_pattern '${pattern}' uses the unknown token '${whole}'.`, {
        yamlPath: 'stacks.name_pattern',
        hint: `Use only ${PATTERN_TOKENS.map((t) => `{${t}}`).join(', ')} in stacks.name_pattern (while reading ${where.file}).`,
      })
    }
    const value = vars[token]
    if (value === undefined || value === null || value === '') {
      missing = true
      return ''
    }
    return String(value)
  })
  return missing ? undefined : name
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
      return applyNamePattern(stacks.namePattern!, (section.vars as PlainObject) ?? {}, manifest)
    default:
      return manifest.stackFile
  }
}

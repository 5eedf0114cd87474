/**
 * A component's merged configuration within one stack, in atmos's order: global section →
 * component-type section (`terraform:`) → base components (`metadata.inherits`, in order, each
 * after its own bases) → the component → its `overrides`. Maps merge, lists are replaced.
 */
import { deepMerge, isPlainObject, type PlainObject } from '../config/merge.js'
import { ConfigError } from '../errors.js'
import type { ComponentType } from './manifests.js'

/** Sections that also have a stack-wide value (top level and under `terraform:`). */
const GLOBAL_SECTIONS = ['vars', 'settings', 'env', 'providers', 'hooks'] as const
/** metadata keys that describe the base itself and are not passed to derived components. */
const NOT_INHERITED_METADATA = new Set(['inherits', 'type'])

export interface ComponentSection extends PlainObject {
  vars: PlainObject
  settings: PlainObject
  env: PlainObject
  metadata: PlainObject
  /** The component implementation (folder under components/terraform). */
  component: string
  inheritance: string[]
}

export interface ComponentWhere {
  stackFile: string
  file: string
}

function asMap(value: unknown): PlainObject | undefined {
  return isPlainObject(value) ? value : undefined
}

export function componentsOfType(stack: PlainObject, type: ComponentType): PlainObject {
  return asMap(asMap(stack.components)?.[type]) ?? {}
}

/** The base components of `name`, in merge order (farthest first). */
function baseChain(
  all: PlainObject,
  name: string,
  type: ComponentType,
  where: ComponentWhere,
  visiting: string[] = [],
): string[] {
  if (visiting.includes(name)) {
    throw new ConfigError(
      `Component inheritance cycle in ${where.file}: ${[...visiting, name].join(' → ')}.`,
      {
        file: where.file,
        yamlPath: `components.${type}.${name}.metadata.inherits`,
        hint: 'Remove one of the `metadata.inherits` entries so that no component inherits from itself.',
      },
    )
  }
  const comp = asMap(all[name]) ?? {}
  const chain: string[] = []
  const legacy = comp.component
  if (typeof legacy === 'string' && legacy !== name && isPlainObject(all[legacy])) {
    chain.push(...baseChain(all, legacy, type, where, [...visiting, name]), legacy)
  }
  const inherits = asMap(comp.metadata)?.inherits
  if (inherits !== undefined && inherits !== null) {
    if (!Array.isArray(inherits)) {
      throw new ConfigError(
        `metadata.inherits of component '${name}' in ${where.file} must be a list of component names.`,
        {
          file: where.file,
          yamlPath: `components.${type}.${name}.metadata.inherits`,
          hint: 'Write it as `inherits: [base-component]`.',
        },
      )
    }
    for (const base of inherits) {
      if (typeof base !== 'string' || !isPlainObject(all[base])) {
        const known = Object.keys(all).filter((n) => n !== name)
        throw new ConfigError(
          `Component '${name}' in stack manifest ${where.file} inherits from '${String(base)}', which is not defined in that stack (known ${type} components: ${known.join(', ') || 'none'}).`,
          {
            file: where.file,
            yamlPath: `components.${type}.${name}.metadata.inherits`,
            hint: `Import the manifest that defines '${String(base)}' into the stack, or fix the name in metadata.inherits.`,
          },
        )
      }
      chain.push(...baseChain(all, base, type, where, [...visiting, name]), base)
    }
  }
  return chain
}

function inheritedMetadata(metadata: unknown): PlainObject {
  const out: PlainObject = {}
  for (const [k, v] of Object.entries(asMap(metadata) ?? {})) if (!NOT_INHERITED_METADATA.has(k)) out[k] = v
  return out
}

/** The merged section of component `name` of `type` in the merged stack document. */
export function buildComponentSection(
  stack: PlainObject,
  type: ComponentType,
  name: string,
  where: ComponentWhere,
): ComponentSection {
  const all = componentsOfType(stack, type)
  const own = asMap(all[name]) ?? {}
  const typeSection = asMap(stack[type]) ?? {}
  const bases = baseChain(all, name, type, where)
  const baseMaps = bases.map((b) => asMap(all[b]) ?? {})
  const overrides = asMap(own.overrides) ?? {}

  // Everything but the special sections: bases then the component itself.
  const section = deepMerge(...baseMaps.map((b) => ({ ...b, metadata: undefined })), {
    ...own,
    metadata: undefined,
  }) as PlainObject
  delete section.metadata
  delete section.overrides

  for (const key of GLOBAL_SECTIONS) {
    section[key] = deepMerge(
      stack[key],
      typeSection[key],
      ...baseMaps.map((b) => b[key]),
      own[key],
      overrides[key],
    )
  }
  if (type === 'terraform') {
    section.backend_type =
      [
        own.backend_type,
        ...[...baseMaps].reverse().map((b) => b.backend_type),
        typeSection.backend_type,
      ].find((v) => typeof v === 'string' && v !== '') ?? ''
    section.backend = deepMerge(typeSection.backend, ...baseMaps.map((b) => b.backend), own.backend)
  }
  const command = overrides.command ?? own.command ?? typeSection.command
  if (command !== undefined) section.command = command

  const metadata = deepMerge(...baseMaps.map((b) => inheritedMetadata(b.metadata)), asMap(own.metadata))
  section.metadata = metadata
  const legacy = typeof own.component === 'string' ? own.component : undefined
  const implementation =
    typeof metadata.component === 'string' && metadata.component !== ''
      ? metadata.component
      : legacy && legacy !== ''
        ? legacy
        : name
  section.component = implementation
  section.inheritance = [...bases].reverse()
  section.overrides = overrides
  return section as ComponentSection
}

export function isAbstract(section: PlainObject): boolean {
  return asMap(section.metadata)?.type === 'abstract'
}

/** A real component is skipped by atmos when `metadata.enabled: false`. */
export function isDisabled(section: PlainObject): boolean {
  return asMap(section.metadata)?.enabled === false
}

/** The terraform workspace atmos would use for this component in this stack. */
export function terraformWorkspace(
  stackName: string,
  componentName: string,
  section: ComponentSection,
): string {
  const metadata = section.metadata
  if (typeof metadata.terraform_workspace === 'string' && metadata.terraform_workspace !== '') {
    return metadata.terraform_workspace
  }
  if (section.component !== componentName) return `${stackName}-${componentName}`.replaceAll('/', '-')
  return stackName
}

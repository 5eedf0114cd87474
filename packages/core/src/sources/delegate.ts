/**
 * Which resolver describes a component (`logs.settings.resolver` in atmos.yaml): ours, or the Go
 * atmos (`atmos describe component`) for a component whose logs need a value only atmos can
 * compute (`!terraform.output`, `!terraform.state`, `!store`, `!template`), or for every component.
 */
import { dirname } from 'node:path'
import type { AtmosConfig } from '../config/types.js'
import { type AtmosFunctionValue, findAtmosFunction } from '../config/yaml-functions.js'
import { ConfigError } from '../errors.js'
import { describeComponentWithGoAtmos } from '../go-atmos/describe.js'
import { locateGoAtmos } from '../go-atmos/locate.js'
import type { ComponentInstance } from '../stacks/select.js'
import type { ResolveOptions } from './types.js'

const FIELD_PATH = /\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/g

function lookup(data: unknown, path: string): unknown {
  let node = data
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/** A function value the component's logs block uses: written in it, or reached by its templates. */
export function functionUsedByLogs(
  logsBlocks: unknown[],
  data: Record<string, unknown>,
): AtmosFunctionValue | undefined {
  for (const block of logsBlocks) {
    const direct = findAtmosFunction(block)
    if (direct) return direct
    for (const text of templateStrings(block)) {
      for (const match of text.matchAll(FIELD_PATH)) {
        const hit = findAtmosFunction(lookup(data, match[1]!))
        if (hit) return hit
      }
    }
  }
  return undefined
}

function templateStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('{{') ? [value] : []
  if (Array.isArray(value)) return value.flatMap(templateStrings)
  if (value && typeof value === 'object') return Object.values(value).flatMap(templateStrings)
  return []
}

/**
 * The instance to resolve sources from: ours, or the Go atmos's description merged over it (our
 * logs block kept when atmos's output has none: atmos drops unknown top-level sections).
 */
export async function describedInstance(
  config: AtmosConfig,
  inst: ComponentInstance,
  used: AtmosFunctionValue | undefined,
  opts: ResolveOptions,
): Promise<ComponentInstance> {
  const mode = config.logs.settings?.resolver ?? 'auto'
  const who = { component: inst.component, stack: inst.stack, resolver: mode }
  if (mode === 'builtin' || (mode === 'auto' && !used)) {
    if (used) throw needsAtmos(inst, used, 'logs.settings.resolver is builtin')
    opts.debug?.({ ...who, answered: 'builtin' }, 'component described by atmos logs')
    return inst
  }
  const env = opts.env ?? config.env
  const atmos = await locateGoAtmos(env, opts.selfPath)
  if (!atmos) {
    if (used) throw needsAtmos(inst, used, 'no Go atmos was found on PATH')
    throw new ConfigError('logs.settings.resolver is atmos, and no Go atmos was found on PATH.', {
      file: config.file,
      yamlPath: 'logs.settings.resolver',
      hint: 'Install the Go atmos (or set ATMOS_GO_BINARY), or set logs.settings.resolver to auto.',
    })
  }
  const described = await describeComponentWithGoAtmos(atmos, inst.component, inst.stack, {
    env,
    cwd: config.file ? dirname(config.file) : undefined,
  })
  opts.debug?.(
    { ...who, answered: 'atmos', binary: atmos.path, because: used?.where() },
    'component described by the Go atmos',
  )
  const section = { ...inst.section, ...described } as ComponentInstance['section']
  if (described.logs === undefined && inst.section.logs !== undefined) section.logs = inst.section.logs
  return { ...inst, section }
}

function needsAtmos(inst: ComponentInstance, used: AtmosFunctionValue, why: string): ConfigError {
  return new ConfigError(
    `Component '${inst.component}' in stack '${inst.stack}' takes a log source value from ${used.where()}, which only the Go atmos can compute (${used.tag === '!include' ? 'it downloads a remote file' : 'it reads state or a store'}), and ${why}.`,
    {
      file: used.file,
      hint: 'Install the Go atmos (or set ATMOS_GO_BINARY) so that `atmos describe component` computes it, or write the value itself in the logs block.',
    },
  )
}

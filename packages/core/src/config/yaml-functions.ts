/**
 * atmos YAML functions, evaluated while a file is parsed as atmos does on load: `!env`,
 * `!repo-root`, `!include` (path relative to the manifest with ./ or ../, else to the directory
 * atmos runs in), `!exec`. Functions that need state or a store (`!terraform.output`,
 * `!terraform.state`, `!store`, `!store.get`) and `!template` (whose use is `atmos.Component`,
 * state again) become AtmosFunctionValue: their text is never a value, and a component that uses
 * one is described by the Go atmos or refused with the function, file and line.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, extname, isAbsolute, join, resolve } from 'node:path'
import { parse as parseYaml, type ScalarTag } from 'yaml'
import { ConfigError } from '../errors.js'

export const DEFERRED_TAGS = [
  '!terraform.output',
  '!terraform.state',
  '!store',
  '!store.get',
  '!template',
] as const

/** A YAML function only the Go atmos can compute. Not a plain object: merges replace it whole. */
export class AtmosFunctionValue {
  line?: number
  constructor(
    readonly tag: string,
    readonly text: string,
    readonly file: string,
  ) {}
  /** Where it is written, for messages. */
  where(): string {
    return `${this.tag} ${this.text} (${this.file}${this.line ? `:${this.line}` : ''})`
  }
  /** What a template prints for it: a marker, found afterwards, never a usable value. */
  toString(): string {
    return DEFERRED_MARKER
  }
}

export const DEFERRED_MARKER = '\u0000atmos-function\u0000'

/** The first AtmosFunctionValue inside a value, depth first. */
export function findAtmosFunction(value: unknown): AtmosFunctionValue | undefined {
  if (value instanceof AtmosFunctionValue) return value
  if (Array.isArray(value)) {
    for (const v of value) {
      const hit = findAtmosFunction(v)
      if (hit) return hit
    }
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      const hit = findAtmosFunction(v)
      if (hit) return hit
    }
  }
  return undefined
}

function gitRoot(from: string): string | undefined {
  let dir = resolve(from)
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function includeFile(spec: string, file: string): unknown {
  const [path, query] = spec.trim().split(/\s+/, 2) as [string, string | undefined]
  const candidates = isAbsolute(path)
    ? [path]
    : path.startsWith('./') || path.startsWith('../')
      ? [resolve(dirname(file), path)]
      : [resolve(process.cwd(), path), resolve(dirname(file), path)]
  const found = candidates.find((c) => existsSync(c))
  if (!found) {
    throw new ConfigError(`!include ${spec}: no such file (looked at ${candidates.join(', ')}).`, {
      file,
      hint: 'Paths starting with ./ or ../ are relative to the manifest; others to the directory atmos runs in.',
    })
  }
  const text = readFileSync(found, 'utf8')
  const ext = extname(found).toLowerCase()
  let value: unknown = text
  try {
    if (ext === '.json') value = JSON.parse(text)
    else if (ext === '.yaml' || ext === '.yml') value = parseYaml(text)
  } catch (err) {
    const format = ext === '.json' ? 'JSON' : 'YAML'
    throw new ConfigError(
      `!include ${spec}: ${found} is not valid ${format}: ${(err as Error).message.split('\n')[0]}.`,
      { file: found, cause: err, hint: `Fix the ${format} in ${found}.` },
    )
  }
  if (!query) return value
  // The simple yq paths (`.a.b`) atmos examples use.
  if (!/^\.[\w-]+(\.[\w-]+)*$/.test(query)) {
    throw new ConfigError(`!include ${spec}: only simple .a.b queries are supported, not '${query}'.`, {
      file,
      hint: 'Include the whole file and reach into it from a template, or use a query like .a.b.',
    })
  }
  return query
    .slice(1)
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      value,
    )
}

function execOutput(command: string, file: string): unknown {
  let out: string
  try {
    out = execFileSync('/bin/sh', ['-c', command], { cwd: dirname(file), encoding: 'utf8', timeout: 60_000 })
  } catch (err) {
    throw new ConfigError(`!exec ${command} failed: ${(err as Error).message.split('\n')[0]}.`, {
      file,
      cause: err,
      hint: `Run the command yourself in ${dirname(file)} and fix it, or write the value itself.`,
    })
  }
  // atmos decodes JSON output, and keeps anything else as text.
  try {
    return JSON.parse(out)
  } catch {
    return out.trim()
  }
}

/** The tags a file is parsed with; `file` anchors relative paths and messages. */
export function atmosTags(env: NodeJS.ProcessEnv, file: string): ScalarTag[] {
  const passThrough = [
    '!include.raw',
    '!cwd',
    '!random',
    '!aws.account_id',
    '!aws.caller_identity_arn',
    '!aws.caller_identity_user_id',
    '!aws.region',
    '!literal',
  ]
  const tags: ScalarTag[] = passThrough.map((tag) => ({
    tag,
    identify: () => false,
    resolve: (str: string) => str,
  }))
  for (const tag of DEFERRED_TAGS) {
    tags.push({
      tag,
      identify: () => false,
      resolve: (str: string) => new AtmosFunctionValue(tag, str, file) as never,
    })
  }
  tags.push(
    {
      tag: '!env',
      identify: () => false,
      resolve: (str: string) => {
        const [name, ...fallback] = str.trim().split(/\s+/)
        const value = name ? env[name] : undefined
        return value ?? (fallback.length > 0 ? fallback.join(' ') : '')
      },
    },
    {
      tag: '!repo-root',
      identify: () => false,
      resolve: (str: string) => gitRoot(dirname(file)) ?? (str.trim() || ''),
    },
    { tag: '!include', identify: () => false, resolve: (str: string) => includeFile(str, file) as never },
    { tag: '!exec', identify: () => false, resolve: (str: string) => execOutput(str, file) as never },
  )
  return tags
}

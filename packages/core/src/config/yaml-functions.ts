/**
 * atmos YAML functions, evaluated while a file is parsed as atmos does on load: `!env`,
 * `!repo-root`, `!include` (path relative to the manifest with ./ or ../, else to base_path; yq
 * paths), `!exec`. Functions that need state or a store (`!terraform.output`,
 * `!terraform.state`, `!store`, `!store.get`), `!template` (whose use is `atmos.Component`,
 * state again) and `!include` of a remote file become AtmosFunctionValue: their text is never a value, and a component that uses
 * one is described by the Go atmos or refused with the function, file and line.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, extname, isAbsolute, join, resolve } from 'node:path'
import { ConfigError } from '../errors.js'
import { parse as parseYaml, type ScalarTag } from '../vendor/yaml.js'

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

/** go-getter sources atmos downloads (`https://`, `github://`, `s3::`, `git::` ...). */
const REMOTE_SOURCE = /^(?:[a-z][a-z0-9+.-]*::|[a-z][a-z0-9+.-]*:\/\/)/i

function includeFile(spec: string, file: string, basePath: string | undefined): unknown {
  const [path, query] = spec.trim().split(/\s+/, 2) as [string, string | undefined]
  // a remote file is the Go atmos's to download: a value like state, needed only if logs use it
  if (REMOTE_SOURCE.test(path)) return new AtmosFunctionValue('!include', spec, file)
  // atmos: absolute, ./ and ../ from the manifest, anything else from base_path (then, for files
  // read outside a project, the directory we run in and the manifest's)
  const candidates = isAbsolute(path)
    ? [path]
    : path.startsWith('./') || path.startsWith('../')
      ? [resolve(dirname(file), path)]
      : [
          ...new Set([
            ...(basePath ? [resolve(basePath, path)] : []),
            resolve(process.cwd(), path),
            resolve(dirname(file), path),
          ]),
        ]
  const found = candidates.find((c) => existsSync(c))
  if (!found) {
    throw new ConfigError(`!include ${spec}: no such file (looked at ${candidates.join(', ')}).`, {
      file,
      hint: 'Paths starting with ./ or ../ are relative to the manifest; others to base_path in atmos.yaml.',
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
  const steps = yqPath(query)
  if (!steps) {
    throw new ConfigError(
      `!include ${spec}: only yq paths (.a.b, .list[0], .["key"]) are supported, not '${query}'.`,
      {
        file,
        hint: 'Include the whole file and reach into it from a template, or use a path like .a.b or .list[0].',
      },
    )
  }
  let node: unknown = value
  for (const key of steps) {
    if (typeof key === 'number')
      node = Array.isArray(node) ? node[key < 0 ? node.length + key : key] : undefined
    else
      node =
        node && typeof node === 'object' && !Array.isArray(node)
          ? (node as Record<string, unknown>)[key]
          : undefined
  }
  return node
}

/** The steps of a yq path as atmos examples write them: `.a.b`, `.list[0]`, `.["a b"]`, `."a b"`; else undefined. */
function yqPath(query: string): (string | number)[] | undefined {
  if (query === '.') return []
  const step = /\.([A-Za-z_][\w-]*)|\.?"((?:[^"\\]|\\.)*)"|\.?\[(-?\d+)\]|\.?\["((?:[^"\\]|\\.)*)"\]/y
  const out: (string | number)[] = []
  let pos = 0
  while (pos < query.length) {
    step.lastIndex = pos
    const m = step.exec(query)
    if (!m || (pos === 0 && !query.startsWith('.'))) return undefined
    if (m[1] !== undefined) out.push(m[1])
    else if (m[2] !== undefined) out.push(m[2])
    else if (m[3] !== undefined) out.push(Number(m[3]))
    else out.push(m[4]!)
    pos = step.lastIndex
  }
  return out
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

/** The tags a file is parsed with; `file` anchors relative paths and messages, `basePath` is atmos's base_path. */
export function atmosTags(env: NodeJS.ProcessEnv, file: string, basePath?: string): ScalarTag[] {
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
    {
      tag: '!include',
      identify: () => false,
      resolve: (str: string) => includeFile(str, file, basePath) as never,
    },
    { tag: '!exec', identify: () => false, resolve: (str: string) => execOutput(str, file) as never },
  )
  return tags
}

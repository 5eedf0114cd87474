/**
 * YAML reading with positions: every configuration file is parsed into a yaml Document so that a
 * later validation problem can name the line of the offending key. Parse errors become ConfigError
 * with file and line.
 */
import { readFile } from 'node:fs/promises'
import { ConfigError } from '../errors.js'
import {
  type Document,
  isMap,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
  visit,
} from '../vendor/yaml.js'
import { AtmosFunctionValue, atmosTags } from './yaml-functions.js'

export interface YamlFile {
  file: string
  /** The parsed value (plain JS), `{}` for an empty file. */
  value: unknown
  doc: Document
  lineCounter: LineCounter
}

export type YamlPath = readonly (string | number)[]

export function parseYamlText(
  file: string,
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  basePath?: string,
): YamlFile {
  // The parser keeps only the message of an error a tag throws; keep the error to report it whole.
  const failures: ConfigError[] = []
  const customTags = atmosTags(env, file, basePath).map((tag) => ({
    ...tag,
    resolve: (...args: Parameters<typeof tag.resolve>) => {
      try {
        return tag.resolve(...args)
      } catch (err) {
        if (err instanceof ConfigError) failures.push(err)
        throw err
      }
    },
  }))
  const options = { customTags, merge: true, uniqueKeys: false, prettyErrors: false }
  let lineCounter = new LineCounter()
  let doc: Document = parseDocument(text, { ...options, lineCounter })
  if (doc.errors.some((e) => e.code === 'MULTIPLE_DOCS')) {
    // go-yaml, and so atmos, decodes the first document of a file and ignores the rest.
    lineCounter = new LineCounter()
    const all = parseAllDocuments(text, { ...options, lineCounter })
    if (Array.isArray(all) && all[0]) doc = all[0]
  }
  const first = doc.errors[0]
  if (first) {
    const pos = first.pos ? lineCounter.linePos(first.pos[0]) : undefined
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file
    // A YAML function that failed (a missing !include, a failing !exec) is not a syntax error.
    const failed =
      first.code === 'TAG_RESOLVE_FAILED' && failures.find((f) => first.message.includes(f.message))
    if (failed)
      throw new ConfigError(`${where}: ${failed.message}`, {
        file: failed.file,
        hint: failed.hint,
        cause: failed,
      })
    const what = first.message.split('\n')[0]!.replace(/\.$/, '')
    throw new ConfigError(`Cannot parse YAML in ${where}: ${what}.`, {
      file,
      hint: `Fix the YAML syntax in ${file}${pos ? ` near line ${pos.line}` : ''} (check indentation and quoting).`,
    })
  }
  // Functions only the Go atmos computes say where they are written.
  visit(doc, {
    Scalar(_key, node) {
      if (node.value instanceof AtmosFunctionValue && node.range) {
        node.value.line = lineCounter.linePos(node.range[0]).line
      }
    },
  })
  const value = doc.toJS({ maxAliasCount: 10000 }) ?? {}
  return { file, value, doc, lineCounter }
}

export async function readYamlFile(file: string, env?: NodeJS.ProcessEnv): Promise<YamlFile> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new ConfigError(`Cannot read ${file}: ${(err as Error).message}.`, {
      file,
      cause: err,
      hint: 'Check that the file exists and is readable.',
    })
  }
  return parseYamlText(file, text, env)
}

/** The 1-based line of the deepest node on `path` that exists in the document, if any. */
export function lineOf(yaml: Pick<YamlFile, 'doc' | 'lineCounter'>, path: YamlPath): number | undefined {
  let node: unknown = yaml.doc.contents
  let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0]
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const k = item.key as { value?: unknown } | null
        return k !== null && typeof k === 'object' && String(k.value) === String(key)
      })
      if (!pair) break
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key]
      offset = (node as { range?: [number] } | undefined)?.range?.[0] ?? offset
    } else break
  }
  return offset === undefined ? undefined : yaml.lineCounter.linePos(offset).line
}

/** Whether the document holds every key of `path`. */
export function hasPath(value: unknown, path: YamlPath): boolean {
  let node: unknown = value
  for (const key of path) {
    if (node === null || typeof node !== 'object') return false
    if (!Object.hasOwn(node as object, key)) return false
    node = (node as Record<string | number, unknown>)[key]
  }
  return true
}

/** `logs.sources.lambda-functions.kind`, with list indexes as `[0]`. */
export function formatYamlPath(path: YamlPath): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? key : `.${key}`
  }
  return out
}

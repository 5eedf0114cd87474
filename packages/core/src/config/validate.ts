/**
 * Turns zod issues into one ConfigError that names, for each problem, the YAML path, the file and
 * the line it came from (`logs.sources.lambda-functions.kind: required`).
 */

import { ConfigError } from '../errors.js'
import type * as z from '../vendor/zod.js'
import { formatYamlPath, hasPath, lineOf, type YamlFile, type YamlPath } from './yaml-file.js'

export interface Located {
  file?: string
  line?: number
}

/** The file (highest precedence first) that defines the most of `path`, and the line there. */
export function locate(files: readonly YamlFile[], path: YamlPath): Located {
  let best: { yaml: YamlFile; depth: number } | undefined
  for (let i = files.length - 1; i >= 0; i--) {
    const yaml = files[i]!
    let depth = 0
    while (depth < path.length && hasPath(yaml.value, path.slice(0, depth + 1))) depth++
    if (depth > 0 && (!best || depth > best.depth)) best = { yaml, depth }
  }
  if (!best) return {}
  return { file: best.yaml.file, line: lineOf(best.yaml, path) }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a map'
  return `${typeof value} ${JSON.stringify(value)}`
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node
}

const expectedNames: Record<string, string> = {
  record: 'a map',
  object: 'a map',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
}

function issueText(issue: z.Issue, root: unknown): { path: (string | number)[]; text: string } {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
  switch (issue.code) {
    case 'invalid_type': {
      if (!hasPath(root, path)) return { path, text: 'required' }
      const expected = expectedNames[issue.expected] ?? issue.expected
      return { path, text: `must be ${expected}, not ${describeValue(valueAt(root, path))}` }
    }
    case 'unrecognized_keys': {
      const parent = path[path.length - 1]
      const inSources = path.length >= 3 && path[path.length - 2] === 'sources'
      const keys = issue.keys.map((k) => `'${k}'`).join(', ')
      const why = inSources
        ? 'a source has only kind, identity, default, description and spec; provider options go under spec'
        : parent === 'settings'
          ? 'not a known logs setting'
          : 'not a known key here'
      return { path, text: `unknown key ${keys} (${why})` }
    }
    case 'invalid_value': {
      const options = issue.values.map(String).join(', ')
      return { path, text: `must be one of ${options}, not ${describeValue(valueAt(root, path))}` }
    }
    case 'too_small':
      if (issue.origin === 'string') return { path, text: 'must not be empty' }
      // positive() excludes its minimum: `limit: 0` must not be told "at least 0".
      return {
        path,
        text: `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}`,
      }
    default:
      return { path, text: issue.message }
  }
}

/**
 * Parse `root` with `schema`; on failure throw one ConfigError listing every problem.
 * `prefix` is prepended to each path (a component's logs block lives at `components.terraform.x.logs`).
 */
export function validateWith<S extends z.ZodType>(
  schema: S,
  root: unknown,
  where: {
    files: readonly YamlFile[]
    what: string
    prefix?: YamlPath
    fallbackFile?: string
    hint?: string
  },
): z.infer<S> {
  const result = schema.safeParse(root)
  if (result.success) return result.data
  const prefix = where.prefix ?? []
  const problems = result.error.issues.map((issue) => {
    const { path, text } = issueText(issue, root)
    const full = [...prefix, ...path]
    const at = locate(where.files, full)
    return { path: full, text, file: at.file ?? where.fallbackFile, line: at.line }
  })
  const first = problems[0]!
  const lines = problems.map((p) => {
    const loc = p.file ? ` (${p.file}${p.line ? `:${p.line}` : ''})` : ''
    return `${formatYamlPath(p.path)}: ${p.text}${loc}`
  })
  const files = [...new Set(problems.map((p) => p.file).filter(Boolean))]
  throw new ConfigError(
    `Invalid ${where.what}${files.length === 1 ? ` in ${files[0]}` : ''}: ${lines.join('; ')}.`,
    {
      file: first.file,
      yamlPath: formatYamlPath(first.path),
      hint:
        where.hint ??
        'Correct the keys named above; every log source needs a `kind` (for example aws/cloudwatch) and keeps provider options under `spec`.',
    },
  )
}

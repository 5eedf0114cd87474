/**
 * GitHub's official OpenAPI description (`@octokit/openapi`), cut down to the operations a test
 * names, with their responses turned into JSON Schemas ajv can check bodies against. The file is
 * 13 MB: it is parsed once and only the referenced components are kept.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ValidateFunction } from 'ajv'
import formats from 'ajv-formats'

type Json = Record<string, any>

export interface OperationResponses {
  /** Status codes the description declares for the operation. */
  statuses: Set<number>
  /** A body validator per declared status that has a JSON body. */
  validators: Map<number, ValidateFunction>
}

const require = createRequire(import.meta.url)

/** OpenAPI 3.0's `nullable` is not JSON Schema: rewrite it as a union with null. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (!node || typeof node !== 'object') return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'example' || k === 'examples' || k === 'nullable' || k.startsWith('x-')) continue
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, toJsonSchema(s)]))
        : toJsonSchema(v)
  }
  if ((node as Json).nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
      return out
    }
    return { anyOf: [out, { type: 'null' }] }
  }
  return out
}

/** Every `#/components/...` the given nodes reach, transitively. */
function collectRefs(spec: Json, roots: unknown[]): Map<string, unknown> {
  const found = new Map<string, unknown>()
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/') && !found.has(v)) {
        const target = v
          .slice(2)
          .split('/')
          .reduce<any>((o, part) => o?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], spec)
        found.set(v, target)
        visit(target)
      } else visit(v)
    }
  }
  roots.forEach(visit)
  return found
}

export interface GitHubDescription {
  operations: Map<string, OperationResponses>
  /** The Basic Error body every GitHub error answer carries. */
  basicError: ValidateFunction
}

/** Loads the description of api.github.com for `paths` (OpenAPI path templates, GET only). */
export function loadGitHubDescription(paths: string[]): GitHubDescription {
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Json
  const operations = paths.map((p) => {
    const op = spec.paths?.[p]?.get
    if (!op) throw new Error(`GitHub's OpenAPI description has no GET ${p}`)
    return [p, op] as const
  })
  // One small document holding just the components these operations use, so $refs resolve.
  const refs = collectRefs(spec, [
    ...operations.map(([, op]) => op.responses),
    { $ref: '#/components/schemas/basic-error' },
  ])
  const components: Json = {}
  for (const [ref, target] of refs) {
    const [, , kind, name] = ref.split('/')
    components[kind!] ??= {}
    components[kind!][name!] = toJsonSchema(target)
  }
  const ajv = new Ajv({ strict: false, allErrors: true })
  // ajv-formats is CommonJS: its default export arrives wrapped under ESM.
  const addFormats = (formats as unknown as { default?: typeof formats }).default ?? formats
  ;(addFormats as unknown as (a: Ajv) => void)(ajv)
  ajv.addSchema({ $id: 'github', components }, 'github')
  const rewrite = (schema: unknown): unknown =>
    JSON.parse(JSON.stringify(toJsonSchema(schema)).replace(/"#\/components\//g, '"github#/components/'))

  const result = new Map<string, OperationResponses>()
  for (const [p, op] of operations) {
    const statuses = new Set<number>()
    const validators = new Map<number, ValidateFunction>()
    for (const [code, raw] of Object.entries(op.responses as Json)) {
      const status = Number(code)
      statuses.add(status)
      const response = raw.$ref ? refs.get(raw.$ref) : raw
      const schema = (response as Json)?.content?.['application/json']?.schema
      if (schema) validators.set(status, ajv.compile(rewrite(schema) as Json))
    }
    result.set(p, { statuses, validators })
  }
  return { operations: result, basicError: ajv.compile({ $ref: 'github#/components/schemas/basic-error' }) }
}

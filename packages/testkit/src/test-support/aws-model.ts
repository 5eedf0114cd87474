import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The AWS service models the Debian `awscli` package ships (botocore's `service-2.json`), read to
 * check the emulator's answers against the services' own descriptions rather than our reading of
 * their docs.
 */
const MODELS = '/usr/lib/python3/dist-packages/awscli/botocore/data'

interface Shape {
  type: string
  members?: Record<string, { shape: string }>
  required?: string[]
  member?: { shape: string }
  key?: { shape: string }
  value?: { shape: string }
  enum?: string[]
  min?: number
  max?: number
  exception?: boolean
  fault?: boolean
  error?: { httpStatusCode?: number; code?: string }
}

export interface ServiceModel {
  file: string
  shapes: Record<string, Shape>
  operations: Record<string, { output?: { shape: string }; errors?: Array<{ shape: string }> }>
}

/** The model of a service (`cloudtrail`, `logs`), or undefined when awscli is not installed. */
export function loadServiceModel(service: string): ServiceModel | undefined {
  const dir = path.join(MODELS, service)
  if (!existsSync(dir)) return undefined
  const version = readdirSync(dir).sort().at(-1)
  if (!version) return undefined
  const file = path.join(dir, version, 'service-2.json')
  const model = JSON.parse(readFileSync(file, 'utf8')) as Omit<ServiceModel, 'file'>
  return { ...model, file }
}

/**
 * Errors every AWS query/JSON service may answer besides those an operation lists ("Common
 * Errors" of each API reference), with their HTTP status.
 */
export const COMMON_ERRORS: Record<string, number> = {
  AccessDeniedException: 400,
  IncompleteSignature: 400,
  InternalFailure: 500,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  NotAuthorized: 400,
  OptInRequired: 403,
  RequestExpired: 400,
  ServiceUnavailable: 503,
  ThrottlingException: 400,
  ValidationError: 400,
}

/** Problems of a JSON 1.1 value against a shape, each with its path; empty when it conforms. */
export function checkShape(model: ServiceModel, shapeName: string, value: unknown, at = '$'): string[] {
  const shape = model.shapes[shapeName]
  if (!shape) return [`${at}: the model has no shape ${shapeName}`]
  const problems: string[] = []
  const fail = (what: string) => problems.push(`${at} (${shapeName}): ${what}`)
  switch (shape.type) {
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        fail(`expected an object, got ${JSON.stringify(value)}`)
        break
      }
      const obj = value as Record<string, unknown>
      for (const key of Object.keys(obj)) {
        const member = shape.members?.[key]
        // `__type` names the error on the wire and every JSON error carries a message, whether or
        // not the error's shape lists one.
        const wire = shape.exception && ['__type', 'message', 'Message'].includes(key)
        if (!member && !wire) fail(`member "${key}" is not in the model`)
      }
      for (const key of shape.required ?? [])
        if (obj[key] === undefined) fail(`required member "${key}" is missing`)
      for (const [key, member] of Object.entries(shape.members ?? {})) {
        if (obj[key] === undefined || obj[key] === null) continue
        problems.push(...checkShape(model, member.shape, obj[key], `${at}.${key}`))
      }
      break
    }
    case 'list':
      if (!Array.isArray(value)) fail('expected a list')
      else
        for (const [i, v] of value.entries())
          problems.push(...checkShape(model, shape.member!.shape, v, `${at}[${i}]`))
      break
    case 'map':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('expected an object')
      else
        for (const [k, v] of Object.entries(value))
          problems.push(...checkShape(model, shape.value!.shape, v, `${at}.${k}`))
      break
    case 'string':
      if (typeof value !== 'string') fail(`expected a string, got ${JSON.stringify(value)}`)
      else {
        if (shape.enum && !shape.enum.includes(value))
          fail(`"${value}" is not one of ${shape.enum.join(', ')}`)
        if (shape.min !== undefined && value.length < shape.min) fail(`shorter than ${shape.min}`)
        if (shape.max !== undefined && value.length > shape.max) fail(`longer than ${shape.max}`)
      }
      break
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(`expected a whole number, got ${value}`)
      else {
        if (shape.min !== undefined && value < shape.min) fail(`below ${shape.min}`)
        if (shape.max !== undefined && value > shape.max) fail(`above ${shape.max}`)
      }
      break
    case 'boolean':
      if (typeof value !== 'boolean') fail('expected a boolean')
      break
    case 'double':
    case 'float':
      if (typeof value !== 'number') fail('expected a number')
      break
    case 'timestamp':
      // JSON 1.1 sends timestamps as epoch seconds
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`expected epoch seconds, got ${value}`)
      break
    case 'blob':
      if (typeof value !== 'string') fail('expected base64 text')
      break
    default:
      fail(`shape type ${shape.type} is not checked here`)
  }
  return problems
}

/**
 * Problems of one HTTP answer to `operation`: a 200 must match the output shape; an error must be
 * one the operation lists or a common one, with its status, and its body must fit the error's shape.
 */
export function checkAnswer(model: ServiceModel, operation: string, status: number, body: unknown): string[] {
  const op = model.operations[operation]
  if (!op) return [`the model has no operation ${operation}`]
  if (status === 200) return op.output ? checkShape(model, op.output.shape, body) : []
  const type = (body as { __type?: unknown })?.__type
  if (typeof type !== 'string') return [`HTTP ${status} without a __type: ${JSON.stringify(body)}`]
  const listed = (op.errors ?? []).map((e) => e.shape)
  if (listed.includes(type)) {
    const shape = model.shapes[type]!
    const expected = shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400)
    const problems =
      status === expected ? [] : [`${type} answered HTTP ${status}; the model says ${expected}`]
    return [...problems, ...checkShape(model, type, body)]
  }
  const common = COMMON_ERRORS[type]
  if (common === undefined) {
    return [
      `${type} (HTTP ${status}) is neither an error of ${operation} in the model nor a common AWS error`,
    ]
  }
  return status === common ? [] : [`${type} answered HTTP ${status}; common errors answer it with ${common}`]
}

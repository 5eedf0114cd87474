/**
 * Cloud Logging's streaming read, `google.logging.v2.LoggingServiceV2/TailLogEntries`, for the
 * gcp/logging provider and the testkit emulator: Google's proto files (vendored under
 * third_party/googleapis/, Apache-2.0) read with protobufjs, and messages that go in and come out
 * as the REST API's JSON (`timestamp: "…Z"`, `jsonPayload: {...}`, `protoPayload: {"@type": ...}`),
 * so both sides keep the one LogEntry shape they already use for entries.list.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as Grpc from '@grpc/grpc-js'
import protobuf from 'protobufjs'

/** @grpc/grpc-js's types, for code that uses what loadLoggingGrpc returns. */
export type * as Grpc from '@grpc/grpc-js'

const PROTOS = fileURLToPath(new URL('../third_party/googleapis/', import.meta.url))
const SERVICE = 'google.logging.v2.LoggingServiceV2'
/** The full method name on the wire. */
export const TAIL_METHOD = `/${SERVICE}/TailLogEntries`

/** TailLogEntriesRequest in the REST API's JSON form. */
export interface TailRequestJson {
  resourceNames?: string[]
  filter?: string
  /** A duration such as `"2s"` or `"0.5s"`. */
  bufferWindow?: string
}

export type SuppressionReason = 'REASON_UNSPECIFIED' | 'RATE_LIMIT' | 'NOT_CONSUMED'

/** TailLogEntriesResponse in the REST API's JSON form. */
export interface TailResponseJson {
  entries?: Array<Record<string, unknown>>
  suppressionInfo?: Array<{ reason?: SuppressionReason; suppressedCount?: number }>
}

export interface LoggingGrpc {
  grpc: typeof Grpc
  /** LoggingServiceV2 with TailLogEntries only, (de)serializing the JSON forms above. */
  service: Grpc.ServiceDefinition
  /** A client of that service: `new Client(address, credentials).tailLogEntries(metadata)`. */
  Client: Grpc.ServiceClientConstructor
}

let loaded: Promise<LoggingGrpc> | undefined

/** Loads gRPC and the protos once, on first use (the plugin's other commands never pay for it). */
export function loadLoggingGrpc(): Promise<LoggingGrpc> {
  loaded ??= (async () => {
    const grpc = await import('@grpc/grpc-js')
    const root = loadRoot()
    const request = root.lookupType('google.logging.v2.TailLogEntriesRequest')
    const response = root.lookupType('google.logging.v2.TailLogEntriesResponse')
    const codec = <T>(type: protobuf.Type) => ({
      serialize: (value: T) =>
        Buffer.from(type.encode(type.fromObject(toWire(type, value as Record<string, unknown>))).finish()),
      deserialize: (bytes: Buffer) => fromWire(type, type.toObject(type.decode(bytes), OBJECT)) as T,
    })
    const req = codec<TailRequestJson>(request)
    const res = codec<TailResponseJson>(response)
    const service: Grpc.ServiceDefinition = {
      tailLogEntries: {
        path: TAIL_METHOD,
        requestStream: true,
        responseStream: true,
        requestSerialize: req.serialize,
        requestDeserialize: req.deserialize,
        responseSerialize: res.serialize,
        responseDeserialize: res.deserialize,
        originalName: 'TailLogEntries',
      },
    }
    return { grpc, service, Client: grpc.makeGenericClientConstructor(service, 'LoggingServiceV2') }
  })()
  return loaded
}

const OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, json: true }

function loadRoot(): protobuf.Root {
  const require = createRequire(import.meta.url)
  // google/protobuf/*.proto are protobufjs's own (its copy of descriptor.proto, built-ins for the rest).
  const wellKnown = path.dirname(require.resolve('protobufjs/google/protobuf/descriptor.proto'))
  const root = new protobuf.Root()
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/protobuf/')
      ? path.join(wellKnown, target.slice('google/protobuf/'.length))
      : path.join(PROTOS, target)
  // An audit log's protoPayload is an Any of AuditLog: the type must be known to encode and decode it.
  root.loadSync(['google/logging/v2/logging.proto', 'google/cloud/audit/audit_log.proto'], {
    keepCase: false,
  })
  root.resolveAll()
  return root
}

type Json = unknown

/**
 * Each field of `obj` through `convert` (the values of a map or a list one by one); fields the type
 * does not know are dropped on the way out (`keepUnknown` false) and kept on the way in.
 */
function eachField(
  type: protobuf.Type,
  obj: Record<string, unknown>,
  convert: (field: protobuf.Field, value: Json) => unknown,
  keepUnknown: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(obj)) {
    const field = type.fields[key]
    if (!field) {
      if (keepUnknown) out[key] = value
      continue
    }
    if (value === undefined || value === null) continue
    const one = (v: Json) => convert(field, v)
    if (field.map) {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, Json>).map(([k, v]) => [k, one(v)]),
      )
    } else if (field.repeated) out[key] = (value as Json[]).map(one)
    else out[key] = one(value)
  }
  return out
}

/** REST JSON → the object form protobufjs encodes (well-known types spelt out). */
const toWire = (type: protobuf.Type, json: Record<string, unknown>) =>
  eachField(type, json, valueToWire, false)

/** The gRPC message as protobufjs decoded it → REST JSON. */
const fromWire = (type: protobuf.Type, obj: Record<string, unknown>) =>
  eachField(type, obj, valueFromWire, true)

function valueToWire(field: protobuf.Field, value: Json): unknown {
  const t = field.resolvedType
  if (!(t instanceof protobuf.Type)) return value
  switch (t.fullName) {
    case '.google.protobuf.Timestamp':
      return timestampToWire(String(value))
    case '.google.protobuf.Duration':
      return durationToWire(String(value))
    case '.google.protobuf.Struct':
      return structToWire(value as Record<string, Json>)
    case '.google.protobuf.Value':
      return jsonValueToWire(value)
    case '.google.protobuf.Any': {
      const { '@type': url, ...rest } = value as Record<string, unknown>
      const inner = typeof url === 'string' ? lookup(t, url) : undefined
      // An Any whose type this table lacks cannot be encoded: it is left out rather than sent empty.
      return inner ? { '@type': url, ...toWire(inner, rest) } : undefined
    }
    default:
      return toWire(t, value as Record<string, unknown>)
  }
}

function valueFromWire(field: protobuf.Field, value: Json): unknown {
  const t = field.resolvedType
  if (!(t instanceof protobuf.Type)) return value
  const v = value as Record<string, unknown>
  switch (t.fullName) {
    case '.google.protobuf.Timestamp':
      return timestampFromWire(Number(v.seconds ?? 0), Number(v.nanos ?? 0))
    case '.google.protobuf.Duration':
      return `${fraction(Number(v.seconds ?? 0), Number(v.nanos ?? 0))}s`
    case '.google.protobuf.Struct':
      return structFromWire(v)
    case '.google.protobuf.Value':
      return jsonValueFromWire(v)
    case '.google.protobuf.Any': {
      const url = v['@type']
      const inner = typeof url === 'string' ? lookup(t, url) : undefined
      const { '@type': _, ...rest } = v
      return inner ? { '@type': url, ...fromWire(inner, rest) } : v
    }
    default:
      return fromWire(t, v)
  }
}

function lookup(from: protobuf.Type, typeUrl: string): protobuf.Type | undefined {
  const name = typeUrl.slice(typeUrl.lastIndexOf('/') + 1)
  const found = from.root.lookup(name)
  return found instanceof protobuf.Type ? found : undefined
}

function structToWire(json: Record<string, Json>): unknown {
  return { fields: Object.fromEntries(Object.entries(json).map(([k, v]) => [k, jsonValueToWire(v)])) }
}

function jsonValueToWire(v: Json): unknown {
  if (v === null || v === undefined) return { nullValue: 'NULL_VALUE' }
  if (typeof v === 'number') return { numberValue: v }
  if (typeof v === 'string') return { stringValue: v }
  if (typeof v === 'boolean') return { boolValue: v }
  if (Array.isArray(v)) return { listValue: { values: v.map(jsonValueToWire) } }
  return { structValue: structToWire(v as Record<string, Json>) }
}

function structFromWire(s: Record<string, unknown>): Record<string, Json> {
  const fields = (s.fields ?? {}) as Record<string, Record<string, unknown>>
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, jsonValueFromWire(v)]))
}

function jsonValueFromWire(v: Record<string, unknown>): Json {
  if ('stringValue' in v) return v.stringValue
  if ('numberValue' in v) return Number(v.numberValue)
  if ('boolValue' in v) return v.boolValue
  if ('structValue' in v) return structFromWire(v.structValue as Record<string, unknown>)
  if ('listValue' in v) {
    const values = ((v.listValue as { values?: unknown[] }).values ?? []) as Array<Record<string, unknown>>
    return values.map(jsonValueFromWire)
  }
  return null
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i

function timestampToWire(text: string): { seconds: number; nanos: number } {
  const m = RFC3339.exec(text)
  if (!m) throw new TypeError(`"${text}" is not an RFC 3339 timestamp`)
  const ms = Date.parse(`${m[1]}${m[3]}`)
  return { seconds: Math.floor(ms / 1000), nanos: Number((m[2] ?? '').padEnd(9, '0')) }
}

/** Seconds and nanos as Google's JSON writes them: 0, 3, 6 or 9 fractional digits, then Z. */
export function timestampFromWire(seconds: number, nanos: number): string {
  const base = new Date(seconds * 1000).toISOString().slice(0, 19)
  return `${base}${nanosText(nanos)}Z`
}

function nanosText(nanos: number): string {
  if (nanos === 0) return ''
  const nine = String(nanos).padStart(9, '0')
  return `.${nine.endsWith('000000') ? nine.slice(0, 3) : nine.endsWith('000') ? nine.slice(0, 6) : nine}`
}

const fraction = (seconds: number, nanos: number) => `${seconds}${nanosText(nanos)}`

function durationToWire(text: string): { seconds: number; nanos: number } {
  const m = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(text)
  if (!m) throw new TypeError(`"${text}" is not a duration such as "2s" or "0.5s"`)
  const sign = m[1] === '-' ? -1 : 1
  return { seconds: sign * Number(m[2]), nanos: sign * Number((m[3] ?? '').padEnd(9, '0')) }
}

/** A duration in milliseconds as the JSON form writes it (`2000` → `"2s"`). */
export function durationText(ms: number): string {
  return `${fraction(Math.floor(ms / 1000), (ms % 1000) * 1_000_000)}s`
}

/** The milliseconds of a JSON duration (`"2.5s"` → 2500); undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const m = /^(\d+)(?:\.(\d{1,9}))?s$/.exec(text)
  return m ? Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(9, '0')) / 1_000_000 : undefined
}

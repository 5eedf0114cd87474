import type { Value } from './values.js'

/** The service extracts at most this many fields from one JSON log event. */
export const MAX_DISCOVERED_FIELDS = 200

/**
 * Fields the service discovers in a message on its own: every leaf of a JSON object, named by its
 * path (`level`, `http.status`, arrays as `items.0`), and for Lambda log groups the platform
 * fields of START, END and REPORT lines (`@type`, `@requestId`, `@duration`, `@maxMemoryUsed`...).
 */
export function discoverFields(message: string, logGroup: string): Map<string, Value> {
  const fields = new Map<string, Value>()
  const trimmed = message.trimStart()
  if (trimmed.startsWith('{')) {
    const parsed = tryParseJson(trimmed)
    if (parsed !== undefined && typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      flatten(parsed as Record<string, unknown>, '', fields)
    }
  } else if (logGroup.startsWith('/aws/lambda/')) {
    discoverLambdaPlatformFields(message, fields)
  }
  return fields
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function flatten(node: unknown, path: string, out: Map<string, Value>): void {
  if (out.size >= MAX_DISCOVERED_FIELDS) return
  if (node === null || node === undefined) return
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      flatten(item, path ? `${path}.${i}` : String(i), out)
    })
    return
  }
  if (typeof node === 'object') {
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      flatten(child, path ? `${path}.${key}` : key, out)
    }
    return
  }
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') out.set(path, node)
}

const MB = 1_000_000

function discoverLambdaPlatformFields(message: string, out: Map<string, Value>): void {
  const head = /^(START|END|REPORT) RequestId: ([0-9a-fA-F-]+)/.exec(message)
  if (!head) return
  out.set('@type', head[1] as string)
  out.set('@requestId', head[2] as string)
  if (head[1] !== 'REPORT') return
  const number = (label: string) => {
    const m = new RegExp(`${label}: ([0-9.]+)`).exec(message)
    return m ? Number(m[1]) : undefined
  }
  const setIf = (name: string, v: number | undefined) => {
    if (v !== undefined) out.set(name, v)
  }
  setIf('@duration', number('(?<!Billed |Init )Duration'))
  setIf('@billedDuration', number('Billed Duration'))
  // the service reports the two memory fields in bytes although the line says MB
  const memory = number('Memory Size')
  setIf('@memorySize', memory === undefined ? undefined : memory * MB)
  const used = number('Max Memory Used')
  setIf('@maxMemoryUsed', used === undefined ? undefined : used * MB)
  setIf('@initDuration', number('Init Duration'))
  const trace = /XRAY TraceId: (\S+)/.exec(message)
  if (trace) out.set('@xrayTraceId', trace[1] as string)
}

import { type SpecProblem, specChecker } from '@atmos-logs/core/errors'
import { pollTimingsOf } from '@atmos-logs/core/runtime'
import { tryParseDuration } from '@atmos-logs/core/time'

/** Cloud Logging's severities, lowest first; `spec.severity` is a minimum among them. */
export const SEVERITIES = [
  'DEFAULT',
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARNING',
  'ERROR',
  'CRITICAL',
  'ALERT',
  'EMERGENCY',
] as const

/** A source's spec after validation: every field checked, defaults applied. */
export interface GcpLoggingSpec {
  /** entries.list's resourceNames: `projects/P`, `folders/F`, `organizations/O`. */
  resourceNames: string[]
  /** Log ids in their readable form (`run.googleapis.com/stderr`). */
  logIds: string[]
  resourceTypes: string[]
  labels: Record<string, string>
  severity?: string
  filter?: string
  endpoint?: string
  pageSize: number
  pollIntervalMs: number
  lateWindowMs: number
  /** TailLogEntries' buffer_window: how long the service holds entries to put late ones in order. */
  bufferWindowMs: number
  /** Where TailLogEntries is served, when not on the endpoint's host (an emulator's gRPC port). */
  grpcEndpoint?: string
}

const KNOWN_FIELDS = [
  'project',
  'projects',
  'organization',
  'folder',
  'log',
  'resource_type',
  'labels',
  'severity',
  'filter',
  'endpoint',
  'page_size',
  'poll_interval',
  'late_window',
  'buffer_window',
  'grpc_endpoint',
]

export const MAX_PAGE_SIZE = 1000
export const DEFAULT_POLL_INTERVAL_MS = 5_000
export const DEFAULT_LATE_WINDOW_MS = 2 * 60_000
/** TailLogEntries' own default and its maximum. */
export const DEFAULT_BUFFER_WINDOW_MS = 2_000
export const MAX_BUFFER_WINDOW_MS = 60_000

// Project ids: 6 to 30 lowercase letters, digits and hyphens, starting with a letter (legacy
// domain-scoped ids such as example.com:proj are accepted too).
const PROJECT_ID = /^([a-z][a-z0-9.-]*:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/
const NUMERIC_ID = /^\d{1,20}$/
const RESOURCE_TYPE = /^[a-z][a-z0-9_.]*$/
const LABEL_KEY = /^[A-Za-z0-9_.\-/]{1,128}$/

/** Validate `spec` of source `source`; every problem names its field and what to write instead. */
export function parseSpec(spec: Record<string, unknown>, source: string): GcpLoggingSpec {
  const problem = specChecker('gcp/logging', source, spec, KNOWN_FIELDS)
  const text = (field: string, example: string, value = spec[field]): string | undefined => {
    if (value === undefined) return undefined
    if (typeof value !== 'string' || value.trim() === '')
      return problem(field, `expected a non-empty string such as ${example}; got ${JSON.stringify(value)}.`)
    return value.trim()
  }
  // A string, or a non-empty list of strings (templates render lists as YAML lists).
  const list = (field: string, example: string, pattern: RegExp): string[] => {
    const value = spec[field]
    if (value === undefined) return []
    const items = Array.isArray(value) ? value : [value]
    if (items.length === 0) problem(field, `expected ${example} or a list of them; got an empty list.`)
    return [
      ...new Set(
        items.map((v, i) => {
          const where = Array.isArray(value) ? `${field}[${i}]` : field
          const s = text(where, example, v) as string
          if (!pattern.test(s)) problem(where, `"${s}" is not valid; expected something like ${example}.`)
          return s
        }),
      ),
    ]
  }

  if (spec.project !== undefined && spec.projects !== undefined)
    problem('projects', 'set either project or projects, not both.')
  const projects = list(spec.projects !== undefined ? 'projects' : 'project', 'my-project-123', PROJECT_ID)
  const organization = text('organization', '123456789012')
  if (organization !== undefined && !NUMERIC_ID.test(organization))
    problem(
      'organization',
      `expected the numeric organization id such as 123456789012; got "${organization}".`,
    )
  const folder = text('folder', '123456789012')
  if (folder !== undefined && !NUMERIC_ID.test(folder))
    problem('folder', `expected the numeric folder id such as 123456789012; got "${folder}".`)
  const resourceNames = [
    ...projects.map((p) => `projects/${p}`),
    ...(folder ? [`folders/${folder}`] : []),
    ...(organization ? [`organizations/${organization}`] : []),
  ]
  if (resourceNames.length === 0)
    problem('project', 'a gcp/logging source needs project (or projects, folder, organization) to read from.')
  if (resourceNames.length > 100) problem('projects', 'entries.list reads at most 100 projects at once.')

  // A log id in its readable form, or URL-encoded as it appears in logName.
  const logIds = list('log', 'run.googleapis.com/stderr', /^[^\s"]{1,512}$/).map((id) => {
    try {
      return decodeURIComponent(id)
    } catch {
      return problem('log', `"${id}" is not a valid log id.`)
    }
  })
  const resourceTypes = list('resource_type', 'cloud_run_revision', RESOURCE_TYPE)

  const labels: Record<string, string> = {}
  if (spec.labels !== undefined) {
    const raw = spec.labels
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      problem('labels', 'expected a map of label to value, such as {service_name: api}.')
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (!LABEL_KEY.test(key)) problem(`labels.${key}`, 'is not a valid label key.')
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        problem(`labels.${key}`, `expected a string value; got ${JSON.stringify(value)}.`)
      labels[key] = String(value)
    }
  }

  const severityText = text('severity', 'WARNING')
  let severity: string | undefined
  if (severityText !== undefined) {
    severity = severityText.toUpperCase()
    if (!(SEVERITIES as readonly string[]).includes(severity))
      problem('severity', `"${severityText}" is not a severity; use one of ${SEVERITIES.join(', ')}.`)
  }

  const filter = text('filter', 'jsonPayload.status>=500')

  let endpoint: string | undefined
  const endpointText = text('endpoint', 'https://logging.googleapis.com')
  if (endpointText !== undefined) {
    let url: URL | undefined
    try {
      url = new URL(endpointText)
    } catch {
      url = undefined
    }
    if (!url || !['http:', 'https:'].includes(url.protocol))
      problem(
        'endpoint',
        `expected an http(s) URL such as https://logging.googleapis.com; got "${endpointText}".`,
      )
    endpoint = endpointText
  }

  let pageSize = MAX_PAGE_SIZE
  if (spec.page_size !== undefined) {
    const n = Number(spec.page_size)
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
      problem(
        'page_size',
        `expected a whole number from 1 to ${MAX_PAGE_SIZE}; got ${JSON.stringify(spec.page_size)}.`,
      )
    pageSize = n
  }

  const { pollIntervalMs, lateWindowMs } = pollTimingsOf(spec, problem, {
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    lateWindowMs: DEFAULT_LATE_WINDOW_MS,
  })

  const bufferWindowMs = bufferWindowOf(spec.buffer_window, problem)
  if (bufferWindowMs > MAX_BUFFER_WINDOW_MS)
    problem(
      'buffer_window',
      `${JSON.stringify(spec.buffer_window)} is longer than the 1m TailLogEntries allows; use 0s to 1m (2s by default).`,
    )
  const grpcEndpoint = text('grpc_endpoint', 'logging.googleapis.com:443')

  return {
    resourceNames,
    logIds,
    resourceTypes,
    labels,
    severity,
    filter,
    endpoint,
    pageSize,
    pollIntervalMs,
    lateWindowMs,
    bufferWindowMs,
    grpcEndpoint,
  }
}

/** `buffer_window`: how long TailLogEntries holds entries to put late ones in order (2s by default). */
function bufferWindowOf(value: unknown, problem: SpecProblem): number {
  if (value === undefined) return DEFAULT_BUFFER_WINDOW_MS
  const ms = typeof value === 'string' ? tryParseDuration(value) : undefined
  if (ms === undefined)
    return problem('buffer_window', `expected a duration such as 2s or 30s; got ${JSON.stringify(value)}.`)
  return ms
}

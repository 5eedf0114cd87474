/**
 * The Cloud Logging part of the emulator: the v2 REST API's `entries:list`, `entries:write` and
 * `logs.list`, on the same listener as the other services. Answers and errors take the shapes
 * Google's API reference gives them: LogEntry JSON, `nextPageToken` paging, pageSize 50 by default
 * and 1,000 at most, google.rpc.Status error bodies, and entries.list's quota of 60 requests a
 * minute per project as 429 RESOURCE_EXHAUSTED.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody } from '../aws-json.js'
import type { Clock } from '../clock.js'
import type { FaultInjector } from '../faults.js'
import type { StatsRecorder } from '../stats.js'
import { checkValues, matches, parseQuery, QueryError, rfc3339Nanos, SEVERITY_ORDER } from './query.js'

export { demoCloudLoggingEntries } from './demo.js'
export { parseQuery, QueryError, SEVERITY_ORDER } from './query.js'

/** entries.list: 60 requests a minute per project, a quota Google does not raise. */
export const LIST_REQUESTS_PER_MINUTE = 60
export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 1000
const MAX_RESOURCE_NAMES = 100
const DAY = 86_400_000
/** Entries older than the default bucket's retention are refused on write, as Logging drops them. */
const RETENTION_MS = 30 * DAY

/** A LogEntry as the REST API writes it (JSON, camelCase), plus what the store needs to sort. */
export type LogEntryJson = Record<string, unknown> & { logName: string; insertId: string; timestamp: string }

interface Stored {
  entry: LogEntryJson
  /** The project, folder or organization the entry's logName belongs to (`projects/P`). */
  parent: string
  nanos: bigint
}

/** google.rpc.Status, the error body of every Google REST API. */
export class GoogleApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message)
  }
  body(): unknown {
    return {
      error: {
        code: this.code,
        message: this.message,
        status: this.status,
        ...(this.details.length > 0 ? { details: this.details } : {}),
      },
    }
  }
}

const invalid = (message: string) => new GoogleApiError(400, 'INVALID_ARGUMENT', message)

export interface CloudLoggingOptions {
  clock: Clock
  faults: FaultInjector
  stats: StatsRecorder
  /** entries.list requests a minute per project (Google's quota: 60). */
  listRequestsPerMinute?: number
}

/** What a seed holds for Cloud Logging: entries as entries:write takes them, and project parents. */
export interface CloudLoggingSeed {
  entries: Array<Record<string, unknown>>
  /** A project's folder and organization (`{"acme-dev": ["folders/12", "organizations/34"]}`), for aggregated reads. */
  parents?: Record<string, string[]>
  /** The only bearer tokens accepted from then on (401 UNAUTHENTICATED for any other); any token when absent. */
  tokens?: string[]
  /** Projects that exist without entries yet (a project with entries, or with parents, exists anyway). */
  projects?: string[]
}

const LOG_NAME = /^(projects|organizations|folders|billingAccounts)\/([^/]+)\/logs\/([^/]{1,511})$/
const PARENT = /^(projects|organizations|folders|billingAccounts)\/([^/]+)$/

export class CloudLoggingService {
  private entries: Stored[] = []
  private parents = new Map<string, string[]>()
  /** Resource names that exist; reading any other is answered as Google does (403, not 404). */
  private known = new Set<string>()
  private acceptedTokens?: Set<string>
  private seq = 0
  private generation = 0
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  private readonly perMinute: number
  private readonly watchers = new Set<(s: Stored) => void>()

  constructor(private readonly opts: CloudLoggingOptions) {
    this.perMinute = opts.listRequestsPerMinute ?? LIST_REQUESTS_PER_MINUTE
  }

  get size(): number {
    return this.entries.length
  }

  reset(): void {
    this.entries = []
    this.parents.clear()
    this.known.clear()
    this.acceptedTokens = undefined
    this.buckets.clear()
    this.generation++
  }

  /** Answers a request whose path starts with `/v2/`; false when the path is not Cloud Logging's. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET'
    const logsList = /^\/v2\/((?:projects|organizations|folders|billingAccounts)\/[^/]+)\/logs$/.exec(path)
    const operation =
      method === 'POST' && path === '/v2/entries:list'
        ? 'ListLogEntries'
        : method === 'POST' && path === '/v2/entries:write'
          ? 'WriteLogEntries'
          : method === 'GET' && logsList
            ? 'ListLogs'
            : undefined
    try {
      if (!operation)
        throw new GoogleApiError(404, 'NOT_FOUND', `The emulator has no route ${method} ${path}.`)
      const body = method === 'POST' ? parseBody(await readBody(req)) : {}
      const query = new URL(req.url ?? '/', 'http://x').searchParams
      const params = method === 'POST' ? body : Object.fromEntries(query)
      this.opts.stats.record({
        operation,
        service: 'logging',
        accessKeyId: null,
        params,
        time: this.opts.clock.now(),
      })
      this.authenticate(req.headers.authorization)
      const latency = this.opts.faults.latencyFor(operation)
      if (latency > 0) await new Promise((r) => setTimeout(r, latency))
      const fault = this.opts.faults.decide(operation)
      if (fault) this.opts.stats.recordFault(fault)
      if (fault === 'reset') {
        req.socket.destroy()
        return
      }
      if (fault === 'throttle') {
        this.opts.stats.recordThrottle(operation)
        throw quotaExceeded(firstProject(body) ?? 'unknown')
      }
      if (fault === 'error5xx')
        throw new GoogleApiError(
          503,
          'UNAVAILABLE',
          'The service is currently unavailable (faults.error5xx).',
        )
      if (fault === 'accessDenied') {
        throw new GoogleApiError(
          403,
          'PERMISSION_DENIED',
          `Permission denied: the caller lacks logging.logEntries.list on ${firstProject(body) ?? 'the resource'}.`,
        )
      }
      let answer: unknown
      if (operation === 'ListLogEntries') {
        const parents = resourceNamesOf(body)
        this.requireKnown(parents, 'logging.logEntries.list')
        this.takeQuota(String(req.headers['x-goog-user-project'] ?? parents[0]), operation)
        answer = this.list(body, parents)
      } else if (operation === 'WriteLogEntries') answer = this.write(body)
      else {
        this.requireKnown([logsList![1]!], 'logging.logs.list')
        answer = this.listLogs(logsList![1]!, query)
      }
      const text = JSON.stringify(answer)
      if (fault === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' })
        res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))))
        return
      }
      send(res, 200, text)
    } catch (e) {
      if (e instanceof GoogleApiError) return send(res, e.code, JSON.stringify(e.body()))
      if (e instanceof QueryError)
        return send(res, 400, JSON.stringify(invalid(`Invalid filter: ${e.message}.`).body()))
      throw e
    }
  }

  /** Throws 401 UNAUTHENTICATED unless `authorization` carries a bearer token this emulator takes. */
  authenticate(authorization: string | undefined): void {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1]
    if (!token) {
      throw new GoogleApiError(
        401,
        'UNAUTHENTICATED',
        'Request is missing required authentication credential. Expected an OAuth 2 access token.',
      )
    }
    if (this.acceptedTokens && !this.acceptedTokens.has(token)) {
      throw new GoogleApiError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected an OAuth 2 access token that is valid and not expired.',
      )
    }
  }

  /**
   * Calls `onEntry` with every entry written from now on under `resourceNames` that matches
   * `filter` (what a TailLogEntries session receives); validates both, and refuses a resource that
   * does not exist, as entries.list does. Returns the function that stops watching.
   */
  watch(
    resourceNames: unknown,
    filter: string,
    onEntry: (entry: LogEntryJson, nanos: bigint) => void,
  ): () => void {
    const parents = resourceNamesOf({ resourceNames })
    this.requireKnown(parents, 'logging.logEntries.list')
    const expr = parseQuery(filter)
    checkValues(expr)
    const inScope = this.scope(parents)
    const watcher = (s: Stored) => {
      if (inScope(s) && matches(expr, s.entry)) onEntry(s.entry, s.nanos)
    }
    this.watchers.add(watcher)
    return () => this.watchers.delete(watcher)
  }

  private scope(parents: string[]): (s: Stored) => boolean {
    const scope = new Set(parents)
    return (s) => scope.has(s.parent) || (this.parents.get(s.parent) ?? []).some((p) => scope.has(p))
  }

  /**
   * Google never says a project does not exist (that would tell strangers which ids are taken):
   * a resource that is not there is denied exactly as one the caller may not read.
   */
  private requireKnown(names: string[], permission: string): void {
    if (names.every((n) => this.known.has(n))) return
    throw new GoogleApiError(
      403,
      'PERMISSION_DENIED',
      `Permission '${permission}' denied on resource (or it may not exist).`,
      [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'IAM_PERMISSION_DENIED',
          domain: 'iam.googleapis.com',
          metadata: { permission },
        },
      ],
    )
  }

  /** A token bucket per project holding a minute's quota, refilled continuously. */
  private takeQuota(project: string, operation: string): void {
    const now = this.opts.clock.now()
    const cap = this.perMinute
    const b = this.buckets.get(project) ?? { tokens: cap, at: now }
    b.tokens = Math.min(cap, b.tokens + ((now - b.at) / 60_000) * cap)
    b.at = now
    this.buckets.set(project, b)
    if (b.tokens < 1) {
      this.opts.stats.recordThrottle(operation)
      throw quotaExceeded(project)
    }
    b.tokens -= 1
  }

  /** entries.list */
  list(body: Record<string, unknown>, parents: string[]): unknown {
    const filter = body.filter === undefined ? '' : body.filter
    if (typeof filter !== 'string') throw invalid('filter must be a string.')
    const orderBy = body.orderBy === undefined ? 'timestamp asc' : String(body.orderBy).trim()
    if (!/^timestamp( (asc|desc))?$/i.test(orderBy))
      throw invalid(`orderBy "${orderBy}" is not supported; use "timestamp asc" or "timestamp desc".`)
    const desc = /desc$/i.test(orderBy)
    const pageSize = body.pageSize === undefined ? DEFAULT_PAGE_SIZE : Number(body.pageSize)
    if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PAGE_SIZE)
      throw invalid(`pageSize must be between 0 and ${MAX_PAGE_SIZE}; got ${JSON.stringify(body.pageSize)}.`)
    const expr = parseQuery(filter)
    checkValues(expr)
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([parents, filter, desc]))
      .digest('hex')
      .slice(0, 16)
    const after = body.pageToken ? this.readToken(String(body.pageToken), fingerprint) : undefined

    const inScope = this.scope(parents)
    const sorted = this.entries.filter(inScope).sort((a, b) => order(a, b) * (desc ? -1 : 1))
    const size = pageSize === 0 ? DEFAULT_PAGE_SIZE : pageSize
    const page: Stored[] = []
    for (const s of sorted) {
      if (after && order(s, after) * (desc ? -1 : 1) <= 0) continue
      if (!matches(expr, s.entry)) continue
      page.push(s)
      if (page.length === size) break
    }
    const last = page[page.length - 1]
    // A full page carries a token even when nothing follows, as the service may: the next page is then empty.
    const nextPageToken = page.length === size && last ? this.token(last, fingerprint) : undefined
    return {
      ...(page.length > 0 ? { entries: page.map((s) => s.entry) } : {}),
      ...(nextPageToken ? { nextPageToken } : {}),
    }
  }

  private token(last: Stored, fingerprint: string): string {
    const raw = JSON.stringify([this.generation, fingerprint, last.nanos.toString(), last.entry.insertId])
    return Buffer.from(raw).toString('base64url')
  }

  private readToken(token: string, fingerprint: string): Pick<Stored, 'nanos' | 'entry'> {
    let parsed: unknown
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    } catch {
      throw invalid('The page token is invalid.')
    }
    const [generation, fp, nanos, insertId] = Array.isArray(parsed) ? parsed : []
    if (generation !== this.generation || typeof nanos !== 'string' || typeof insertId !== 'string')
      throw invalid('The page token is invalid or has expired.')
    if (fp !== fingerprint)
      throw invalid(
        'The page token does not match the request: resourceNames, filter and orderBy must not change between pages.',
      )
    return { nanos: BigInt(nanos), entry: { insertId } as LogEntryJson }
  }

  /** entries.write: entries take logName and resource from the request when they name none. */
  write(body: Record<string, unknown>): unknown {
    const entries = body.entries
    if (!Array.isArray(entries) || entries.length === 0)
      throw invalid('entries must list at least one LogEntry.')
    const now = this.opts.clock.now()
    const stored: Stored[] = entries.map((raw, i) => {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
        throw invalid(`entries[${i}] must be a LogEntry object.`)
      const e = { ...(raw as Record<string, unknown>) }
      e.logName ??= body.logName
      e.resource ??= body.resource ?? { type: 'global', labels: {} }
      if (body.labels && typeof body.labels === 'object')
        e.labels = { ...(body.labels as object), ...((e.labels as object) ?? {}) }
      const logName = typeof e.logName === 'string' ? e.logName : ''
      const m = LOG_NAME.exec(logName)
      if (!m)
        throw invalid(
          `entries[${i}].logName "${logName}" is not of the form projects/[PROJECT_ID]/logs/[LOG_ID].`,
        )
      const payloads = ['textPayload', 'jsonPayload', 'protoPayload'].filter((p) => e[p] !== undefined)
      if (payloads.length > 1)
        throw invalid(`entries[${i}] has more than one payload (${payloads.join(', ')}).`)
      const timestamp = e.timestamp === undefined ? new Date(now).toISOString() : String(e.timestamp)
      const nanos = rfc3339Nanos(timestamp)
      if (nanos === undefined)
        throw invalid(`entries[${i}].timestamp "${timestamp}" is not an RFC 3339 time.`)
      const ms = Number(nanos / 1_000_000n)
      if (ms < now - RETENTION_MS || ms > now + DAY)
        throw invalid(
          `entries[${i}].timestamp ${timestamp} is outside the accepted range (the last 30 days to 1 day ahead).`,
        )
      if (typeof e.severity === 'number') e.severity = severityName(e.severity)
      const insertId = typeof e.insertId === 'string' && e.insertId !== '' ? e.insertId : this.insertId(now)
      const entry: LogEntryJson = {
        ...e,
        logName,
        insertId,
        timestamp,
        receiveTimestamp: new Date(Math.max(now, ms)).toISOString(),
      }
      return { entry, parent: `${m[1]}/${m[2]}`, nanos }
    })
    if (body.dryRun === true) return {}
    // An entry written again with the same insertId and timestamp replaces the first, as Logging deduplicates.
    for (const s of stored) {
      const same = this.entries.findIndex(
        (x) =>
          x.entry.insertId === s.entry.insertId && x.nanos === s.nanos && x.entry.logName === s.entry.logName,
      )
      if (same >= 0) this.entries[same] = s
      else this.entries.push(s)
      // Writing is how tests make a project: entries can only be read from one that exists.
      this.known.add(s.parent)
    }
    for (const s of stored) for (const watcher of this.watchers) watcher(s)
    return {}
  }

  /** logs.list: the log names of a parent that has entries, sorted. */
  listLogs(parent: string, query: URLSearchParams): unknown {
    const pageSize = query.has('pageSize') ? Number(query.get('pageSize')) : DEFAULT_PAGE_SIZE
    if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PAGE_SIZE)
      throw invalid(`pageSize must be between 0 and ${MAX_PAGE_SIZE}.`)
    const names = [
      ...new Set(this.entries.filter((s) => s.parent === parent).map((s) => s.entry.logName)),
    ].sort()
    const start = query.get('pageToken')
      ? Number(Buffer.from(query.get('pageToken')!, 'base64url').toString())
      : 0
    if (!Number.isInteger(start) || start < 0) throw invalid('The page token is invalid.')
    const size = pageSize || DEFAULT_PAGE_SIZE
    const page = names.slice(start, start + size)
    return {
      ...(page.length > 0 ? { logNames: page } : {}),
      ...(start + size < names.length
        ? { nextPageToken: Buffer.from(String(start + size)).toString('base64url') }
        : {}),
    }
  }

  /** Loads a seed's entries and parents on top of what is there. */
  seed(seed: CloudLoggingSeed): number {
    for (const [project, parents] of Object.entries(seed.parents ?? {})) {
      this.parents.set(`projects/${project}`, parents)
      for (const name of [`projects/${project}`, ...parents]) this.known.add(name)
    }
    for (const project of seed.projects ?? []) this.known.add(`projects/${project}`)
    if (seed.tokens) this.acceptedTokens = new Set(seed.tokens)
    if (seed.entries.length > 0) this.write({ entries: seed.entries })
    return seed.entries.length
  }

  private insertId(now: number): string {
    return `${now.toString(36)}${(this.seq++).toString(36).padStart(6, '0')}`
  }
}

function order(a: Pick<Stored, 'nanos' | 'entry'>, b: Pick<Stored, 'nanos' | 'entry'>): number {
  if (a.nanos !== b.nanos) return a.nanos < b.nanos ? -1 : 1
  return a.entry.insertId < b.entry.insertId ? -1 : a.entry.insertId > b.entry.insertId ? 1 : 0
}

function severityName(n: number): string {
  return Object.entries(SEVERITY_ORDER)
    .filter(([, v]) => v <= n)
    .pop()![0]
}

function parseBody(buf: Buffer): Record<string, unknown> {
  if (buf.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(buf.toString('utf8'))
  } catch {
    throw invalid('Invalid JSON payload received.')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalid('Invalid JSON payload received: the body must be a JSON object.')
  return parsed as Record<string, unknown>
}

function resourceNamesOf(body: Record<string, unknown>): string[] {
  const names = [
    ...(Array.isArray(body.resourceNames) ? body.resourceNames : []),
    ...(Array.isArray(body.projectIds) ? body.projectIds.map((p) => `projects/${p}`) : []),
  ]
  if (names.length === 0)
    throw invalid('resourceNames must name at least one project, folder or organization.')
  if (names.length > MAX_RESOURCE_NAMES)
    throw invalid(`resourceNames may name at most ${MAX_RESOURCE_NAMES} resources.`)
  for (const n of names) {
    if (typeof n !== 'string' || !PARENT.test(n))
      throw invalid(
        `resourceNames: "${String(n)}" is not of the form projects/[PROJECT_ID], folders/[FOLDER_ID] or organizations/[ORGANIZATION_ID].`,
      )
  }
  return names as string[]
}

function firstProject(body: Record<string, unknown>): string | undefined {
  const names = Array.isArray(body.resourceNames) ? body.resourceNames : []
  return typeof names[0] === 'string' ? names[0] : undefined
}

function quotaExceeded(consumer: string): GoogleApiError {
  return new GoogleApiError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'logging.googleapis.com' for consumer '${consumer}'.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: {
          service: 'logging.googleapis.com',
          consumer,
          quota_metric: 'logging.googleapis.com/read_requests',
        },
      },
    ],
  )
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

/** Query parameters of the list endpoints: pagination with a `Link` header, and run filters. */
import type { RunModel } from './model.js'
import { runState } from './state.js'

export class ValidationFailed extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

export interface Page<T> {
  items: T[]
  total: number
  /** The `Link` header value, or undefined when everything fits on one page. */
  link: string | undefined
}

/** `per_page` (default 30, at most 100) and `page` (from 1), as GitHub reads them. */
export function paginate<T>(all: readonly T[], query: URLSearchParams, selfUrl: string): Page<T> {
  const perPageRaw = Number.parseInt(query.get('per_page') ?? '30', 10)
  const perPage = Number.isNaN(perPageRaw) || perPageRaw < 1 ? 30 : Math.min(100, perPageRaw)
  const pageRaw = Number.parseInt(query.get('page') ?? '1', 10)
  const page = Number.isNaN(pageRaw) || pageRaw < 1 ? 1 : pageRaw
  const items = all.slice((page - 1) * perPage, page * perPage)
  const last = Math.max(1, Math.ceil(all.length / perPage))
  const href = (n: number) => {
    const q = new URLSearchParams(query)
    q.set('per_page', String(perPage))
    q.set('page', String(n))
    return `<${selfUrl}?${q.toString()}>`
  }
  const rels: string[] = []
  if (page > 1) rels.push(`${href(Math.min(page - 1, last))}; rel="prev"`)
  if (page < last) rels.push(`${href(page + 1)}; rel="next"`, `${href(last)}; rel="last"`)
  if (page > 1) rels.push(`${href(1)}; rel="first"`)
  return { items, total: all.length, link: rels.length > 0 ? rels.join(', ') : undefined }
}

const STATUSES = new Set(['queued', 'in_progress', 'completed', 'requested', 'waiting', 'pending'])
const CONCLUSIONS = new Set([
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'skipped',
  'stale',
  'success',
  'timed_out',
])

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** One side of a `created` range; a bare date covers the whole UTC day. */
function bound(text: string, side: 'from' | 'to'): number {
  if (text === '*') return side === 'from' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  const ms = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text)
  if (Number.isNaN(ms)) {
    throw new ValidationFailed(
      'created',
      `created: "${text}" is not a date (YYYY-MM-DD) or an ISO 8601 date-time.`,
    )
  }
  return DATE_ONLY.test(text) && side === 'to' ? ms + 86_399_999 : ms
}

/** GitHub's search date syntax: `>=D`, `>D`, `<=D`, `<D`, `A..B`, `A..*`, `*..B` or a day `D`. */
export function parseCreated(value: string): (ms: number) => boolean {
  const v = value.trim()
  const range = v.split('..')
  if (range.length === 2) {
    const from = bound(range[0]!, 'from')
    const to = bound(range[1]!, 'to')
    return (ms) => ms >= from && ms <= to
  }
  const op = /^(>=|<=|>|<)(.+)$/.exec(v)
  if (op) {
    const [, sign, rest] = op
    if (sign === '>=')
      return (
        (from) => (ms: number) =>
          ms >= from
      )(bound(rest!, 'from'))
    if (sign === '>')
      return (
        (to) => (ms: number) =>
          ms > to
      )(bound(rest!, 'to'))
    if (sign === '<=')
      return (
        (to) => (ms: number) =>
          ms <= to
      )(bound(rest!, 'to'))
    return (
      (from) => (ms: number) =>
        ms < from
    )(bound(rest!, 'from'))
  }
  const from = bound(v, 'from')
  const to = bound(v, 'to')
  return (ms) => ms >= from && ms <= to
}

/** The filters shared by both run listings: branch, event, status (or conclusion), actor, head_sha, created. */
export function runFilter(query: URLSearchParams, now: number): (run: RunModel) => boolean {
  const checks: Array<(run: RunModel) => boolean> = []
  const branch = query.get('branch')
  if (branch) checks.push((r) => r.branch === branch)
  const event = query.get('event')
  if (event) checks.push((r) => r.event === event)
  const actor = query.get('actor')
  if (actor) checks.push((r) => r.actor.toLowerCase() === actor.toLowerCase())
  const headSha = query.get('head_sha')
  if (headSha) checks.push((r) => r.headSha === headSha)
  const checkSuite = query.get('check_suite_id')
  if (checkSuite) checks.push((r) => String(r.checkSuiteId) === checkSuite)
  const status = query.get('status')
  if (status) {
    if (STATUSES.has(status)) checks.push((r) => runState(r, now).status === status)
    else if (CONCLUSIONS.has(status)) checks.push((r) => runState(r, now).conclusion === status)
    else {
      throw new ValidationFailed(
        'status',
        `status: "${status}" is not one of ${[...STATUSES, ...CONCLUSIONS].map((s) => `"${s}"`).join(', ')}.`,
      )
    }
  }
  const created = query.get('created')
  if (created) {
    const inRange = parseCreated(created)
    checks.push((r) => inRange(r.createdAt))
  }
  return (run) => checks.every((c) => c(run))
}

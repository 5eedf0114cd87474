import type { ControlCloudTrailEvent } from '../cloudtrail/index.js'
import { REGION_NAME } from '../cloudwatch/arn.js'
import { UNIT_MS } from '../durations.js'
import type { CloudLoggingSeed } from '../gcp/index.js'
import type { GitHubSeed } from '../github/index.js'

/**
 * The seed format read by `atmos-emulator --seed FILE` (JSON or YAML) and `POST /_emulator/seed`.
 * Every part is optional. Times are epoch milliseconds, ISO 8601 strings, or offsets from now
 * such as `"-15m"`, `"-2h30m"`, `"-1d"`, `"now"` (so a seed file stays fresh).
 */
export type SeedTime = number | string

export interface SeedEvent {
  /** Defaults to now. */
  timestamp?: SeedTime
  /** A string, or an object written as one line of JSON. */
  message: string | Record<string, unknown>
}

export interface SeedLogStream {
  name: string
  events?: SeedEvent[]
}

export interface SeedLogGroup {
  name: string
  /** The region the group lives in (CloudWatch Logs is regional); defaults to us-east-1. */
  region?: string
  retentionInDays?: number
  creationTime?: SeedTime
  streams?: SeedLogStream[]
}

export interface SeedData {
  cloudwatch?: { groups: SeedLogGroup[] }
  /** CloudTrail events as `POST /_emulator/cloudtrail/events` takes them; `EventTime` may be a SeedTime. */
  cloudtrail?: { events: Array<Omit<ControlCloudTrailEvent, 'EventTime'> & { EventTime?: SeedTime }> }
  /** The GitHub Actions emulator's seed (repositories, workflows, runs); `createdAt` may be a SeedTime. */
  github?: GitHubSeed
  /** Cloud Logging entries as entries:write takes them (`timestamp` may be a SeedTime), and project parents. */
  gcp?: CloudLoggingSeed
}

/** A seed that does not match the format; the message names where and what to fix. */
export class SeedError extends Error {
  constructor(where: string, path: string, problem: string) {
    super(
      `The emulator seed ${where} is invalid at ${path}: ${problem}. ` +
        'Fix that entry (the format is described in the @atmos-logs/testkit README, "Seed format") and load the seed again.',
    )
    this.name = 'SeedError'
  }
}

/** Epoch ms from a SeedTime; undefined when it cannot be read. */
export function resolveSeedTime(value: SeedTime, now: number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  const text = value.trim()
  if (text === 'now') return now
  const rel = /^([+-])((?:\d+(?:ms|s|m|h|d|w))+)$/.exec(text)
  if (rel) {
    let total = 0
    for (const [, n, unit] of rel[2]!.matchAll(/(\d+)(ms|s|m|h|d|w)/g))
      total += Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS]
    return rel[1] === '-' ? now - total : now + total
  }
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Checks a seed's CloudWatch part and turns every relative time into epoch ms (CloudTrail's
 * `EventTime` and GitHub's `createdAt` too), so the services receive absolute times.
 */
export function normalizeSeed(raw: unknown, now: number, where: string): SeedData {
  const fail = (path: string, problem: string): never => {
    throw new SeedError(where, path, problem)
  }
  if (!isObject(raw))
    fail('(top level)', 'expected an object with "cloudwatch", "cloudtrail", "github" and/or "gcp"')
  const seed = raw as Json
  for (const key of Object.keys(seed)) {
    if (!['cloudwatch', 'cloudtrail', 'github', 'gcp'].includes(key)) {
      fail(key, 'unknown section; the sections are "cloudwatch", "cloudtrail", "github" and "gcp"')
    }
  }
  const time = (v: unknown, path: string): number => {
    if (typeof v !== 'number' && typeof v !== 'string')
      fail(path, 'expected epoch milliseconds, an ISO 8601 time or an offset such as "-15m"')
    const ms = resolveSeedTime(v as SeedTime, now)
    if (ms === undefined)
      fail(
        path,
        `cannot read ${JSON.stringify(v)} as a time; use epoch milliseconds, ISO 8601 or an offset such as "-15m"`,
      )
    return ms!
  }
  const name = (v: unknown, path: string): string => {
    if (typeof v !== 'string' || v.length === 0) fail(path, 'expected a non-empty string')
    return v as string
  }
  const out: SeedData = {}

  if (seed.cloudwatch !== undefined) {
    const cw = seed.cloudwatch
    if (!isObject(cw) || !Array.isArray(cw.groups)) fail('cloudwatch', 'expected {"groups": [...]}')
    out.cloudwatch = {
      groups: (cw as { groups: unknown[] }).groups.map((g, gi) => {
        const gp = `cloudwatch.groups[${gi}]`
        if (!isObject(g)) fail(gp, 'expected an object with "name" and "streams"')
        const group = g as Json
        if (group.streams !== undefined && !Array.isArray(group.streams))
          fail(`${gp}.streams`, 'expected a list')
        if (
          group.retentionInDays !== undefined &&
          (typeof group.retentionInDays !== 'number' || group.retentionInDays < 1)
        ) {
          fail(`${gp}.retentionInDays`, 'expected a positive number of days')
        }
        if (
          group.region !== undefined &&
          (typeof group.region !== 'string' || !REGION_NAME.test(group.region))
        )
          fail(`${gp}.region`, 'expected a region name such as us-west-2')
        return {
          name: name(group.name, `${gp}.name`),
          region: group.region as string | undefined,
          retentionInDays: group.retentionInDays as number | undefined,
          creationTime:
            group.creationTime === undefined ? undefined : time(group.creationTime, `${gp}.creationTime`),
          streams: ((group.streams as unknown[] | undefined) ?? []).map((s, si) => {
            const sp = `${gp}.streams[${si}]`
            if (!isObject(s)) fail(sp, 'expected an object with "name" and "events"')
            const stream = s as Json
            if (stream.events !== undefined && !Array.isArray(stream.events))
              fail(`${sp}.events`, 'expected a list')
            return {
              name: name(stream.name, `${sp}.name`),
              events: ((stream.events as unknown[] | undefined) ?? []).map((e, ei) => {
                const ep = `${sp}.events[${ei}]`
                if (typeof e === 'string') return { timestamp: now, message: e }
                if (!isObject(e)) fail(ep, 'expected {"timestamp", "message"} or a message string')
                const ev = e as Json
                if (typeof ev.message !== 'string' && !isObject(ev.message))
                  fail(`${ep}.message`, 'expected a string or an object')
                return {
                  timestamp: ev.timestamp === undefined ? now : time(ev.timestamp, `${ep}.timestamp`),
                  message: ev.message as string | Json,
                }
              }),
            }
          }),
        }
      }),
    }
  }

  if (seed.cloudtrail !== undefined) {
    const ct = seed.cloudtrail
    const events = Array.isArray(ct)
      ? ct
      : isObject(ct) && Array.isArray(ct.events)
        ? ct.events
        : fail('cloudtrail', 'expected {"events": [...]}')
    out.cloudtrail = {
      events: (events as unknown[]).map((e, i) => {
        if (!isObject(e))
          return fail(`cloudtrail.events[${i}]`, 'expected an object with "EventName" and "EventSource"')
        return e.EventTime === undefined
          ? (e as never)
          : ({ ...e, EventTime: time(e.EventTime, `cloudtrail.events[${i}].EventTime`) } as never)
      }),
    }
  }

  if (seed.github !== undefined) {
    // createdAt may be relative; the GitHub module validates the rest of its own format.
    const resolveRuns = (v: unknown, path: string): unknown => {
      if (Array.isArray(v)) return v.map((x, i) => resolveRuns(x, `${path}[${i}]`))
      if (!isObject(v)) return v
      const copy: Json = {}
      for (const [k, val] of Object.entries(v)) {
        copy[k] =
          k === 'createdAt' && typeof val === 'string'
            ? time(val, `${path}.${k}`)
            : resolveRuns(val, `${path}.${k}`)
      }
      return copy
    }
    out.github = resolveRuns(seed.github, 'github') as GitHubSeed
  }

  if (seed.gcp !== undefined) {
    const g = seed.gcp
    if (!isObject(g) || !Array.isArray(g.entries))
      fail('gcp', 'expected {"entries": [...], "parents"?: {...}}')
    const gcp = g as Json
    if (gcp.parents !== undefined && !isObject(gcp.parents))
      fail('gcp.parents', 'expected a map of project id to a list such as ["folders/12", "organizations/34"]')
    if (
      gcp.tokens !== undefined &&
      (!Array.isArray(gcp.tokens) || gcp.tokens.some((t) => typeof t !== 'string'))
    )
      fail('gcp.tokens', 'expected a list of the bearer tokens to accept')
    if (
      gcp.projects !== undefined &&
      (!Array.isArray(gcp.projects) || gcp.projects.some((p) => typeof p !== 'string'))
    )
      fail('gcp.projects', 'expected a list of project ids that exist, such as ["acme-dev"]')
    out.gcp = {
      parents: gcp.parents as Record<string, string[]> | undefined,
      tokens: gcp.tokens as string[] | undefined,
      projects: gcp.projects as string[] | undefined,
      entries: (gcp.entries as unknown[]).map((e, i) => {
        if (!isObject(e)) return fail(`gcp.entries[${i}]`, 'expected a LogEntry object with "logName"')
        // Cloud Logging takes RFC 3339 times: relative seed times are turned into one.
        return e.timestamp === undefined
          ? e
          : { ...e, timestamp: new Date(time(e.timestamp, `gcp.entries[${i}].timestamp`)).toISOString() }
      }),
    }
  }
  return out
}

import type { IncomingMessage, ServerResponse } from 'node:http'
import { parse as parseYaml } from 'yaml'
import { AwsServiceError } from './aws-error.js'
import { readBody } from './aws-json.js'
import type { CloudTrailService } from './cloudtrail/index.js'
import { REGION, REGION_NAME } from './cloudwatch/arn.js'
import type { CloudWatchStore } from './cloudwatch/store.js'
import { FaultConfigError, type FaultInjector, parseFaultConfig } from './faults.js'
import type { CloudLoggingService } from './gcp/index.js'
import type { GitHubEmulator } from './github/index.js'
import { applySeed } from './seeds/load.js'
import type { StatsRecorder } from './stats.js'

/**
 * The `/_emulator/` control API: put events, seed, reset, faults and stats. It is a public
 * contract (tests and demos outside this package use it). Bodies and answers are plain JSON; a bad
 * body is a 400 whose `error` says what to fix.
 */
export interface ControlTargets {
  cloudwatch: CloudWatchStore
  cloudtrail: CloudTrailService
  github: GitHubEmulator
  logging: CloudLoggingService
  faults: FaultInjector
  stats: StatsRecorder
  now(): number
  /** Clears every service's data, the stats and the faults. */
  reset(): void
}

class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

async function readJson(req: IncomingMessage, route: string): Promise<unknown> {
  const body = (await readBody(req)).toString('utf8')
  if (body.trim() === '') return {}
  const type = req.headers['content-type'] ?? ''
  try {
    return /yaml/i.test(type) ? parseYaml(body) : JSON.parse(body)
  } catch (e) {
    throw new ControlError(
      `The body of ${route} is not valid ${/yaml/i.test(type) ? 'YAML' : 'JSON'} (${(e as Error).message}).`,
    )
  }
}

function cloudWatchEvents(t: ControlTargets, body: unknown): { eventIds: string[] } {
  const b = body as { region?: unknown; logGroup?: unknown; logStream?: unknown; events?: unknown }
  const where = 'POST /_emulator/cloudwatch/events'
  if (b?.region !== undefined && (typeof b.region !== 'string' || !REGION_NAME.test(b.region)))
    throw new ControlError(`${where}: "region" must be a region name such as us-west-2 (default ${REGION}).`)
  const region = (b?.region as string | undefined) ?? REGION
  if (typeof b?.logGroup !== 'string' || b.logGroup === '')
    throw new ControlError(`${where} needs "logGroup", a log group name.`)
  if (typeof b.logStream !== 'string' || b.logStream === '')
    throw new ControlError(`${where} needs "logStream", a log stream name.`)
  if (!Array.isArray(b.events))
    throw new ControlError(`${where} needs "events": a list of {"timestamp"?: epoch ms, "message"}.`)
  const events = b.events.map((e, i) => {
    const ev = e as { timestamp?: unknown; message?: unknown }
    if (typeof ev?.message !== 'string')
      throw new ControlError(`${where}: events[${i}].message must be a string.`)
    if (ev.timestamp !== undefined && (typeof ev.timestamp !== 'number' || !Number.isFinite(ev.timestamp))) {
      throw new ControlError(`${where}: events[${i}].timestamp must be epoch milliseconds (a number).`)
    }
    return { timestamp: ev.timestamp as number | undefined, message: ev.message }
  })
  // The service keeps no event older than 14 days before its ingestion, so a group holding one
  // must have existed long enough: the group (and stream) are dated back to the oldest event, never
  // holding data the service could not (readers such as tail rely on that bound).
  const now = t.now()
  const oldest = events.reduce((min, e) => Math.min(min, e.timestamp ?? now), now)
  const group = t.cloudwatch.createGroup(b.logGroup, { region, creationTime: oldest })
  const stream = t.cloudwatch.createStream(b.logGroup, b.logStream, { region, creationTime: oldest })
  group.creationTime = Math.min(group.creationTime, oldest)
  stream.creationTime = Math.min(stream.creationTime, oldest)
  const stored = t.cloudwatch.putEvents(b.logGroup, b.logStream, events, { region })
  return { eventIds: stored.map((e) => e.eventId) }
}

/** Answers a request under `/_emulator/`; `path` is the path without the query. */
export async function handleControl(
  t: ControlTargets,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const method = req.method ?? 'GET'
  const route = `${method} ${path}`
  try {
    switch (route) {
      case 'GET /_emulator/health':
        return reply(res, 200, { ok: true })
      case 'GET /_emulator/stats':
        return reply(res, 200, t.stats.snapshot())
      case 'POST /_emulator/reset':
        t.reset()
        return reply(res, 200, { ok: true })
      case 'POST /_emulator/faults': {
        const config = parseFaultConfig(await readJson(req, route))
        t.faults.set(config)
        return reply(res, 200, { faults: config })
      }
      case 'GET /_emulator/faults':
        return reply(res, 200, { faults: t.faults.config })
      case 'POST /_emulator/cloudwatch/events':
        return reply(res, 200, cloudWatchEvents(t, await readJson(req, route)))
      case 'POST /_emulator/cloudtrail/events': {
        const body = (await readJson(req, route)) as { events?: unknown }
        return reply(res, 200, t.cloudtrail.putEvents(body?.events as never))
      }
      case 'POST /_emulator/seed': {
        const body = await readJson(req, route)
        if (typeof body === 'string') {
          throw new ControlError(
            `${route} takes the seed data itself (JSON or YAML), not a name or a path; use "atmos-emulator --seed" for files.`,
          )
        }
        return reply(res, 200, await applySeed(t, body, t.now()))
      }
      default:
        throw new ControlError(
          `No control route ${route}. The routes are POST /_emulator/cloudwatch/events, POST /_emulator/cloudtrail/events, ` +
            'POST /_emulator/faults, GET /_emulator/stats, POST /_emulator/reset and POST /_emulator/seed.',
          404,
        )
    }
  } catch (e) {
    if (e instanceof ControlError) return reply(res, e.status, { error: e.message })
    if (e instanceof FaultConfigError || e instanceof AwsServiceError)
      return reply(res, 400, { error: e.message })
    if (e instanceof Error && /Seed/.test(e.name)) return reply(res, 400, { error: e.message })
    throw e
  }
}

import { demoCloudTrailEvents } from '../cloudtrail/index.js'
import { HOUR, MINUTE } from '../durations.js'
import { seededRandom } from '../faults.js'
import { demoCloudLoggingEntries } from '../gcp/index.js'
import { demoGitHubSeed } from '../github/index.js'
import type { SeedData, SeedEvent, SeedLogGroup } from './format.js'

/**
 * The `--seed demo` data: a small "acme dev" environment whose events end just before `now`, so
 * `--since 15m` always shows something. Same `now`, same data.
 *
 * - /aws/lambda/acme-dev-api: START/END/REPORT lines around JSON application logs (DEBUG..ERROR),
 *   a new log stream at each cold start.
 * - /aws/lambda/acme-dev-events: a queue consumer, plain text logs with occasional retries.
 * - /aws/apigateway/acme-dev-api/access: API Gateway access logs in Common Log Format.
 * - /ecs/acme-dev/worker: an ECS service with two tasks, mixed text and JSON lines.
 * - CloudTrail management events and a GitHub deploy workflow (one run has a failed step),
 *   from the CloudTrail and GitHub modules' own demo data.
 * - A Cloud Run service's request, application and audit logs in Cloud Logging (project acme-dev).
 */
const DEMO_SPAN = 3 * HOUR

const hex = (random: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('')

const uuid = (random: () => number) =>
  `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(random, 3)}-${hex(random, 12)}`

const lambdaStreamName = (t: number, random: () => number) => {
  const d = new Date(t)
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`
  return `${day}/[$LATEST]${hex(random, 32)}`
}

const ORDERS = ['ord-1042', 'ord-1043', 'ord-1044', 'ord-1045', 'ord-1046', 'ord-1047']
const CLIENT_IPS = ['203.0.113.10', '203.0.113.24', '198.51.100.7', '192.0.2.55']

function apiLambda(now: number, random: () => number): { lambda: SeedLogGroup; access: SeedLogGroup } {
  const streams: NonNullable<SeedLogGroup['streams']> = []
  const access: SeedEvent[] = []
  let stream: { name: string; events: SeedEvent[] } | undefined
  let coldStartAt = -Infinity
  // One invocation about every 40 seconds, the last one a few seconds ago.
  for (let t = now - DEMO_SPAN; t < now - 5_000; t += 25_000 + Math.floor(random() * 30_000)) {
    const cold = t - coldStartAt > 45 * MINUTE
    if (cold || !stream) {
      stream = { name: lambdaStreamName(t, random), events: [] }
      streams.push(stream)
      coldStartAt = t
    }
    const requestId = uuid(random)
    const order = ORDERS[Math.floor(random() * ORDERS.length)]!
    const base = {
      service: 'acme-dev-api',
      function_request_id: requestId,
      xray_trace_id: `1-${hex(random, 8)}-${hex(random, 24)}`,
    }
    const roll = random()
    const outcome = roll < 0.08 ? 'error' : roll < 0.2 ? 'warn' : 'ok'
    const durationMs = outcome === 'error' ? 3000 + random() * 500 : 40 + random() * 400
    const log = (offset: number, level: string, message: string, extra: Record<string, unknown> = {}) =>
      stream!.events!.push({
        timestamp: t + offset,
        message: JSON.stringify({
          level,
          location: 'handler:41',
          message,
          timestamp: new Date(t + offset).toISOString(),
          ...base,
          ...extra,
        }),
      })
    stream.events.push({ timestamp: t, message: `START RequestId: ${requestId} Version: $LATEST` })
    log(2, 'DEBUG', 'Received event', { path: `/orders/${order}`, method: 'GET' })
    log(5, 'INFO', 'Loading order', { order_id: order })
    if (outcome === 'warn')
      log(20, 'WARN', 'Inventory cache miss, reading from DynamoDB', {
        order_id: order,
        table: 'acme-dev-inventory',
      })
    if (outcome === 'error') {
      log(Math.floor(durationMs) - 5, 'ERROR', 'Payment provider did not answer in time', {
        order_id: order,
        exception_name: 'TimeoutError',
        exception: 'TimeoutError: upstream request to payments.acme.internal timed out after 3000 ms',
      })
    } else {
      log(Math.floor(durationMs) - 2, 'INFO', 'Order loaded', {
        order_id: order,
        items: 1 + Math.floor(random() * 4),
      })
    }
    const end = t + Math.ceil(durationMs)
    stream.events.push({ timestamp: end, message: `END RequestId: ${requestId}` })
    stream.events.push({
      timestamp: end,
      message:
        `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\t` +
        `Memory Size: 512 MB\tMax Memory Used: ${80 + Math.floor(random() * 40)} MB\t` +
        (cold ? `Init Duration: ${(250 + random() * 200).toFixed(2)} ms\t` : ''),
    })
    const status = outcome === 'error' ? 504 : 200
    const when = new Date(end + 3)
    const clf = when.toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000')
    access.push({
      timestamp: end + 3,
      message: `${CLIENT_IPS[Math.floor(random() * CLIENT_IPS.length)]} - - [${clf}] "GET /orders/${order} HTTP/1.1" ${status} ${status === 200 ? 300 + Math.floor(random() * 900) : 36} ${requestId}`,
    })
  }
  return {
    lambda: {
      name: '/aws/lambda/acme-dev-api',
      retentionInDays: 14,
      creationTime: now - 30 * 24 * HOUR,
      streams,
    },
    access: {
      name: '/aws/apigateway/acme-dev-api/access',
      retentionInDays: 30,
      creationTime: now - 30 * 24 * HOUR,
      streams: [{ name: hex(random, 32), events: access }],
    },
  }
}

function eventsLambda(now: number, random: () => number): SeedLogGroup {
  const stream = { name: lambdaStreamName(now - DEMO_SPAN, random), events: [] as SeedEvent[] }
  for (let t = now - DEMO_SPAN; t < now - 10_000; t += 60_000 + Math.floor(random() * 60_000)) {
    const requestId = uuid(random)
    const batch = 1 + Math.floor(random() * 10)
    stream.events.push({ timestamp: t, message: `START RequestId: ${requestId} Version: $LATEST` })
    stream.events.push({
      timestamp: t + 3,
      message: `${new Date(t + 3).toISOString()}\t${requestId}\tINFO\tProcessing ${batch} messages from acme-dev-orders`,
    })
    if (random() < 0.1) {
      stream.events.push({
        timestamp: t + 40,
        message: `${new Date(t + 40).toISOString()}\t${requestId}\tWARN\tMessage ${hex(random, 8)} failed, returned to the queue (attempt 2 of 5)`,
      })
    }
    const duration = 20 + random() * 200
    stream.events.push({ timestamp: t + Math.ceil(duration), message: `END RequestId: ${requestId}` })
    stream.events.push({
      timestamp: t + Math.ceil(duration),
      message: `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: 256 MB\tMax Memory Used: ${60 + Math.floor(random() * 20)} MB\t`,
    })
  }
  return {
    name: '/aws/lambda/acme-dev-events',
    retentionInDays: 14,
    creationTime: now - 30 * 24 * HOUR,
    streams: [stream],
  }
}

function ecsWorker(now: number, random: () => number): SeedLogGroup {
  const tasks = [hex(random, 32), hex(random, 32)]
  const streams = tasks.map((task) => ({ name: `worker/worker/${task}`, events: [] as SeedEvent[] }))
  for (let t = now - DEMO_SPAN; t < now - 2_000; t += 10_000 + Math.floor(random() * 20_000)) {
    const stream = streams[Math.floor(random() * streams.length)]!
    const job = 5000 + Math.floor(random() * 5000)
    const roll = random()
    if (roll < 0.05) {
      stream.events.push({
        timestamp: t,
        message: JSON.stringify({
          level: 'error',
          time: new Date(t).toISOString(),
          msg: 'job failed',
          job,
          err: 'connection reset by peer',
          attempt: 3,
        }),
      })
    } else if (roll < 0.15) {
      stream.events.push({
        timestamp: t,
        message: `${new Date(t).toISOString()} WARN  worker: job ${job} slow: ${(2 + random() * 5).toFixed(1)}s`,
      })
    } else {
      stream.events.push({
        timestamp: t,
        message: `${new Date(t).toISOString()} INFO  worker: job ${job} done in ${Math.floor(50 + random() * 900)}ms`,
      })
    }
  }
  return { name: '/ecs/acme-dev/worker', retentionInDays: 7, creationTime: now - 10 * 24 * HOUR, streams }
}

export function demoSeed(now: number): SeedData {
  const random = seededRandom(20250101)
  const { lambda, access } = apiLambda(now, random)
  return {
    cloudwatch: { groups: [lambda, eventsLambda(now, random), access, ecsWorker(now, random)] },
    cloudtrail: { events: demoCloudTrailEvents(now) },
    github: demoGitHubSeed(now),
    gcp: { entries: demoCloudLoggingEntries(now) },
  }
}

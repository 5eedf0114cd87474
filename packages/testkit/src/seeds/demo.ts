import { demoCloudTrailEvents } from '../cloudtrail/index.js'
import { HOUR, MINUTE } from '../durations.js'
import { seededRandom } from '../faults.js'
import { demoCloudLoggingEntries } from '../gcp/index.js'
import { demoGitHubSeed } from '../github/index.js'
import type { SeedData, SeedEvent, SeedLogGroup } from './format.js'
import { type LambdaInvocation, lambdaInvocationEvents } from './lambda.js'
import { STORY_RELEASE, type StoryTimes, storyTimes } from './story.js'

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
 * - Ten minutes ago the incident of seeds/story.ts: after the deploy of release 1.43.0 the api's
 *   invocations start in a new log stream and mostly fail, the events consumer returns messages
 *   to its queue and the worker's jobs fail, all on the orders client the release changed.
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

// What the release broke: the orders client it ships sends a field the payment provider refuses.
const REJECTED = `ValidationError: payment request has unknown field "currency_code" (orders-client ${STORY_RELEASE})`

function apiLambda(
  now: number,
  story: StoryTimes,
  random: () => number,
): { lambda: SeedLogGroup; access: SeedLogGroup } {
  const streams: NonNullable<SeedLogGroup['streams']> = []
  const access: SeedEvent[] = []
  let stream: { name: string; events: SeedEvent[] } | undefined
  let coldStartAt = -Infinity
  // One invocation about every 40 seconds, the last one a few seconds ago; after the release's
  // errors begin, clients retry and they come every 8 to 16 seconds.
  for (
    let t = now - DEMO_SPAN;
    t < now - 5_000;
    t += t >= story.errorsAt ? 8_000 + Math.floor(random() * 8_000) : 25_000 + Math.floor(random() * 30_000)
  ) {
    // The new code runs in new execution environments: a cold start and a new log stream.
    const cold = t - coldStartAt > 45 * MINUTE || (t >= story.changeAt && coldStartAt < story.changeAt)
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
    const outcome =
      t >= story.errorsAt && roll < 0.75 ? 'rejected' : roll < 0.08 ? 'error' : roll < 0.2 ? 'warn' : 'ok'
    const durationMs =
      outcome === 'error'
        ? 3000 + random() * 500
        : outcome === 'rejected'
          ? 60 + random() * 60
          : 40 + random() * 400
    const lines: LambdaInvocation['lines'] = []
    const log = (offset: number, level: string, message: string, extra: Record<string, unknown> = {}) =>
      lines.push({
        atMs: offset,
        message: JSON.stringify({
          level,
          location: 'handler:41',
          message,
          timestamp: new Date(t + offset).toISOString(),
          ...base,
          ...extra,
        }),
      })
    log(2, 'DEBUG', 'Received event', { path: `/orders/${order}`, method: 'GET' })
    log(5, 'INFO', 'Loading order', { order_id: order })
    if (outcome === 'warn')
      log(20, 'WARN', 'Inventory cache miss, reading from DynamoDB', {
        order_id: order,
        table: 'acme-dev-inventory',
      })
    if (outcome === 'rejected') {
      log(Math.floor(durationMs) - 5, 'ERROR', 'Payment provider rejected the order', {
        order_id: order,
        exception_name: 'ValidationError',
        exception: REJECTED,
      })
    } else if (outcome === 'error') {
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
    stream.events.push(
      ...lambdaInvocationEvents({
        requestId,
        start: t,
        durationMs,
        memorySizeMB: 512,
        maxMemoryUsedMB: 80 + Math.floor(random() * 40),
        ...(cold ? { initDurationMs: 250 + random() * 200 } : {}),
        lines,
      }),
    )
    const end = t + Math.ceil(durationMs)
    const status = outcome === 'error' ? 504 : outcome === 'rejected' ? 502 : 200
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

function eventsLambda(now: number, story: StoryTimes, random: () => number): SeedLogGroup {
  const stream = { name: lambdaStreamName(now - DEMO_SPAN, random), events: [] as SeedEvent[] }
  const runtime = (t: number, requestId: string, level: string, text: string) =>
    `${new Date(t).toISOString()}\t${requestId}\t${level}\t${text}`
  // A queue consumer polled about once a minute; after the release's errors begin, messages that
  // failed come back and it runs about every 20 to 40 seconds.
  for (
    let t = now - DEMO_SPAN;
    t < now - 10_000;
    t += t >= story.errorsAt ? 20_000 + Math.floor(random() * 20_000) : 60_000 + Math.floor(random() * 60_000)
  ) {
    const requestId = uuid(random)
    const batch = 1 + Math.floor(random() * 10)
    const lines: LambdaInvocation['lines'] = [
      {
        atMs: 3,
        message: runtime(t + 3, requestId, 'INFO', `Processing ${batch} messages from acme-dev-orders`),
      },
    ]
    if (t >= story.errorsAt + 5_000) {
      lines.push({
        atMs: 35,
        message: runtime(
          t + 35,
          requestId,
          'ERROR',
          `Message ${hex(random, 8)} rejected by payments: ${REJECTED}`,
        ),
      })
    }
    if (t >= story.errorsAt + 5_000 || random() < 0.1) {
      lines.push({
        atMs: 40,
        message: runtime(
          t + 40,
          requestId,
          'WARN',
          `Message ${hex(random, 8)} failed, returned to the queue (attempt 2 of 5)`,
        ),
      })
    }
    stream.events.push(
      ...lambdaInvocationEvents({
        requestId,
        start: t,
        durationMs: 20 + random() * 200,
        memorySizeMB: 256,
        maxMemoryUsedMB: 60 + Math.floor(random() * 20),
        lines,
      }),
    )
  }
  return {
    name: '/aws/lambda/acme-dev-events',
    retentionInDays: 14,
    creationTime: now - 30 * 24 * HOUR,
    streams: [stream],
  }
}

function ecsWorker(now: number, story: StoryTimes, random: () => number): SeedLogGroup {
  const tasks = [hex(random, 32), hex(random, 32)]
  const streams = tasks.map((task) => ({ name: `worker/worker/${task}`, events: [] as SeedEvent[] }))
  for (let t = now - DEMO_SPAN; t < now - 2_000; t += 10_000 + Math.floor(random() * 20_000)) {
    const stream = streams[Math.floor(random() * streams.length)]!
    const job = 5000 + Math.floor(random() * 5000)
    const roll = random()
    // The release reached the worker's tasks about 10 s after api and events.
    const failure =
      t >= story.errorsAt + 10_000 && roll < 0.6
        ? { err: REJECTED, attempt: 1 }
        : roll < 0.05
          ? { err: 'connection reset by peer', attempt: 3 }
          : undefined
    if (failure) {
      stream.events.push({
        timestamp: t,
        message: JSON.stringify({
          level: 'error',
          time: new Date(t).toISOString(),
          msg: 'job failed',
          job,
          ...failure,
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
  const story = storyTimes(now)
  const { lambda, access } = apiLambda(now, story, random)
  return {
    cloudwatch: {
      groups: [lambda, eventsLambda(now, story, random), access, ecsWorker(now, story, random)],
    },
    cloudtrail: { events: demoCloudTrailEvents(now) },
    github: demoGitHubSeed(now),
    gcp: { entries: demoCloudLoggingEntries(now) },
  }
}

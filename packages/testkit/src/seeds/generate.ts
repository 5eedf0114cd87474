import { HOUR } from '../durations.js'
import { seededRandom } from '../faults.js'
import type { SeedData, SeedLogGroup } from './format.js'

/**
 * Deterministic volume for tests and benchmarks: `events` events spread evenly over
 * [start, end), dealt round-robin over `groups` groups of `streams` streams each. The same options
 * always give the same events. Messages mix JSON application logs and plain text lines at four
 * levels, and each carries its sequence number (`seq`), so completeness is easy to check.
 */
export interface GenerateOptions {
  events: number
  groups?: number
  /** Streams per group. */
  streams?: number
  /** Epoch ms (inclusive); default one hour before `end`. */
  start?: number
  /** Epoch ms (exclusive); default now. */
  end?: number
  /** PRNG seed; default 1. */
  seed?: number
  /** Log group names are `${groupPrefix}-${index}`; default `/atmos/generated/group`. */
  groupPrefix?: string
}

const LEVELS = [
  'INFO',
  'INFO',
  'INFO',
  'INFO',
  'INFO',
  'INFO',
  'INFO',
  'DEBUG',
  'DEBUG',
  'WARN',
  'WARN',
  'ERROR',
] as const
const ROUTES = ['/api/orders', '/api/users', '/api/cart', '/health', '/api/payments']

export const generatedGroupName = (prefix: string, index: number) =>
  `${prefix}-${String(index).padStart(3, '0')}`
export const generatedStreamName = (index: number) => `stream-${String(index).padStart(3, '0')}`

export function generateEvents(opts: GenerateOptions): SeedData {
  const total = Math.max(0, Math.floor(opts.events))
  const groupCount = Math.max(1, opts.groups ?? 1)
  const streamCount = Math.max(1, opts.streams ?? 1)
  const end = opts.end ?? Date.now()
  const start = opts.start ?? end - HOUR
  const prefix = opts.groupPrefix ?? '/atmos/generated/group'
  const random = seededRandom(opts.seed ?? 1)
  const span = Math.max(1, end - start)

  const groups: SeedLogGroup[] = Array.from({ length: groupCount }, (_, g) => ({
    name: generatedGroupName(prefix, g),
    creationTime: start,
    streams: Array.from({ length: streamCount }, (_, s) => ({ name: generatedStreamName(s), events: [] })),
  }))

  for (let i = 0; i < total; i++) {
    const timestamp = start + Math.floor((i * span) / total)
    const group = groups[i % groupCount]!
    const stream = group.streams![Math.floor(i / groupCount) % streamCount]!
    const level = LEVELS[Math.floor(random() * LEVELS.length)]!
    const route = ROUTES[Math.floor(random() * ROUTES.length)]!
    const latency = Math.floor(random() * 2000)
    const status = level === 'ERROR' ? 500 : level === 'WARN' ? 429 : 200
    const message =
      random() < 0.6
        ? JSON.stringify({ level, msg: 'request handled', route, status, latencyMs: latency, seq: i })
        : `${new Date(timestamp).toISOString()} ${level} [worker-${i % 7}] ${route} status=${status} latency=${latency}ms seq=${i}`
    stream.events!.push({ timestamp, message })
  }
  return { cloudwatch: { groups } }
}

import type { StatsSnapshot } from '@atmos-logs/testkit'
import { tempProject } from './cli.js'
import type { CloudWatchHarness } from './cloudwatch.js'

/**
 * What the CloudTrail end-to-end tests share, on top of the emulator harness: events put through
 * the public control route (the ground truth), atmos projects with aws/cloudtrail sources, and
 * what the CLI printed.
 */
export interface TrailPut {
  EventName: string
  EventSource: string
  /** epoch ms (the emulator keeps whole seconds) */
  EventTime: number
  Username?: string
  ReadOnly?: boolean
  errorCode?: string
  awsRegion?: string
  deliveryDelayMs?: number
  Resources?: Array<{ ResourceType?: string; ResourceName?: string }>
}

export interface TrailTruth extends TrailPut {
  id: string
}

/** POST /_emulator/cloudtrail/events in batches; the events with the EventIds they were given. */
export async function putTrail(h: CloudWatchHarness, events: TrailPut[]): Promise<TrailTruth[]> {
  const out: TrailTruth[] = []
  for (let i = 0; i < events.length; i += 500) {
    const batch = events.slice(i, i + 500)
    const { eventIds } = (await h.control('POST', '/_emulator/cloudtrail/events', { events: batch })) as {
      eventIds: string[]
    }
    out.push(
      ...batch.map((e, j) => ({ ...e, EventTime: Math.floor(e.EventTime / 1000) * 1000, id: eventIds[j]! })),
    )
  }
  return out
}

/** An atmos project whose atmos.yaml declares aws/cloudtrail sources (JSON is valid YAML). */
export function trailProject(sources: Record<string, Record<string, unknown>>): Promise<string> {
  const withKind = Object.fromEntries(
    Object.entries(sources).map(([name, spec]) => [name, { kind: 'aws/cloudtrail', spec }]),
  )
  return tempProject({ 'atmos.yaml': `${JSON.stringify({ logs: { sources: withKind } }, null, 2)}\n` })
}

export interface TrailLine {
  timestamp: string
  level: string
  message: string
  id: string
  requestId: string | null
  metadata: Record<string, any>
  late?: boolean
}

export function parseTrailLines(stdout: string): TrailLine[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as TrailLine)
}

/** Ground truth as the CLI must print it: ascending by time (distinct seconds in these tests). */
export const ascending = (events: TrailTruth[]) => [...events].sort((a, b) => a.EventTime - b.EventTime)

/** The LookupEvents calls the emulator recorded (the last 200 calls), with their parameters. */
export function lookupCalls(stats: StatsSnapshot): Array<Record<string, any>> {
  return stats.recent
    .filter((c) => c.operation === 'LookupEvents')
    .map((c) => c.params as Record<string, any>)
}

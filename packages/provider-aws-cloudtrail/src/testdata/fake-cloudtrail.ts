import type { Logger } from '@atmos-logs/core/contract'
import type { AwsSender } from '@atmos-logs/core/aws'
import type { Clock } from '@atmos-logs/core/runtime'
import { CloudTrailService, type ControlCloudTrailEvent } from '@atmos-logs/testkit'

/**
 * A clock whose sleeps pass at once, moving time forward: tests of polling and rate limits run
 * instantly and exactly.
 */
export class VirtualClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    await Promise.resolve()
    if (signal?.aborted) throw signal.reason ?? new Error('aborted')
    this.time += ms
    this.onSleep?.(this.time)
  }
  /** called after every sleep, with the new time: tests deliver events "meanwhile" */
  onSleep?: (now: number) => void
}

/**
 * The emulator's CloudTrail service behind the SDK client's `send`: the command's input goes over
 * the wire form (epoch seconds) and back, errors come out as the SDK raises them, and every call is
 * recorded. The quota is the service's own (2 a second per key and region), on the virtual clock.
 */
export function fakeCloudTrail(clock: VirtualClock, opts: { duplicates?: boolean; ratePerSecond?: number } = {}) {
  const service = new CloudTrailService(clock, {
    lookupRatePerSecond: opts.ratePerSecond,
    faults: { duplicatePage: () => opts.duplicates ?? false, deliveryDelayMs: () => 0 },
  })
  const calls: Array<{ region: string | undefined; input: Record<string, unknown> }> = []
  const senderFor = (_service: 'cloudtrail' | 'logs', region: string | undefined): AwsSender => ({
    async send(command: { input: Record<string, unknown> }) {
      await Promise.resolve()
      const input = JSON.parse(
        JSON.stringify(command.input, (_k, v) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) / 1000 : v)),
      ) as Record<string, unknown>
      calls.push({ region, input })
      try {
        const out = service.handle('LookupEvents', input, { accessKeyId: 'AKIATESTFAKE', region }) as {
          Events: Array<Record<string, unknown>>
          NextToken?: string
        }
        return {
          ...out,
          Events: out.Events.map((e) => ({ ...e, EventTime: new Date((e.EventTime as number) * 1000) })),
        }
      } catch (e) {
        const err = e as { type: string; message: string; status: number }
        throw Object.assign(new Error(err.message), { name: err.type, $metadata: { httpStatusCode: err.status } })
      }
    },
  })
  const put = (events: ControlCloudTrailEvent[]) => service.putEvents(events).eventIds
  return { service, calls, senderFor, put }
}

export interface LogLine {
  level: string
  text: string
}

export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = []
  const at = (level: string) => (o: unknown, m?: string) =>
    void lines.push({ level, text: typeof o === 'string' ? o : `${m ?? ''} ${JSON.stringify(o)}` })
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

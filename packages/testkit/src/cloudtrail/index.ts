/**
 * The CloudTrail part of the emulator: LookupEvents over events put through the control route or
 * a seed, answering as the service does on the JSON 1.1 wire.
 */
import { AwsServiceError } from '../aws-error.js'
import type { Clock } from '../clock.js'
import {
  type ControlCloudTrailEvent,
  type StoredCloudTrailEvent,
  toStoredEvent,
  validateControlEvent,
} from './events.js'
import { lookupEvents, readLookupRequest } from './lookup.js'
import { LOOKUP_REQUESTS_PER_SECOND, RequestRate } from './request-rate.js'

export { demoCloudTrailEvents } from './demo.js'
export { accessKeyIdFor, type ControlCloudTrailEvent } from './events.js'
export { DEFAULT_MAX_RESULTS, LOOKUP_ATTRIBUTE_KEYS, LOOKUP_WINDOW_MS } from './lookup.js'

export interface CloudTrailServiceOptions {
  accountId?: string
  /** the default region: of events that name none, and of unsigned requests */
  region?: string
  /** LookupEvents requests per second per access key and region (CloudTrail's quota: 2) */
  lookupRatePerSecond?: number
  /** the fault settings that shape answers rather than refuse them */
  faults?: CloudTrailFaults
}

/** Faults that change what LookupEvents answers; see FaultInjector. */
export interface CloudTrailFaults {
  /** true when this page should repeat one of its events */
  duplicatePage(): boolean
  /** delivery delay for events put now that name none */
  deliveryDelayMs(): number
}

/** Who called: the SigV4 access key and the region the request was signed for. */
export interface CloudTrailCaller {
  accessKeyId?: string | null
  region?: string | null
}

/** What a seed file may hold for CloudTrail: the events, bare or under `events`. */
export type CloudTrailSeed = ControlCloudTrailEvent[] | { events: ControlCloudTrailEvent[] }

export class CloudTrailService {
  private events: StoredCloudTrailEvent[] = []
  private seq = 0
  /** bumped by reset so that tokens issued before it are refused */
  private generation = 0
  private readonly accountId: string
  private readonly region: string
  private readonly rate: RequestRate
  private readonly faults?: CloudTrailFaults

  constructor(
    private readonly clock: Clock,
    opts: CloudTrailServiceOptions = {},
  ) {
    this.accountId = opts.accountId ?? '123456789012'
    this.region = opts.region ?? 'us-east-1'
    this.rate = new RequestRate(clock, opts.lookupRatePerSecond ?? LOOKUP_REQUESTS_PER_SECOND)
    this.faults = opts.faults
  }

  /**
   * Answers one API call. `operation` is the X-Amz-Target operation, short (`LookupEvents`) or
   * long (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`); `input` the
   * parsed JSON body; `caller` the signer's access key and region. Returns the JSON response
   * body; throws AwsServiceError (ThrottlingException past 2 lookups a second per key and region).
   */
  handle(operation: string, input: unknown, caller: CloudTrailCaller = {}): unknown {
    const name = operation.slice(operation.lastIndexOf('.') + 1)
    const region = caller.region || this.region
    switch (name) {
      case 'LookupEvents': {
        this.rate.take(`${caller.accessKeyId ?? 'anonymous'}\u0000${region}`)
        const query = readLookupRequest(input, this.generation)
        return lookupEvents(this.events, query, {
          region,
          nowMs: this.clock.now(),
          duplicate: this.faults?.duplicatePage() ?? false,
        })
      }
      default:
        throw new AwsServiceError(
          'UnknownOperationException',
          `The emulator's CloudTrail does not implement ${name}; it answers LookupEvents only.`,
        )
    }
  }

  /** Adds events (the body of POST /_emulator/cloudtrail/events); answers their ids in order. */
  putEvents(events: ControlCloudTrailEvent[]): { eventIds: string[] } {
    if (!Array.isArray(events)) {
      throw new AwsServiceError(
        'ValidationException',
        'The CloudTrail events request needs "events": a list of {"EventName", "EventSource", ...}.',
      )
    }
    events.forEach((e, i) => {
      validateControlEvent(e, i)
    })
    const ctx = {
      accountId: this.accountId,
      region: this.region,
      now: this.clock.now(),
      deliveryDelayMs: this.faults?.deliveryDelayMs(),
    }
    const stored = events.map((e) => toStoredEvent(e, this.seq++, ctx))
    this.events.push(...stored)
    return { eventIds: stored.map((e) => e.eventId) }
  }

  /** Loads a seed's CloudTrail events on top of what is there (reset first for a clean slate). */
  seed(seed: CloudTrailSeed): { eventIds: string[] } {
    return this.putEvents(Array.isArray(seed) ? seed : seed.events)
  }

  reset(): void {
    this.events = []
    this.generation++
    this.rate.reset()
  }

  /** How many events are stored (for stats and tests). */
  get size(): number {
    return this.events.length
  }
}

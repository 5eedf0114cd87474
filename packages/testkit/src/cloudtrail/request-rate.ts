import { AwsServiceError } from '../aws-error.js'
import type { Clock } from '../clock.js'

/** CloudTrail's LookupEvents quota: two requests a second per account and region. */
export const LOOKUP_REQUESTS_PER_SECOND = 2

/**
 * A token bucket per key (access key and region) holding one second's worth of requests: a
 * client that spaces its calls evenly never sees a throttle, a burst past the quota does, and
 * the answer is what CloudTrail sends, HTTP 400 ThrottlingException.
 */
export class RequestRate {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
  ) {}

  take(key: string): void {
    if (!Number.isFinite(this.perSecond)) return
    const now = this.clock.now()
    const bucket = this.buckets.get(key) ?? { tokens: this.perSecond, at: now }
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens < 1) throw new AwsServiceError('ThrottlingException', 'Rate exceeded')
    bucket.tokens -= 1
  }

  reset(): void {
    this.buckets.clear()
  }
}

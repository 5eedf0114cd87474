/** GitHub's primary rate limit (per caller, hourly window on the emulator clock) and injected faults. */
import type { Clock } from '../clock.js'
// Seeded so that a test with a ratio below 1 sees the same calls fail on every run.
import { seededRandom } from '../faults.js'

export const AUTHENTICATED_LIMIT = 5000
export const ANONYMOUS_LIMIT = 60
const WINDOW_MS = 3_600_000

export interface RateLimitState {
  limit: number
  remaining: number
  /** Epoch seconds at which the window starts over. */
  reset: number
  used: number
}

interface Window {
  startMs: number
  used: number
}

export class RateLimiter {
  private windows = new Map<string, Window>()

  constructor(private readonly clock: Clock) {}

  private window(caller: string): Window {
    const now = this.clock.now()
    let w = this.windows.get(caller)
    if (!w || now >= w.startMs + WINDOW_MS) {
      w = { startMs: now, used: 0 }
      this.windows.set(caller, w)
    }
    return w
  }

  private state(w: Window, limit: number): RateLimitState {
    return {
      limit,
      remaining: Math.max(0, limit - w.used),
      reset: Math.ceil((w.startMs + WINDOW_MS) / 1000),
      used: w.used,
    }
  }

  /** Counts one call; `allowed` is false once the caller has used up the window. */
  take(caller: string, limit: number): RateLimitState & { allowed: boolean } {
    const w = this.window(caller)
    if (w.used >= limit) return { ...this.state(w, limit), allowed: false }
    w.used++
    return { ...this.state(w, limit), allowed: true }
  }

  /** The caller's state without counting a call (GET /rate_limit is free, as on GitHub). */
  peek(caller: string, limit: number): RateLimitState {
    return this.state(this.window(caller), limit)
  }

  reset(): void {
    this.windows = new Map()
  }
}

export interface GitHubFaults {
  /** Share of calls (0..1) refused as rate limited. */
  throttle?: number
  /** Share of calls (0..1) answered with a server error. */
  error5xx?: number
  /** Operation names the faults apply to (all when absent), e.g. `downloadJobLogsForWorkflowRun`. */
  operations?: string[]
  /**
   * How a throttled call is refused: `primary` is a 403 with `x-ratelimit-remaining: 0`,
   * `secondary` a 429 with `retry-after`; `alternate` (the default) takes turns, so clients meet both.
   */
  throttleKind?: 'primary' | 'secondary' | 'alternate'
}

export type FaultDecision = 'none' | 'primary' | 'secondary' | 'error5xx'

const ratio = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0)

export class FaultInjector {
  private faults: GitHubFaults = {}
  private random = seededRandom(0x5eed)
  private throttledSoFar = 0

  set(faults: GitHubFaults): void {
    this.faults = { ...faults, throttle: ratio(faults.throttle), error5xx: ratio(faults.error5xx) }
    this.random = seededRandom(0x5eed)
    this.throttledSoFar = 0
  }

  decide(operation: string): FaultDecision {
    const f = this.faults
    if (f.operations && f.operations.length > 0 && !f.operations.includes(operation)) return 'none'
    if (f.error5xx && this.random() < f.error5xx) return 'error5xx'
    if (f.throttle && this.random() < f.throttle) {
      const kind = f.throttleKind ?? 'alternate'
      if (kind !== 'alternate') return kind
      return this.throttledSoFar++ % 2 === 0 ? 'secondary' : 'primary'
    }
    return 'none'
  }
}

/** GitHub's primary rate limit: per caller, an hourly window on the emulator clock. */
import type { Clock } from '../clock.js'

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

/** The search resource `/rate_limit` reports beside core (a minute's window; this emulator serves no search). */
export function searchLimit(anonymous: boolean, now: number): RateLimitState {
  const limit = anonymous ? 10 : 30
  return { limit, remaining: limit, reset: Math.ceil((now + 60_000) / 1000), used: 0 }
}

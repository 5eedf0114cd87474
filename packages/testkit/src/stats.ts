/** Call statistics for `GET /_emulator/stats`: calls and throttles per operation, and recent calls. */
export interface RecentCall {
  operation: string
  service: string
  accessKeyId: string | null
  params: unknown
  time: number
}

export interface StatsSnapshot {
  calls: Record<string, number>
  throttled: Record<string, number>
  faults: Record<string, number>
  recent: RecentCall[]
}

const RECENT_LIMIT = 200

export class StatsRecorder {
  private calls: Record<string, number> = {}
  private throttled: Record<string, number> = {}
  private faults: Record<string, number> = {}
  private recent: RecentCall[] = []

  record(call: RecentCall): void {
    this.calls[call.operation] = (this.calls[call.operation] ?? 0) + 1
    this.recent.push(call)
    if (this.recent.length > RECENT_LIMIT) this.recent.splice(0, this.recent.length - RECENT_LIMIT)
  }

  recordThrottle(operation: string): void {
    this.throttled[operation] = (this.throttled[operation] ?? 0) + 1
  }

  recordFault(kind: string): void {
    this.faults[kind] = (this.faults[kind] ?? 0) + 1
  }

  snapshot(): StatsSnapshot {
    return {
      calls: { ...this.calls },
      throttled: { ...this.throttled },
      faults: { ...this.faults },
      recent: [...this.recent],
    }
  }

  reset(): void {
    this.calls = {}
    this.throttled = {}
    this.faults = {}
    this.recent = []
  }
}

/** Time source for every emulator service, so tests can move time instead of sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock that only moves when a test moves it. */
export class ManualClock implements Clock {
  private current: number

  constructor(startMs: number = Date.UTC(2025, 0, 1)) {
    this.current = startMs
  }

  now(): number {
    return this.current
  }

  advance(ms: number): number {
    this.current += ms
    return this.current
  }

  set(ms: number): void {
    this.current = ms
  }
}

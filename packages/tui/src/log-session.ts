import type { FollowHandle, FollowQuery, SourceProblem, TuiBackend, TuiEntry, TuiSource } from './backend.js'
import { LogModel } from './log-model.js'

/** Arrivals per second over the last few seconds, for the header. */
class EventRate {
  private readonly seconds = new Map<number, number>()
  constructor(private readonly now: () => number) {}

  add(count: number): void {
    const second = Math.floor(this.now() / 1000)
    this.seconds.set(second, (this.seconds.get(second) ?? 0) + count)
    for (const s of this.seconds.keys()) if (s < second - 10) this.seconds.delete(s)
  }

  /** The mean over the last 5 whole seconds. */
  perSecond(): number {
    const second = Math.floor(this.now() / 1000)
    let sum = 0
    for (let s = second - 5; s < second; s++) sum += this.seconds.get(s) ?? 0
    return sum / 5
  }
}

/**
 * One read shown on the Logs screen: the follow handle, the bounded buffer it fills, and what each
 * source reported (status, problems). It lives outside React, so switching screens keeps it
 * following; the screen subscribes and redraws at most every frameMsAt(rate).
 */
export class LogSession {
  readonly model: LogModel
  readonly problems = new Map<string, SourceProblem>()
  readonly statuses = new Map<string, { text: string; trouble: boolean }>()
  notice?: string
  ended = false
  private handle?: FollowHandle
  private readonly rate: EventRate
  private readonly listeners = new Set<() => void>()
  private query: FollowQuery

  constructor(
    private readonly backend: TuiBackend,
    query: FollowQuery,
    capacity: number,
    readonly renderer = backend.renderer(query.sources),
    now: () => number = Date.now,
  ) {
    this.query = query
    this.model = new LogModel(capacity, renderer)
    this.rate = new EventRate(now)
  }

  get current(): FollowQuery {
    return this.query
  }

  get sources(): readonly TuiSource[] {
    return this.query.sources
  }

  eventsPerSecond(): number {
    return this.rate.perSecond()
  }

  /** Starts reading (again): a new query, or the same one for a refresh. The buffer starts empty. */
  start(patch: Partial<FollowQuery> = {}): void {
    this.handle?.stop()
    this.query = { ...this.query, ...patch }
    this.model.clear()
    this.problems.clear()
    this.statuses.clear()
    this.notice = undefined
    this.ended = false
    let live = true
    const changed = () => {
      if (live) this.changed()
    }
    const handle = this.backend.follow(this.query, {
      entries: (batch: TuiEntry[]) => {
        if (!live) return
        this.model.push(batch)
        this.rate.add(batch.length)
        changed()
      },
      status: (key, text, trouble) => {
        this.statuses.set(key, { text, trouble })
        changed()
      },
      healthy: (key) => {
        if (!this.statuses.has(key)) return
        this.statuses.delete(key)
        changed()
      },
      failed: (problem) => {
        this.problems.set(problem.sourceKey, problem)
        changed()
      },
      notice: (message) => {
        this.notice = message
        changed()
      },
      ended: () => {
        this.ended = true
        changed()
      },
    })
    this.handle = {
      stop: () => {
        live = false
        handle.stop()
      },
    }
    this.changed()
  }

  stop(): void {
    this.handle?.stop()
    this.handle = undefined
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }
}

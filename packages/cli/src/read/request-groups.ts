import { type Clock, systemClock } from '@atmos-logs/core/runtime'
import type { Invocation, TaggedEntry } from '../output/index.js'
import { type InvocationReport, lambdaLine, traceIdOf } from './lambda-lines.js'

/** The kind whose lines --group-requests groups: Lambda writes to CloudWatch Logs. */
export const GROUPED_KIND = 'aws/cloudwatch'

/** Follow: how long an invocation's lines wait for its REPORT before they are printed without it. */
export const FOLLOW_HOLD_MS = 15_000

export interface GroupOptions {
  /** Follow prints a group when its REPORT comes (or after holdMs); a bounded read keeps time order by START. */
  follow: boolean
  holdMs?: number
  /** At most this many invocations waiting for their REPORT; the oldest is printed when one more opens. */
  maxOpen?: number
  /** At most this many lines held back; the oldest invocation is printed when there are more. */
  maxHeld?: number
  clock?: Clock
}

const MAX_OPEN = 1_000
const MAX_HELD = 10_000
// Invocations already printed, so that a line of theirs coming after does not open a group no REPORT will close.
const FINISHED_MEMORY = 10_000

interface Group {
  key: string
  requestId: string
  entries: TaggedEntry[]
  started: boolean
  report?: InvocationReport
  timedOut?: boolean
  traceKey?: string
  openedAt: number
  done: boolean
  open?: Invocation['open']
}

/** A line outside any group; `entry` is cleared when a trace id moves it into one (bounded reads). */
interface Line {
  entry: TaggedEntry | undefined
  traceKey?: string
}

type Item = Line | Group
const isGroup = (item: Item): item is Group => 'key' in item

/**
 * --group-requests: a Lambda invocation's lines together, from START to REPORT, the REPORT's numbers
 * on the first line (`invocation`), the others marked `grouped`. Lines belong to an invocation by
 * request id (START/END/REPORT, the runtime's head, Powertools' `function_request_id`), or by the
 * X-Ray trace id of one of its lines. Lines of other kinds, and Lambda lines of no invocation
 * (INIT_START, extensions), are never held longer than the groups before them.
 *
 * A bounded read keeps time order by each group's first line: output waits for the oldest open
 * invocation, at most until `maxHeld` lines or `maxOpen` invocations are waiting, then that one is
 * printed without its REPORT (`open: 'crowded'`). Following prints other lines at once and a group
 * when its REPORT comes, or after `holdMs` (`open: 'held'`). An invocation printed without its REPORT
 * is not lost: its later lines print one by one as they come. When the read ends, every open group is
 * printed (`open: 'end'`).
 */
export async function* groupRequests(
  batches: AsyncIterable<TaggedEntry[]>,
  opts: GroupOptions,
): AsyncGenerator<TaggedEntry[]> {
  const clock = opts.clock ?? systemClock
  const grouper = new RequestGrouper(opts, () => clock.now())
  const iterator = batches[Symbol.asyncIterator]()
  let next: Promise<IteratorResult<TaggedEntry[]>> | undefined
  let finished = false
  try {
    for (;;) {
      next ??= iterator.next()
      const deadline = grouper.nextDeadline()
      let step: IteratorResult<TaggedEntry[]> | 'expired'
      if (deadline === undefined) step = await next
      else {
        const stopTimer = new AbortController()
        const expired = clock.sleep(Math.max(0, deadline - clock.now()), stopTimer.signal).then(
          () => 'expired' as const,
          () => 'expired' as const,
        )
        step = await Promise.race([next, expired])
        stopTimer.abort()
      }
      if (step === 'expired') grouper.expire()
      else {
        next = undefined
        if (step.done) {
          finished = true
          grouper.end()
        } else for (const entry of step.value) grouper.add(entry)
      }
      const out = grouper.take()
      if (out.length > 0) yield out
      if (finished) return
    }
  } finally {
    // A step still pending (a live follow) would hold return() until it settles: ask, do not wait.
    if (!finished) {
      const closing = Promise.resolve(iterator.return?.()).catch(() => undefined)
      if (next === undefined) await closing
      else next.catch(() => undefined)
    }
  }
}

/** The grouping itself, one entry at a time; what is ready to print is collected by take(). */
export class RequestGrouper {
  private readonly follow: boolean
  private readonly holdMs: number
  private readonly maxOpen: number
  private readonly maxHeld: number
  /** Open invocations in the order they opened (a Map keeps insertion order). */
  private readonly open = new Map<string, Group>()
  private readonly byTrace = new Map<string, Group>()
  private readonly finished = new Set<string>()
  /** Bounded reads: everything not yet printed, in print order. */
  private queue: (Item | undefined)[] = []
  private head = 0
  /** Bounded reads: lines in the queue with a trace id no open invocation has claimed yet. */
  private readonly unclaimed = new Map<string, Line[]>()
  private held = 0
  private out: TaggedEntry[] = []

  constructor(
    opts: GroupOptions,
    private readonly now: () => number,
  ) {
    this.follow = opts.follow
    this.holdMs = opts.holdMs ?? FOLLOW_HOLD_MS
    this.maxOpen = Math.max(1, opts.maxOpen ?? MAX_OPEN)
    this.maxHeld = Math.max(1, opts.maxHeld ?? MAX_HELD)
  }

  add(entry: TaggedEntry): void {
    if (entry.kind !== GROUPED_KIND) {
      this.plain(entry)
      return
    }
    const line = lambdaLine(entry.message)
    const requestId = line?.requestId ?? entry.requestId
    const traceId = (line && 'traceId' in line ? line.traceId : undefined) ?? traceIdOf(entry.message)
    const traceKey = traceId === undefined ? undefined : `${entry.source}\0${traceId}`
    if (requestId === undefined) {
      const group = traceKey === undefined ? undefined : this.byTrace.get(traceKey)
      if (group) this.join(group, entry)
      else this.plain(entry, traceKey)
      return
    }
    const key = `${entry.source}\0${requestId}`
    let group = this.open.get(key)
    if (!group) {
      // A retried invocation keeps its request id: only its START opens a group again.
      if (line?.type !== 'start' && this.finished.has(key)) {
        this.plain(entry)
        return
      }
      group = this.openGroup(key, requestId, line?.type === 'start')
    }
    this.join(group, entry)
    if (traceKey !== undefined) this.claim(group, traceKey)
    if (line?.type === 'timed-out') group.timedOut = true
    if (line?.type === 'report') {
      group.report = line.report
      this.close(group)
    }
    this.keepWithinBounds()
  }

  /** Follow: when the oldest open invocation has waited long enough. */
  nextDeadline(): number | undefined {
    if (!this.follow) return undefined
    const oldest = this.open.values().next().value
    return oldest === undefined ? undefined : oldest.openedAt + this.holdMs
  }

  /** Follow: prints the invocations that waited holdMs for their REPORT. */
  expire(): void {
    const now = this.now()
    for (const group of [...this.open.values()]) {
      if (group.openedAt + this.holdMs > now) break
      this.close(group, 'held')
    }
  }

  /** The read ended: everything left is printed, open invocations as they are. */
  end(): void {
    for (const group of [...this.open.values()]) this.close(group, 'end')
    this.drain()
  }

  /** What is ready to print, in order. */
  take(): TaggedEntry[] {
    const out = this.out
    this.out = []
    return out
  }

  private plain(entry: TaggedEntry, traceKey?: string): void {
    if (this.follow) {
      this.out.push(entry)
      return
    }
    const line: Line = { entry, traceKey }
    if (traceKey !== undefined) {
      const lines = this.unclaimed.get(traceKey)
      if (lines) lines.push(line)
      else this.unclaimed.set(traceKey, [line])
    }
    this.queue.push(line)
    this.held++
    this.drain()
    this.keepWithinBounds()
  }

  private openGroup(key: string, requestId: string, started: boolean): Group {
    const group: Group = { key, requestId, entries: [], started, openedAt: this.now(), done: false }
    this.open.set(key, group)
    if (!this.follow) this.queue.push(group)
    return group
  }

  private join(group: Group, entry: TaggedEntry): void {
    group.entries.push(entry)
    this.held++
  }

  /** A trace id now known to be this invocation's: its lines that came without a request id join it. */
  private claim(group: Group, traceKey: string): void {
    if (group.traceKey !== undefined) return
    group.traceKey = traceKey
    this.byTrace.set(traceKey, group)
    const lines = this.unclaimed.get(traceKey)
    if (!lines) return
    const first = group.entries[0]!.timestamp.getTime()
    const stay: Line[] = []
    for (const line of lines) {
      const entry = line.entry!
      const time = entry.timestamp.getTime()
      if (time < first) {
        stay.push(line)
        continue
      }
      // Into the group in time order (its lines came in time order; this one came earlier).
      let at = group.entries.length
      while (at > 0 && group.entries[at - 1]!.timestamp.getTime() > time) at--
      group.entries.splice(at, 0, entry)
      line.entry = undefined
    }
    if (stay.length > 0) this.unclaimed.set(traceKey, stay)
    else this.unclaimed.delete(traceKey)
  }

  private close(group: Group, open?: Invocation['open']): void {
    this.open.delete(group.key)
    if (group.traceKey !== undefined && this.byTrace.get(group.traceKey) === group)
      this.byTrace.delete(group.traceKey)
    this.finished.add(group.key)
    if (this.finished.size > FINISHED_MEMORY) this.finished.delete(this.finished.values().next().value!)
    group.done = true
    if (open) group.open = open
    if (this.follow) this.emit(group)
    else this.drain()
  }

  /** The oldest open invocation is printed as it is while too many lines or invocations wait. */
  private keepWithinBounds(): void {
    while (this.open.size > this.maxOpen || this.held > this.maxHeld) {
      const oldest = this.open.values().next().value
      if (oldest === undefined) return
      this.close(oldest, 'crowded')
    }
  }

  /** Bounded reads: prints from the front of the queue up to the first invocation still open. */
  private drain(): void {
    while (this.head < this.queue.length) {
      const item = this.queue[this.head]!
      if (isGroup(item)) {
        if (!item.done) break
        this.emit(item)
      } else if (item.entry) {
        this.out.push(item.entry)
        this.held--
        if (item.traceKey !== undefined) this.forget(item)
      }
      this.queue[this.head++] = undefined
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
  }

  private forget(line: Line): void {
    const lines = this.unclaimed.get(line.traceKey!)
    if (!lines) return
    const at = lines.indexOf(line)
    if (at >= 0) lines.splice(at, 1)
    if (lines.length === 0) this.unclaimed.delete(line.traceKey!)
  }

  private emit(group: Group): void {
    const [first, ...rest] = group.entries
    if (!first) return
    this.held -= group.entries.length
    const invocation: Invocation = {
      requestId: group.requestId,
      ...group.report,
      started: group.started,
      lines: group.entries.length,
    }
    if (invocation.status === undefined && group.timedOut) invocation.status = 'timeout'
    if (group.open) invocation.open = group.open
    this.out.push({ ...first, invocation })
    for (let i = 0; i < rest.length; i++)
      this.out.push({ ...rest[i]!, grouped: i === rest.length - 1 ? 'last' : 'member' })
  }
}

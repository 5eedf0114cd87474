import { formatDuration, ProviderError } from '@atmos-logs/core'
import type { ReadProgress } from '@atmos-logs/core/runtime'

/** A bound on waiting and what set it, for the messages that name it. */
export interface Bound {
  ms: number
  /** `--timeout`, `logs.settings.stall_timeout (default 2m)`... */
  setBy: string
}

export interface WatchdogOptions {
  /** `atmos logs view`: names the command in the timeout message. */
  command: string
  follow: boolean
  /** The whole command's bound (--timeout, logs.settings.timeout), counted from `startedAt`. */
  timeout?: Bound
  /** No page for this long because of throttling or errors ends a read (never a follow); 0 is off. */
  stall: Bound
  startedAt: number
  /** Shows a line of status on a terminal; undefined when there is none. */
  status?: (text: string) => void
  /** Writes a line to stderr: reports a stalled follow every minute when there is no status line. */
  notice: (text: string) => void
  now?: () => number
}

interface SourceCounts {
  pages: number
  throttles: Map<string, number>
  failures: Map<string, number>
  lastFailure?: string
}

/** How long trouble lasts before a terminal's status line shows it. */
const SHOW_TROUBLE_AFTER_MS = 5000
/** Off a terminal, a stalled follow is reported this often. */
const REPORT_EVERY_MS = 60_000

/**
 * Keeps the waiting of one read bounded and explained. Providers report pages, throttles and
 * retried failures through the `progress` of their read options (one sink per source); printed
 * entries count as progress too. The watchdog ends a read that has made no progress for the stall
 * bound because of throttling or errors, and any command that reaches its --timeout, each with a
 * message that says what was throttled, how much was read and which settings change the bound. A
 * follow is never ended by the stall bound: its trouble is only reported.
 *
 * It lives in the CLI rather than in the retrying caller because the bounds are settings of the
 * command, the report spans every source of the run, and it works the same for any provider:
 * one that reports nothing is simply never stalled.
 */
export class ReadWatchdog {
  private readonly controller = new AbortController()
  private readonly sources = new Map<string, SourceCounts>()
  private readonly now: () => number
  private lastProgress: number
  private troubleSince?: number
  private lastReport?: number
  private entries = 0
  private timer?: NodeJS.Timeout
  private ended?: { error?: Error; notice?: string }

  constructor(private readonly options: WatchdogOptions) {
    this.now = options.now ?? Date.now
    this.lastProgress = this.now()
  }

  /** Aborts when the read must end (timeout, stall); the run's readers listen to it. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** The progress sink of one source's read. */
  forSource(source: string): ReadProgress {
    const counts: SourceCounts = { pages: 0, throttles: new Map(), failures: new Map() }
    this.sources.set(source, counts)
    const trouble = () => {
      this.troubleSince ??= this.now()
    }
    return {
      page: () => {
        counts.pages++
        this.progressed()
      },
      throttled: (api) => {
        counts.throttles.set(api, (counts.throttles.get(api) ?? 0) + 1)
        trouble()
      },
      failed: (api, reason) => {
        counts.failures.set(api, (counts.failures.get(api) ?? 0) + 1)
        counts.lastFailure = reason
        trouble()
      },
    }
  }

  /** Entries were printed (the writer counts a chunk at a time). */
  entry(count = 1): void {
    this.entries += count
    this.progressed()
  }

  /** Checks the bounds every second until stop(). */
  start(): void {
    this.timer = setInterval(() => this.check(), 1000)
    this.timer.unref()
    this.check()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  /** Why the watchdog ended the run: an error (exit 1), or a notice for a follow that reached --timeout. */
  get outcome(): { error?: Error; notice?: string } | undefined {
    return this.ended
  }

  /** One look at the clock: end the run, or report trouble. Public for tests. */
  check(): void {
    if (this.ended) return
    const now = this.now()
    const { timeout, stall, follow } = this.options
    if (timeout && now - this.options.startedAt >= timeout.ms) {
      this.end(
        follow && this.troubleSince === undefined ? { notice: this.followTimedOut() } : this.timedOut(),
      )
      return
    }
    if (this.troubleSince === undefined) return
    const stalledFor = now - this.lastProgress
    if (!follow && stall.ms > 0 && stalledFor >= stall.ms) {
      this.end({ error: this.stalled(stalledFor) })
      return
    }
    if (now - this.troubleSince < SHOW_TROUBLE_AFTER_MS) return
    const line = `No page read for ${formatDuration(roundSeconds(stalledFor))}: ${this.troubleWords()}; still ${follow ? 'following' : 'trying'} (Ctrl-C to stop).`
    if (this.options.status) this.options.status(line)
    else if (follow && now - this.troubleSince >= REPORT_EVERY_MS) {
      if (this.lastReport === undefined || now - this.lastReport >= REPORT_EVERY_MS) {
        this.lastReport = now
        this.options.notice(`Warning: ${line}`)
      }
    }
  }

  private progressed(): void {
    this.lastProgress = this.now()
    this.troubleSince = undefined
    this.lastReport = undefined
  }

  private end(outcome: { error?: Error; notice?: string }): void {
    this.ended = outcome
    this.stop()
    this.controller.abort(outcome.error ?? new Error(outcome.notice))
  }

  private followTimedOut(): string {
    const t = this.options.timeout!
    return `Stopped following after ${formatDuration(t.ms)} (${t.setBy}); ${plural(this.entries, 'entry', 'entries')} printed.`
  }

  private timedOut(): { error: Error } {
    const t = this.options.timeout!
    const troubled = this.troubleSince !== undefined || this.mostlyTrouble()
    const trouble = troubled ? `; ${this.troubleWords()}` : ''
    const what = this.options.follow
      ? `${this.options.command} stopped following after ${formatDuration(t.ms)} (${t.setBy}), with no page read for the last ${formatDuration(roundSeconds(this.now() - this.lastProgress))}`
      : `${this.options.command} did not finish within ${formatDuration(t.ms)} (${t.setBy})`
    const setting =
      t.setBy === '--timeout' ? '--timeout (or logs.settings.timeout)' : `${t.setBy} (or --timeout)`
    // Waiting longer does not help a service that keeps refusing; a merely slow read it does.
    const hint = troubled
      ? `The service kept failing or throttling (see above): check it and its endpoint, or try again later; ${setting} sets how long to wait.`
      : `Raise ${setting}, or narrow the read with --since/--until or --limit.`
    return {
      error: new ProviderError(`${what}: ${this.readWords()}${trouble}.`, { hint }),
    }
  }

  private stalled(stalledFor: number): Error {
    const s = this.options.stall
    return new ProviderError(
      `Stopped after no page could be read for ${formatDuration(roundSeconds(stalledFor))} (${s.setBy}): ${this.troubleWords()}; ${this.readWords()} before that.`,
      {
        hint: `Try again later, lower logs.settings.rate_limit.requests_per_second, or raise logs.settings.stall_timeout (0 turns it off); --timeout bounds the whole command.`,
      },
    )
  }

  /**
   * More calls were throttled or failed than pages read: the run was held up by the service even
   * when the last call before the bound happened to get a page through.
   */
  private mostlyTrouble(): boolean {
    let pages = 0
    let trouble = 0
    for (const c of this.sources.values()) {
      pages += c.pages
      for (const n of [...c.throttles.values(), ...c.failures.values()]) trouble += n
    }
    return trouble > pages
  }

  /** `3 pages read, 120 entries printed` */
  private readWords(): string {
    let pages = 0
    for (const c of this.sources.values()) pages += c.pages
    return `${plural(pages, 'page', 'pages')} read, ${plural(this.entries, 'entry', 'entries')} printed`
  }

  /** `source fns: FilterLogEvents throttled 57 times` for every source in trouble. */
  private troubleWords(): string {
    const parts: string[] = []
    for (const [source, c] of this.sources) {
      const what = [
        ...[...c.throttles].map(([api, n]) => `${api} throttled ${plural(n, 'time', 'times')}`),
        ...[...c.failures].map(
          ([api, n]) =>
            `${api} failed ${plural(n, 'time', 'times')}${c.lastFailure ? ` (${c.lastFailure})` : ''}`,
        ),
      ]
      if (what.length > 0) parts.push(`source ${source}: ${what.join(', ')}`)
    }
    return parts.join('; ') || 'no answer yet'
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

function roundSeconds(ms: number): number {
  return Math.round(ms / 1000) * 1000
}

/**
 * What a read reports while it calls an API, so that whoever runs it can tell a slow read from a
 * stuck one: a page arrived, the service throttled, an attempt failed and will be retried. Optional
 * for providers (the read options carry it as `progress`); the retrying caller reports through it.
 */
export interface ReadProgress {
  /** A request succeeded: a page (possibly empty) was read. */
  page(api: string): void
  /** The service throttled a request; it will be retried. */
  throttled(api: string): void
  /** An attempt failed and will be retried; `reason` is short and readable. */
  failed(api: string, reason: string): void
}

/** The `progress` a reader was given, when it is one (read options are open-ended). */
export function readProgressOf(options: unknown): ReadProgress | undefined {
  const p = (options as { progress?: Partial<ReadProgress> } | undefined)?.progress
  return p &&
    typeof p.page === 'function' &&
    typeof p.throttled === 'function' &&
    typeof p.failed === 'function'
    ? (p as ReadProgress)
    : undefined
}

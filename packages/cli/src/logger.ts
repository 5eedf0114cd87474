import type { Logger } from '@atmos-logs/core'

/**
 * The logger providers receive: warnings reach stderr, debug only with --debug, and every line
 * passes through the secret scrubber first. The fields logged with a message are for whoever
 * debugs (--debug); without it a warning is its sentence alone.
 */
export function createLogger(opts: { debug: boolean; scrub: (s: string) => string }): Logger {
  // Readers of one run (a backfill, a poller) may meet the same trouble: each warning is said once.
  const said = new Set<string>()
  const emit = (level: string, objOrMsg: unknown, msg?: string) => {
    const text =
      typeof objOrMsg === 'string'
        ? objOrMsg
        : `${msg ?? ''}${opts.debug && objOrMsg && Object.keys(objOrMsg as object).length ? ` ${safeJson(objOrMsg)}` : ''}`
    const line = opts.scrub(`${level}${text}`)
    if (level === 'Warning: ') {
      if (said.has(line)) return
      said.add(line)
    }
    process.stderr.write(`${line}\n`)
  }
  return {
    debug: (o, m) => opts.debug && emit('debug: ', o, m),
    info: (o, m) => opts.debug && emit('', o, m),
    warn: (o, m) => emit('Warning: ', o, m),
    error: (o, m) => emit('Error: ', o, m),
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, val) => (val instanceof Error ? val.message : val))
  } catch {
    return String(v)
  }
}

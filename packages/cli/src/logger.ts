import type { Logger } from '@atmos-logs/core'

/**
 * The logger providers receive: warnings reach stderr, debug only with --debug, and every line
 * passes through the secret scrubber first.
 */
export function createLogger(opts: { debug: boolean; scrub: (s: string) => string }): Logger {
  const emit = (level: string, objOrMsg: unknown, msg?: string) => {
    const text =
      typeof objOrMsg === 'string'
        ? objOrMsg
        : `${msg ?? ''}${objOrMsg && Object.keys(objOrMsg as object).length ? ` ${safeJson(objOrMsg)}` : ''}`
    process.stderr.write(`${opts.scrub(`${level}${text}`)}\n`)
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

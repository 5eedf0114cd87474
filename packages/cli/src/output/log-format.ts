import { ConfigError, CREDENTIAL_REDACT_PATHS } from '@atmos-logs/core'
import pino, { type LevelWithSilent, type Logger } from 'pino'

export interface LogFormatLoggerOptions {
  /** atmos.yaml `logs.level` (Trace, Debug, Info, Warning, Off). */
  level?: string
  /** atmos.yaml `logs.file`: a path, `/dev/stdout` or `/dev/stderr`. */
  file?: string
  /** --log-file: where the entries go, whatever atmos's own settings say. */
  flag?: string
  /** ATMOS_LOGS_LEVEL and ATMOS_LOGS_FILE here win over the atmos.yaml values. */
  env: Record<string, string | undefined>
  /** Removes secret values from every line before it is written. */
  scrub?: (line: string) => string
  /** Called once if the destination is a closed pipe (`| head`); later entries are dropped. */
  onBrokenPipe?: () => void
  /** Any other write failure (disk full, permission denied); without it the error is thrown. */
  onWriteError?: (error: NodeJS.ErrnoException) => void
}

// atmos's own level names (and the usual aliases) to pino's.
const ATMOS_LEVELS: Record<string, LevelWithSilent> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  off: 'silent',
}

/** Resolves the level the way atmos does: ATMOS_LOGS_LEVEL over `logs.level`, default Info. */
export function resolveLogLevel(opts: Pick<LogFormatLoggerOptions, 'level' | 'env'>): LevelWithSilent {
  const fromEnv = opts.env.ATMOS_LOGS_LEVEL
  const [value, where] =
    fromEnv !== undefined && fromEnv !== ''
      ? [fromEnv, 'the ATMOS_LOGS_LEVEL environment variable']
      : [opts.level, 'logs.level in atmos.yaml']
  if (value === undefined || value === '') return 'info'
  const level = ATMOS_LEVELS[value.trim().toLowerCase()]
  if (!level) {
    throw new ConfigError(`The log level "${value}" set in ${where} is not one atmos knows.`, {
      hint: 'Use one of Trace, Debug, Info, Warning or Off.',
      ...(where.startsWith('logs.level') ? { yamlPath: 'logs.level' } : {}),
    })
  }
  return level
}

const STANDARD_STREAMS: Record<string, number> = {
  '/dev/stdout': 1,
  '/dev/fd/1': 1,
  '/dev/stderr': 2,
  '/dev/fd/2': 2,
}

/**
 * Where `--format log` writes: --log-file when given (a path, /dev/stdout or /dev/stderr);
 * otherwise the file ATMOS_LOGS_FILE or atmos.yaml `logs.file` names. Those two say where atmos's
 * own diagnostics go, and atmos's examples set them to /dev/stderr: the entries are this command's
 * output, so a standard stream there means stdout, which `> file` and pipes capture.
 */
export function resolveLogDestination(
  opts: Pick<LogFormatLoggerOptions, 'file' | 'env' | 'flag'>,
): number | string {
  if (opts.flag) return STANDARD_STREAMS[opts.flag] ?? opts.flag
  const file = opts.env.ATMOS_LOGS_FILE || opts.file
  if (!file || STANDARD_STREAMS[file] !== undefined) return 1
  return file
}

/**
 * The pino logger `--format log` writes entries through: one JSON object per entry with the level
 * as a name. The entry's own time is written as `time` (pino's clock is turned off, since the time
 * that matters is when the event happened, not when it was printed).
 */
export function createLogFormatLogger(opts: LogFormatLoggerOptions): Logger {
  const destination = pino.destination({
    dest: resolveLogDestination(opts),
    sync: true,
    append: true,
    mkdir: true,
  })
  let broken = false
  destination.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      if (!broken) opts.onBrokenPipe?.()
      broken = true
      return
    }
    if (!opts.onWriteError) throw error
    opts.onWriteError(error)
  })
  return pino(
    {
      level: resolveLogLevel(opts),
      base: undefined,
      timestamp: false,
      formatters: { level: (label) => ({ level: label }) },
      // Credential-shaped keys never reach the log, and neither does any secret value the run
      // resolved (the scrubber is read at write time, so secrets learned later count too).
      redact: { paths: [...CREDENTIAL_REDACT_PATHS], censor: '****' },
      ...(opts.scrub ? { hooks: { streamWrite: opts.scrub } } : {}),
    },
    destination,
  )
}

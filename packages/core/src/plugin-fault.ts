import { AtmosLogsError, ConfigError, ExitCode, missingModuleOf, ProviderError } from './errors.js'
import type { RegistrationOrigin } from './registry.js'

/**
 * What a source's plugin throws, as the user sees it: prefixed with the source, its kind and the
 * package that provides it, whatever exit code it carries. Plugins signal the exit code with a
 * duck-typed `exitCode` (2 configuration, 3 credentials; anything else is a provider failure, 1)
 * and may add a `hint`; the original stays the cause, for --debug.
 */
export function pluginFault(
  err: unknown,
  source: { name: string; kind: string },
  origin: RegistrationOrigin,
  during: 'start' | 'validate' | 'read',
): AtmosLogsError {
  const label = `Source ${source.name} (${source.kind}, plugin ${origin.plugin})`
  const missing = missingModuleOf(err)
  if (missing !== undefined) {
    return new ProviderError(
      `${label}: the plugin is broken: it cannot load the module ${missing}, which is not installed with it.`,
      { cause: err, hint: remedyFor(origin) },
    )
  }
  const message = err instanceof Error ? err.message : String(err)
  const duck = (err ?? {}) as { exitCode?: unknown; hint?: unknown }
  const hint = typeof duck.hint === 'string' && duck.hint !== '' ? duck.hint : undefined
  const code = duck.exitCode
  if (code === ExitCode.USAGE || code === ExitCode.CREDENTIALS) {
    return new AtmosLogsError(`${label}: ${message}`, code, { cause: err, hint })
  }
  if (during === 'validate' && code === undefined) {
    return new ConfigError(`${label} is not valid: ${message}`, {
      cause: err,
      hint:
        hint ??
        'Fix the source spec in your configuration; `atmos logs sources` shows the spec after templates.',
    })
  }
  const what = during === 'start' ? 'could not start' : during === 'read' ? 'failed while reading' : 'failed'
  return new ProviderError(`${label} ${what}: ${message}`, {
    cause: err,
    hint: hint ?? `This came from ${origin.plugin}. Run again with --debug for its own stack.`,
  })
}

function remedyFor(origin: RegistrationOrigin): string {
  if (origin.type === 'link') return `Run npm install in the linked folder of ${origin.plugin}, or unlink it.`
  if (origin.type === 'core') return 'It ships with atmos: reinstall @atmos-logs/cli.'
  return `Its publisher must list that module in its dependencies; meanwhile reinstall it with \`atmos plugins install ${origin.plugin}\` or remove it with \`atmos plugins uninstall ${origin.plugin}\`.`
}

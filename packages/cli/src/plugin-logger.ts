import type { Logger, RegistrationOrigin, SourceToOpen } from '@atmos-logs/core'

/**
 * The logger each provider gets. A built-in provider speaks with the CLI's voice; a plugin's lines
 * say which plugin and source they come from, and its `error` lines are warnings: the plugin
 * reports trouble it handled, the command has not failed (a failure is what it throws).
 */
export function pluginLoggers(base: Logger) {
  return (source: SourceToOpen, origin: RegistrationOrigin): Logger => {
    if (origin.type === 'core') return base
    const label = `plugin ${origin.plugin} (source ${source.name})`
    const say =
      (to: (o: unknown, m?: string) => void, prefix: string) =>
      (objOrMsg: unknown, msg?: string): void => {
        if (typeof objOrMsg === 'string') to(`${prefix}${objOrMsg}`)
        else to(objOrMsg, `${prefix}${msg ?? ''}`)
      }
    return {
      debug: say((o, m) => base.debug(o, m), `${label}: `),
      info: say((o, m) => base.info(o, m), `${label}: `),
      warn: say((o, m) => base.warn(o, m), `${label}: `),
      error: say((o, m) => base.warn(o, m), `${label} reported an error: `),
    }
  }
}

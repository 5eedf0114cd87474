import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { redactUrlCredentials } from '@atmos-logs/core/redact'
import { quietPlugins } from './fast-version.js'
import { HOOK_TIMEOUT_MS, PROVIDERS_HOOK, type ProvidersHookResult, providersFrom } from './plugins.js'
import { providersListing } from './providers-list.js'

/** Thrown into a hook that reaches for oclif (its config or hook context): oclif must answer. */
class NeedsOclif extends Error {}

/**
 * What `atmos logs providers [--json]` prints, found without loading oclif: oclif costs more than
 * the rest of the command, which only runs each plugin's providers hook. Only when nothing would
 * differ: every plugin quiet (quietPlugins), an ES module whose hook files exist, and every hook
 * answering within oclif's hook timeout without touching oclif's config or hook context and without
 * failing (oclif then runs the hooks itself and words the failure as it always did). Undefined when
 * oclif must answer.
 */
export async function fastProvidersOutput(
  cliRoot: string,
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Promise<{ stdout?: string; stderr: string } | undefined> {
  const json = argv.length === 3 && argv[2] === '--json'
  if (argv[0] !== 'logs' || argv[1] !== 'providers' || (argv.length !== 2 && !json)) return undefined
  const found = quietPlugins(cliRoot, env)
  if (!found) return undefined

  const hooks: Array<{ plugin: (typeof found.plugins)[number]; file: string }> = []
  for (const plugin of found.plugins) {
    const declared = plugin.pjson.oclif?.hooks?.[PROVIDERS_HOOK]
    if (declared === undefined) continue
    if (plugin.pjson.type !== 'module') return undefined
    const targets = Array.isArray(declared) ? declared : [declared]
    for (const target of targets) {
      if (typeof target !== 'string') return undefined
      const file = join(plugin.root, target)
      if (!existsSync(file)) return undefined
      hooks.push({ plugin, file })
    }
  }

  let reachedForOclif = false
  const oclifOnly = () => {
    reachedForOclif = true
    throw new NeedsOclif('oclif is not loaded')
  }
  const context = Object.defineProperties(
    {},
    Object.fromEntries(
      ['config', 'debug', 'error', 'exit', 'log', 'warn'].map((k) => [k, { get: oclifOnly }]),
    ),
  )
  const options = Object.defineProperties(
    { apiVersion: 1 },
    { config: { get: oclifOnly, enumerable: true }, context: { get: oclifOnly, enumerable: true } },
  )
  const result: ProvidersHookResult = { successes: [], failures: [] }
  // A hook that does not answer in oclif's time is a failure oclif words (after its own wait); the
  // timer also keeps the process alive, which a promise that never settles would not.
  let timer: NodeJS.Timeout | undefined
  const tooLong = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NeedsOclif('a providers hook took too long')), HOOK_TIMEOUT_MS)
  })
  try {
    const answers = await Promise.race([
      tooLong,
      Promise.all(
        hooks.map(async ({ plugin, file }) => {
          const module = (await import(pathToFileURL(file).href)) as { default?: unknown }
          if (typeof module.default !== 'function') throw new NeedsOclif('no default export')
          return { plugin, result: await (module.default as (o: unknown) => unknown).call(context, options) }
        }),
      ),
    ])
    result.successes.push(...answers)
  } catch {
    return undefined
  } finally {
    clearTimeout(timer)
  }
  if (reachedForOclif) return undefined

  const { registry, warnings } = providersFrom(result)
  const { stdout, notice } = providersListing(registry, json)
  const stderr = [...warnings.map((w) => `Warning: ${w}`), ...(notice ? [notice] : [])]
    .map((line) => `${redactUrlCredentials(line, '****')}\n`)
    .join('')
  return { stdout, stderr }
}

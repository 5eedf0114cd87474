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
 * answering without touching oclif's config or hook context and without failing (oclif then runs
 * the hooks itself and words the failure as it always did). A hook that outlasts oclif's hook
 * timeout is that failure, worded here as oclif words it. Undefined when oclif must answer.
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
  // A hook that does not answer in oclif's time fails in oclif's words, here: handing it to oclif
  // would wait the same time again. The timers also keep the process alive, which a promise that
  // never settles would not.
  const timers: NodeJS.Timeout[] = []
  const timedOut = new Error(`Timed out after ${HOOK_TIMEOUT_MS} ms.`)
  const inTime = <T>(answer: Promise<T>) =>
    Promise.race([
      answer,
      new Promise<never>((_, reject) => {
        timers.push(setTimeout(() => reject(timedOut), HOOK_TIMEOUT_MS))
      }),
    ])
  try {
    const answers = await Promise.all(
      hooks.map(async ({ plugin, file }) => {
        try {
          return await inTime(
            (async () => {
              const module = (await import(pathToFileURL(file).href)) as { default?: unknown }
              if (typeof module.default !== 'function') throw new NeedsOclif('no default export')
              return {
                plugin,
                result: await (module.default as (o: unknown) => unknown).call(context, options),
              }
            })(),
          )
        } catch (err) {
          if (err !== timedOut) throw err
          result.failures.push({ plugin, error: timedOut })
          return undefined
        }
      }),
    )
    for (const answer of answers) if (answer) result.successes.push(answer)
  } catch {
    // Any other failure is oclif's to word, as it always was.
    return undefined
  } finally {
    for (const timer of timers) clearTimeout(timer)
  }
  if (reachedForOclif) return undefined

  const { registry, warnings } = providersFrom(result)
  const { stdout, notice } = providersListing(registry, json)
  const stderr = [...warnings.map((w) => `Warning: ${w}`), ...(notice ? [notice] : [])]
    .map((line) => `${redactUrlCredentials(line, '****')}\n`)
    .join('')
  return { stdout, stderr }
}

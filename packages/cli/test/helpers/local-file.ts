import { rm } from 'node:fs/promises'
import path from 'node:path'
import { cleanEnv, REPO_ROOT, runCli, tempDir } from './cli.js'

/**
 * A private atmos data directory with the example local/file provider linked into it, as a
 * user would with `atmos plugins link`. Returns the environment that points the CLI at it.
 */
export async function withLocalFileProvider(): Promise<{
  dataDir: string
  env: (extra?: Record<string, string | undefined>) => Record<string, string>
  /** Removes the data directory (call in afterAll). */
  remove: () => Promise<void>
}> {
  const dataDir = await tempDir('atmos-data-')
  const env = (extra: Record<string, string | undefined> = {}) => {
    const base = cleanEnv({ ATMOS_DATA_DIR: dataDir, ATMOS_CACHE_DIR: path.join(dataDir, 'cache') })
    // `undefined` removes a variable cleanEnv sets (NO_COLOR, for the colour tests).
    for (const [key, value] of Object.entries(extra)) {
      if (value === undefined) delete base[key]
      else base[key] = value
    }
    return base
  }
  const link = await runCli(['plugins', 'link', path.join(REPO_ROOT, 'examples/provider-local-file')], {
    env: env(),
  })
  if (link.code !== 0) throw new Error(`atmos plugins link failed (${link.code}):\n${link.stderr}`)
  return { dataDir, env, remove: () => rm(dataDir, { recursive: true, force: true }) }
}

/** One log line as the local/file provider reads it: an RFC 3339 time, a level word, the text. */
export function logLine(time: Date | string, level: string, text: string): string {
  const iso = typeof time === 'string' ? time : time.toISOString()
  return `${iso} ${level} ${text}\n`
}

/** An environment for the built CLI; `undefined` in `extra` removes a variable. */
export type CliEnv = (extra?: Record<string, string | undefined>) => Record<string, string>

/**
 * The set-up of a test file that runs the CLI with local/file linked: the data directory is made
 * in beforeAll and removed in afterAll. Read `env` only inside hooks and tests.
 */
export function useLocalFileProvider(): { env: CliEnv; readonly dataDir: string } {
  let linked: Awaited<ReturnType<typeof withLocalFileProvider>> | undefined
  beforeAll(async () => {
    linked = await withLocalFileProvider()
  })
  afterAll(async () => {
    await linked?.remove()
  })
  const current = () => {
    if (!linked) throw new Error('useLocalFileProvider: used before its beforeAll ran')
    return linked
  }
  return {
    env: (extra) => current().env(extra),
    get dataDir() {
      return current().dataDir
    },
  }
}

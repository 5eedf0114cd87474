import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'

/** At most this many sources are pinned; they are listed first. */
export const MAX_PINS = 5

/**
 * Where pins are kept: `$ATMOS_DATA_DIR/logs`, else `$XDG_DATA_HOME/atmos/logs`, else
 * `~/.atmos/logs`, in `pinned_sources.json`.
 */
export function pinsFile(env: Record<string, string | undefined> = process.env): string {
  const dir = env.ATMOS_DATA_DIR
    ? path.join(env.ATMOS_DATA_DIR, 'logs')
    : env.XDG_DATA_HOME
      ? path.join(env.XDG_DATA_HOME, 'atmos', 'logs')
      : path.join(homedir(), '.atmos', 'logs')
  return path.join(dir, 'pinned_sources.json')
}

/** The pinned source keys, in the order they were pinned. */
export interface PinStore {
  load(): Promise<{ keys: string[]; problem?: string }>
  save(keys: readonly string[]): Promise<void>
}

/**
 * Pins in a JSON file, `{ "pinned": [key, ...] }`. A file that cannot be read as that is reported
 * once (the returned problem) and replaced by an empty list, so the next run starts clean.
 */
export function filePinStore(file: string): PinStore {
  const save = async (keys: readonly string[]) => {
    await mkdir(path.dirname(file), { recursive: true })
    // Written beside, then renamed: a crash mid-write never leaves half a file.
    const temp = `${file}.${process.pid}.tmp`
    await writeFile(temp, `${JSON.stringify({ pinned: keys.slice(0, MAX_PINS) }, null, 2)}\n`)
    await rename(temp, file)
  }
  return {
    save,
    async load() {
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { keys: [] }
        return { keys: [], problem: `Could not read ${file}: ${(err as Error).message}` }
      }
      const keys = parsePins(text)
      if (keys) return { keys }
      await save([]).catch(() => {})
      return {
        keys: [],
        problem: `${file} was not a list of pinned sources; it was replaced by an empty one.`,
      }
    },
  }
}

function parsePins(text: string): string[] | undefined {
  try {
    const value = JSON.parse(text) as { pinned?: unknown }
    if (!value || typeof value !== 'object' || !Array.isArray(value.pinned)) return undefined
    if (!value.pinned.every((k) => typeof k === 'string')) return undefined
    return (value.pinned as string[]).slice(0, MAX_PINS)
  } catch {
    return undefined
  }
}

/** Small filesystem helpers shared by atmos.yaml discovery and stack loading. */
import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, sep } from 'node:path'

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

/** Folders never holding configuration, and often huge: not walked. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules'])

/**
 * Every file under `dir` (recursively), as paths relative to `dir` with `/` separators, sorted.
 * `.git` and `node_modules` are not entered: with `stacks.base_path: .` they would cost more than
 * every manifest together, and no atmos project keeps stacks there.
 */
export async function listFilesRecursive(dir: string): Promise<string[]> {
  const out: string[] = []
  async function walk(rel: string): Promise<void> {
    let entries: Dirent[]
    try {
      entries = await readdir(rel ? join(dir, rel) : dir, { withFileTypes: true })
    } catch {
      return
    }
    const subdirs: Promise<void>[] = []
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) subdirs.push(walk(path))
      } else if (e.isFile() || e.isSymbolicLink()) out.push(path)
    }
    await Promise.all(subdirs)
  }
  await walk('')
  return out.sort()
}

export function toPosix(path: string): string {
  return path.split(sep).join('/')
}

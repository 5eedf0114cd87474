/** Small filesystem helpers shared by atmos.yaml discovery and stack loading. */
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

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

/** Every file under `dir` (recursively), as paths relative to `dir` with `/` separators, sorted. */
export async function listFilesRecursive(dir: string): Promise<string[]> {
  let entries: string[]
  try {
    entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)))
  } catch {
    return []
  }
  return entries.map((p) => p.split(sep).join('/')).sort()
}

export function toPosix(path: string): string {
  return path.split(sep).join('/')
}

import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

/** The npm CLI oclif's installer runs (the one @oclif/plugin-plugins pins), else `npm` on PATH. */
export async function installerNpm(): Promise<string> {
  try {
    const require = createRequire(import.meta.resolve('@oclif/plugin-plugins'))
    const pjsonPath = require.resolve('npm/package.json')
    const pjson = JSON.parse(await readFile(pjsonPath, 'utf8')) as { bin: { npm: string } }
    return path.join(path.dirname(pjsonPath), pjson.bin.npm)
  } catch {
    return 'npm'
  }
}

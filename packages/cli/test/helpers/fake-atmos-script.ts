import { chmod, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { tempDir } from './cli.js'

/** Where a fake Go atmos lives (`<root>/bin/atmos`) and the log file its script appends each run to. */
export interface FakeAtmosScript {
  root: string
  binDir: string
  path: string
  log: string
}

/**
 * Writes a stand-in for the Go atmos as a shell script in a fresh temporary directory. `body` is
 * given that directory and the (empty) log file, may write files of its own there, and returns the
 * script that follows the `#!/bin/sh` line.
 */
export async function writeFakeAtmos(
  prefix: string,
  body: (at: { root: string; log: string }) => string | Promise<string>,
): Promise<FakeAtmosScript> {
  const root = await tempDir(prefix)
  const binDir = path.join(root, 'bin')
  await mkdir(binDir, { recursive: true })
  const log = path.join(root, 'runs.log')
  await writeFile(log, '')
  const file = path.join(binDir, 'atmos')
  await writeFile(
    file,
    `#!/bin/sh\n# Fake Go atmos for the atmos-logs end-to-end tests.\n${await body({ root, log })}`,
  )
  await chmod(file, 0o755)
  return { root, binDir, path: file, log }
}

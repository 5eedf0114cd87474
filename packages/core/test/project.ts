/** Test helper: write a small project tree into a fresh temp directory. */
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, expect } from '@jest/globals'

/** The projects writeProject made in this test file (each file has its own copy of this module). */
const made: string[] = []

// Removed after the file's last test, passed or failed.
afterAll(async () => {
  const dirs = made.splice(0)
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

/** The project is removed once the test file has run. */
export async function writeProject(files: Record<string, string>): Promise<string> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'atmos-logs-core-')))
  made.push(root)
  for (const [rel, text] of Object.entries(files)) {
    const path = join(root, rel)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, text)
  }
  return root
}

/** An environment with none of the variables that steer discovery. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, ...extra }
}

/** The error a promise rejects with, checked to be a `type`; the test fails if it resolves. */
export async function rejectionOf<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(type)
  return err as E
}

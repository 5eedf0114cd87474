import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll } from '@jest/globals'

export const CLI_ROOT = path.resolve(import.meta.dirname, '../..')
export const REPO_ROOT = path.resolve(CLI_ROOT, '../..')
export const BIN = path.join(CLI_ROOT, 'bin/run.js')

export interface CliResult {
  stdout: string
  stderr: string
  code: number | null
  signal: NodeJS.Signals | null
}

/** Environment for the built CLI: nothing inherited that could reach a real cloud or config. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: '1',
    TZ: 'UTC',
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v
  return env
}

/** Runs the built `atmos` binary as a child process, as a user would. */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? CLI_ROOT,
    env: opts.env ?? cleanEnv(),
    timeoutMs: opts.timeoutMs,
  })
}

/** Runs an executable to its end and collects what it printed; killed after `timeoutMs` (default 60s). */
export function runProcess(
  file: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ stdout, stderr, code, signal })
    })
  })
}

/** The directories tempDir made in this test file, removed after its last test. */
const made: string[] = []

// Also when a test failed: afterAll hooks run whatever the tests' outcome. Each test file has its
// own copy of this module, so one file's removal never touches another's directories.
afterAll(async () => {
  const dirs = made.splice(0)
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

/** A new directory under the system's temp directory, removed once the test file has run. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** tempDir, for set-up that cannot wait. */
export function tempDirSync(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** A temporary project folder with the given files (paths relative to it), removed with the test file's. */
export async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('atmos-logs-e2e-')
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name)
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file), { recursive: true }))
    await writeFile(file, content)
  }
  return dir
}

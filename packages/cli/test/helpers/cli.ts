import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

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

/** A temporary project folder with the given files (paths relative to it). */
export async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'atmos-logs-e2e-'))
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name)
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file), { recursive: true }))
    await writeFile(file, content)
  }
  return dir
}

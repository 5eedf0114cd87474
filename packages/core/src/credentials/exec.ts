import { spawn } from 'node:child_process'
import type { ExecFile, ExecOptions, ExecResult } from './types.js'

/** Runs a program without a shell, stdin closed, and kills it when the signal aborts. */
export const spawnExecFile: ExecFile = (file, args, opts) =>
  new Promise<ExecResult>((resolve, reject) => {
    const child = spawn(file, args, {
      env: opts.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    // Also let go of the pipes: a grandchild (a wrapper script's child, a browser helper) can hold
    // them open after the child is killed, and open pipes would keep this CLI from exiting.
    const onAbort = () => {
      child.kill('SIGKILL')
      child.stdout.destroy()
      child.stderr.destroy()
      child.unref()
    }
    opts.signal.addEventListener('abort', onAbort, { once: true })
    child.on('error', (err) => {
      opts.signal.removeEventListener('abort', onAbort)
      reject(err)
    })
    child.on('close', (code) => {
      opts.signal.removeEventListener('abort', onAbort)
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        code,
      })
    })
  })

export class TimedOutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`)
  }
}

/**
 * Runs through `execFile` within `timeoutMs`. The time box is enforced here, not by the runner, so
 * a runner that ignores the signal (or a grandchild that keeps a pipe open) cannot hang the CLI.
 */
export async function execTimeBoxed(
  execFile: ExecFile,
  file: string,
  args: string[],
  opts: Omit<ExecOptions, 'signal'> & { timeoutMs: number },
): Promise<ExecResult> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new TimedOutError(opts.timeoutMs))
    }, opts.timeoutMs)
  })
  try {
    return await Promise.race([
      execFile(file, args, { env: opts.env, cwd: opts.cwd, signal: controller.signal }),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
  }
}

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { BIN, CLI_ROOT, type CliResult, cleanEnv } from './cli.js'

/**
 * The built `atmos` binary as a long-running child (tail --follow, a running query) whose output
 * is read as it arrives: wait for lines or a stderr message, then send a signal and collect the
 * exit. Every wait has a guard so a failing test shows what was printed instead of hanging.
 */
export interface StreamingCli {
  /** Complete stdout lines so far (without the newline). */
  readonly lines: string[]
  /** Everything written to stdout so far, including an unfinished last line. */
  readonly stdout: string
  readonly stderr: string
  /** Resolves once at least `count` complete stdout lines have arrived. */
  waitForLines(count: number, guardMs?: number): Promise<string[]>
  /** Resolves once stderr matches `pattern`. */
  waitForStderr(pattern: RegExp, guardMs?: number): Promise<string>
  kill(signal: NodeJS.Signals): void
  /** Resolves when the child has exited (it is killed with SIGKILL after `timeoutMs`). */
  readonly exited: Promise<CliResult>
  readonly pid: number | undefined
}

export function spawnCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): StreamingCli {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? CLI_ROOT,
    env: opts.env ?? cleanEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  child.stdin.end()
  let stdout = ''
  let stderr = ''
  const lines: string[] = []
  let partial = ''
  const waiters = new Set<() => void>()
  const wake = () => {
    for (const w of [...waiters]) w()
  }
  let done = false

  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk
    partial += chunk
    const parts = partial.split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts)
    wake()
  })
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
    wake()
  })

  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      done = true
      wake()
      resolve({ stdout, stderr, code, signal })
    })
  })

  const waitFor = <T>(ready: () => T | undefined, what: () => string, guardMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = ready()
        if (value !== undefined) {
          finish()
          resolve(value)
        } else if (done) {
          finish()
          reject(new Error(`the CLI exited before ${what()}\nstdout:\n${stdout}\nstderr:\n${stderr}`))
        }
      }
      const guard = setTimeout(() => {
        finish()
        reject(
          new Error(
            `gave up waiting for ${what()} after ${guardMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`,
          ),
        )
      }, guardMs)
      const finish = () => {
        clearTimeout(guard)
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })

  return {
    lines,
    get stdout() {
      return stdout
    },
    get stderr() {
      return stderr
    },
    waitForLines: (count, guardMs = 20_000) =>
      waitFor(
        () => (lines.length >= count ? [...lines] : undefined),
        () => `${count} lines (have ${lines.length})`,
        guardMs,
      ),
    waitForStderr: (pattern, guardMs = 20_000) =>
      waitFor(
        () => (pattern.test(stderr) ? stderr : undefined),
        () => `stderr matching ${pattern}`,
        guardMs,
      ),
    kill: (signal) => {
      if (!done) child.kill(signal)
    },
    exited,
    pid: child.pid,
  }
}

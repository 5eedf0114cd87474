import { spawn } from 'node:child_process'
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { BIN, CLI_ROOT, type CliResult, tempDir } from './cli.js'
import { writeFakeAtmos } from './fake-atmos-script.js'

export const LOGS_BIN = path.join(CLI_ROOT, 'bin/atmos-logs.js')

export interface FakeGoAtmos {
  binDir: string
  path: string
  /** The arguments of every run so far, one array per run. */
  runs(): Promise<string[][]>
}

export interface FakeGoAtmosOptions {
  /** Exit code of every command it answers (auth env and describe component exit 0). */
  exitCode?: number
  /** `atmos describe component C -s S --format json` prints this (keyed `C@S`); others fail like atmos. */
  describe?: Record<string, unknown>
  /** `atmos auth env --identity NAME --format json` prints this object of variables (keyed by NAME). */
  authEnv?: Record<string, Record<string, string>>
}

/**
 * A stand-in for the Go atmos that records its arguments (one line per run, NUL between them) and
 * answers a few commands the way atmos would: `describe component`, `auth env`, `sleep-forever`
 * for signal tests, and `logs ...` as the documented custom command does (`atmos-logs logs ...`).
 * Anything else prints its arguments and stdin to stdout and exits with `exitCode`.
 */
export async function fakeGoAtmos(opts: FakeGoAtmosOptions = {}): Promise<FakeGoAtmos> {
  const fake = await writeFakeAtmos('atmos-go-fake-', async ({ root, log }) => {
    const describeFiles: string[] = []
    for (const [key, value] of Object.entries(opts.describe ?? {})) {
      const file = path.join(root, `describe-${describeFiles.length}.json`)
      await writeFile(file, JSON.stringify(value))
      const [component, stack] = key.split('@')
      describeFiles.push(`    "${component}@${stack}") cat '${file}'; exit 0 ;;`)
    }
    const authCases: string[] = []
    for (const [identity, vars] of Object.entries(opts.authEnv ?? {})) {
      const file = path.join(root, `auth-${authCases.length}.json`)
      await writeFile(file, JSON.stringify(vars))
      authCases.push(`    ${identity}) cat '${file}'; exit 0 ;;`)
    }
    return `for a in "$@"; do printf '%s\\0' "$a" >> '${log}'; done
printf '\\n' >> '${log}'
case "$1" in
  logs|plugins) exec atmos-logs "$@" ;;
  sleep-forever) exec sleep 30 ;;
  describe)
    component=$3; stack=
    while [ $# -gt 0 ]; do case "$1" in -s|--stack) stack=$2 ;; esac; shift; done
    case "$component@$stack" in
${describeFiles.join('\n')}
    esac
    echo "Error: component $component not found in stack $stack" >&2; exit 1 ;;
  auth)
    identity=
    while [ $# -gt 0 ]; do case "$1" in --identity) identity=$2 ;; esac; shift; done
    case "$identity" in
${authCases.join('\n')}
    esac
    echo "Error: identity $identity not found" >&2; exit 1 ;;
esac
echo "go atmos ran: $*"
if [ ! -t 0 ]; then read -r line && echo "go atmos read: $line"; fi
exit ${opts.exitCode ?? 0}
`
  })
  return {
    binDir: fake.binDir,
    path: fake.path,
    async runs() {
      const text = await readFile(fake.log, 'utf8')
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\0').slice(0, -1))
    },
  }
}

/** A directory holding this CLI's two bins, `atmos` and `atmos-logs`, as symlinks (npm's layout). */
export async function oursOnPath(): Promise<string> {
  const dir = await tempDir('atmos-ours-')
  await symlink(BIN, path.join(dir, 'atmos'))
  await symlink(LOGS_BIN, path.join(dir, 'atmos-logs'))
  return dir
}

/**
 * A directory whose `atmos` is a launcher script of the kind pnpm writes (it names the package's
 * bin under node_modules/@atmos-logs/cli), which the Go atmos lookup must skip too.
 */
export async function shimOnPath(): Promise<string> {
  const dir = await tempDir('atmos-shim-')
  const modules = path.join(dir, 'lib/node_modules/@atmos-logs')
  await mkdir(modules, { recursive: true })
  await symlink(CLI_ROOT, path.join(modules, 'cli'))
  const bin = path.join(dir, 'bin')
  await mkdir(bin)
  const target = path.join(modules, 'cli/bin/run.js')
  await writeFile(path.join(bin, 'atmos'), `#!/bin/sh\nexec node "${target}" "$@"\n`)
  await chmod(path.join(bin, 'atmos'), 0o755)
  return bin
}

/** Runs a program by name, looked up on the PATH of `env`, as a shell would. */
export function runProgram(
  name: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; input?: string; timeoutMs?: number },
): Promise<CliResult> & { pid(): number | undefined } {
  let pid: number | undefined
  const done = new Promise<CliResult>((resolve, reject) => {
    const child = spawn(name, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    pid = child.pid
    if (opts.input !== undefined) child.stdin?.end(opts.input)
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d) => (stdout += d))
    child.stderr?.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ stdout, stderr, code, signal })
    })
  })
  return Object.assign(done, { pid: () => pid })
}

import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { appendFile, open } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { BIN, type CliResult } from '../helpers/cli.js'
import { logLine } from '../helpers/local-file.js'
import { APP_LOG, useOutputProject, WORKER_LOG } from '../helpers/output-project.js'

const exec = promisify(execFile)

/** A log big enough that its output overflows any pipe buffer many times over. */
function bigLog(lines: number): string {
  const start = Date.parse('2026-11-27T10:00:00Z')
  let out = ''
  for (let i = 0; i < lines; i++) {
    out += logLine(new Date(start + i * 10), i % 7 === 0 ? 'WARN' : 'INFO', `event ${i} ${'x'.repeat(60)}`)
  }
  return out
}

/** The built CLI with stdout on a pipe this test reads and can close or interrupt at will. */
function startCli(args: string[], env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  // A guard so that a hung CLI fails the test with what it printed instead of hanging it.
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const exited = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(guard)
      resolve({ stdout, stderr, code, signal })
    }),
  )
  /** Resolves once stdout satisfies `test` (bounded by the guard above). */
  const until = (test: (out: string) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (test(stdout)) {
          child.stdout.off('data', check)
          resolve()
        }
      }
      child.stdout.on('data', check)
      exited.then(() => (test(stdout) ? resolve() : reject(new Error(`exited early:\n${stderr}`))))
      check()
    })
  return { child, exited, until, stdout: () => stdout }
}

describe('pipes and signals', () => {
  const fixture = useOutputProject({ files: { 'logs/big.log': bigLog(20_000) } })
  const { env } = fixture
  const range = ['--since', '2026-11-27T00:00:00Z', '--until', '2026-11-28T00:00:00Z']

  beforeAll(async () => {
    await appendFile(
      path.join(fixture.project, 'atmos.yaml'),
      '    big: {kind: local/file, spec: {path: ./logs/big.log}}\n',
    )
  })

  it.each(['pretty', 'json', 'raw', 'log'])(
    '`atmos logs view --format %s | head -3` ends quietly with exit 0',
    async (format) => {
      const cli = [process.execPath, BIN, 'logs', 'view', '--source', 'big', '--format', format, ...range]
      const quoted = cli.map((a) => `'${a}'`).join(' ')
      // PIPESTATUS[0] is the CLI's own exit status, not head's.
      const { stdout } = await exec(
        'bash',
        ['-c', `${quoted} 2>cli-stderr.txt | head -3; echo "STATUS=\${PIPESTATUS[0]}"; cat cli-stderr.txt`],
        { cwd: fixture.project, env: env() },
      )
      const [head, tail] = stdout.split(/STATUS=/)
      expect(head!.trimEnd().split('\n')).toHaveLength(3)
      const [status, ...stderr] = tail!.split('\n')
      expect(stderr.join('\n').trim()).toBe('') // no EPIPE, no error, no stack trace
      expect(status).toBe('0')
    },
  )

  it('a reader that closes its end of the pipe ends the CLI quietly with exit 0', async () => {
    const cli = startCli(
      ['logs', 'view', '--source', 'big', '--format', 'json', ...range],
      env(),
      fixture.project,
    )
    await cli.until((out) => out.includes('\n'))
    cli.child.stdout.destroy()
    const result = await cli.exited
    expect(result.stderr).not.toMatch(/EPIPE|Error/)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it('output that cannot be written (a full disk) is said as one error with exit 1, no stack trace', async () => {
    const full = await open('/dev/full', 'w')
    try {
      // a read: it was node's uncaught 'Error: ENOSPC: no space left on device, write' with its
      // stack; logs sources, which prints its table at once: it ended with 0, having written nothing
      for (const args of [
        ['logs', 'view', '--source', 'big', '--format', 'json', ...range],
        ['logs', 'sources', '--json'],
        // answered without oclif: they had node's uncaught error and its stack
        ['--version'],
        ['logs', 'providers'],
        // oclif's help: it ended with 0 having written nothing (`help ...`: node's uncaught error)
        ['logs', '--help'],
        ['logs', 'view', '--help'],
        ['help', 'logs', 'view'],
      ]) {
        const child = spawn(process.execPath, [BIN, ...args], {
          cwd: fixture.project,
          env: env(),
          stdio: ['ignore', full.fd, 'pipe'],
        })
        let stderr = ''
        child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
        const [code] = await once(child, 'close')
        expect(stderr).toBe(
          'Error: Could not write the output: ENOSPC: no space left on device, write.\n' +
            '  Hint: Check where standard output goes (a full disk, a failing device) and run again.\n',
        )
        expect(code).toBe(1)
      }
    } finally {
      await full.close()
    }
  })

  it('Ctrl-C in follow mode exits 130 quietly, after printing what arrived', async () => {
    const cli = startCli(
      ['logs', 'tail', '--follow', '--source', 'app,worker', '--format', 'json', '--lines', '2'],
      env(),
      fixture.project,
    )
    await cli.until((out) => out.split('\n').length > 4)
    // An entry written while following reaches the output before the interrupt.
    await appendFile(
      path.join(fixture.project, 'logs/worker.log'),
      logLine('2026-11-27T10:00:09Z', 'INFO', 'late arrival'),
    )
    await cli.until((out) => out.includes('late arrival'))
    cli.child.kill('SIGINT')
    const result = await cli.exited
    expect(result.stderr).toBe('')
    expect(result.code).toBe(130)
    const lines = result.stdout.split('\n')
    expect(lines.pop()).toBe('') // ends in a newline: no half-written line
    const entries = lines.map((l) => JSON.parse(l))
    // the newest two of each source in time order, then the one that arrived while following
    expect(entries.map((e) => e.message)).toEqual([
      WORKER_LOG[0],
      APP_LOG[1],
      WORKER_LOG[1],
      APP_LOG[2],
      '2026-11-27T10:00:09Z INFO late arrival',
    ])
  })

  /** Starts a follow, sends `signal` once it has printed something, and returns how it ended. */
  const signalOnceStarted = async (args: string[], signal: NodeJS.Signals) => {
    const cli = startCli(args, env(), fixture.project)
    await cli.until((out) => out.length > 0)
    cli.child.kill(signal)
    return cli.exited
  }

  it('SIGTERM (a supervisor stopping it) ends follow mode quietly with 143, as shells report it', async () => {
    const result = await signalOnceStarted(
      ['logs', 'tail', '--follow', '--source', 'app', '--format', 'raw', '--lines', '1'],
      'SIGTERM',
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(143)
    expect(result.stdout.endsWith('\n')).toBe(true)
  })

  it('Ctrl-C in the middle of a large output leaves only whole JSON lines', async () => {
    const result = await signalOnceStarted(
      ['logs', 'tail', '--follow', '--source', 'big', '--format', 'json', '--lines', '20000'],
      'SIGINT',
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(130)
    const lines = result.stdout.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
  })
})

import { spawn } from 'node:child_process'
import { appendFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import path from 'node:path'
import { BIN, type CliResult, runCli, tempProject } from '../helpers/cli.js'
import { useLocalFileProvider } from '../helpers/local-file.js'
import { describeInTerminal, runInTerminal } from '../helpers/tmux.js'

/** What a platform engineer mid-incident runs into: hostile log lines, closed pipes, a dead endpoint. */
describe('atmos logs, reviewed as a user (built CLI)', () => {
  const { env } = useLocalFileProvider()
  const projects: string[] = []

  afterAll(async () => {
    for (const p of projects) await rm(p, { recursive: true, force: true })
  })

  const localProject = async (log: string) => {
    const dir = await tempProject({
      'atmos.yaml':
        'logs:\n  sources:\n    app:\n      kind: local/file\n      spec:\n        path: ./logs/app.log\n',
      'logs/app.log': log,
    })
    projects.push(dir)
    return dir
  }

  const ESC = '\u001b'
  const BEL = '\u0007'
  const HOSTILE = `2026-11-27T10:00:00.100Z INFO title ${ESC}]0;PWNED${BEL} clip ${ESC}]52;c;ZXZpbA==${BEL} clear ${ESC}[2J${ESC}[H reset ${ESC}c cr abc\rXYZ c1 \u009b2J ${ESC}[31mred${ESC}[0m end\n`
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  const CONTROL_EXCEPT_SGR = /\u001b(?!\[[0-9;]*m)|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/
  const RANGE = ['--since', '2026-11-27T09:00:00Z', '--until', '2026-11-27T11:00:00Z', '--utc']

  it.each([
    ['without colour', [], { NO_COLOR: '1' }],
    ['with --color', ['--color'], { NO_COLOR: undefined }],
  ])('pretty output %s cannot retitle, clear or reprogram the terminal', async (_name, flags, extraEnv) => {
    const cwd = await localProject(HOSTILE)
    const run = await runCli(['logs', 'view', '--source', 'app', ...RANGE, ...flags], {
      env: env(extraEnv),
      cwd,
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).not.toMatch(CONTROL_EXCEPT_SGR)
    expect(lines[0]).not.toContain('PWNED')
    expect(lines[0]).toMatch(/title .*abc.XYZ.*red.* end$/)
  })

  it('raw into a pipe stays byte-exact, escape sequences and all', async () => {
    const cwd = await localProject(HOSTILE)
    const run = await runCli(['logs', 'view', '--source', 'app', ...RANGE, '--format', 'raw'], {
      env: env(),
      cwd,
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(HOSTILE)
  })

  describeInTerminal('raw in a terminal (tmux)', () => {
    it.each([
      ['without colour', { NO_COLOR: '1' }],
      ['with colour', { NO_COLOR: undefined }],
    ])('cannot retitle, clear or reprogram the terminal (%s), as pretty', async (_name, extraEnv) => {
      const cwd = await localProject(HOSTILE)
      const { code, recorded } = await runInTerminal({
        args: ['logs', 'view', '--source', 'app', ...RANGE, '--format', 'raw'],
        env: env(extraEnv),
        cwd,
        record: true,
      })
      expect(code).toBe(0)
      // What the pane received from the CLI: the message, defused, up to the shell's exit line.
      const line = recorded.slice(recorded.indexOf('title'), recorded.indexOf(' end') + 4)
      expect(line).toMatch(/^title .*abc.XYZ.*red.* end$/)
      expect(line).not.toMatch(CONTROL_EXCEPT_SGR)
      expect(line).not.toContain('PWNED')
      expect(line).not.toContain('ZXZpbA==')
    })
  })

  it('tail --follow --format log into a reader that goes away ends quietly, exit 0', async () => {
    const cwd = await localProject('2026-11-27T10:00:00.100Z INFO first\n')
    const child = spawn(
      process.execPath,
      [BIN, 'logs', 'tail', '--source', 'app', '--follow', '--format', 'log', '--lines', '1'],
      { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<CliResult>((resolve) => {
      const guard = setTimeout(() => child.kill('SIGKILL'), 30_000)
      child.on('close', (code, signal) => {
        clearTimeout(guard)
        resolve({ stdout: '', stderr, code, signal })
      })
    })
    // Like `| head -1`: read the first line, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    child.stdout.destroy()
    // The next entries hit the closed pipe; that must end the follow.
    const stop = setInterval(() => void appendFile(path.join(cwd, 'logs/app.log'), 'more\n'), 200)
    const result = await exited
    clearInterval(stop)
    expect(result.signal).toBeNull()
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
  })

  it('an endpoint that refuses connections fails after one quick retry, naming it and the variable that set it (1)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer()
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number }
        server.close(() => resolve(port))
      })
    })
    const cwd = await tempProject({
      'atmos.yaml':
        'logs:\n  sources:\n    fn:\n      kind: aws/cloudwatch\n      spec:\n        log_group: /aws/lambda/x\n',
    })
    projects.push(cwd)
    const result = await runCli(['logs', 'view', '--source', 'fn'], {
      cwd,
      env: env({
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIAUXREVIEW00000000',
        AWS_SECRET_ACCESS_KEY: 'ux-review-secret-key',
      }),
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `could not reach CloudWatch Logs at http://127.0.0.1:${port} (set by the AWS_ENDPOINT_URL environment variable)`,
    )
    expect(result.stderr).toContain('ECONNREFUSED')
    expect(result.stderr).toContain('Hint: Check the AWS_ENDPOINT_URL environment variable')
    expect(result.stderr).not.toContain('keeps failing')
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(result.stdout).toBe('')
  })
})

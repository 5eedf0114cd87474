import { execFile, spawnSync } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { describeWithPeer } from '@atmos-logs/testkit'
import { describe, it } from '@jest/globals'
import { BIN, tempDir } from './cli.js'

const exec = promisify(execFile)

/** Whether tmux can be run here; terminal tests skip (and say so) without it. */
export const TMUX_AVAILABLE = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0

/**
 * `describe` for tests that need a real terminal: without tmux the block is skipped with a
 * message on stderr, and fails under CI, so a green run never hides that the terminal behaviour
 * went untested.
 */
export function describeInTerminal(name: string, body: () => void): void {
  describeWithPeer({ describe, it }, TMUX_AVAILABLE, { what: 'tmux', install: 'apt-get install tmux' })(
    name,
    body,
  )
}

export interface TerminalRunOptions {
  /** Arguments of the built `atmos` binary. */
  args: string[]
  /** The whole environment of the CLI (TERM comes from tmux). */
  env: Record<string, string>
  cwd: string
  /** Shell text after the command, e.g. `| cat` to put a pipe between the CLI and the terminal. */
  after?: string
  /**
   * Record every byte the pane receives (tmux pipe-pane), including text that is later erased,
   * such as a status line; read it with recorded().
   */
  record?: boolean
  width?: number
  height?: number
  /** Shell text run after the CLI ended and its EXIT= line was printed (the terminal as the shell got it back). */
  afterExit?: string
}

const EXIT_MARK = /EXIT=(\d+)/
let sessions = 0

/**
 * The built CLI running in a tmux pane: a real terminal on stdin, stdout and stderr. Each run has
 * its own tmux server (socket), so runs never see each other's sessions or a user's tmux config.
 */
export class TerminalRun {
  private constructor(
    private readonly socket: string,
    private readonly dir: string,
  ) {}

  static async start(opts: TerminalRunOptions): Promise<TerminalRun> {
    const dir = await tempDir('atmos-tmux-')
    const socket = `atmos-e2e-${process.pid}-${++sessions}`
    const assignments = Object.entries(opts.env)
      .filter(([key]) => key !== 'TERM')
      .map(([key, value]) => `${key}=${shellQuote(value)}`)
    const command = [process.execPath, BIN, ...opts.args].map(shellQuote).join(' ')
    // env -i: the CLI sees exactly opts.env plus the TERM tmux gives the pane.
    const go = path.join(dir, 'go')
    const script = [
      // With recording on, the command waits until the recorder is attached.
      opts.record ? `while [ ! -e ${shellQuote(go)} ]; do sleep 0.02; done` : '',
      `cd ${shellQuote(opts.cwd)}`,
      `env -i ${assignments.join(' ')} TERM="$TERM" ${command} ${opts.after ?? ''}`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a template
      'echo "EXIT=${PIPESTATUS[0]}"',
      opts.afterExit ?? '',
      'sleep 60',
    ].join('\n')
    const scriptFile = path.join(dir, 'run.sh')
    await writeFile(scriptFile, `${script}\n`)
    const run = new TerminalRun(socket, dir)
    await run.tmux(
      'new-session',
      '-d',
      '-s',
      'atmos',
      '-x',
      String(opts.width ?? 200),
      '-y',
      String(opts.height ?? 50),
      `bash ${shellQuote(scriptFile)}`,
    )
    if (opts.record) {
      await run.tmux('pipe-pane', '-o', '-t', 'atmos', `cat >> ${shellQuote(run.recording)}`)
      await writeFile(go, '')
    }
    return run
  }

  private get recording(): string {
    return path.join(this.dir, 'pane.bytes')
  }

  /** Everything the pane received so far (needs `record: true`). */
  async recorded(): Promise<string> {
    return readFile(this.recording, 'utf8').catch(() => '')
  }

  /** The pane's text with its escape sequences (colours), trailing blank lines removed. */
  async capture(): Promise<string> {
    const { stdout } = await this.tmux('capture-pane', '-p', '-e', '-J', '-t', 'atmos')
    return stdout.replace(/\s+$/, '')
  }

  /**
   * Polls the pane until `expected` shows (a bounded wait, not a timing assertion) and returns the
   * pane; the error on timeout carries what the pane showed instead.
   */
  async waitFor(
    expected: RegExp | string | ((pane: string) => boolean),
    timeoutMs = 20_000,
  ): Promise<string> {
    const test =
      typeof expected === 'function'
        ? expected
        : typeof expected === 'string'
          ? (pane: string) => stripAnsi(pane).includes(expected)
          : (pane: string) => expected.test(stripAnsi(pane))
    const deadline = Date.now() + timeoutMs
    let pane = ''
    for (;;) {
      pane = await this.capture()
      if (test(pane)) return pane
      if (Date.now() > deadline) {
        throw new Error(
          `The terminal did not show ${String(expected)} in time. It showed:\n${stripAnsi(pane)}`,
        )
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** Waits for the CLI to end and returns its exit status and the pane above the EXIT= line. */
  async exit(timeoutMs = 20_000): Promise<{ code: number; pane: string }> {
    const pane = await this.waitFor(EXIT_MARK, timeoutMs)
    const plain = stripAnsi(pane)
    const code = Number(EXIT_MARK.exec(plain)![1])
    const cut = pane.lastIndexOf('EXIT=')
    return { code, pane: pane.slice(0, cut) }
  }

  /** Whether the pane is on the alternate screen and shows its cursor (tmux's own view of the terminal). */
  async modes(): Promise<{ alternateScreen: boolean; cursorVisible: boolean }> {
    const { stdout } = await this.tmux(
      'display-message',
      '-p',
      '-t',
      'atmos',
      '#{alternate_on} #{cursor_flag}',
    )
    const [alternate, cursor] = stdout.trim().split(' ')
    return { alternateScreen: alternate === '1', cursorVisible: cursor === '1' }
  }

  /** Resizes the pane's window (the program gets SIGWINCH). */
  async resize(width: number, height: number): Promise<void> {
    await this.tmux('resize-window', '-t', 'atmos', '-x', String(width), '-y', String(height))
  }

  /** Types keys into the pane (tmux key names: `C-c` is Ctrl-C). */
  async sendKeys(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'atmos', ...keys)
  }

  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => {})
    await rm(this.dir, { recursive: true, force: true })
  }

  private tmux(...args: string[]) {
    return exec('tmux', ['-L', this.socket, '-f', '/dev/null', ...args])
  }
}

/** Runs the CLI in a terminal until it exits; the session is always cleaned up. */
export async function runInTerminal(
  opts: TerminalRunOptions,
): Promise<{ code: number; pane: string; recorded: string }> {
  const run = await TerminalRun.start(opts)
  try {
    const { code, pane } = await run.exit()
    let recorded = ''
    if (opts.record) {
      // The recorder trails the pane a little: wait for it to have the exit line too (bounded).
      const deadline = Date.now() + 5000
      for (;;) {
        recorded = await run.recorded()
        if (recorded.includes('EXIT=') || Date.now() > deadline) break
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    return { code, pane, recorded }
  } finally {
    await run.kill()
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '')
}

/** The SGR (colour) sequences in a piece of terminal text, e.g. `\u001b[36m`. */
export function sgrCodes(text: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
  return text.match(/\u001b\[[0-9;]*m/g) ?? []
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

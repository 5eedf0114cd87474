import { ExitCode, InterruptedError } from '@atmos-logs/core/errors'
import { redactUrlCredentials } from '@atmos-logs/core/redact'
import { Command } from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import { flagSuggestion, renderError } from './errors.js'
import { createLogger } from './logger.js'
import { OutputWatch } from './output-failure.js'
import { type LoadedProviders, loadProviders } from './plugins.js'
import type { RunnerHost } from './runner-host.js'

/**
 * What every `atmos logs` command shares: one AbortController for Ctrl-C and closed pipes, errors
 * rendered as one paragraph with the right exit code, notices on stderr.
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({
      description: 'Show stack traces and provider debug output on errors.',
      helpGroup: 'GLOBAL',
    }),
  }

  protected readonly abort = new AbortController()
  protected readonly startedAt = Date.now()
  protected interrupted = false
  /** 130 for Ctrl-C; 143 (128 + 15) when terminated, as shells report it. */
  private interruptExitCode: number = ExitCode.INTERRUPTED
  /** Secret values to strip from anything printed; credentials add to it as they resolve. */
  protected readonly secrets = new Set<string>()
  private debugEnabled = process.argv.includes('--debug')

  override async init(): Promise<void> {
    await super.init()
    process.once('SIGINT', this.onInterrupt)
    process.once('SIGTERM', this.onTerminate)
    // `atmos logs view | head -3`: the reader went away, so stop reading and end quietly. Any
    // other failure (a full disk behind `> file`) stops the read too, and is said in finally().
    this.output = new OutputWatch((what) => (what === 'closed' ? this.onOutputClosed() : this.abort.abort()))
  }

  private readonly onTerminate = () => {
    this.interruptExitCode = 128 + 15
    this.onInterrupt()
  }

  private readonly onInterrupt = () => {
    this.interrupted = true
    this.abort.abort(new InterruptedError())
    // A second Ctrl-C means "now".
    process.once('SIGINT', () => process.exit(ExitCode.INTERRUPTED))
  }

  /** Whether stdout could be written (set in init). */
  private output?: OutputWatch

  private readonly onOutputClosed = () => {
    this.abort.abort()
    process.exitCode = ExitCode.OK
  }

  protected notice(message: string): void {
    process.stderr.write(`${this.scrubMessage(message)}\n`)
  }

  /** For stderr (notices, warnings, errors, --debug): the run's secrets and any URL's user:password. */
  protected scrubMessage(text: string): string {
    return redactUrlCredentials(this.scrub(text), '****')
  }

  protected scrub(text: string): string {
    let out = text
    for (const secret of this.secrets) if (secret.length >= 4) out = out.split(secret).join('****')
    return out
  }

  protected async providers(): Promise<LoadedProviders> {
    const loaded = await loadProviders(this.config)
    for (const w of loaded.warnings) this.notice(`Warning: ${w}`)
    return loaded
  }

  /** What the shared read pipeline needs from a command. */
  protected async runnerHostFor(): Promise<RunnerHost> {
    const { registry, broken } = await this.providers()
    return {
      registry,
      brokenPlugins: broken,
      signal: this.abort.signal,
      notice: (m) => this.notice(m),
      addSecret: (s) => this.secrets.add(s),
      scrub: (s) => this.scrub(s),
      outputClosed: this.onOutputClosed,
      logger: createLogger({ debug: this.debugEnabled, scrub: (s) => this.scrubMessage(s) }),
      startedAt: this.startedAt,
      command: this.commandLine(),
    }
  }

  /** `atmos logs view`: the command as users type it. */
  protected commandLine(): string {
    return `${this.config.bin} ${this.id?.split(':').join(' ') ?? ''}`.trim()
  }

  override async catch(err: Error & { exitCode?: number }): Promise<void> {
    if (this.interrupted) {
      process.exitCode = this.interruptExitCode
      return
    }
    if (this.output?.failure) return // said in finally(), whatever the abort made the run throw
    if (this.abort.signal.aborted && process.exitCode === ExitCode.OK) return // closed pipe
    const { text, exitCode } = renderError(err, {
      debug: this.debugEnabled,
      scrub: (s) => this.scrubMessage(s),
      command: this.commandLine(),
      suggestion: await flagSuggestion(err, this.shownFlags()),
    })
    process.stderr.write(`${text}\n`)
    process.exitCode = exitCode
  }

  /** The names of the flags --help shows for this command, its own and the shared ones. */
  private shownFlags(): string[] {
    const all = { ...this.ctor.baseFlags, ...this.ctor.flags }
    return Object.entries(all)
      .filter(([, flag]) => !flag.hidden)
      .map(([name]) => name)
  }

  override async finally(err: Error | undefined): Promise<void> {
    process.removeListener('SIGINT', this.onInterrupt)
    process.removeListener('SIGTERM', this.onTerminate)
    // Let the last write settle, so that a command that printed everything at once (logs sources)
    // does not end with 0 when none of it was written.
    await this.output?.settled()
    if (this.interrupted) process.exitCode = this.interruptExitCode
    else await this.output?.report({ debug: this.debugEnabled, scrub: (s) => this.scrubMessage(s) })
    await super.finally(err)
  }
}

import { format } from 'node:util'
import { Help } from '@oclif/core/help'
import { renderError } from './errors.js'
import { outputFailure } from './output-failure.js'

/**
 * oclif's help (`--help`, `atmos help ...`), failing as every command does when stdout cannot be
 * written (a full disk, /dev/full): one error, exit 1. oclif writes help through console.log, which
 * drops write errors, so help into /dev/full ended 0 having written nothing (and `atmos help X`
 * with node's uncaught error and its stack). A closed pipe (`| head`) is not a failure.
 */
export default class AtmosHelp extends Help {
  private failed?: Error

  private readonly onError = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') this.failed ??= err
  }

  override async showHelp(argv: string[]): Promise<void> {
    // oclif's own listener rethrows every error but EPIPE: this one takes its place.
    process.stdout.removeAllListeners('error')
    process.stdout.on('error', this.onError)
    await super.showHelp(argv)
    // A failed write may say so only after it returned.
    if (!process.stdout.destroyed)
      await new Promise<void>((resolve) => process.stdout.write('', () => resolve()))
    if (!this.failed) return
    const { text, exitCode } = renderError(outputFailure(this.failed), { debug: false, scrub: (s) => s })
    process.stderr.write(`${text}\n`)
    process.exitCode = exitCode
  }

  protected override log(...args: string[]): void {
    if (this.opts.sendToStderr) {
      super.log(...args)
      return
    }
    if (this.failed) return
    try {
      process.stdout.write(`${format(...args)}\n`)
    } catch (err) {
      // a file's stdout (`> file`, /dev/full) writes synchronously and throws
      this.onError(err as NodeJS.ErrnoException)
    }
  }
}

import { format } from 'node:util'
import { Help } from '@oclif/core/help'
import { OutputWatch } from './output-failure.js'

/**
 * oclif's help (`--help`, `atmos help ...`), failing as every command does when stdout cannot be
 * written (a full disk, /dev/full): one error, exit 1. oclif writes help through console.log, which
 * drops write errors, so help into /dev/full ended 0 having written nothing (and `atmos help X`
 * with node's uncaught error and its stack). A closed pipe (`| head`) is not a failure.
 */
export default class AtmosHelp extends Help {
  private output?: OutputWatch

  override async showHelp(argv: string[]): Promise<void> {
    this.output = new OutputWatch()
    await super.showHelp(argv)
    await this.output.settled()
    await this.output.report()
  }

  protected override log(...args: string[]): void {
    if (this.opts.sendToStderr || !this.output) {
      super.log(...args)
      return
    }
    if (this.output.failure) return
    try {
      process.stdout.write(`${format(...args)}\n`)
    } catch (err) {
      // a file's stdout (`> file`, /dev/full) writes synchronously and throws
      this.output.record(err as NodeJS.ErrnoException)
    }
  }
}

import type { Hook } from '@oclif/core/hooks'
import { invokedAs, ownsCommand, ownTopicOf } from '../go-atmos/owns.js'

/**
 * Before oclif dispatches: a command this CLI does not own goes to the Go atmos (`atmos
 * terraform plan ...`, `atmos list stacks`), so installing us never takes a command away.
 * Invoked as `atmos-logs`, we are only ourselves and say where such a command lives.
 */
const hook: Hook.Init = async (opts) => {
  const argv = process.argv.slice(2)
  const name = invokedAs()
  // Help and usage lines name the program as it was typed.
  if (name === 'atmos-logs') (opts.config as { bin: string }).bin = 'atmos-logs'
  if (ownsCommand(opts.config, opts.id, argv)) return
  const dispatch = await import('../go-atmos/dispatch.js')
  const topic = ownTopicOf(opts.config, argv)
  if (topic !== undefined) {
    const under = opts.config.commands.filter((c) => !c.hidden && c.id.startsWith(`${topic}:`))
    await dispatch.refuseUnknownCommand(
      name,
      topic,
      argv,
      [...new Set(under.map((c) => c.id.split(':')[1]!))].sort(),
    )
  }
  await dispatch.runOtherCommand(name, argv)
}

export default hook

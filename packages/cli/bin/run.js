#!/usr/bin/env node
import module from 'node:module'

// Node 22+ keeps compiled code between runs: a faster start for every command (no-op on Node 20).
module.enableCompileCache?.()

// Subpath imports: the @oclif/core index loads every module (help, ux, parser...) up front.
const [{ execute }, { settings }] = await Promise.all([
  import('@oclif/core/execute'),
  import('@oclif/core/settings'),
])

// Linked plugins run from their compiled dist/, as installed ones do: no on-the-fly TypeScript.
settings.enableAutoTranspile = false

await execute({ dir: import.meta.url })

// The command has ended. A wait a plugin's client library scheduled without a signal (octokit's
// retry and rate-limit timers) must not keep the process alive after it: flush, then exit.
const flushed = (stream) => new Promise((resolve) => stream.write('', resolve))
await Promise.all([flushed(process.stdout), flushed(process.stderr)])
process.exit()

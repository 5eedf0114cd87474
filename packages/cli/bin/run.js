#!/usr/bin/env node
import module from 'node:module'
import { fileURLToPath } from 'node:url'

// Node 22+ keeps compiled code between runs: a faster start for every command (no-op on Node 20).
module.enableCompileCache?.()

const flushed = (stream) => new Promise((resolve) => stream.write('', resolve))

// `--version` is answered from package.json when oclif would print nothing else: loading oclif and
// every plugin costs more than the rest of the start-up. Other commands do not load the check.
const args = process.argv.slice(2)
const cliRoot = fileURLToPath(new URL('..', import.meta.url))
const versionLine =
  args.length === 1 && args[0] === '--version'
    ? (await import('../dist/fast-version.js')).fastVersionLine(cliRoot, args)
    : undefined
// `logs providers` only runs the plugins' providers hooks: it too is answered without oclif when
// nothing else would run or print (fast-providers.js says when).
const providersOutput =
  versionLine === undefined && args[0] === 'logs' && args[1] === 'providers'
    ? await (await import('../dist/fast-providers.js')).fastProvidersOutput(cliRoot, args)
    : undefined
if (versionLine !== undefined || providersOutput !== undefined) {
  // Answered without oclif, so without the command's stdout handling: a write that fails for
  // another reason than a closed pipe (a full disk, /dev/full) is said as every command says it.
  const output = new (await import('../dist/output-failure.js')).OutputWatch()
  if (providersOutput) process.stderr.write(providersOutput.stderr)
  process.stdout.write(versionLine ?? providersOutput.stdout ?? '')
  await output.settled()
  await output.report()
} else {
  // A read streams thousands of events a page: keep V8's young generation small (why: young-generation.ts).
  ;(await import('../dist/young-generation.js')).capYoungGeneration()
  // Subpath imports: the @oclif/core index loads every module (help, ux, parser...) up front.
  const [{ execute }, { settings }] = await Promise.all([
    import('@oclif/core/execute'),
    import('@oclif/core/settings'),
  ])

  // Linked plugins run from their compiled dist/, as installed ones do: no on-the-fly TypeScript.
  settings.enableAutoTranspile = false

  await execute({ dir: import.meta.url })
}

// The command has ended. A wait a plugin's client library scheduled without a signal (octokit's
// retry and rate-limit timers) must not keep the process alive after it: flush, then exit.
await Promise.all([flushed(process.stdout), flushed(process.stderr)])
process.exit()

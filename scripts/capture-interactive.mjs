#!/usr/bin/env node
// Captures the interactive view's screens in docs/interactive/ from the built CLI: the demo's
// emulator and project (as scripts/demo.js runs them), the view in a tmux pane of 120×30, the
// pane's text written out once the screen shows what it should. Needs tmux and `pnpm build`.
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { startEmulator } from '@atmos-logs/testkit'

const exec = promisify(execFile)
const root = path.resolve(import.meta.dirname, '..')
const project = path.join(root, 'examples/demo-project')
const atmos = path.join(root, 'packages/cli/bin/run.js')
const socket = `atmos-capture-${process.pid}`
const tmux = (...args) => exec('tmux', ['-L', socket, '-f', '/dev/null', ...args])
const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`

const emulator = await startEmulator({ seed: 'demo' })
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TZ: 'UTC',
  ...emulator.env,
  ATMOS_CLI_CONFIG_PATH: project,
}
const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`)
const command = `cd ${quote(project)} && env -i ${assignments.join(' ')} TERM="$TERM" ${quote(process.execPath)} ${quote(atmos)} logs --interactive -s dev; sleep 60`

/** The pane's text once `ready` says it shows the screen; trailing blanks removed. */
async function screen(ready) {
  const deadline = Date.now() + 60_000
  for (;;) {
    const { stdout } = await tmux('capture-pane', '-p', '-t', 'capture')
    const text = `${stdout
      .replace(/\s+$/, '')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')}\n`
    if (ready(text)) return text
    if (Date.now() > deadline) throw new Error(`The screen never got ready. It showed:\n${text}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

try {
  await tmux('new-session', '-d', '-s', 'capture', '-x', '120', '-y', '30', `bash -c ${quote(command)}`)
  const sources = await screen((t) => /Sources · stack dev · \d+ of \d+/.test(t))
  await writeFile(path.join(root, 'docs/interactive/sources-screen.txt'), sources)
  await tmux('send-keys', '-t', 'capture', 'Enter')
  // following, and the backfill on screen (the last row is the key line)
  const logs = await screen(
    (t) => t.includes('● FOLLOWING') && t.split('\n').length >= 30 && !t.includes('Waiting for entries'),
  )
  await writeFile(path.join(root, 'docs/interactive/logs-screen.txt'), logs)
  await tmux('send-keys', '-t', 'capture', 'q')
  await tmux('send-keys', '-t', 'capture', 'q')
  process.stdout.write('Wrote docs/interactive/sources-screen.txt and logs-screen.txt\n')
} finally {
  await tmux('kill-server').catch(() => {})
  await emulator.close()
}

#!/usr/bin/env node
// Cold start of the built CLI against bare Node, median of N runs each, interleaved so that
// machine noise hits every command alike. Usage: node bench/cold-start.mjs [runs=21]
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const runs = Number(process.argv[2] ?? 21)
const bin = path.resolve(import.meta.dirname, '../packages/cli/bin/run.js')
const env = {
  ...process.env,
  ATMOS_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'atmos-bench-')),
  NO_COLOR: '1',
}
const cases = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'atmos --version': [process.execPath, [bin, '--version']],
  'atmos logs providers': [process.execPath, [bin, 'logs', 'providers']],
}
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
for (let i = 0; i < runs; i++) {
  for (const [name, [cmd, args]] of Object.entries(cases)) {
    const t0 = process.hrtime.bigint()
    const r = spawnSync(cmd, args, { env, cwd: tmpdir(), stdio: 'ignore' })
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}`)
    times[name].push(ms)
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const base = median(times['node -e 0'])
console.log(`cold start, median of ${runs} runs (${process.version}, ${process.platform})`)
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs)
  console.log(`${name.padEnd(24)} ${m.toFixed(1).padStart(7)} ms   ${(m / base).toFixed(2)}x bare node`)
}

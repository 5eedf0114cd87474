#!/usr/bin/env node
// Formatting throughput: entries per second through the pretty, json and raw formatters, written
// to /dev/null in 64 KiB chunks, against a peer run in the same process (a bare JSON.stringify of
// each entry through the same writer) so the figure means the same on any machine.
//
//   pnpm --filter @atmos-logs/core build && pnpm --filter @atmos-logs/cli build
//   node bench/format-throughput.mjs [--count N] [--output path/to/cli/dist/output/index.js]

import { closeSync, openSync, writeSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    output: { type: 'string', default: join(here, '../packages/cli/dist/output/index.js') },
  },
})
const count = Number(values.count)
const { createFormatter } = await import(pathToFileURL(resolve(values.output)).href)

// A mix like a real view: short lines, a JSON log line, a stack trace, coloured CI output, no level.
const components = ['api', 'worker', 'billing', 'frontend']
const templates = [
  { level: 'INFO', message: 'START RequestId: 8f1c2a10-4a6e-4b9f-9e3b-0d1f2c3b4a5d Version: $LATEST' },
  {
    level: 'INFO',
    message:
      '{"level":"info","msg":"charged card","amount":1250,"currency":"EUR","customer":"cus_4815162342","ms":37}',
  },
  { level: 'DEBUG', message: 'cache miss for key user:42:profile, fetching from origin' },
  {
    level: 'WARN',
    message: 'retrying PutItem after ProvisionedThroughputExceededException (attempt 2 of 5)',
  },
  {
    level: 'ERROR',
    message:
      'Traceback (most recent call last):\n  File "/var/task/app.py", line 42, in handler\n    charge(event)\nValueError: amount must be positive\n',
  },
  { level: undefined, message: '\u001b[36;1mRun pnpm test\u001b[0m' },
]
const start = Date.UTC(2026, 10, 27, 11, 0, 0)
const entries = Array.from({ length: count }, (_, i) => {
  const t = templates[i % templates.length]
  return {
    timestamp: new Date(start + i * 7),
    level: t.level,
    message: t.message,
    id: String(37_000_000 + i),
    source: 'function-logs',
    kind: 'aws/cloudwatch',
    component: components[i % components.length],
    stack: 'plat-ue2-dev',
    requestId: i % 3 === 0 ? `req-${i}` : undefined,
  }
})

const CHUNK = 64 * 1024

function run(format) {
  const fd = openSync('/dev/null', 'w')
  let buffered = ''
  let bytes = 0
  const began = process.hrtime.bigint()
  for (const entry of entries) {
    const text = format(entry)
    if (text === undefined) continue
    buffered += text
    if (buffered.length >= CHUNK) {
      bytes += writeSync(fd, buffered)
      buffered = ''
    }
  }
  if (buffered) bytes += writeSync(fd, buffered)
  const seconds = Number(process.hrtime.bigint() - began) / 1e9
  closeSync(fd)
  return { perSecond: entries.length / seconds, mbPerSecond: bytes / seconds / 1e6 }
}

const common = { utc: false, prefixes: 'component' }
const cases = [
  ['JSON.stringify (peer)', (e) => `${JSON.stringify(e)}\n`],
  ['pretty, colour', createFormatter({ ...common, format: 'pretty', color: true, colorLevel: 1 }).format],
  ['pretty, no colour', createFormatter({ ...common, format: 'pretty', color: false }).format],
  [
    'pretty, expand JSON',
    createFormatter({ ...common, format: 'pretty', color: false, expandJson: true }).format,
  ],
  ['json', createFormatter({ ...common, format: 'json', color: false }).format],
  ['raw', createFormatter({ ...common, format: 'raw', color: false }).format],
]

// Warm up every path so the JIT has settled before measuring.
for (const [, format] of cases) for (let i = 0; i < Math.min(20_000, entries.length); i++) format(entries[i])

console.log(`format-throughput: ${count} entries, ${components.length} sources, Node ${process.version}`)
console.log(`${'format'.padEnd(24)}${'entries/s'.padStart(12)}${'MB/s'.padStart(9)}${'vs peer'.padStart(10)}`)
let peer
for (const [name, format] of cases) {
  const { perSecond, mbPerSecond } = run(format)
  peer ??= perSecond
  console.log(
    `${name.padEnd(24)}${Math.round(perSecond).toLocaleString('en-US').padStart(12)}${mbPerSecond.toFixed(1).padStart(9)}${`${(perSecond / peer).toFixed(2)}x`.padStart(10)}`,
  )
}

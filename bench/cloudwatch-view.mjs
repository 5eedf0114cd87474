#!/usr/bin/env node
// CloudWatch view throughput: events per second and peak memory for reading N events (default
// 200,000) of one log group from the testkit emulator through the aws/cloudwatch provider (written
// as raw lines to /dev/null, as `view --format raw` does), beside `aws logs filter-log-events` on
// the same emulator data in the same run. Each reader runs as its own process under /usr/bin/time,
// so peak RSS is that reader's alone.
//
//   pnpm --filter @atmos-logs/core build && pnpm --filter @atmos-logs/testkit build \
//     && pnpm --filter @atmos-logs/provider-aws-cloudwatch build
//   node bench/cloudwatch-view.mjs [--count N]

import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

// The Debian package's aws (v2) is the peer; an earlier pyenv or pip `aws` on PATH may be v1.
const AWS_BIN = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws'

const here = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({ options: { count: { type: 'string', default: '200000' } } })
const count = Number(values.count)
const group = '/bench/view'
const base = Date.UTC(2024, 0, 1)

const { startEmulator } = await import(pathToFileURL(join(here, '../packages/testkit/dist/index.js')).href)
const providerUrl = pathToFileURL(join(here, '../packages/provider-aws-cloudwatch/dist/provider.js')).href

const emu = await startEmulator()
try {
  // Seed through the public control route, 10,000 events per request, realistic line lengths.
  for (let start = 0; start < count; start += 10_000) {
    const events = []
    for (let i = start; i < Math.min(count, start + 10_000); i++) {
      events.push({
        timestamp: base + i,
        message: `2024-01-01T00:00:00.000Z\t8f1c2a10-4a6e-4b9f-9e3b-0d1f2c3b4a5d\tINFO\trequest ${i} handled in ${i % 97} ms`,
      })
    }
    const res = await fetch(`${emu.endpoint}/_emulator/cloudwatch/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ logGroup: group, logStream: `stream-${start % 3}`, events }),
    })
    if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`)
  }

  const providerScript = (rateLimit) => `
    import { openSync, writeSync } from 'node:fs'
    const { CloudWatchProvider } = await import(${JSON.stringify(providerUrl)})
    const spec = { log_group: ${JSON.stringify(group)}, region: 'us-east-1', endpoint: ${JSON.stringify(emu.endpoint)}${rateLimit ? `, rate_limit: ${rateLimit}` : ''} }
    const logger = { debug() {}, info() {}, warn() {}, error() {} }
    const p = new CloudWatchProvider({ name: 'bench', spec, logger, credentials: { type: 'aws', accessKeyId: ${JSON.stringify(emu.env.AWS_ACCESS_KEY_ID)}, secretAccessKey: ${JSON.stringify(emu.env.AWS_SECRET_ACCESS_KEY)} } })
    const fd = openSync('/dev/null', 'w')
    let buf = ''
    let n = 0
    for await (const e of p.getLogs({ signal: new AbortController().signal, since: new Date(${base}) })) {
      buf += e.message + '\\n'
      n++
      if (buf.length > 65536) { writeSync(fd, buf); buf = '' }
    }
    writeSync(fd, buf)
    await p.close()
    process.stderr.write('COUNT ' + n + '\\n')
  `

  const hasTime = existsSync('/usr/bin/time')
  /** Run a command, its stdout to /dev/null; returns seconds, peak RSS (KiB) and stderr. */
  const measure = (cmd, args, env) =>
    new Promise((resolve, reject) => {
      const full = hasTime ? ['/usr/bin/time', ['-f', 'MAXRSS %M', cmd, ...args]] : [cmd, args]
      const started = process.hrtime.bigint()
      const child = spawn(full[0], full[1], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (d) => {
        stderr += d
      })
      child.on('error', reject)
      child.on('close', (code) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9
        const rss = Number(/MAXRSS (\d+)/.exec(stderr)?.[1] ?? Number.NaN)
        if (code !== 0) return reject(new Error(`${cmd} exited ${code}: ${stderr.slice(-2000)}`))
        resolve({ seconds, rssMiB: rss / 1024, stderr })
      })
    })

  const rows = []
  for (const [label, rate] of [
    ['provider (default 5 req/s)', undefined],
    ['provider (rate_limit 50)', 50],
  ]) {
    const r = await measure(process.execPath, ['--input-type=module', '-e', providerScript(rate)], {})
    const n = Number(/COUNT (\d+)/.exec(r.stderr)?.[1])
    if (n !== count) throw new Error(`${label} read ${n} events, expected ${count}`)
    rows.push({ label, ...r })
  }

  const aws = await new Promise((resolve) => {
    const probe = spawn(AWS_BIN, ['--version'], { stdio: 'ignore' })
    probe.on('error', () => resolve(false))
    probe.on('close', (code) => resolve(code === 0))
  })
  if (aws) {
    const r = await measure(
      AWS_BIN,
      [
        'logs',
        'filter-log-events',
        '--log-group-name',
        group,
        '--start-time',
        String(base),
        '--endpoint-url',
        emu.endpoint,
        '--output',
        'json',
      ],
      { ...emu.env, AWS_DEFAULT_REGION: emu.env.AWS_REGION ?? 'us-east-1', AWS_PAGER: '' },
    )
    rows.push({ label: 'aws logs filter-log-events', ...r })
  }

  console.log(`${count} events, one log group, emulator at ${emu.endpoint}`)
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(30)} ${r.seconds.toFixed(2).padStart(7)} s ${Math.round(count / r.seconds)
        .toString()
        .padStart(9)} events/s  peak RSS ${r.rssMiB.toFixed(0)} MiB`,
    )
  }
  const awsRow = rows.find((r) => r.label.startsWith('aws'))
  if (awsRow) {
    for (const r of rows.filter((x) => x !== awsRow)) {
      console.log(
        `${r.label}: ${(awsRow.seconds / r.seconds).toFixed(2)}x the speed of aws, ${(r.rssMiB / awsRow.rssMiB).toFixed(2)}x its memory`,
      )
    }
  } else {
    console.log('aws CLI not found on PATH: no peer figures')
  }
} finally {
  await emu.close()
}

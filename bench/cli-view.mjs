#!/usr/bin/env node
// The built `atmos` CLI end to end against the testkit emulator (bench/cloudwatch-view.mjs measures
// the provider alone; this one measures what a user runs).
//
// 1. Throughput: `atmos logs view --format raw --since ... --until ...` over N events (default
//    200,000) of one log group, each run as its own process under /usr/bin/time for its peak RSS,
//    beside `/usr/bin/aws logs filter-log-events` (Debian awscli v2) on the same data in the same
//    run. The CLI runs three ways: the default FilterLogEvents rate (5 requests/s), the source spec's
//    `rate_limit: 100`, and atmos.yaml `logs.settings.rate_limit.requests_per_second: 100`.
//    Every CLI run's output is checked against the events that were put (count and SHA-1).
// 2. Follow latency: time from the POST that puts an event to `atmos logs tail --follow` printing
//    it (median and p90 over --follow-events, default 20), with the emulator's Live Tail sending
//    updates every 1000 ms (as the service does) and every 100 ms (to show the CLI's own share),
//    beside `aws logs tail --follow` (which polls) on the service-like emulator.
//
//   pnpm build
//   node bench/cli-view.mjs [--count N] [--follow-events N] [--skip-view] [--skip-follow] [--skip-aws]

import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { AWS_BIN, control, envFor, hasAws, measure, project } from './support.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const BIN = join(here, '../packages/cli/bin/run.js')

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    'follow-events': { type: 'string', default: '20' },
    'skip-view': { type: 'boolean', default: false },
    'skip-follow': { type: 'boolean', default: false },
    'skip-aws': { type: 'boolean', default: false },
  },
})
const count = Number(values.count)
const followEvents = Number(values['follow-events'])
const GROUP = '/bench/cli-view'
const BASE = Date.UTC(2026, 0, 1)

const { startEmulator } = await import(pathToFileURL(join(here, '../packages/testkit/dist/index.js')).href)

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const iso = (ms) => new Date(ms).toISOString()
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

async function throughput(awsAvailable) {
  const emu = await startEmulator()
  try {
    const expected = createHash('sha1')
    for (let start = 0; start < count; start += 10_000) {
      const events = []
      for (let i = start; i < Math.min(count, start + 10_000); i++) {
        const message = `2026-01-01T00:00:00.000Z\t8f1c2a10-4a6e-4b9f-9e3b-0d1f2c3b4a5d\tINFO\trequest ${i} handled in ${i % 97} ms`
        events.push({ timestamp: BASE + i, message })
        expected.update(`${message}\n`)
      }
      await control(emu, '/_emulator/cloudwatch/events', {
        logGroup: GROUP,
        logStream: `stream-${(start / 10_000) % 3}`,
        events,
      })
    }
    const expectedSha1 = expected.digest('hex')
    const window = ['--since', iso(BASE), '--until', iso(BASE + count)]
    const variants = [
      [
        'atmos view (default 5 req/s)',
        { logs: { sources: { bench: { kind: 'aws/cloudwatch', spec: { log_group: GROUP } } } } },
      ],
      [
        'atmos view (spec rate_limit 100)',
        {
          logs: {
            sources: { bench: { kind: 'aws/cloudwatch', spec: { log_group: GROUP, rate_limit: 100 } } },
          },
        },
      ],
      [
        'atmos view (settings 100 req/s)',
        {
          logs: {
            settings: { rate_limit: { requests_per_second: 100 } },
            sources: { bench: { kind: 'aws/cloudwatch', spec: { log_group: GROUP } } },
          },
        },
      ],
    ]
    const rows = []
    for (const [label, yaml] of variants) {
      const cwd = await project(yaml)
      const before = (await control(emu, '/_emulator/stats')).calls.FilterLogEvents ?? 0
      const r = await measure(
        process.execPath,
        [BIN, 'logs', 'view', '--source', 'bench', '--format', 'raw', ...window],
        {
          env: envFor(emu),
          cwd,
        },
      )
      const pages = ((await control(emu, '/_emulator/stats')).calls.FilterLogEvents ?? 0) - before
      if (r.lines !== count || r.sha1 !== expectedSha1) {
        throw new Error(
          `${label}: printed ${r.lines} lines (sha1 ${r.sha1}), expected ${count} (sha1 ${expectedSha1})`,
        )
      }
      rows.push({ label, pages, ...r })
    }

    if (awsAvailable) {
      const before = (await control(emu, '/_emulator/stats')).calls.FilterLogEvents ?? 0
      const r = await measure(
        AWS_BIN,
        [
          'logs',
          'filter-log-events',
          '--log-group-name',
          GROUP,
          '--start-time',
          String(BASE),
          '--end-time',
          String(BASE + count),
          '--endpoint-url',
          emu.endpoint,
          '--output',
          'json',
        ],
        { env: envFor(emu, { AWS_DEFAULT_REGION: emu.env.AWS_REGION, AWS_PAGER: '' }), keepStdout: true },
      )
      const pages = ((await control(emu, '/_emulator/stats')).calls.FilterLogEvents ?? 0) - before
      const n = JSON.parse(r.stdout).events.length
      if (n !== count) throw new Error(`aws returned ${n} events, expected ${count}`)
      rows.push({ label: 'aws logs filter-log-events', pages, ...r, stdout: undefined })
    }

    console.log(
      `\n== view throughput: ${count} events, one log group (3 streams), emulator at ${emu.endpoint}`,
    )
    for (const r of rows) {
      console.log(
        `${r.label.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s ${Math.round(count / r.seconds)
          .toString()
          .padStart(
            8,
          )} events/s  peak RSS ${r.rssMiB.toFixed(0).padStart(4)} MiB  ${r.pages} FilterLogEvents calls`,
      )
    }
    const aws = rows.find((r) => r.label.startsWith('aws'))
    if (aws) {
      for (const r of rows.filter((x) => x !== aws)) {
        console.log(
          `${r.label}: ${(aws.seconds / r.seconds).toFixed(2)}x the speed of aws, ${(r.rssMiB / aws.rssMiB).toFixed(2)}x its peak RSS`,
        )
      }
    } else console.log('no aws CLI (or --skip-aws): no peer figures')
  } finally {
    await emu.close()
  }
}

/** Starts a follower, waits until it is live, then times `events` puts until each is printed. */
async function followLatency(emu, label, command, events, ready) {
  const group = '/bench/follow'
  await control(emu, '/_emulator/cloudwatch/events', {
    logGroup: group,
    logStream: 'warm',
    events: [{ message: 'warming up' }],
  })
  const child = spawn(command[0], command.slice(1), {
    // Python (aws) buffers a piped stdout in blocks; unbuffered, it prints each line as a terminal would see it.
    env: envFor(emu, { AWS_DEFAULT_REGION: emu.env.AWS_REGION, AWS_PAGER: '', PYTHONUNBUFFERED: '1' }),
    cwd: command.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const waiting = new Map()
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (d) => {
    const at = performance.now()
    out += d
    for (const [marker, resolve] of waiting) {
      if (out.includes(marker)) {
        waiting.delete(marker)
        resolve(at)
      }
    }
  })
  child.stderr.on('data', (d) => {
    err += d
  })
  const printed = (marker, guardMs = 30_000) =>
    new Promise((resolve, reject) => {
      if (out.includes(marker)) return resolve(performance.now())
      const t = setTimeout(
        () => reject(new Error(`${label}: ${marker} not printed in ${guardMs} ms; stderr: ${err}`)),
        guardMs,
      )
      waiting.set(marker, (at) => {
        clearTimeout(t)
        resolve(at)
      })
    })
  try {
    await ready(group, printed)
    const latencies = []
    for (let i = 0; i < events; i++) {
      // Land at different moments of the update/poll cycle.
      await sleep(150 + Math.random() * 500)
      const marker = `latency-${label.length}-${i}-${Date.now()}`
      const t0 = performance.now()
      await control(emu, '/_emulator/cloudwatch/events', {
        logGroup: group,
        logStream: 'bench',
        events: [{ message: marker }],
      })
      latencies.push((await printed(marker)) - t0)
    }
    return latencies
  } finally {
    child.kill('SIGINT')
    await new Promise((r) => child.on('close', r))
  }
}

async function follow(awsAvailable) {
  const cwdFor = async () =>
    project({
      logs: { sources: { follow: { kind: 'aws/cloudwatch', spec: { log_group: '/bench/follow' } } } },
    })
  const atmosReady = (emu) => async (group, printed) => {
    // Live: a session is open and a first event has come through it.
    for (let i = 0; i < 200 && !(await control(emu, '/_emulator/stats')).calls.StartLiveTail; i++)
      await sleep(50)
    await control(emu, '/_emulator/cloudwatch/events', {
      logGroup: group,
      logStream: 'bench',
      events: [{ message: 'ready-marker' }],
    })
    await printed('ready-marker')
  }
  const rows = []
  for (const intervalMs of [1000, 100]) {
    const emu = await startEmulator({ liveTailIntervalMs: intervalMs })
    try {
      const cwd = await cwdFor()
      const cmd = Object.assign(
        [
          process.execPath,
          BIN,
          'logs',
          'tail',
          '--source',
          'follow',
          '--follow',
          '--lines',
          '0',
          '--format',
          'raw',
        ],
        { cwd },
      )
      const label = `atmos tail --follow (Live Tail updates every ${intervalMs} ms)`
      rows.push({ label, latencies: await followLatency(emu, label, cmd, followEvents, atmosReady(emu)) })
      if (intervalMs === 1000 && awsAvailable) {
        const awsCmd = [
          AWS_BIN,
          'logs',
          'tail',
          '/bench/follow',
          '--follow',
          '--format',
          'short',
          '--endpoint-url',
          emu.endpoint,
        ]
        const awsLabel = 'aws logs tail --follow (polls)'
        const awsReady = async (group, printed) => {
          await control(emu, '/_emulator/cloudwatch/events', {
            logGroup: group,
            logStream: 'bench',
            events: [{ message: 'aws-ready-marker' }],
          })
          await printed('aws-ready-marker')
        }
        rows.push({
          label: awsLabel,
          latencies: await followLatency(emu, awsLabel, awsCmd, Math.min(followEvents, 10), awsReady),
        })
      }
    } finally {
      await emu.close()
    }
  }
  console.log('\n== follow latency: POST of an event to the line printed')
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(52)} median ${median(r.latencies).toFixed(0).padStart(5)} ms  p90 ${percentile(
        r.latencies,
        90,
      )
        .toFixed(0)
        .padStart(5)} ms  max ${Math.max(...r.latencies)
        .toFixed(0)
        .padStart(5)} ms  (n=${r.latencies.length})`,
    )
  }
  const atmos = rows[0]
  const aws = rows.find((r) => r.label.startsWith('aws'))
  if (aws)
    console.log(
      `aws median / atmos median (same emulator): ${(median(aws.latencies) / median(atmos.latencies)).toFixed(2)}x`,
    )
}

const awsAvailable = await hasAws(values['skip-aws'])
if (!values['skip-view']) await throughput(awsAvailable)
if (!values['skip-follow']) await follow(awsAvailable)

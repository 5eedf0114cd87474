#!/usr/bin/env node
// github/actions through the built CLI against the testkit GitHub emulator.
//
// 1. A finished 3-job run of ~20,000 log lines: requests made and wall time to print it with
//    `atmos logs view --run-id ID --format raw`, beside `gh run view ID --log` (the Debian `gh`
//    package) on the same run in the same bench run. gh only talks HTTPS to GitHub Enterprise
//    hosts; its one plain-HTTP host is `github.localhost` (API at http://api.github.localhost/),
//    so gh is pointed at the emulator through a small forwarding proxy given as HTTP_PROXY. Both
//    outputs are checked: every seeded line printed once.
// 2. Follow latency: `atmos logs tail --follow` on a run whose jobs finish one after the other (the
//    emulator's test clock moves them); the time from a job completing to its first line printed,
//    with the default poll interval (3 s) and with 200 ms (the CLI's own share).
//
//   pnpm build
//   node bench/github-view.mjs [--lines 20000] [--runs 5] [--follow-jobs 6] [--skip-gh] [--skip-follow]

import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { measure, project } from './support.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const BIN = join(here, '../packages/cli/bin/run.js')
const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '5' },
    'follow-jobs': { type: 'string', default: '6' },
    'skip-gh': { type: 'boolean', default: false },
    'skip-follow': { type: 'boolean', default: false },
  },
})
const totalLines = Number(values.lines)
const runs = Number(values.runs)
const { startEmulator, ManualClock, deployWorkflowSeed } = await import(
  pathToFileURL(join(here, '../packages/testkit/dist/index.js')).href
)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const percentile = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const totalCalls = (stats) => Object.values(stats.calls).reduce((a, b) => a + b, 0)
const env = (emu, extra = {}) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? tmpdir(),
  NO_COLOR: '1',
  TZ: 'UTC',
  GITHUB_API_URL: emu.github,
  GH_TOKEN: emu.env.GITHUB_TOKEN,
  ...extra,
})

/** A job of `steps` shell steps sharing `lines` output lines, each line unique. */
function job(name, steps, lines) {
  const per = Math.ceil(lines / steps)
  return {
    name,
    steps: Array.from({ length: steps }, (_, s) => ({
      name: `Step ${s + 1}`,
      durationMs: 60_000,
      run: `./step-${s + 1}.sh`,
      lines: Array.from(
        { length: Math.min(per, lines - s * per) },
        (_, k) => `${name} step ${s + 1} line ${k + 1} ok`,
      ),
    })),
  }
}

async function finishedRun(ghAvailable) {
  const emu = await startEmulator()
  const perJob = Math.floor(totalLines / 3)
  const seeded = ['build', 'test', 'deploy'].map((n, i) =>
    job(n, 4, i < 2 ? perJob : totalLines - 2 * perJob),
  )
  await emu.seed({
    github: deployWorkflowSeed([{ id: 4242, createdAt: Date.now() - 3_600_000, jobs: seeded }]),
  })
  const cwd = await project({
    logs: { sources: { ci: { kind: 'github/actions', spec: { repo: 'acme/app', workflow: 'deploy.yml' } } } },
  })
  const rows = []
  const atmos = []
  let atmosCalls = 0
  let atmosLines = 0
  for (let i = 0; i < runs; i++) {
    emu.stats.reset()
    const r = await measure(
      process.execPath,
      [BIN, 'logs', 'view', '--source', 'ci', '--run-id', '4242', '--format', 'raw'],
      { env: env(emu), cwd, keepStdout: true },
    )
    atmosCalls = totalCalls(emu.stats.snapshot())
    atmosLines = r.lines
    const printed = new Set(r.stdout.split('\n'))
    for (const j of seeded)
      for (const s of j.steps)
        for (const l of s.lines) if (!printed.has(l)) throw new Error(`atmos did not print "${l}"`)
    atmos.push(r.seconds)
  }
  rows.push({
    reader: 'atmos logs view --run-id --format raw',
    seconds: median(atmos),
    requests: atmosCalls,
    lines: atmosLines,
    rss: undefined,
  })

  if (ghAvailable) {
    // gh's one plain-HTTP host is github.localhost; a forwarding proxy maps it onto the emulator.
    const target = new URL(emu.github)
    const proxy = http.createServer((req, res) => {
      const u = new URL(req.url, 'http://api.github.localhost')
      const up = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: `/github${u.pathname}${u.search}`,
          headers: { ...req.headers, host: target.host },
        },
        (r) => {
          res.writeHead(r.statusCode, r.headers)
          r.pipe(res)
        },
      )
      req.pipe(up)
    })
    await new Promise((r) => proxy.listen(0, '127.0.0.1', r))
    const home = await mkdtemp(join(tmpdir(), 'gh-bench-'))
    const ghEnv = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      GH_HOST: 'github.localhost',
      GH_TOKEN: emu.env.GITHUB_TOKEN,
      HTTP_PROXY: `http://127.0.0.1:${proxy.address().port}`,
      GH_NO_UPDATE_NOTIFIER: '1',
      GH_PROMPT_DISABLED: '1',
      NO_COLOR: '1',
    }
    const times = []
    let calls = 0
    let lines = 0
    for (let i = 0; i < runs; i++) {
      emu.stats.reset()
      const r = await measure('gh', ['run', 'view', '4242', '--log', '-R', 'acme/app'], {
        env: ghEnv,
        cwd: home,
        keepStdout: true,
      })
      calls = totalCalls(emu.stats.snapshot())
      lines = r.lines
      const printed = r.stdout
      for (const j of seeded)
        for (const s of j.steps)
          for (const l of s.lines)
            if (!printed.includes(` ${l}\n`)) throw new Error(`gh did not print "${l}"`)
      times.push(r.seconds)
    }
    proxy.close()
    rows.push({ reader: 'gh run view --log', seconds: median(times), requests: calls, lines })
  }
  await emu.close()
  return rows
}

/** Time from a job completing (the clock passing its end) to its first line on stdout. */
async function followLatency(pollInterval) {
  const T0 = Math.floor(Date.now() / 1000) * 1000
  const clock = new ManualClock(T0)
  const emu = await startEmulator({ clock })
  const n = Number(values['follow-jobs'])
  const jobs = Array.from({ length: n }, (_, i) => ({
    name: `job-${i + 1}`,
    needs: i === 0 ? undefined : [`job-${i}`],
    queueMs: 0,
    setupSteps: false,
    steps: [
      {
        name: 'Work',
        durationMs: 30_000,
        run: './work.sh',
        lines: [`job-${i + 1} first line`, `job-${i + 1} second line`],
      },
    ],
  }))
  await emu.seed({ github: deployWorkflowSeed([{ createdAt: T0 + 1000, jobs }]) })
  const cwd = await project({
    logs: {
      sources: {
        ci: {
          kind: 'github/actions',
          spec: { repo: 'acme/app', workflow: 'deploy.yml', poll_interval: pollInterval },
        },
      },
    },
  })
  const child = spawn(
    process.execPath,
    [BIN, 'logs', 'tail', '--source', 'ci', '--follow', '--format', 'raw', '--exit-status'],
    { env: env(emu), cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const seen = new Map()
  let buffer = ''
  child.stdout.on('data', (d) => {
    buffer += d
    for (const m of buffer.matchAll(/job-(\d+) first line/g))
      if (!seen.has(m[1])) seen.set(m[1], performance.now())
  })
  while (!(totalCalls(emu.stats.snapshot()) > 0)) await sleep(10)
  const latencies = []
  // The run starts a second after T0; job i ends 30 s after job i-1 (no queue, no setup steps).
  for (let i = 1; i <= n; i++) {
    clock.set(T0 + 1000 + i * 30_000)
    const completed = performance.now()
    while (!seen.has(String(i))) await sleep(2)
    latencies.push(seen.get(String(i)) - completed)
  }
  await new Promise((r) => child.on('close', r))
  await emu.close()
  return latencies
}

const ghAvailable = !values['skip-gh'] && spawnSync('gh', ['--version']).status === 0
const out = await finishedRun(ghAvailable)
console.log(`Finished 3-job run, ${totalLines} seeded lines (median of ${runs} runs each):`)
for (const r of out)
  console.log(
    `  ${r.reader.padEnd(40)} ${r.seconds.toFixed(2)} s  ${String(r.requests).padStart(3)} requests  ${r.lines} lines`,
  )
if (out.length === 2) console.log(`  atmos / gh time: ${(out[0].seconds / out[1].seconds).toFixed(2)}`)
if (!ghAvailable) console.log('  gh: not installed (apt-get install gh), no peer row')
if (!values['skip-follow']) {
  for (const interval of ['3s', '200ms']) {
    const l = await followLatency(interval)
    console.log(
      `Follow latency, job completed → first line printed (poll_interval ${interval}, ${l.length} jobs): median ${median(l).toFixed(0)} ms, p90 ${percentile(l, 90).toFixed(0)} ms`,
    )
  }
}

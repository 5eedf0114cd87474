#!/usr/bin/env node
// github/actions through the built CLI against the testkit GitHub emulator.
//
// 1. A finished run of 3 jobs of 20,000 log lines each: wall time, CPU (user + sys), peak RSS and
//    requests made (every API call and log download the emulator recorded) to print it with
//    `atmos logs view --run-id ID --format raw`, beside `gh run view ID --log` (the Debian `gh`
//    package) on the same run in the same bench run. Every seeded line must be printed exactly
//    once by both.
//    gh cannot be given an API URL: GH_HOST names a host, and every host but github.com is taken
//    for GitHub Enterprise Server at https://HOST/api/v3/ (TLS; no scheme or path can be given).
//    Its one plain-HTTP host is `github.localhost`, its local-development host, whose API it
//    calls at http://api.github.localhost/ (port 80); so gh reaches the emulator through a small
//    forwarding proxy given as HTTP_PROXY, which maps that host onto the emulator's API root. The
//    signed log URLs point at 127.0.0.1, which Go's proxy rules reach directly.
// 2. Follow latency: `atmos logs tail --follow` on a run whose jobs finish one after the other (the
//    emulator's test clock moves them); the time from a job completing to its first line printed,
//    with the default poll interval (3 s) and with 200 ms (the CLI's own share). gh has no peer
//    figure: `gh run view --log` refuses a run in progress, and `gh run watch` prints no log line.
//
//   pnpm build
//   node bench/github-view.mjs [--lines-per-job 20000] [--runs 5] [--follow-jobs 6] [--skip-gh]
//                              [--skip-follow] [--json]
//
// --json prints one JSON object instead of the text (bench/run.mjs reads it).

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
    'lines-per-job': { type: 'string', default: '20000' },
    runs: { type: 'string', default: '5' },
    'follow-jobs': { type: 'string', default: '6' },
    'skip-gh': { type: 'boolean', default: false },
    'skip-follow': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
})
const perJob = Number(values['lines-per-job'])
const JOBS = ['build', 'test', 'deploy']
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

/**
 * Every seeded line printed exactly once; `textOf` takes a printed line to the text that was
 * seeded (gh prefixes job, step and the line's timestamp).
 */
function checkPrinted(reader, stdout, seeded, textOf) {
  const count = new Map()
  for (const j of seeded) for (const s of j.steps) for (const l of s.lines) count.set(l, 0)
  for (const line of stdout.split('\n')) {
    const text = textOf(line)
    if (count.has(text)) count.set(text, count.get(text) + 1)
  }
  for (const [l, n] of count) if (n !== 1) throw new Error(`${reader} printed "${l}" ${n} times`)
}

/**
 * Runs a reader `runs` times: median wall and CPU, the largest peak RSS, the requests of one run
 * (by operation). `fresh()` gives each run's extra environment (gh keeps run logs in a cache).
 */
async function timed(emu, reader, cmd, args, opts, verify, fresh = async () => ({})) {
  const walls = []
  const cpus = []
  let rssMiB = 0
  let requests = 0
  let calls = {}
  let lines = 0
  for (let i = 0; i < runs; i++) {
    emu.stats.reset()
    const r = await measure(cmd, args, {
      ...opts,
      env: { ...opts.env, ...(await fresh()) },
      keepStdout: true,
    })
    calls = emu.stats.snapshot().calls
    requests = totalCalls(emu.stats.snapshot())
    lines = r.lines
    verify(r.stdout)
    walls.push(r.seconds)
    cpus.push(r.cpu)
    rssMiB = Math.max(rssMiB, r.rssMiB)
  }
  return { reader, seconds: median(walls), cpu: median(cpus), rssMiB, requests, calls, lines }
}

async function finishedRun(ghAvailable) {
  const emu = await startEmulator()
  const seeded = JOBS.map((n) => job(n, 4, perJob))
  await emu.seed({
    github: deployWorkflowSeed([{ id: 4242, createdAt: Date.now() - 3_600_000, jobs: seeded }]),
  })
  const cwd = await project({
    logs: { sources: { ci: { kind: 'github/actions', spec: { repo: 'acme/app', workflow: 'deploy.yml' } } } },
  })
  const out = {}
  out.atmos = await timed(
    emu,
    'atmos logs view --run-id --format raw',
    process.execPath,
    [BIN, 'logs', 'view', '--source', 'ci', '--run-id', '4242', '--format', 'raw'],
    { env: env(emu), cwd },
    (stdout) => checkPrinted('atmos', stdout, seeded, (l) => l),
  )

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
    // gh prints `job<TAB>step<TAB>time text`; the first line of a step file keeps its byte-order mark.
    const ghText = (l) => (l.split('\t')[2] ?? '').replace(/^\uFEFF?\S+Z /, '')
    out.gh = await timed(
      emu,
      'gh run view --log',
      'gh',
      ['run', 'view', '4242', '--log', '-R', 'acme/app'],
      { env: ghEnv, cwd: home },
      (stdout) => checkPrinted('gh', stdout, seeded, ghText),
      // gh keeps a run's logs archive under $TMPDIR/gh-cli-cache: a fresh TMPDIR makes every
      // run download it, as the first view of a run does.
      async () => ({ TMPDIR: await mkdtemp(join(tmpdir(), 'gh-bench-tmp-')) }),
    )
    proxy.close()
  }
  await emu.close()
  return out
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
const result = {
  jobs: JOBS.length,
  linesPerJob: perJob,
  runs,
  ...(await finishedRun(ghAvailable)),
  ghMissing: ghAvailable
    ? undefined
    : values['skip-gh']
      ? 'skipped (--skip-gh)'
      : 'not installed (apt-get install gh)',
  follow: [],
}
if (!values['skip-follow']) {
  for (const interval of ['3s', '200ms']) {
    const l = await followLatency(interval)
    result.follow.push({
      pollInterval: interval,
      jobs: l.length,
      medianMs: median(l),
      p90Ms: percentile(l, 90),
    })
  }
}
if (values.json) {
  console.log(JSON.stringify(result))
} else {
  console.log(
    `Finished run of ${JOBS.length} jobs × ${perJob} seeded lines (wall and CPU: median of ${runs} runs; RSS: the largest):`,
  )
  for (const r of [result.atmos, result.gh].filter(Boolean))
    console.log(
      `  ${r.reader.padEnd(40)} ${r.seconds.toFixed(2)} s wall  ${r.cpu.toFixed(2)} s CPU  ${r.rssMiB.toFixed(0)} MiB peak RSS  ${String(r.requests).padStart(3)} requests  ${r.lines} lines`,
    )
  if (result.gh) {
    const { atmos, gh } = result
    console.log(
      `  atmos / gh: wall ${(atmos.seconds / gh.seconds).toFixed(2)}, CPU ${(atmos.cpu / gh.cpu).toFixed(2)}, peak RSS ${(atmos.rssMiB / gh.rssMiB).toFixed(2)}, requests ${(atmos.requests / gh.requests).toFixed(2)}`,
    )
  } else console.log(`  gh: ${result.ghMissing}, no peer row`)
  for (const f of result.follow)
    console.log(
      `Follow latency, job completed → first line printed (poll_interval ${f.pollInterval}, ${f.jobs} jobs): median ${f.medianMs.toFixed(0)} ms, p90 ${f.p90Ms.toFixed(0)} ms`,
    )
}

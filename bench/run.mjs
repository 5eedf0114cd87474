#!/usr/bin/env node
// Every benchmark of the repository in one go, printed as one table: each figure, the peer's figure
// measured in the same run where there is a peer, their ratio, and the target. bench/README.md
// explains each row.
//
//   pnpm build
//   node bench/run.mjs [--count 200000] [--big 1000000] [--runs 11] [--skip-big] [--skip-aws]
//                      [--skip-follow] [--skip-startup] [--skip-slices] [--skip-side] [--skip-tui]
//                      [--skip-views] [--skip-github] [--repeat 1]
//
// The emulator runs as its own process (packages/testkit/bin/atmos-emulator.js), so its CPU is
// its own; every reader runs as its own process under /usr/bin/time for its CPU and peak RSS, and
// every CLI run's output is checked (line count and SHA-1) against what was put. With --repeat N
// every row is measured N times (the CLI and its peer taking turns) and the table gives each
// figure's median and [min–max]; a ratio is the median of the runs' own ratios.

import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const BIN = join(here, '../packages/cli/bin/run.js')
const EMULATOR_BIN = join(here, '../packages/testkit/bin/atmos-emulator.js')
// The Debian package's aws (v2) is the peer; a pyenv or pip `aws` earlier on PATH may be v1.
const AWS_BIN = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws'
const TIME_BIN = '/usr/bin/time'
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    big: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '11' },
    'skip-big': { type: 'boolean', default: false },
    'skip-aws': { type: 'boolean', default: false },
    'skip-follow': { type: 'boolean', default: false },
    'skip-startup': { type: 'boolean', default: false },
    'skip-slices': { type: 'boolean', default: false },
    'skip-side': { type: 'boolean', default: false },
    'skip-tui': { type: 'boolean', default: false },
    'skip-views': { type: 'boolean', default: false },
    'skip-github': { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
  },
})
const REPEAT = Number(values.repeat)
if (!Number.isInteger(REPEAT) || REPEAT < 1) {
  process.stderr.write(
    `bench/run.mjs: --repeat takes a whole number of runs, 1 or more (got ${values.repeat})\n`,
  )
  process.exit(2)
}
const COUNT = Number(values.count)
const BIG = Number(values.big)
const BASE = Date.UTC(2026, 0, 1)
const iso = (ms) => new Date(ms).toISOString()
/** The middle value; for an even count, the mean of the middle two. */
function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const line = (i) =>
  `2026-01-01T00:00:00.000Z\t8f1c2a10-4a6e-4b9f-9e3b-0d1f2c3b4a5d\tINFO\trequest ${i} handled in ${i % 97} ms`

/** The final table's rows in the order first measured, each with one sample per run (--repeat). */
const rows = new Map()
function row(section, label, value, unit, { peer, peerLabel, ratio, target, note } = {}) {
  const key = `${section}\n${label}`
  if (!rows.has(key)) rows.set(key, { section, label, unit, peerLabel, target, samples: [] })
  const r = rows.get(key)
  r.samples.push({ value, peer, ratio, note })
  process.stderr.write(
    `  ${section} | ${label}${REPEAT > 1 ? ` [run ${r.samples.length}/${REPEAT}]` : ''}: ${fmt(value)} ${unit}${peer !== undefined ? ` (peer ${fmt(peer)})` : ''}\n`,
  )
}
const fmt = (v) =>
  v === undefined || Number.isNaN(v)
    ? 'n/a'
    : Math.abs(v) >= 100 || Number.isInteger(v)
      ? Math.round(v).toLocaleString('en-US')
      : v.toFixed(2)
const measured = (x) => typeof x === 'number' && !Number.isNaN(x)

/**
 * One figure over the runs: the median, then [min–max] when there were several runs, and how many
 * runs measured it when some did not (NaN). Undefined when no run has the figure at all.
 */
function figure(xs, show) {
  if (xs.every((x) => x === undefined)) return undefined
  const got = xs.filter(measured)
  if (got.length === 0) return show(Number.NaN)
  if (xs.length === 1) return show(got[0])
  const missing = got.length < xs.length ? `, ${got.length} of ${xs.length} runs` : ''
  return `${show(median(got))} [${show(Math.min(...got))}–${show(Math.max(...got))}${missing}]`
}

/** A row's cells; the note is the median run's (for an even count, the lower of the middle two). */
function cells(r) {
  const of = (key, show) =>
    figure(
      r.samples.map((s) => s[key]),
      show,
    )
  const value = of('value', fmt) ?? fmt(undefined)
  const peer = of('peer', fmt)
  const ratio = of('ratio', (x) => (Number.isNaN(x) ? '' : `${x.toFixed(2)}x`))
  const byValue = r.samples.filter((s) => measured(s.value)).sort((a, b) => a.value - b.value)
  const middle = byValue[Math.floor((byValue.length - 1) / 2)] ?? r.samples.at(-1)
  return [
    r.section,
    r.label,
    `${value} ${r.unit}`,
    peer === undefined ? '' : `${peer}${r.peerLabel ? ` (${r.peerLabel})` : ''}`,
    ratio ?? '',
    r.target ?? '',
    middle.note ?? '',
  ]
}

// Nothing else runs this script's arithmetic, so it checks itself on runs whose answer is known:
// CLI/peer 1/4, 2/1, 4/2 have the median ratio 2 (the ratio of the medians would be 1).
{
  const got = cells({
    section: 's',
    label: 'l',
    unit: 'ms',
    peerLabel: 'p',
    samples: [
      { value: 1, peer: 4, ratio: 0.25, note: 'a' },
      { value: 4, peer: 2, ratio: 2, note: 'c' },
      { value: 2, peer: 1, ratio: 2, note: 'b' },
    ],
  }).join('|')
  const want = 's|l|2 [1–4] ms|2 [1–4] (p)|2.00x [0.25x–2.00x]||b'
  const even = figure([4, Number.NaN, 1, 2, 3], fmt)
  if (got !== want || even !== '2.50 [1–4, 4 of 5 runs]' || median([3, 1, 2]) !== 2)
    throw new Error(`bench/run.mjs's aggregation is wrong: ${got} (want ${want}); ${even}`)
}

// ---------------------------------------------------------------------------------------------
// The emulator, as a child process

async function startEmulatorProcess() {
  const child = spawn(process.execPath, [EMULATOR_BIN, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const first = await new Promise((resolve, reject) => {
    let buf = ''
    child.stdout.on('data', (d) => {
      buf += d
      const nl = buf.indexOf('\n')
      if (nl !== -1) resolve(JSON.parse(buf.slice(0, nl)))
    })
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`the emulator exited ${code}`)))
  })
  const emu = {
    endpoint: first.endpoint,
    env: first.env,
    /** CPU seconds (user + sys) the emulator process used so far. */
    cpu() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
      return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
    },
    async control(path, body) {
      const res = await fetch(`${first.endpoint}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
      return res.json()
    },
    async close() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    },
  }
  return emu
}

/** Puts `count` events into `groups` (interleaved in time), 3 streams each; returns the output's SHA-1. */
async function seed(emu, groups, count, base = BASE) {
  const hash = createHash('sha1')
  const perGroup = groups.map(() => [])
  const flush = async (g, stream) => {
    if (perGroup[g].length === 0) return
    await emu.control('/_emulator/cloudwatch/events', {
      logGroup: groups[g],
      logStream: stream,
      events: perGroup[g],
    })
    perGroup[g] = []
  }
  for (let i = 0; i < count; i++) {
    const g = i % groups.length
    const message = line(i)
    perGroup[g].push({ timestamp: base + i, message })
    hash.update(`${message}\n`)
    if (perGroup[g].length === 10_000)
      await flush(g, `stream-${Math.floor(i / (10_000 * groups.length)) % 3}`)
  }
  for (let g = 0; g < groups.length; g++)
    await flush(g, `stream-${Math.floor(count / (10_000 * groups.length)) % 3}`)
  return hash.digest('hex')
}

function envFor(emu, extra = {}) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: '1',
    TZ: 'UTC',
    AWS_PAGER: '',
    AWS_DEFAULT_REGION: emu.env.AWS_REGION,
    ...emu.env,
    ...extra,
  }
}

/** The temporary directories the benchmarks made, removed when the table is printed. */
const madeDirs = []
async function tempDir(prefix) {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  madeDirs.push(dir)
  return dir
}

async function project(sources, settings) {
  const dir = await tempDir('atmos-bench-')
  await writeFile(
    join(dir, 'atmos.yaml'),
    `${JSON.stringify({ logs: { ...(settings ? { settings } : {}), sources } }, null, 2)}\n`,
  )
  return dir
}

/**
 * Runs one reader as its own process under /usr/bin/time: wall, user+sys CPU, peak RSS, the
 * emulator's CPU meanwhile; stdout is hashed and its lines counted as it streams.
 */
function measure(emu, cmd, args, { env, cwd, countLines = (chunk) => chunk.split('\n').length - 1 } = {}) {
  return new Promise((resolve, reject) => {
    const emuBefore = emu?.cpu()
    const started = process.hrtime.bigint()
    const child = spawn(TIME_BIN, ['-f', 'BENCHTIME %U %S %M', cmd, ...args], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const hash = createHash('sha1')
    let lines = 0
    let stderr = ''
    child.stdout.setEncoding('utf8')
    let carry = ''
    child.stdout.on('data', (d) => {
      hash.update(d)
      const text = carry + d
      const cut = text.lastIndexOf('\n') + 1
      lines += countLines(text.slice(0, cut))
      carry = text.slice(cut)
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const m = /BENCHTIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr)
      if (code !== 0)
        return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))
      resolve({
        seconds,
        cpu: m ? Number(m[1]) + Number(m[2]) : Number.NaN,
        rssMiB: m ? Number(m[3]) / 1024 : Number.NaN,
        emuCpu: emu ? emu.cpu() - emuBefore : Number.NaN,
        lines,
        sha1: hash.digest('hex'),
        stderr: stderr.replace(/BENCHTIME[^\n]*\n?/, ''),
      })
    })
  })
}

const atmosView = (emu, cwd, source, window, format = 'raw', extra = []) =>
  measure(
    emu,
    process.execPath,
    [
      BIN,
      'logs',
      'view',
      '--source',
      source,
      '--format',
      format,
      '--since',
      iso(window[0]),
      '--until',
      iso(window[1]),
      ...extra,
    ],
    { env: envFor(emu), cwd },
  )

const awsFilter = (emu, group, window) =>
  measure(
    emu,
    AWS_BIN,
    [
      'logs',
      'filter-log-events',
      '--log-group-name',
      group,
      '--start-time',
      String(window[0]),
      '--end-time',
      String(window[1]),
      '--endpoint-url',
      emu.endpoint,
      '--output',
      'text',
    ],
    { env: envFor(emu), countLines: (text) => text.match(/^EVENTS\t/gm)?.length ?? 0 },
  )

function check(label, r, count, sha1) {
  if (r.lines !== count || (sha1 && r.sha1 !== sha1))
    throw new Error(`${label}: printed ${r.lines} lines (sha1 ${r.sha1}), expected ${count} (sha1 ${sha1})`)
}

async function filterCalls(emu) {
  return (await emu.control('/_emulator/stats')).calls.FilterLogEvents ?? 0
}

function hasAws() {
  if (values['skip-aws']) return false
  return spawnSync(AWS_BIN, ['--version'], { stdio: 'ignore' }).status === 0
}

// ---------------------------------------------------------------------------------------------
// Start-up

async function startup() {
  const runs = Number(values.runs)
  const data = await tempDir('atmos-bench-data-')
  const env = { ...process.env, ATMOS_DATA_DIR: data, ATMOS_CACHE_DIR: join(data, 'cache'), NO_COLOR: '1' }
  // Two installed plugins beside the three built-in providers, each registering one kind.
  for (const name of ['alpha', 'beta']) {
    const dir = join(data, `plugin-${name}`)
    await mkdir(join(dir, 'hooks'), { recursive: true })
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({
        name: `atmos-logs-provider-${name}`,
        version: '1.0.0',
        type: 'module',
        oclif: { hooks: { 'atmos-logs:providers': './hooks/providers.js' } },
      }),
    )
    await writeFile(
      join(dir, 'hooks/providers.js'),
      `export default async function providers() {
  return { apiVersion: 1, kind: 'bench/${name}', description: 'bench plugin', capabilities: ['get'],
    async create() { throw new Error('not used') } }
}
`,
    )
    const linked = spawnSync(process.execPath, [BIN, 'plugins', 'link', dir, '--no-install'], {
      env,
      stdio: 'pipe',
    })
    if (linked.status !== 0) throw new Error(`plugins link ${name}: ${linked.stderr}`)
  }
  const listed = spawnSync(process.execPath, [BIN, 'logs', 'providers'], { env, encoding: 'utf8' }).stdout
  for (const kind of ['aws/cloudwatch', 'aws/cloudtrail', 'github/actions', 'bench/alpha', 'bench/beta'])
    if (!listed.includes(kind)) throw new Error(`atmos logs providers does not list ${kind}:\n${listed}`)
  const cases = {
    'node -e 0': [process.execPath, ['-e', '0']],
    'atmos --version': [process.execPath, [BIN, '--version']],
    'atmos logs providers': [process.execPath, [BIN, 'logs', 'providers']],
  }
  for (let rep = 0; rep < REPEAT; rep++) {
    const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
    for (let i = 0; i < runs; i++) {
      // Interleaved, so machine noise hits every command alike.
      for (const [name, [cmd, args]] of Object.entries(cases)) {
        const t0 = process.hrtime.bigint()
        const r = spawnSync(cmd, args, { env, cwd: tmpdir(), stdio: 'ignore' })
        if (r.status !== 0) throw new Error(`${name} exited ${r.status}`)
        times[name].push(Number(process.hrtime.bigint() - t0) / 1e6)
      }
    }
    const node = median(times['node -e 0'])
    for (const [name, target] of [
      ['atmos --version', 2],
      ['atmos logs providers', 2.5],
    ]) {
      const ms = median(times[name])
      row('start-up', `${name} (3 built-in + 2 plugins)`, ms, 'ms', {
        peer: node,
        peerLabel: 'node -e 0',
        ratio: ms / node,
        target: `≤ ${target}x`,
      })
    }
  }
}

// ---------------------------------------------------------------------------------------------
// View: one group, raw and json; ten groups; a million events

async function views(aws) {
  const emu = await startEmulatorProcess()
  try {
    const group = '/bench/view'
    const sha1 = await seed(emu, [group], COUNT)
    const window = [BASE, BASE + COUNT - 1]
    const perEvent = (r) => (r.cpu * 1e6) / COUNT
    const fast = await project({
      bench: { kind: 'aws/cloudwatch', spec: { log_group: group, rate_limit: 100 } },
    })
    const quota = await project({ bench: { kind: 'aws/cloudwatch', spec: { log_group: group } } })

    for (let rep = 0; rep < REPEAT; rep++) {
      let peer
      if (aws) {
        peer = await awsFilter(emu, group, window)
        check('aws', peer, COUNT)
      }
      const raw = await atmosView(emu, fast, 'bench', window)
      check('view raw', raw, COUNT, sha1)
      const rate = COUNT / raw.seconds
      const peerRate = peer ? COUNT / peer.seconds : undefined
      const section = `view ${COUNT.toLocaleString('en-US')}`
      row(section, 'raw, events/s (rate_limit 100)', rate, 'ev/s', {
        peer: peerRate,
        peerLabel: 'aws filter-log-events --output text',
        ratio: peerRate ? rate / peerRate : undefined,
        target: '≥ 3x',
      })
      row(section, 'raw, CLI CPU per event', perEvent(raw), 'µs', {
        peer: peer ? perEvent(peer) : undefined,
        ratio: peer ? perEvent(raw) / perEvent(peer) : undefined,
        target: '≤ 5 µs',
      })
      row(section, 'raw, peak RSS', raw.rssMiB, 'MiB', {
        peer: peer?.rssMiB,
        ratio: peer ? raw.rssMiB / peer.rssMiB : undefined,
        target: '≤ 100 MiB',
      })
      row(section, 'emulator CPU / CLI CPU (raw)', raw.emuCpu / raw.cpu, 'x', {
        note: `emulator ${raw.emuCpu.toFixed(2)} s, CLI ${raw.cpu.toFixed(2)} s`,
        target: '< 0.25',
      })
      const before = await filterCalls(emu)
      const atQuota = await atmosView(emu, quota, 'bench', window)
      check('view raw at quota', atQuota, COUNT, sha1)
      const pages = (await filterCalls(emu)) - before
      row(section, 'raw, events/s at the default 5 requests/s', COUNT / atQuota.seconds, 'ev/s', {
        peer: peerRate,
        ratio: peerRate ? COUNT / atQuota.seconds / peerRate : undefined,
        note: `bounded by the quota: ${pages} pages at 5/s take ≥ ${((pages - 1) / 5).toFixed(1)} s; the peer does not pace`,
      })
      // What a view costs before its first event (start-up, the project, the first call), beside the
      // peer's own, on a window with no events: the rows above count it into every event.
      const emptyWindow = [BASE - 60_000, BASE - 1]
      const empty = await atmosView(emu, fast, 'bench', emptyWindow)
      check('view of an empty window', empty, 0)
      const emptyPeer = aws ? await awsFilter(emu, group, emptyWindow) : undefined
      if (emptyPeer) check('aws on an empty window', emptyPeer, 0)
      row(section, 'view of an empty window: CPU', empty.cpu, 's', {
        peer: emptyPeer?.cpu,
        ratio: emptyPeer ? empty.cpu / emptyPeer.cpu : undefined,
      })
      row(section, 'view of an empty window: peak RSS', empty.rssMiB, 'MiB', {
        peer: emptyPeer?.rssMiB,
        ratio: emptyPeer ? empty.rssMiB / emptyPeer.rssMiB : undefined,
      })
      row(
        section,
        'raw, CLI CPU per event beyond the empty view',
        ((raw.cpu - empty.cpu) * 1e6) / COUNT,
        'µs',
        {
          peer: peer && emptyPeer ? ((peer.cpu - emptyPeer.cpu) * 1e6) / COUNT : undefined,
          ratio: peer && emptyPeer ? (raw.cpu - empty.cpu) / (peer.cpu - emptyPeer.cpu) : undefined,
          note: 'diagnostic: where the per-event target is lost, start-up or the events',
        },
      )
      const json = await atmosView(emu, fast, 'bench', window, 'json')
      check('view json', json, COUNT)
      row(section, 'json, CLI CPU per event', perEvent(json), 'µs', {
        peer: perEvent(raw),
        peerLabel: 'raw',
        ratio: json.cpu / raw.cpu,
        target: '≤ 2x raw',
      })
      row(section, 'json, peak RSS', json.rssMiB, 'MiB', { target: '≤ 100 MiB' })
    }
  } finally {
    await emu.close()
  }

  // Ten groups behind one pattern, the same number of events in all.
  const multi = await startEmulatorProcess()
  try {
    const groups = Array.from({ length: 10 }, (_, g) => `/bench/multi/g${g}`)
    const sha1 = await seed(multi, groups, COUNT)
    const single = '/bench/multi-one'
    await seed(multi, [single], COUNT)
    const window = [BASE, BASE + COUNT - 1]
    const cwd = await project({
      many: { kind: 'aws/cloudwatch', spec: { log_group: '/bench/multi/*', rate_limit: 100 } },
      one: { kind: 'aws/cloudwatch', spec: { log_group: single, rate_limit: 100 } },
    })
    for (let rep = 0; rep < REPEAT; rep++) {
      const many = await atmosView(multi, cwd, 'many', window)
      check('10 groups', many, COUNT, sha1)
      const one = await atmosView(multi, cwd, 'one', window)
      check('1 group', one, COUNT, sha1)
      const section = `10 groups, ${COUNT.toLocaleString('en-US')}`
      row(section, 'raw, CLI CPU per event', (many.cpu * 1e6) / COUNT, 'µs', {
        peer: (one.cpu * 1e6) / COUNT,
        peerLabel: 'one group',
        ratio: many.cpu / one.cpu,
      })
      row(section, 'merge cost per event (10 groups − 1 group)', ((many.cpu - one.cpu) * 1e6) / COUNT, 'µs', {
        target: '≤ 1 µs',
      })
      row(section, 'peak RSS', many.rssMiB, 'MiB', { target: '≤ 100 MiB' })
    }
  } finally {
    await multi.close()
  }

  if (values['skip-big']) return
  const big = await startEmulatorProcess()
  try {
    const group = '/bench/big'
    const sha1 = await seed(big, [group], BIG)
    const cwd = await project({
      big: { kind: 'aws/cloudwatch', spec: { log_group: group, rate_limit: 100 } },
    })
    for (let rep = 0; rep < REPEAT; rep++) {
      const r = await atmosView(big, cwd, 'big', [BASE, BASE + BIG - 1])
      check('view 1M', r, BIG, sha1)
      const section = `view ${BIG.toLocaleString('en-US')}`
      row(section, 'raw, peak RSS', r.rssMiB, 'MiB', { target: '≤ 100 MiB' })
      row(section, 'raw, CLI CPU per event', (r.cpu * 1e6) / BIG, 'µs', { target: '≤ 5 µs' })
      row(section, 'emulator CPU / CLI CPU', r.emuCpu / r.cpu, 'x', { target: '< 0.25' })
    }
  } finally {
    await big.close()
  }
}

// ---------------------------------------------------------------------------------------------
// 300 ms a page: time slices against one token chain

async function slices(aws) {
  const emu = await startEmulatorProcess()
  try {
    const group = '/bench/slow'
    const sha1 = await seed(emu, [group], COUNT)
    await emu.control('/_emulator/faults', { latencyMs: 300, operations: ['FilterLogEvents'] })
    const window = [BASE, BASE + COUNT - 1]
    const cwd = await project({ slow: { kind: 'aws/cloudwatch', spec: { log_group: group } } })
    /** Requests per second the emulator saw, first call to last. */
    const rateOf = async (since) => {
      const t = (await emu.control('/_emulator/stats')).recent
        .filter((c) => c.operation === 'FilterLogEvents' && c.time >= since)
        .map((c) => c.time)
      return { calls: t.length, perSecond: (t.length - 1) / ((t.at(-1) - t[0]) / 1000) }
    }
    for (let rep = 0; rep < REPEAT; rep++) {
      const t0 = Date.now()
      const r = await atmosView(emu, cwd, 'slow', window, 'raw', ['--debug'])
      check('sliced view', r, COUNT, sha1)
      const ours = await rateOf(t0)
      const split = /read as (\d+) time slices, (\d+) at a time/.exec(r.stderr)
      let peer
      if (aws) {
        const t1 = Date.now()
        const p = await awsFilter(emu, group, window)
        check('aws (latency)', p, COUNT)
        peer = { ...(await rateOf(t1)), seconds: p.seconds }
      }
      const section = '300 ms a page, default 5 req/s'
      row(section, 'FilterLogEvents requests/s reached', ours.perSecond, 'req/s', {
        peer: peer?.perSecond,
        peerLabel: 'aws (one token chain, unpaced)',
        ratio: ours.perSecond / 5,
        target: '≥ 0.8 of 5/s',
        note: split ? `${split[1]} slices, ${split[2]} at a time, ${ours.calls} calls` : 'not split',
      })
      row(section, 'events/s', COUNT / r.seconds, 'ev/s', {
        peer: peer ? COUNT / peer.seconds : undefined,
        ratio: peer ? peer.seconds / r.seconds : undefined,
      })
      row(section, 'peak RSS', r.rssMiB, 'MiB')
    }
  } finally {
    await emu.close()
  }
}

// ---------------------------------------------------------------------------------------------
// tail: the newest lines of a large group

async function tail() {
  const emu = await startEmulatorProcess()
  try {
    const group = '/bench/tail'
    // Recent events: the service takes none older than 14 days before the group was created.
    await seed(emu, [group], COUNT, Date.now() - COUNT - 60_000)
    const cwd = await project({ t: { kind: 'aws/cloudwatch', spec: { log_group: group, rate_limit: 100 } } })
    for (let rep = 0; rep < REPEAT; rep++) {
      const r = await measure(
        emu,
        process.execPath,
        [BIN, 'logs', 'tail', '--source', 't', '--lines', '1000', '--format', 'raw'],
        { env: envFor(emu), cwd },
      )
      if (r.lines !== 1000) throw new Error(`tail printed ${r.lines} lines`)
      row('tail --lines 1000', `of ${COUNT.toLocaleString('en-US')} events, wall`, r.seconds * 1000, 'ms', {
        note: `CPU ${(r.cpu * 1000).toFixed(0)} ms, peak RSS ${r.rssMiB.toFixed(0)} MiB`,
      })
    }
  } finally {
    await emu.close()
  }
}

// ---------------------------------------------------------------------------------------------
// The other scripts: follow latency, formatting, stack resolution

function runScript(script, args) {
  const r = spawnSync(process.execPath, [join(here, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}: ${r.stderr}`)
  return r.stdout
}

function follow(aws) {
  const out = runScript('cli-view.mjs', [
    '--skip-view',
    '--follow-events',
    '10',
    ...(aws ? [] : ['--skip-aws']),
  ])
  const medianOf = (label) => Number(new RegExp(`${label}[^\\n]*median\\s+(\\d+) ms`).exec(out)?.[1])
  const ours = medianOf('atmos tail --follow \\(Live Tail updates every 1000 ms\\)')
  const fast = medianOf('atmos tail --follow \\(Live Tail updates every 100 ms\\)')
  const peer = aws ? medianOf('aws logs tail --follow') : undefined
  row('follow', 'POST to printed, median (Live Tail every 1 s)', ours, 'ms', {
    peer,
    peerLabel: 'aws logs tail --follow',
    ratio: peer ? ours / peer : undefined,
  })
  row('follow', 'POST to printed, median (Live Tail every 100 ms)', fast, 'ms')
}

function formats() {
  const out = runScript('format-throughput.mjs', ['--count', String(COUNT)])
  const of = (name) => {
    const m = new RegExp(`^${name}\\s+([\\d,]+)\\s+[\\d.]+\\s+([\\d.]+)x`, 'm').exec(out)
    return m ? { perSecond: Number(m[1].replaceAll(',', '')), ratio: Number(m[2]) } : undefined
  }
  const peer = of('JSON\\.stringify \\(peer\\)')
  for (const name of ['raw', 'json', 'pretty, colour']) {
    const r = of(name.replace(/[(),]/g, (c) => `\\${c}`))
    row('formatting (in process)', `${name}, entries/s`, r?.perSecond, 'ent/s', {
      peer: peer?.perSecond,
      peerLabel: 'JSON.stringify per entry',
      ratio: r?.ratio,
    })
  }
}

function cloudtrail(aws) {
  const out = runScript('cloudtrail-view.mjs', ['--count', '1000', ...(aws ? [] : ['--skip-aws'])])
  const perSecond = (label) =>
    Number(new RegExp(`^${label}\\s+[\\d.]+ s\\s+(\\d+) events/s`, 'm').exec(out)?.[1])
  const ours = perSecond('atmos logs view --format raw')
  const peer = aws ? perSecond('aws cloudtrail lookup-events') : undefined
  row('cloudtrail view 1,000', 'events/s at the quota (2 LookupEvents/s, 50 a page)', ours, 'ev/s', {
    peer,
    peerLabel: 'aws cloudtrail lookup-events',
    ratio: peer ? ours / peer : undefined,
    note: 'both bound by the quota: 100 events/s at most',
  })
}

function github() {
  // The finished run five times for each reader (60,000 lines a time), then follow latency.
  const out = runScript('github-view.mjs', [
    '--json',
    '--runs',
    '5',
    ...(values['skip-follow'] ? ['--skip-follow'] : []),
  ])
  const r = JSON.parse(out.trim().split('\n').at(-1))
  const { atmos, gh } = r
  const section = `github run ${r.jobs} jobs × ${r.linesPerJob.toLocaleString('en-US')} lines`
  const peerLabel = gh ? 'gh run view --log' : undefined
  const vs = (a, b) => (gh ? a / b : undefined)
  const missing = gh ? undefined : `no peer: gh ${r.ghMissing}`
  row(section, 'view --run-id --format raw, wall (median of 5)', atmos.seconds, 's', {
    peer: gh?.seconds,
    peerLabel,
    ratio: vs(atmos.seconds, gh?.seconds),
    note: missing ?? 'gh through an HTTP proxy for github.localhost: it takes no API URL',
  })
  row(section, 'CPU, user + sys (median)', atmos.cpu, 's', {
    peer: gh?.cpu,
    ratio: vs(atmos.cpu, gh?.cpu),
  })
  row(section, 'peak RSS (largest of 5)', atmos.rssMiB, 'MiB', {
    peer: gh?.rssMiB,
    ratio: vs(atmos.rssMiB, gh?.rssMiB),
  })
  const byOperation = (calls) =>
    Object.entries(calls)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')
  row(section, 'requests (API calls and log downloads)', atmos.requests, 'requests', {
    peer: gh?.requests,
    ratio: vs(atmos.requests, gh?.requests),
    note: `atmos: ${byOperation(atmos.calls)}${gh ? `; gh: ${byOperation(gh.calls)}` : ''}`,
  })
  for (const f of r.follow)
    row(
      'github follow',
      `job completed → first line printed, poll_interval ${f.pollInterval}`,
      f.medianMs,
      'ms',
      {
        note: `median of ${f.jobs} jobs, p90 ${Math.round(f.p90Ms)} ms; no peer: gh run view --log refuses a run in progress, gh run watch prints no log line`,
      },
    )
}

function stacks() {
  const out = runScript('stacks-scale.mjs', ['--runs', '3'])
  const one = Number(/one component[^\n]*median (\d+) ms/.exec(out)?.[1])
  const all = Number(/--all-components[^\n]*median (\d+) ms/.exec(out)?.[1])
  row('stacks (1,000 manifests)', 'resolve one component', one, 'ms')
  row('stacks (1,000 manifests)', '--all-components of one stack', all, 'ms')
}

function tui() {
  const out = runScript('tui-view.mjs', [])
  const key = (label) => {
    const m = new RegExp(`^${label}: median ([\\d.]+) ms \\(CPU ([\\d.]+) ms\\)`, 'm').exec(out)
    return m ? { wall: Number(m[1]), cpu: Number(m[2]) } : { wall: Number.NaN, cpu: Number.NaN }
  }
  const big = key('↑ with 50000 buffered')
  const small = key('↑ with 50 buffered')
  const page = key('PageUp with 50000 buffered')
  row('interactive view', 'key press to screen updated, 50,000 buffered, median', big.wall, 'ms', {
    peer: small.wall,
    peerLabel: '50 buffered',
    ratio: big.wall / small.wall,
    target: '≤ 50 ms',
    note: `CPU a press ${big.cpu} ms (50 buffered: ${small.cpu} ms); PageUp ${page.wall} ms`,
  })
  const core = (label) => Number(new RegExp(`^${label}: ([\\d.]+)% of one core`, 'm').exec(out)?.[1])
  const view = core('view \\(tail --interactive\\)')
  const peer = core('tail --follow \\(pretty, same terminal\\)')
  row('interactive view', 'CPU while following 1,000 events/s', view, '% core', {
    peer,
    peerLabel: 'tail --follow, same terminal',
    ratio: view / peer,
    note: `header said ${/header said ([\d.]+) ev\/s/.exec(out)?.[1] ?? '?'} ev/s`,
  })
}

// ---------------------------------------------------------------------------------------------

const aws = hasAws()
const began = Date.now()
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')
const loadAtStart = load()
process.stderr.write(
  `bench/run.mjs: ${cpus().length} CPUs, load ${loadAtStart}, Node ${process.version}, peer ${aws ? AWS_BIN : 'none'}, --repeat ${REPEAT}\n`,
)
if (!values['skip-startup']) await startup()
if (!values['skip-views']) await views(aws)
if (!values['skip-slices']) await slices(aws)
if (!values['skip-side']) await tail()
// The scripts measure in their own processes: each runs once per repetition.
for (let rep = 0; rep < REPEAT; rep++) {
  if (!values['skip-follow']) follow(aws)
  if (!values['skip-side']) {
    cloudtrail(aws)
    formats()
    stacks()
  }
  if (!values['skip-tui']) tui()
  if (!values['skip-github']) github()
}

// A row measured fewer times than asked would be a median of fewer runs than the header says.
for (const r of rows.values())
  if (r.samples.length !== REPEAT)
    throw new Error(`${r.section} | ${r.label}: measured ${r.samples.length} times, not ${REPEAT}`)
const header = ['benchmark', 'figure', 'value', 'peer', 'ratio', 'target', 'note']
const table = [...rows.values()].map(cells)
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)))
const print = (cells) => console.log(`| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`)
const runs =
  REPEAT === 1
    ? '1 run a row'
    : `${REPEAT} runs a row: median [min–max], a ratio the median of the runs' ratios`
console.log(
  `\nbench/run.mjs, ${new Date().toISOString()}, ${cpus().length} CPUs, load (1, 5, 15 min) ${loadAtStart} at the start, ${load()} at the end, ${((Date.now() - began) / 1000).toFixed(0)} s, ${runs}`,
)
print(header)
print(widths.map((w) => '-'.repeat(w)))
for (const t of table) print(t)
await Promise.all(madeDirs.map((dir) => rm(dir, { recursive: true, force: true })))

#!/usr/bin/env node
// The interactive view (`atmos logs --interactive`, packages/tui).
//
// 1. Key press to screen updated: the built view (runTui, with the options the CLI gives it: 20
//    frames a second, incremental rendering) on an in-process terminal of 120×40, open on the Logs
//    screen with N entries buffered (default 50,000), drawn by the CLI's own entry renderer
//    (pretty, colour). From the key written to the terminal's input to the first bytes the view
//    writes back, over --presses presses of ↑ (the selection moves up a row), each after the
//    previous frame, beside the same presses with 50 entries buffered: the ratio says whether the
//    buffer's size costs anything. Then PageUp through the big buffer, a page of new rows each time.
// 2. CPU while following: the built CLI in a real terminal (tmux, 120×40), `tail --interactive` on
//    two CloudWatch sources while the bench puts --rate events a second (half in each; the service's
//    Live Tail sends at most 500 a second per session, so one source could not carry 1,000) for
//    --seconds. The CLI's user + sys CPU over that window (from /proc), as % of one core, beside
//    `tail --follow` (pretty) printing the same feed to the same terminal. The view's header must
//    show the rate arriving, and the last event put must reach the screen.
//
//   pnpm build
//   node bench/tui-view.mjs [--lines 50000] [--presses 41] [--rate 1000] [--seconds 15] [--skip-keys] [--skip-follow]
//     [--cpu-prof DIR]   (each followed CLI writes a V8 CPU profile there, ended by Ctrl-C so it is written)

import { execFile, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import { control, envFor } from './support.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const BIN = join(here, '../packages/cli/bin/run.js')
const load = (path) => import(pathToFileURL(join(here, '..', path)).href)
const exec = promisify(execFile)

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '50000' },
    presses: { type: 'string', default: '41' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '15' },
    'skip-keys': { type: 'boolean', default: false },
    'skip-follow': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
})
const LINES = Number(values.lines)
const PRESSES = Number(values.presses)
const RATE = Number(values.rate)
const SECONDS = Number(values.seconds)
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const sorted = (xs) => [...xs].sort((a, b) => a - b)
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)]
const p90 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(0.9 * xs.length) - 1)]
const ms = (x) => `${x.toFixed(1)} ms`
/** Median and p90 of wall and CPU times. */
const summary = (xs) => {
  const wall = xs.map((x) => x.wall)
  const cpu = xs.map((x) => x.cpu)
  return `median ${ms(median(wall))} (CPU ${ms(median(cpu))}), p90 ${ms(p90(wall))} (CPU ${ms(p90(cpu))}), n ${xs.length}`
}

// ---------------------------------------------------------------------------------------------
// 1. Key press to screen updated, in process

/** A terminal the view can own: a TTY-like output that notes when it is written, and an input to type into. */
function fakeTerminal(columns, rows) {
  const writes = []
  let onWrite
  const stdout = new Writable({
    write(chunk, _enc, done) {
      writes.push(chunk.toString())
      onWrite?.(performance.now())
      done()
    },
  })
  Object.assign(stdout, { isTTY: true, columns, rows })
  const stdin = new PassThrough()
  Object.assign(stdin, {
    isTTY: true,
    isRaw: false,
    setRawMode(on) {
      stdin.isRaw = on
      return stdin
    },
    ref: () => stdin,
    unref: () => stdin,
  })
  return {
    stdout,
    stdin,
    /** Everything written so far. */
    text: () => writes.join(''),
    /**
     * Types a key; resolves with the ms until the view wrote its next frame, and the CPU ms the
     * process spent meanwhile (what the wall time would be on an idle core).
     */
    press(key, guardMs = 10_000) {
      return new Promise((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error(`no frame within ${guardMs} ms of a key`)), guardMs)
        const cpu0 = process.cpuUsage()
        const t0 = performance.now()
        onWrite = (at) => {
          const cpu = process.cpuUsage(cpu0)
          onWrite = undefined
          clearTimeout(guard)
          resolve({ wall: at - t0, cpu: (cpu.user + cpu.system) / 1000 })
        }
        stdin.write(key)
      })
    },
  }
}

const SOURCE = {
  key: 'bench/api/function',
  stack: 'bench',
  component: 'api',
  name: 'function',
  kind: 'aws/cloudwatch',
  identity: null,
  isDefault: true,
  canList: false,
  readsOnly: false,
  groupsRequests: true,
  installed: true,
}

/** Opens the view on `count` buffered entries, times the keys, and quits it. */
async function keyLatency(tui, renderer, count, keys) {
  const term = fakeTerminal(120, 40)
  const base = Date.UTC(2026, 0, 1)
  const last = `request ${count - 1} handled`
  const backend = {
    sources: async () => [SOURCE],
    follow(_query, sink) {
      setImmediate(() =>
        sink.entries(
          Array.from({ length: count }, (_, i) => ({
            timestamp: new Date(base + i),
            message: `${i % 50 === 0 ? 'ERROR' : 'INFO'} request ${i} handled in ${i % 97} ms`,
            source: 'function',
            kind: 'aws/cloudwatch',
            component: 'api',
            stack: 'bench',
          })),
        ),
      )
      return { stop() {} }
    },
    streams: async () => [],
    renderer: () => renderer,
  }
  const done = tui.runTui({
    backend,
    title: 'stack bench',
    open: [SOURCE],
    pins: { load: async () => ({ keys: [] }), save: async () => {} },
    bufferLines: count,
    color: true,
    stdout: term.stdout,
    stdin: term.stdin,
  })
  for (let i = 0; !term.text().includes(last); i++) {
    if (i > 600) throw new Error(`the view never drew its ${count} entries`)
    await sleep(50)
  }
  const times = Object.fromEntries(keys.map(([name]) => [name, []]))
  for (const [name, key, presses] of keys) {
    for (let i = 0; i < presses; i++) {
      // Past the frame budget (50 ms), so every press is drawn at once and none waits for a frame slot.
      await sleep(80)
      times[name].push(await term.press(key))
    }
  }
  term.stdin.write('\u0003')
  const code = await done
  if (code !== 130) throw new Error(`the view ended with ${code}, not 130 (Ctrl-C)`)
  return times
}

async function keys() {
  // Loaded as the CLI loads it (React's production build).
  const tui = await (await load('packages/cli/dist/interactive/run-interactive.js')).loadTui()
  const { entryRenderer } = await load('packages/cli/dist/interactive/renderer.js')
  const renderer = entryRenderer(
    [{ name: 'function', kind: 'aws/cloudwatch', component: 'api', stack: 'bench' }],
    {
      color: true,
      utc: true,
      scrub: (t) => t,
    },
  )
  const UP = '\u001b[A'
  const PAGE_UP = '\u001b[5~'
  // Interleaved rounds, so machine noise hits both sizes alike.
  const small = { up: [] }
  const big = { up: [], pageUp: [] }
  const rounds = 3
  const per = Math.ceil(PRESSES / rounds)
  for (let r = 0; r < rounds; r++) {
    small.up.push(...(await keyLatency(tui, renderer, 50, [['up', UP, Math.min(per, 40)]])).up)
    const b = await keyLatency(tui, renderer, LINES, [
      ['up', UP, per],
      ['pageUp', PAGE_UP, Math.ceil(per / 2)],
    ])
    big.up.push(...b.up)
    big.pageUp.push(...b.pageUp)
  }
  console.log(
    `\n== key press to screen updated (in-process terminal 120×40, ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)})`,
  )
  console.log(`↑ with ${LINES} buffered: ${summary(big.up)}`)
  console.log(`↑ with 50 buffered: ${summary(small.up)}`)
  const wallOf = (xs) => median(xs.map((x) => x.wall))
  const cpuOfKeys = (xs) => median(xs.map((x) => x.cpu))
  console.log(
    `ratio ${(wallOf(big.up) / wallOf(small.up)).toFixed(2)}x (CPU ${(cpuOfKeys(big.up) / cpuOfKeys(small.up)).toFixed(2)}x)`,
  )
  console.log(`PageUp with ${LINES} buffered: ${summary(big.pageUp)}`)
}

// ---------------------------------------------------------------------------------------------
// 2. CPU while following, in tmux against the emulator

const GROUPS = ['/bench/feed/a', '/bench/feed/b']

function tmux(socket, ...args) {
  return exec('tmux', ['-L', socket, '-f', '/dev/null', ...args])
}

/** CPU seconds (user + sys) of a process so far. */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

/** Runs `args` of the CLI in a tmux pane while the feed runs; returns its CPU over the feed and the pane at the end. */
async function underFeed(emu, cwd, label, args, ready) {
  const dir = await mkdtemp(join(tmpdir(), 'atmos-bench-tmux-'))
  const socket = `atmos-bench-${process.pid}-${label.replace(/\W/g, '')}`
  const env = envFor(emu, { NO_COLOR: '' })
  delete env.NO_COLOR
  const assignments = Object.entries(env).map(([k, v]) => `${k}='${String(v).replace(/'/g, `'\\''`)}'`)
  // exec: the pane's process is the CLI itself, so its pid is the pane's.
  const prof = values['cpu-prof']
    ? `--cpu-prof --cpu-prof-dir='${values['cpu-prof']}' --cpu-prof-name='${label.replace(/\W/g, '')}.cpuprofile'`
    : ''
  const script = `cd '${cwd}'\nexec env -i ${assignments.join(' ')} TERM="$TERM" '${process.execPath}' ${prof} '${BIN}' ${args.join(' ')}\n`
  await writeFile(join(dir, 'run.sh'), script)
  await tmux(socket, 'new-session', '-d', '-s', 'b', '-x', '120', '-y', '40', `bash ${join(dir, 'run.sh')}`)
  const capture = async () => (await tmux(socket, 'capture-pane', '-p', '-t', 'b')).stdout
  try {
    const pid = Number((await tmux(socket, 'display-message', '-p', '-t', 'b', '#{pane_pid}')).stdout.trim())
    for (let i = 0; !(await ready(capture)); i++) {
      if (i > 300) throw new Error(`${label} never got ready; the pane showed:\n${await capture()}`)
      await sleep(100)
    }
    // Both Live Tail sessions open before the feed starts.
    for (let i = 0; ((await control(emu, '/_emulator/stats')).calls.StartLiveTail ?? 0) < 2; i++) {
      if (i > 300) throw new Error(`${label} never opened its Live Tail sessions`)
      await sleep(100)
    }
    const { cpu, seconds, put, lastMessage, emuCpu } = await feed(emu, pid)
    // The last event put reaches the screen (the service sends an update a second).
    let pane = await capture()
    for (let i = 0; !pane.includes(lastMessage); i++) {
      if (i > 100) throw new Error(`${label}: the last event put never showed; the pane showed:\n${pane}`)
      await sleep(100)
      pane = await capture()
    }
    if (values['cpu-prof']) {
      // A profile is written when the process exits by itself: Ctrl-C, then wait for the pane to close.
      await tmux(socket, 'send-keys', '-t', 'b', 'C-c')
      const open = () =>
        tmux(socket, 'has-session', '-t', 'b').then(
          () => true,
          () => false,
        )
      for (let i = 0; i < 100 && (await open()); i++) await sleep(100)
    }
    return { cpu, seconds, put, pane, emuCpu }
  } finally {
    await tmux(socket, 'kill-server').catch(() => {})
    await rm(dir, { recursive: true, force: true })
  }
}

/** Puts RATE events a second, half in each group, every 100 ms, for SECONDS; the reader's CPU over the window. */
async function feed(emu, pid) {
  const perTick = Math.round(RATE / 10 / GROUPS.length)
  const ticks = SECONDS * 10
  // One second of warm-up first: the CPU window covers the steady state.
  const warm = 10
  let cpu0 = 0
  let t0 = 0
  let emu0 = 0
  let put = 0
  let lastMessage = ''
  const start = performance.now()
  for (let tick = 0; tick < warm + ticks; tick++) {
    if (tick === warm) {
      cpu0 = cpuOf(pid)
      emu0 = process.cpuUsage()
      t0 = performance.now()
    }
    const now = Date.now()
    await Promise.all(
      GROUPS.map((logGroup, g) => {
        const events = Array.from({ length: perTick }, (_, i) => {
          const n = tick * perTick + i
          // Both groups end on the same n: the screen shows whichever the merge put last.
          lastMessage = `event ${n} handled`
          return {
            timestamp: now,
            message: `${n % 50 === 0 ? 'ERROR' : 'INFO'} feed ${g} ${lastMessage} in ${n % 97} ms`,
          }
        })
        put += events.length
        return control(emu, '/_emulator/cloudwatch/events', { logGroup, logStream: 's', events })
      }),
    )
    const next = start + (tick + 1) * 100
    await sleep(Math.max(0, next - performance.now()))
  }
  const seconds = (performance.now() - t0) / 1000
  const used = process.cpuUsage(emu0)
  return {
    cpu: cpuOf(pid) - cpu0,
    seconds,
    put,
    lastMessage,
    emuCpu: (used.user + used.system) / 1e6,
  }
}

async function following() {
  const { startEmulator } = await load('packages/testkit/dist/index.js')
  const cwd = await mkdtemp(join(tmpdir(), 'atmos-bench-tui-'))
  await writeFile(
    join(cwd, 'atmos.yaml'),
    'base_path: .\nstacks:\n  base_path: stacks\n  included_paths: ["*.yaml"]\n  name_template: "{{ .vars.stage }}"\n',
  )
  await mkdir(join(cwd, 'stacks'))
  await writeFile(
    join(cwd, 'stacks/bench.yaml'),
    [
      'vars: {stage: bench}',
      'components:',
      '  terraform:',
      '    feed:',
      '      logs:',
      '        sources:',
      ...GROUPS.map((g, i) => `          ${'ab'[i]}: {kind: aws/cloudwatch, spec: {log_group: "${g}"}}`),
      '',
    ].join('\n'),
  )
  const results = {}
  for (const [label, args, ready] of [
    [
      'view',
      ['logs', 'tail', 'feed', '-s', 'bench', '--all-sources', '--interactive'],
      async (capture) => (await capture()).includes('FOLLOWING'),
    ],
    [
      'tail --follow',
      ['logs', 'tail', 'feed', '-s', 'bench', '--all-sources', '--follow', '--format', 'pretty'],
      async () => true,
    ],
  ]) {
    const emu = await startEmulator()
    try {
      // The groups exist before the readers start (Live Tail names groups that exist).
      for (const logGroup of GROUPS)
        await control(emu, '/_emulator/cloudwatch/events', {
          logGroup,
          logStream: 's',
          events: [{ message: 'INFO ready' }],
        })
      results[label] = await underFeed(emu, cwd, label, args, ready)
    } finally {
      await emu.close()
    }
  }
  const view = results.view
  const rate = /([\d,.]+) ev(?:ents)?\/s/.exec(view.pane)?.[1]
  const pct = (r) => (100 * r.cpu) / r.seconds
  console.log(
    `\n== CPU while following ${RATE} events/s for ${SECONDS} s (tmux 120×40, ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)})`,
  )
  console.log(
    `view (tail --interactive): ${pct(view).toFixed(1)}% of one core (${view.cpu.toFixed(2)} s CPU in ${view.seconds.toFixed(1)} s; header said ${rate ?? '?'} ev/s)`,
  )
  console.log(
    `tail --follow (pretty, same terminal): ${pct(results['tail --follow']).toFixed(1)}% of one core (${results['tail --follow'].cpu.toFixed(2)} s CPU)`,
  )
  console.log(`ratio ${(pct(view) / pct(results['tail --follow'])).toFixed(2)}x`)
  console.log(`put ${view.put} events; bench process (emulator and feeder) ${view.emuCpu.toFixed(2)} s CPU`)
}

console.log(
  `bench/tui-view.mjs: ${cpus().length} CPUs, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
if (!values['skip-keys']) await keys()
if (!values['skip-follow']) await following()

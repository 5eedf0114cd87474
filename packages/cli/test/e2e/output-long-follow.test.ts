import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { BIN } from '../helpers/cli.js'
import {
  type CloudWatchHarness,
  cloudwatchHarness,
  directProject,
  parseJsonLines,
} from '../helpers/cloudwatch.js'

/**
 * A long `tail --follow` into a pipe whose reader is slower than the CLI: every flush meets
 * back-pressure. Whatever the output waits on must be released when the wait ends, so the
 * process neither warns about piling listeners (Node's MaxListenersExceededWarning is its own
 * listener count check) nor grows while it follows; and nothing is lost or printed twice.
 */
const GROUP = '/aws/lambda/flood'
const BACKFILL = 6000
const LIVE = 1500
const BODY = 'y'.repeat(900)

let cw: CloudWatchHarness
let project: string

beforeAll(async () => {
  cw = await cloudwatchHarness()
  project = await directProject({ flood: { spec: { log_group: GROUP, rate_limit: 100 } } })
})
afterAll(async () => {
  await cw?.close()
})

/** Resident memory of a process, from /proc (Linux, where CI runs). */
async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`)
  return Number(kb) * 1024
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

it('a long piped follow keeps its listeners and its memory flat, and prints every event once', async () => {
  const start = Date.now() - 60_000
  for (let b = 0; b < BACKFILL / 500; b++) {
    await cw.put(
      GROUP,
      'old',
      Array.from({ length: 500 }, (_, i) => ({
        timestamp: start + b * 500 + i,
        message: `old ${b * 500 + i} ${BODY}`,
      })),
    )
  }

  const child = spawn(
    process.execPath,
    [BIN, 'logs', 'tail', '--follow', '--source', 'flood', '--lines', String(BACKFILL), '--format', 'json'],
    { cwd: project, env: cw.env(), stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  // The slow reader: after every chunk it looks away for a moment, so the pipe fills up.
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    child.stdout.pause()
    setTimeout(() => child.stdout.resume(), 2)
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const lineCount = () => stdout.split('\n').length - 1
  const waitForLines = async (n: number) => {
    const guard = Date.now() + 90_000
    while (lineCount() < n) {
      if (Date.now() > guard) throw new Error(`gave up at ${lineCount()} of ${n} lines; stderr: ${stderr}`)
      await sleep(50)
    }
  }

  await waitForLines(BACKFILL)
  const samples = [await rssBytes(child.pid!)]
  for (let b = 0; b < LIVE / 50; b++) {
    await cw.put(
      GROUP,
      'live',
      Array.from({ length: 50 }, (_, i) => ({
        timestamp: Date.now() + i,
        message: `live ${b * 50 + i} ${BODY}`,
      })),
    )
    await sleep(100)
    if (b % 5 === 4) samples.push(await rssBytes(child.pid!))
  }
  await waitForLines(BACKFILL + LIVE)
  samples.push(await rssBytes(child.pid!))
  child.kill('SIGINT')
  expect(await exited).toBe(130)

  expect(stderr).not.toContain('MaxListenersExceededWarning')
  expect(stderr).not.toMatch(/\n\s+at /)
  const printed = parseJsonLines(stdout)
  expect(printed).toHaveLength(BACKFILL + LIVE)
  // Live Tail events carry no id: the messages, numbered when put, tell them apart.
  const numbers = printed.map((l) => l.message.split(' ', 2).join(' '))
  expect(new Set(numbers).size).toBe(BACKFILL + LIVE)
  expect(numbers.filter((n) => n.startsWith('live ')).sort()).toEqual(
    Array.from({ length: LIVE }, (_, i) => `live ${i}`).sort(),
  )
  // Flat: what the follow legitimately adds (dedup keys of 1,500 events, buffers) is far below
  // this margin; output or events kept per flush would pass it.
  const growth = Math.max(...samples) - samples[0]!
  expect(growth).toBeLessThan(48 * 1024 * 1024)
}, 180_000)

import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { StatsSnapshot } from '@atmos-logs/testkit'
import { type CliResult, cleanEnv, REPO_ROOT, runCli } from '../../helpers/cli.js'
import { type CloudWatchHarness, cloudwatchHarness } from '../../helpers/cloudwatch.js'
import { type StreamingCli, spawnCli } from '../../helpers/stream.js'
import { type FaultScenario, type Outcome, SCENARIOS } from './scenarios.js'
import { type Control, type FaultTarget, TARGETS } from './targets.js'

/**
 * The fault suite: every fault scenario against every provider kind, through the built CLI and
 * the emulator. Each row must end on its own (within its own --timeout: the run is never killed
 * by the test's guard), with the expected exit code and, when it fails, one readable paragraph
 * and a hint: no stack trace, no SDK internals, nothing printed twice. Rows assert no durations.
 */
const EMULATOR_BIN = path.join(REPO_ROOT, 'packages/testkit/bin/atmos-emulator.js')

/** A port nothing listens on. */
async function deadEndpoint(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

/** An HTTP server that is not the service: a 404 page, as a proxy or a web server answers. */
async function htmlEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
    res.end('<!doctype html><html><body><h1>404 Not Found</h1></body></html>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

/** The emulator in a process of its own, so that a row can kill it. */
async function emulatorProcess(): Promise<Control & { kill(): void }> {
  const child = spawn(process.execPath, [EMULATOR_BIN, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
      if (out.includes('\n')) resolve(out.split('\n')[0]!)
    })
    child.on('exit', (code) => reject(new Error(`the emulator exited with ${code} before it was ready`)))
  })
  const { endpoint, loggingGrpc } = JSON.parse(line) as { endpoint: string; loggingGrpc: string }
  return {
    endpoint,
    loggingGrpc,
    post: async (p, body) =>
      (await fetch(`${endpoint}${p}`, { method: 'POST', body: JSON.stringify(body) })).json(),
    kill: () => child.kill('SIGKILL'),
  }
}

/** Runs one row; the CLI result, and the ids a full read must print. */
async function runRow(
  target: FaultTarget,
  scenario: FaultScenario,
  cw: CloudWatchHarness,
): Promise<{ result: CliResult; ids: string[]; stats?: StatsSnapshot }> {
  if (scenario.killAfterLines !== undefined) {
    const emulator = await emulatorProcess()
    let cli: StreamingCli | undefined
    try {
      const prepared = await target.prepare(emulator, scenario.settings)
      cli = spawnCli(['logs', ...scenario.command(target, prepared.source)], {
        cwd: prepared.cwd,
        env: cleanEnv(target.env(emulator.endpoint)),
        timeoutMs: 90_000,
      })
      await cli.waitForLines(scenario.killAfterLines)
      emulator.kill()
      return { result: await cli.exited, ids: prepared.ids }
    } finally {
      emulator.kill()
      // A row that failed before the CLI ended leaves neither it nor its guard timer running, which
      // would keep the jest worker from exiting.
      cli?.kill('SIGKILL')
      await cli?.exited
    }
  }
  await cw.reset()
  const control: Control = {
    endpoint: cw.emulator.endpoint,
    loggingGrpc: cw.emulator.loggingGrpc,
    post: (p, body) => cw.control('POST', p, body),
  }
  const prepared = await target.prepare(control, scenario.settings)
  if (scenario.faults) await cw.faults(scenario.faults(target))
  let endpoint = cw.emulator.endpoint
  let html: Server | undefined
  if (scenario.endpoint === 'dead') endpoint = await deadEndpoint()
  if (scenario.endpoint === 'html') ({ url: endpoint, server: html } = await htmlEndpoint())
  try {
    const result = await runCli(['logs', ...scenario.command(target, prepared.source)], {
      cwd: prepared.cwd,
      env: cleanEnv(target.env(endpoint)),
      timeoutMs: 90_000,
    })
    // What the emulator answered, read before the faults are cleared: what the CLI's counts are held to.
    return { result, ids: prepared.ids, stats: await cw.stats() }
  } finally {
    html?.close()
    await cw.faults({})
  }
}

function expectOutcome(
  target: FaultTarget,
  { result, ids, stats }: { result: CliResult; ids: string[]; stats?: StatsSnapshot },
  outcome: Outcome,
): void {
  const context = `exit ${result.code}\nstderr:\n${result.stderr}`
  // Ended on its own, not by the guard's SIGKILL.
  expect({ signal: result.signal, context }).toEqual({ signal: null, context })
  expect({ code: result.code, context }).toEqual({ code: outcome.code, context })
  expect(result.stderr).not.toMatch(/\n\s+at /)
  expect(result.stderr).not.toMatch(/\$response|UnknownError|Deserialization error/)
  const stderrLines = result.stderr.split('\n').filter((l) => l.trim() !== '')
  expect(stderrLines).toEqual([...new Set(stderrLines)])

  const printed = result.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => target.idOf(JSON.parse(l) as Record<string, unknown>))
  expect(printed).toEqual([...new Set(printed)])
  if (outcome.allEvents) expect([...printed].sort()).toEqual([...ids].sort())

  if (outcome.code === 0) return
  const errors = stderrLines.filter((l) => l.startsWith('Error: '))
  expect(errors).toHaveLength(1)
  const at = stderrLines.indexOf(errors[0]!)
  expect(errors[0]!.slice('Error: '.length)).toMatch(outcome.error ?? /./)
  if (outcome.recorded) {
    // The count the message gives against the faulted answers the emulator recorded giving.
    const counted = Number(outcome.error?.exec(errors[0]!)?.groups?.n)
    expect(counted).toBeGreaterThanOrEqual(1)
    expect(counted).toBeLessThanOrEqual(outcome.recorded(stats!))
  }
  expect(stderrLines[at + 1]).toMatch(/^ {2}Hint: /)
  expect(stderrLines[at + 1]!.replace(/^ {2}Hint: /, '')).toMatch(outcome.hint ?? /./)
}

/** The test file that runs a kind's rows: `aws/cloudwatch` → `aws-cloudwatch.test.ts`. */
const fileOf = (kind: string) => `${kind.replace(/\//g, '-')}.test.ts`

/**
 * Declares the rows of one target. Each target has a test file of its own that calls this, so that
 * jest runs the targets in parallel workers: most rows wait out a --timeout or a retry back-off.
 */
export function describeFaults(kind: string): void {
  const files = new Set(readdirSync(import.meta.dirname))
  const missing = TARGETS.filter((t) => !files.has(fileOf(t.kind))).map((t) => fileOf(t.kind))
  if (missing.length > 0)
    throw new Error(
      `Every fault target needs a test file beside this one calling describeFaults(kind); missing: ${missing.join(', ')}`,
    )
  const target = TARGETS.find((t) => t.kind === kind)
  if (!target) throw new Error(`describeFaults('${kind}'): no target of that kind in faults/targets.ts`)

  describe(`faults × commands: ${kind}`, () => {
    let cw: CloudWatchHarness
    beforeAll(async () => {
      // Small pages, so that the faults land in the middle of paginations.
      cw = await cloudwatchHarness({ filterScanLimit: 40 })
    })
    afterAll(async () => {
      await cw?.close()
    })

    const rows = SCENARIOS.filter((s) => s.needs !== 'follow' || target.follows)
    it.each(rows.map((s) => [s.fault, s] as const))('%s', async (_fault, scenario) => {
      expectOutcome(target, await runRow(target, scenario, cw), scenario.expect(target))
    })
  })
}

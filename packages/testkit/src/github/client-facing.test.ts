/** What a polling log client meets: poll intervals, expired log URLs, archives without step files, stats. */
import { unzipSync } from 'fflate'
import { ManualClock } from '../clock.js'
import { type Emulator, startEmulator } from '../server.js'
import type { StatsSnapshot } from '../stats.js'
import { deployWorkflowSeed } from './labelled-seed.js'

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0)
const token = `ghp_${'clientFacing'.padEnd(36, '0')}`

describe('the GitHub emulator for a polling client', () => {
  let emulator: Emulator
  const clock = new ManualClock(T0)
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${emulator.github}${path}`, {
      headers: { authorization: `token ${token}`, ...headers },
      redirect: 'manual',
    })

  beforeAll(async () => {
    emulator = await startEmulator({ clock })
  })
  beforeEach(async () => {
    emulator.reset()
    clock.set(T0)
    const jobs = [{ name: 'build', steps: [{ name: 'Make', durationMs: 5000, run: 'make', lines: ['ok'] }] }]
    await emulator.seed({
      github: deployWorkflowSeed([
        { id: 1, createdAt: T0 - 600_000, jobs },
        { id: 2, createdAt: T0 - 300_000, stepLogs: false, jobs },
      ]),
    })
  })
  afterAll(() => emulator.close())

  it('sends x-poll-interval on run and job answers when one is set', async () => {
    expect((await get('/repos/acme/app/actions/runs/1')).headers.get('x-poll-interval')).toBeNull()
    emulator.faults.set({ pollIntervalSeconds: 7 })
    expect((await get('/repos/acme/app/actions/runs/1')).headers.get('x-poll-interval')).toBe('7')
    expect((await get('/repos/acme/app/actions/runs/1/jobs')).headers.get('x-poll-interval')).toBe('7')
    expect((await get('/repos/acme/app/actions/workflows')).headers.get('x-poll-interval')).toBeNull()
  })

  it('does not count a matching conditional request against the limit', async () => {
    const first = await get('/repos/acme/app/actions/runs/1')
    const again = await get('/repos/acme/app/actions/runs/1', {
      'if-none-match': `"x", ${first.headers.get('etag')!.slice(2)}`,
    })
    expect(again.status).toBe(304)
    expect(again.headers.get('x-ratelimit-remaining')).toBe(first.headers.get('x-ratelimit-remaining'))
    expect((await get('/repos/acme/app/actions/runs/1', { 'if-none-match': '"stale"' })).status).toBe(200)
  })

  it('hands out log URLs that expire, by the clock or by the expiredLogUrls fault', async () => {
    const location = async () =>
      (await get('/repos/acme/app/actions/runs/1/attempts/1/logs')).headers.get('location')!
    const url = await location()
    clock.advance(61_000)
    const late = await fetch(url)
    expect(late.status).toBe(403)
    expect(late.headers.get('x-ms-error-code')).toBe('AuthenticationFailed')
    emulator.faults.set({ expiredLogUrls: 1, operations: ['runLogsBlob'] })
    expect((await fetch(await location())).status).toBe(403)
    emulator.faults.clear()
    expect((await fetch(await location())).status).toBe(200)
  })

  it('cuts answers short with the malformed fault: a 200 of JSON type whose body is half the JSON', async () => {
    const whole = await (await get('/repos/acme/app/actions/runs/1/jobs')).text()
    emulator.faults.set({ malformed: 1, operations: ['listJobsForWorkflowRun'] })
    const cut = await get('/repos/acme/app/actions/runs/1/jobs')
    expect(cut.status).toBe(200)
    expect(cut.headers.get('content-type')).toMatch(/^application\/json/)
    const body = await cut.text()
    expect(whole.startsWith(body)).toBe(true)
    expect(body.length).toBeLessThan(whole.length)
    expect(() => JSON.parse(body)).toThrow()
    // A log route succeeds with a redirect: its cut answer is a 200 with the start of a JSON body.
    emulator.faults.set({ malformed: 1, operations: ['downloadWorkflowRunAttemptLogs'] })
    const log = await get('/repos/acme/app/actions/runs/1/attempts/1/logs')
    expect(log.status).toBe(200)
    expect(log.headers.get('location')).toBeNull()
    const logBody = await log.text()
    expect(() => JSON.parse(logBody)).toThrow()
    expect(emulator.stats.snapshot().faults.malformed).toBe(2)
    // Other operations are answered whole.
    expect((await get('/repos/acme/app/actions/runs/1')).status).toBe(200)
  })

  it('archives runs with or without a file per step', async () => {
    const names = async (run: number) => {
      const url = (await get(`/repos/acme/app/actions/runs/${run}/attempts/1/logs`)).headers.get('location')!
      return Object.keys(unzipSync(new Uint8Array(await (await fetch(url)).arrayBuffer()))).sort()
    }
    expect(await names(1)).toEqual([
      '0_build.txt',
      'build/1_Set up job.txt',
      'build/2_Make.txt',
      'build/3_Complete job.txt',
    ])
    expect(await names(2)).toEqual(['0_build.txt'])
  })

  it('records GitHub calls in the shared stats, recent calls included', async () => {
    await get('/repos/acme/app/actions/runs/1/jobs?filter=all')
    const stats = (await (await fetch(`${emulator.endpoint}/_emulator/stats`)).json()) as StatsSnapshot
    expect(stats.calls.listJobsForWorkflowRun).toBe(1)
    expect(stats.recent).toContainEqual(
      expect.objectContaining({
        operation: 'listJobsForWorkflowRun',
        service: 'github',
        params: { owner: 'acme', repo: 'app', run_id: '1', filter: 'all' },
      }),
    )
  })
})

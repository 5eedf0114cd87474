import { type Grpc, loadLoggingGrpc, type TailResponseJson } from '@atmos-logs/gcp-logging-grpc'
import { ManualClock } from '../clock.js'
import { type Emulator, startEmulator } from '../server.js'

const LOG = 'projects/p1/logs/run.googleapis.com%2Fstdout'
const TOKEN = 'ya29.test-token'

interface Opened {
  responses: TailResponseJson[]
  /** Resolves with the status the stream ended with (code 0 for a normal end). */
  ended: Promise<{ code: number; details: string }>
  /** Resolves once `n` entries in all have arrived. */
  entries(n: number): Promise<string[]>
  call: Grpc.ClientDuplexStream<unknown, TailResponseJson>
}

describe('Cloud Logging emulator: TailLogEntries over gRPC', () => {
  let emulator: Emulator

  const write = async (entries: Array<Record<string, unknown>>, logName = LOG) => {
    const res = await fetch(`${emulator.endpoint}/v2/entries:write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ logName, entries }),
    })
    expect(res.status).toBe(200)
  }

  const open = async (request: Record<string, unknown>, token: string | null = TOKEN): Promise<Opened> => {
    const { grpc, Client } = await loadLoggingGrpc()
    const client = new Client(emulator.loggingGrpc.replace('http://', ''), grpc.credentials.createInsecure())
    const metadata = new grpc.Metadata()
    if (token) metadata.set('authorization', `Bearer ${token}`)
    const call = (
      client as unknown as {
        tailLogEntries(m: Grpc.Metadata): Grpc.ClientDuplexStream<unknown, TailResponseJson>
      }
    ).tailLogEntries(metadata)
    const responses: TailResponseJson[] = []
    const waiters: Array<() => void> = []
    const ids = () => responses.flatMap((r) => (r.entries ?? []).map((e) => String(e.insertId)))
    call.on('data', (r: TailResponseJson) => {
      responses.push(r)
      for (const w of waiters.splice(0)) w()
    })
    const ended = new Promise<{ code: number; details: string }>((resolve) => {
      call.on('error', (e: Grpc.ServiceError) => resolve({ code: e.code, details: e.details }))
      call.on('status', (s: Grpc.StatusObject) => {
        if (s.code === 0) resolve({ code: 0, details: s.details })
      })
    })
    ended.then(() => client.close())
    call.write(request)
    const entries = async (n: number) => {
      while (ids().length < n) await new Promise<void>((r) => waiters.push(r))
      return ids()
    }
    return { responses, ended, entries, call }
  }

  /** Waits until the emulator has the session open (its first request read). */
  const opened = async (n = 1) => {
    while (emulator.loggingTail.sessions < n || emulator.stats.snapshot().recent.length === 0)
      await new Promise((r) => setTimeout(r, 10))
  }

  beforeEach(async () => {
    emulator = await startEmulator({ loggingTail: { entriesPerMinute: 5, sessionsPerProject: 2 } })
    emulator.logging.seed({ entries: [], projects: ['p1', 'p2'] })
  })
  afterEach(() => emulator.close())

  it('sends entries written after it opened, held for the buffer window and ordered by timestamp', async () => {
    const tail = await open({ resourceNames: ['projects/p1'], filter: 'severity>=INFO', bufferWindow: '1s' })
    await opened()
    const now = Date.now()
    await write([{ insertId: 'second', timestamp: new Date(now).toISOString(), severity: 'INFO' }])
    // written after "second" but stamped before it: within the window, so it comes first
    await write([{ insertId: 'first', timestamp: new Date(now - 300).toISOString(), severity: 'WARNING' }])
    await write([{ insertId: 'debug', timestamp: new Date(now).toISOString(), severity: 'DEBUG' }])
    await write([{ insertId: 'elsewhere', severity: 'ERROR' }], 'projects/p2/logs/x')
    expect(await tail.entries(2)).toEqual(['first', 'second'])
    expect(tail.responses.flatMap((r) => r.entries ?? [])[1]).toMatchObject({
      logName: LOG,
      severity: 'INFO',
    })
    tail.call.end()
    expect((await tail.ended).code).toBe(0)
  })

  it('counts what passes the rate limit as RATE_LIMIT suppression instead of sending it', async () => {
    const tail = await open({ resourceNames: ['projects/p1'], bufferWindow: '0s' })
    await opened()
    const at = new Date().toISOString()
    await write(
      Array.from({ length: 8 }, (_, i) => ({ insertId: `e${i}`, timestamp: at, textPayload: `${i}` })),
    )
    expect(await tail.entries(5)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4'])
    while (!tail.responses.some((r) => r.suppressionInfo)) await new Promise((r) => setTimeout(r, 10))
    expect(tail.responses.flatMap((r) => r.suppressionInfo ?? [])).toEqual([
      { reason: 'RATE_LIMIT', suppressedCount: 3 },
    ])
    tail.call.cancel()
  })

  it('counts what a client that stops reading was not sent as NOT_CONSUMED, and says so once it reads again', async () => {
    await emulator.close()
    emulator = await startEmulator()
    emulator.logging.seed({ entries: [], projects: ['p1'] })
    const tail = await open({ resourceNames: ['projects/p1'], bufferWindow: '0s' })
    await opened()
    tail.call.pause()
    // 64 KiB entries, one a write: more than the client's buffer and the connection's window hold.
    const written = Array.from({ length: 80 }, (_, i) => `big-${String(i).padStart(2, '0')}`)
    for (const id of written) await write([{ insertId: id, textPayload: 'x'.repeat(64 * 1024) }])
    tail.call.resume()
    const suppressed = () =>
      tail.responses
        .flatMap((r) => r.suppressionInfo ?? [])
        .reduce((n, s) => n + (s.reason === 'NOT_CONSUMED' ? (s.suppressedCount ?? 0) : 0), 0)
    const sent = () => tail.responses.flatMap((r) => (r.entries ?? []).map((e) => String(e.insertId)))
    while (sent().length + suppressed() < written.length) await new Promise((r) => setTimeout(r, 20))
    expect(suppressed()).toBeGreaterThan(0)
    // What was sent is what came before the client fell behind, in order; the rest is only counted.
    expect(sent()).toEqual(written.slice(0, sent().length))
    expect(sent().length + suppressed()).toBe(written.length)
    tail.call.cancel()
  }, 60_000)

  it('sends a held entry whose release timer fired before the clock said it was due', async () => {
    // A clock that only the test moves, and that counts its reads: after the write, the next read
    // is the release timer firing, which then finds the entry not yet due (as when libuv fires a
    // timer a millisecond early by the clock). The session must look again.
    class CountingClock extends ManualClock {
      reads = 0
      override now(): number {
        this.reads++
        return super.now()
      }
    }
    const t0 = Date.UTC(2026, 0, 1)
    const clock = new CountingClock(t0)
    await emulator.close()
    emulator = await startEmulator({ clock })
    emulator.logging.seed({ entries: [], projects: ['p1'] })
    const tail = await open({ resourceNames: ['projects/p1'], bufferWindow: '0.050s' })
    await opened()
    await write([{ insertId: 'held', timestamp: new Date(t0).toISOString(), textPayload: 'x' }])
    const read = clock.reads
    while (clock.reads === read) await new Promise((r) => setTimeout(r, 10))
    clock.advance(50)
    expect(await tail.entries(1)).toEqual(['held'])
    tail.call.cancel()
  })

  it('refuses with the gRPC statuses the service uses', async () => {
    const status = async (request: Record<string, unknown>, token: string | null = TOKEN) =>
      (await (await open(request, token)).ended).code
    expect(await status({ resourceNames: ['projects/p1'] }, null)).toBe(16) // UNAUTHENTICATED
    expect(await status({ resourceNames: [] })).toBe(3) // INVALID_ARGUMENT
    expect(await status({ resourceNames: ['projects/p1'], bufferWindow: '61s' })).toBe(3)
    const bad = await open({ resourceNames: ['projects/p1'], filter: 'severity>=' })
    expect(await bad.ended).toMatchObject({ code: 3, details: expect.stringContaining('Invalid filter') })
    // A project that does not exist is denied as one the caller may not read, never NOT_FOUND.
    const unknown = await open({ resourceNames: ['projects/p1', 'projects/nobody-has-this'] })
    expect(await unknown.ended).toEqual({
      code: 7,
      details: "Permission 'logging.logEntries.list' denied on resource (or it may not exist).",
    })
    expect(emulator.loggingTail.sessions).toBe(0)
    emulator.logging.seed({ entries: [], tokens: ['only-this'] })
    expect(await status({ resourceNames: ['projects/p1'] })).toBe(16)

    emulator.faults.set({ accessDenied: 1, operations: ['TailLogEntries'] })
    expect(await status({ resourceNames: ['projects/p1'] }, 'only-this')).toBe(7) // PERMISSION_DENIED
    emulator.faults.set({ error5xx: 1, operations: ['TailLogEntries'] })
    expect(await status({ resourceNames: ['projects/p1'] }, 'only-this')).toBe(14) // UNAVAILABLE
    emulator.faults.clear()

    // two sessions a project here (10 in the service): the third is RESOURCE_EXHAUSTED
    const first = await open({ resourceNames: ['projects/p1'] }, 'only-this')
    const second = await open({ resourceNames: ['projects/p1'] }, 'only-this')
    await opened(2)
    expect(await status({ resourceNames: ['projects/p1'] }, 'only-this')).toBe(8)
    first.call.cancel()
    second.call.cancel()
  })

  it('ends open sessions with UNAVAILABLE when interrupted, and normally when their time is up', async () => {
    const tail = await open({ resourceNames: ['projects/p1'] })
    await opened()
    expect(emulator.loggingTail.interrupt()).toBe(1)
    expect((await tail.ended).code).toBe(14)

    await emulator.close()
    emulator = await startEmulator({ loggingTail: { sessionMs: 200 } })
    emulator.logging.seed({ entries: [], projects: ['p1'] })
    const short = await open({ resourceNames: ['projects/p1'] })
    expect((await short.ended).code).toBe(0)
    expect(emulator.loggingTail.sessions).toBe(0)
  })
})

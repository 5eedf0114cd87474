import type { LogEntry } from '@atmos-logs/core/contract'
import { type Grpc, loadLoggingGrpc } from '@atmos-logs/gcp-logging-grpc'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { EMULATOR_TOKEN, resolveEndpoint } from './client.js'
import { GcpLoggingProvider } from './provider.js'
import { GRPC_ENDPOINT_VARIABLE, resolveGrpcEndpoint } from './stream.js'
import { writeEntries } from './testdata/helpers.js'

const PROJECT = 'acme-dev'

/** Binds a gRPC server of the test's own to a free loopback port. */
function listen(grpc: typeof Grpc, server: Grpc.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  )
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A running --follow: what it printed, what it logged, and how it ended. */
function follow(provider: GcpLoggingProvider, lines = 2) {
  const controller = new AbortController()
  const got: LogEntry[] = []
  const done = (async () => {
    for await (const e of provider.tailLogs({ lines, follow: true, signal: controller.signal } as never))
      got.push(e)
  })()
  const until = async (n: number) => {
    while (got.length < n) {
      const failed = await Promise.race([
        done.then(
          () => 'ended',
          (e) => e,
        ),
        sleep(20).then(() => undefined),
      ])
      if (failed) throw failed === 'ended' ? new Error(`follow ended after ${got.length} entries`) : failed
    }
    return got.map((e) => e.id)
  }
  return { got, until, done, stop: () => controller.abort() }
}

describe('the gRPC endpoint', () => {
  const rest = resolveEndpoint('http://127.0.0.1:4566', {}, 'web')
  const google = resolveEndpoint(undefined, {}, 'web')
  it('takes spec.grpc_endpoint, then ATMOS_LOGS_GCP_GRPC_ENDPOINT, then the REST host on 443; none for an emulator', () => {
    expect(
      resolveGrpcEndpoint('http://127.0.0.1:9', { [GRPC_ENDPOINT_VARIABLE]: 'x:1' }, rest, 'web'),
    ).toEqual({
      address: '127.0.0.1:9',
      secure: false,
      setBy: 'spec.grpc_endpoint',
    })
    expect(
      resolveGrpcEndpoint(undefined, { [GRPC_ENDPOINT_VARIABLE]: 'logging.example.com:8443' }, rest, 'web'),
    ).toEqual({
      address: 'logging.example.com:8443',
      secure: true,
      setBy: GRPC_ENDPOINT_VARIABLE,
    })
    expect(resolveGrpcEndpoint(undefined, {}, google, 'web')).toMatchObject({
      address: 'logging.googleapis.com:443',
      secure: true,
    })
    expect(resolveGrpcEndpoint(undefined, {}, rest, 'web')).toBeUndefined()
  })
  it('refuses plain HTTP/2 to another host (exit 2)', () => {
    expect(() => resolveGrpcEndpoint('http://logging.example.com:80', {}, google, 'web')).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    )
  })
})

describe('--follow through TailLogEntries against the emulator', () => {
  let emulator: Emulator
  const debug: string[] = []
  const warnings: string[] = []
  const logger = {
    debug: (m: unknown, s?: string) => debug.push(String(s ?? m)),
    info() {},
    warn: (m: unknown, s?: string) => warnings.push(String(s ?? m)),
    error() {},
  }
  const write = (entries: unknown[]) => writeEntries(emulator.endpoint, PROJECT, entries)
  const provider = (spec: Record<string, unknown> = {}) =>
    new GcpLoggingProvider(
      {
        name: 'web',
        logger,
        spec: {
          project: PROJECT,
          endpoint: emulator.endpoint,
          grpc_endpoint: emulator.loggingGrpc,
          buffer_window: '1s',
          poll_interval: '1s',
          ...spec,
        },
      },
      { env: {} },
    )
  const listCalls = () => emulator.stats.snapshot().calls.ListLogEntries ?? 0
  const entry = (id: string, at: number, text = id) => ({
    insertId: id,
    timestamp: new Date(at).toISOString(),
    textPayload: text,
  })

  beforeEach(async () => {
    emulator = await startEmulator({ loggingTail: { entriesPerMinute: 600 } })
    debug.length = 0
    warnings.length = 0
    const start = Date.now() - 60_000
    await write([entry('old-1', start), entry('old-2', start + 1000), entry('old-3', start + 2000)])
  })
  afterEach(() => emulator.close())

  it('prints the newest lines, then each new entry once, in timestamp order, with no polling', async () => {
    const f = follow(provider())
    expect(await f.until(2)).toEqual(['old-2', 'old-3'])
    while (emulator.loggingTail.sessions === 0) await sleep(10)
    const polledBefore = listCalls()
    const now = Date.now()
    await write([entry('live-b', now)])
    // written after live-b, stamped before it, within the buffer window: printed before it
    await write([entry('live-a', now - 400)])
    expect(await f.until(4)).toEqual(['old-2', 'old-3', 'live-a', 'live-b'])
    await sleep(1500)
    f.stop()
    await f.done
    expect(f.got.map((e) => e.id)).toEqual(['old-2', 'old-3', 'live-a', 'live-b'])
    expect(listCalls()).toBe(polledBefore)
    const tail = emulator.stats.snapshot().recent.find((c) => c.operation === 'TailLogEntries')
    expect(tail?.params).toMatchObject({ resourceNames: [`projects/${PROJECT}`], bufferWindow: '1s' })
    expect(debug.join('\n')).toContain('TailLogEntries session opened')
  }, 30_000)

  it('reopens a dropped stream and reads the gap through entries.list: nothing lost, nothing twice', async () => {
    const f = follow(provider())
    await f.until(2)
    while (emulator.loggingTail.sessions === 0) await sleep(10)
    await write([entry('before-drop', Date.now())])
    await f.until(3)
    expect(emulator.loggingTail.interrupt()).toBe(1)
    await write([entry('in-the-gap', Date.now())])
    while (emulator.loggingTail.sessions === 0) await sleep(10)
    await write([entry('after-reopen', Date.now())])
    await f.until(5)
    await sleep(1500)
    f.stop()
    await f.done
    expect(f.got.map((e) => e.id)).toEqual(['old-2', 'old-3', 'before-drop', 'in-the-gap', 'after-reopen'])
    expect(debug.join('\n')).toMatch(/session ended \(UNAVAILABLE/)
    expect(debug.join('\n')).toMatch(/entries the stream had not sent: [1-9]/)
  }, 30_000)

  it('says on stderr how many entries the service left out for its rate limit', async () => {
    await emulator.close()
    emulator = await startEmulator({ loggingTail: { entriesPerMinute: 3 } })
    await write([entry('old-1', Date.now() - 60_000)]) // the project exists once it has an entry
    const f = follow(provider({ buffer_window: '0s' }), 0)
    while (emulator.loggingTail.sessions === 0) await sleep(10)
    const now = Date.now()
    await write(Array.from({ length: 5 }, (_, i) => entry(`burst-${i}`, now + i)))
    expect(await f.until(3)).toEqual(['burst-0', 'burst-1', 'burst-2'])
    while (warnings.length === 0) await sleep(10)
    f.stop()
    await f.done
    expect(warnings).toEqual([
      'Source "web": Cloud Logging left 2 entries over its live-tailing rate limit out of the stream. Narrow --filter to see every entry.',
    ])
  }, 30_000)

  it('says on stderr how many entries the service left out because they were not read in time', async () => {
    // The emulator counts NOT_CONSUMED only for a client that stops reading, which this one never
    // does: a server of our own answers the way the service then does.
    const { grpc, service } = await loadLoggingGrpc()
    const server = new grpc.Server()
    server.addService(service, {
      tailLogEntries: (call: { once(e: 'data', f: () => void): void; write(r: unknown): void }) =>
        call.once('data', () =>
          call.write({
            entries: [{ logName: `projects/${PROJECT}/logs/app`, ...entry('after-gap', Date.now()) }],
            suppressionInfo: [{ reason: 'NOT_CONSUMED', suppressedCount: 4 }],
          }),
        ),
    })
    const port = await listen(grpc, server)
    try {
      const f = follow(provider({ grpc_endpoint: `http://127.0.0.1:${port}` }))
      expect(await f.until(3)).toEqual(['old-2', 'old-3', 'after-gap'])
      while (warnings.length === 0) await sleep(10)
      f.stop()
      await f.done
      expect(warnings).toEqual([
        'Source "web": Cloud Logging left 4 entries not read fast enough out of the stream. Narrow --filter to see every entry.',
      ])
    } finally {
      server.forceShutdown()
    }
  }, 30_000)

  it('a stream the service refuses ends the follow with the REST words and exit code', async () => {
    emulator.faults.set({ accessDenied: 1, operations: ['TailLogEntries'] })
    const f = follow(provider())
    const err = (await f.done.then(
      () => undefined,
      (e) => e,
    )) as Error & { exitCode?: number }
    expect(err.exitCode).toBe(1)
    expect(err.message).toContain('was denied TailLogEntries')
    expect(err.message).toContain('roles/logging.viewer')
  }, 30_000)

  it('falls back to polling, and says so in --debug, when nothing listens on the gRPC port', async () => {
    const f = follow(provider({ grpc_endpoint: 'http://127.0.0.1:1' }))
    expect(await f.until(2)).toEqual(['old-2', 'old-3'])
    await write([entry('polled', Date.now())])
    expect(await f.until(3)).toEqual(['old-2', 'old-3', 'polled'])
    f.stop()
    await f.done
    expect(debug.join('\n')).toMatch(/streaming is not available \(nothing answered gRPC at 127\.0\.0\.1:1/)
    expect(emulator.stats.snapshot().calls.TailLogEntries).toBeUndefined()
  }, 30_000)

  it('falls back to polling when the gRPC server lacks TailLogEntries (UNIMPLEMENTED)', async () => {
    const { grpc } = await loadLoggingGrpc()
    const bare = new grpc.Server()
    const port = await listen(grpc, bare)
    try {
      const f = follow(provider({ grpc_endpoint: `http://127.0.0.1:${port}` }))
      await f.until(2)
      await write([entry('polled', Date.now())])
      expect(await f.until(3)).toEqual(['old-2', 'old-3', 'polled'])
      f.stop()
      await f.done
      expect(debug.join('\n')).toMatch(/does not serve TailLogEntries/)
    } finally {
      bare.forceShutdown()
    }
    expect(EMULATOR_TOKEN).toBe('atmos-logs-emulator')
  }, 30_000)
})

import { appendFile, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { LogEntry, Logger } from '@atmos-logs/core/contract'
import providers from './hooks/providers.js'
import { LocalFileProvider } from './provider.js'

const logger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

async function tempDir() {
  return mkdtemp(path.join(tmpdir(), 'local-file-'))
}

async function collect(it: AsyncIterable<LogEntry>, max = Number.POSITIVE_INFINITY): Promise<LogEntry[]> {
  const out: LogEntry[] = []
  for await (const e of it) {
    out.push(e)
    if (out.length >= max) break
  }
  return out
}

describe('local/file provider', () => {
  it('registers kind local/file through its hook', async () => {
    const [reg] = await providers()
    expect(reg!.kind).toBe('local/file')
    expect(reg!.apiVersion).toBe(1)
    const p = await reg!.create({ name: 'app', spec: { path: '/nowhere' }, logger })
    expect(p).toBeInstanceOf(LocalFileProvider)
  })

  it('reads text and NDJSON lines across a glob in time order, honouring since, filter and limit', async () => {
    const dir = await tempDir()
    await writeFile(
      path.join(dir, 'a.log'),
      '2026-01-01T00:00:01Z INFO started\n2026-01-01T00:00:03Z ERROR boom\n',
    )
    await writeFile(
      path.join(dir, 'b.log'),
      `${JSON.stringify({ time: '2026-01-01T00:00:02Z', level: 'warn', msg: 'slow', requestId: 'r1' })}\n`,
    )
    await writeFile(path.join(dir, 'ignored.txt'), '2026-01-01T00:00:00Z INFO not matched\n')
    const p = new LocalFileProvider({ name: 'app', spec: { path: path.join(dir, '*.log') }, logger })
    p.validate()
    const signal = new AbortController().signal
    const all = await collect(p.getLogs({ signal }))
    expect(all.map((e) => [e.timestamp.toISOString(), e.level])).toEqual([
      ['2026-01-01T00:00:01.000Z', 'INFO'],
      ['2026-01-01T00:00:02.000Z', 'WARN'],
      ['2026-01-01T00:00:03.000Z', 'ERROR'],
    ])
    expect(all[1]!.requestId).toBe('r1')
    expect(new Set(all.map((e) => e.id)).size).toBe(3)

    const since = await collect(p.getLogs({ signal, since: new Date('2026-01-01T00:00:02Z') }))
    expect(since.map((e) => e.level)).toEqual(['WARN', 'ERROR'])
    const filtered = await collect(p.getLogs({ signal, filter: 'boom' }))
    expect(filtered.map((e) => e.message)).toEqual(['2026-01-01T00:00:03Z ERROR boom'])
    expect(await collect(p.getLogs({ signal, limit: 2 }))).toHaveLength(2)
  })

  it('tails: the newest lines first, then appended lines and new files, each once', async () => {
    const dir = await tempDir()
    const a = path.join(dir, 'a.log')
    await writeFile(a, 'one\ntwo\nthree\n')
    const p = new LocalFileProvider({
      name: 'app',
      spec: { path: path.join(dir, '*.log'), poll_interval_ms: 20 },
      logger,
    })
    const ac = new AbortController()
    const seen: string[] = []
    const it = p.tailLogs({ signal: ac.signal, lines: 2 })[Symbol.asyncIterator]()
    const next = async () => {
      const r = await it.next()
      if (!r.done) seen.push(r.value.message)
      return r
    }
    await next()
    await next()
    expect(seen).toEqual(['two', 'three'])
    await appendFile(a, 'four\nfi')
    await next()
    expect(seen).toEqual(['two', 'three', 'four'])
    await appendFile(a, 've\n')
    await writeFile(path.join(dir, 'b.log'), 'new file line\n')
    await next()
    await next()
    expect(seen.slice(3).sort()).toEqual(['five', 'new file line'])
    ac.abort()
    expect((await it.next()).done).toBe(true)
  })

  it('tail without follow ends after the newest lines', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'a.log'), 'one\ntwo\nthree\n')
    const p = new LocalFileProvider({ name: 'app', spec: { path: path.join(dir, 'a.log') }, logger })
    const got = await collect(p.tailLogs({ signal: new AbortController().signal, lines: 2, follow: false }))
    expect(got.map((e) => e.message)).toEqual(['two', 'three'])
  })

  it('rejects a spec without a path', () => {
    const p = new LocalFileProvider({ name: 'app', spec: {}, logger })
    expect(() => p.validate()).toThrow(/spec.path is required/)
  })
})

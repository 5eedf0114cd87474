import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type {
  Capability,
  GetLogsOptions,
  LogEntry,
  LogSourceInfo,
  ProviderContext,
  StreamingProvider,
  TailOptions,
} from '@atmos-logs/core/contract'
import { globToRegExp, splitGlob, toPosix } from './glob.js'
import { parseLine } from './parse.js'

type Format = 'auto' | 'text' | 'ndjson'

interface FileState {
  offset: number
  /** Bytes of an unfinished last line, kept until its newline arrives. */
  partial: string
}

/**
 * Reads local files. An entry's id is `<file>:<byte offset of the line>`, stable across runs
 * for files that are only appended to.
 */
export class LocalFileProvider implements StreamingProvider {
  readonly kind = 'local/file'
  readonly capabilities: Capability[] = ['list', 'get', 'tail']
  readonly name: string
  private readonly pattern: string
  private readonly format: Format
  private readonly pollMs: number

  constructor(ctx: ProviderContext) {
    this.name = ctx.name
    this.pattern = typeof ctx.spec.path === 'string' ? ctx.spec.path : ''
    this.format = (ctx.spec.format as Format | undefined) ?? 'auto'
    this.pollMs = typeof ctx.spec.poll_interval_ms === 'number' ? ctx.spec.poll_interval_ms : 250
  }

  validate(): void {
    if (!this.pattern)
      throw new Error('spec.path is required: a file path or a glob such as /var/log/app/*.log')
    if (!['auto', 'text', 'ndjson'].includes(this.format)) {
      throw new Error(`spec.format must be auto, text or ndjson, not "${String(this.format)}"`)
    }
  }

  async listSources(): Promise<LogSourceInfo[]> {
    const files = await this.matchFiles()
    return Promise.all(
      files.map(async (file) => {
        const s = await stat(file)
        return { name: file, metadata: { size: s.size, modified: s.mtime.toISOString() } }
      }),
    )
  }

  async *getLogs(opts: GetLogsOptions): AsyncIterable<LogEntry> {
    await this.requireFiles()
    const entries = await this.readAll(opts)
    const limited = opts.limit ? entries.slice(0, opts.limit) : entries
    for (const e of limited) {
      if (opts.signal.aborted) return
      yield e
    }
  }

  async *tailLogs(opts: TailOptions): AsyncIterable<LogEntry> {
    const states = new Map<string, FileState>()
    const backlog = await this.readAll({ ...opts, limit: undefined, until: undefined }, states)
    const lines = opts.lines ?? 20
    for (const e of backlog.slice(Math.max(0, backlog.length - lines))) {
      if (opts.signal.aborted) return
      yield e
    }
    // `atmos logs tail` without --follow: the newest lines only.
    if (opts.follow === false) return
    while (!opts.signal.aborted) {
      await sleep(this.pollMs, opts.signal)
      if (opts.signal.aborted) return
      const fresh: LogEntry[] = []
      for (const file of await this.matchFiles()) {
        // A file that appeared after we started is read from its beginning.
        const state = states.get(file) ?? { offset: 0, partial: '' }
        states.set(file, state)
        fresh.push(...(await this.readFrom(file, state, new Date())))
      }
      fresh.sort(byTime)
      for (const e of fresh) if (matches(e, opts.filter)) yield e
    }
  }

  async close(): Promise<void> {}

  /** A plain path that does not exist is a mistake worth saying; a glob may match nothing yet. */
  private async requireFiles(): Promise<void> {
    if (splitGlob(this.pattern).glob) return
    if ((await this.matchFiles()).length === 0) {
      throw new Error(`spec.path ${this.pattern} does not exist or is not a file (source ${this.name}).`)
    }
  }

  private async readAll(opts: GetLogsOptions, states = new Map<string, FileState>()): Promise<LogEntry[]> {
    const all: LogEntry[] = []
    for (const file of await this.matchFiles()) {
      const state = { offset: 0, partial: '' }
      states.set(file, state)
      const mtime = (await stat(file)).mtime
      all.push(...(await this.readFrom(file, state, mtime)))
    }
    all.sort(byTime)
    const since = opts.since?.getTime() ?? Number.NEGATIVE_INFINITY
    const until = opts.until?.getTime() ?? Number.POSITIVE_INFINITY
    return all.filter(
      (e) => e.timestamp.getTime() >= since && e.timestamp.getTime() <= until && matches(e, opts.filter),
    )
  }

  /** Reads complete lines appended since `state.offset`; handles truncation by starting over. */
  private async readFrom(file: string, state: FileState, fallbackTime: Date): Promise<LogEntry[]> {
    let size: number
    try {
      size = (await stat(file)).size
    } catch {
      return [] // the file went away (rotation); a new one will match the glob
    }
    if (size < state.offset) {
      state.offset = 0
      state.partial = ''
    }
    if (size === state.offset) return []
    const out: LogEntry[] = []
    let lineStart = state.offset - Buffer.byteLength(state.partial)
    const stream = createReadStream(file, { start: state.offset, end: size - 1 })
    let text = state.partial
    for await (const chunk of stream) text += chunk.toString('utf8')
    state.offset = size
    const parts = text.split('\n')
    state.partial = parts.pop() ?? ''
    for (const raw of parts) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
      const id = `${file}:${lineStart}`
      lineStart += Buffer.byteLength(raw) + 1
      if (line.trim() === '') continue
      out.push({ id, ...parseLine(line, this.format, fallbackTime), metadata: { file } })
    }
    return out
  }

  private async matchFiles(): Promise<string[]> {
    const { base, glob } = splitGlob(this.pattern)
    if (!glob) {
      try {
        return (await stat(this.pattern)).isFile() ? [path.resolve(this.pattern)] : []
      } catch {
        return []
      }
    }
    const root = path.resolve(base)
    const re = globToRegExp(glob)
    let names: string[]
    try {
      names = (await readdir(root, { recursive: glob.includes('/') || glob.includes('**') })) as string[]
    } catch {
      return []
    }
    return names
      .filter((n) => re.test(toPosix(n)))
      .map((n) => path.join(root, n))
      .sort()
  }
}

function byTime(a: LogEntry, b: LogEntry): number {
  return a.timestamp.getTime() - b.timestamp.getTime()
}

/** A plain substring filter: this example keeps filtering simple on purpose. */
function matches(e: LogEntry, filter: string | undefined): boolean {
  return !filter || e.message.includes(filter)
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

import type {
  EntryRenderer,
  FollowQuery,
  FollowSink,
  StreamChoice,
  TuiBackend,
  TuiEntry,
  TuiSource,
} from '../backend.js'
import type { PinStore } from '../pins.js'

export function source(stack: string | null, component: string | null, name: string, kind = 'aws/cloudwatch'): TuiSource {
  return {
    key: `${stack ?? '-'}/${component ?? '-'}/${name}`,
    stack,
    component,
    name,
    kind,
    identity: stack ? `${stack}-admin` : null,
    isDefault: false,
    canList: kind !== 'test/nolist',
    groupsRequests: kind === 'aws/cloudwatch',
    readsOnly: kind === 'test/getonly',
    installed: true,
  }
}

export const SOURCES: TuiSource[] = [
  source('dev', 'api', 'function'),
  source('dev', 'api', 'audit', 'aws/cloudtrail'),
  source('dev', 'worker', 'service'),
  source('prod', 'api', 'function'),
  source('prod', 'billing', 'function'),
  source('prod', 'billing', 'ci', 'github/actions'),
  source(null, null, 'all-lambdas'),
]

let clock = Date.UTC(2026, 11, 2, 10, 0, 0)

export function entry(message: string, opts: Partial<TuiEntry> = {}): TuiEntry {
  clock += 1000
  return {
    timestamp: new Date(clock),
    message,
    source: 'function',
    kind: 'aws/cloudwatch',
    component: 'api',
    stack: 'dev',
    ...opts,
  }
}

/** A plain renderer: the message, JSON indented when expanded. */
export const renderer: EntryRenderer = {
  lines(e, expand) {
    if (expand && e.message.startsWith('{')) return JSON.stringify(JSON.parse(e.message), null, 2).split('\n')
    return [e.message]
  },
  plain: (e) => e.message,
  levelOf: (e) => e.level ?? (/^(ERROR|WARN|INFO)\b/.exec(e.message)?.[1] as TuiEntry['level']),
  detail: (e) => [`time ${e.timestamp.toISOString()}`, `source ${e.source}`, 'message', `  ${e.message}`],
}

/** A backend the tests drive: every follow is recorded, and the test pushes entries into its sink. */
export class FakeBackend implements TuiBackend {
  readonly follows: Array<{ query: FollowQuery; sink: FollowSink; stopped: boolean }> = []
  readonly streamLists = new Map<string, StreamChoice[]>()

  constructor(private readonly list: TuiSource[] = SOURCES) {}

  async sources(): Promise<TuiSource[]> {
    return this.list
  }

  follow(query: FollowQuery, sink: FollowSink) {
    const record = { query, sink, stopped: false }
    this.follows.push(record)
    return {
      stop: () => {
        record.stopped = true
      },
    }
  }

  /** The sink of the newest read. */
  get sink(): FollowSink {
    return this.follows.at(-1)!.sink
  }

  async streams(s: TuiSource): Promise<StreamChoice[]> {
    return this.streamLists.get(s.key) ?? []
  }

  renderer(): EntryRenderer {
    return renderer
  }
}

export function memoryPins(initial: string[] = [], problem?: string): PinStore & { saved: string[][] } {
  let keys = initial
  const saved: string[][] = []
  return {
    saved,
    async load() {
      return problem ? { keys, problem } : { keys }
    },
    async save(next) {
      keys = [...next]
      saved.push(keys)
    },
  }
}

/** Polls until the frame satisfies `test` (a bounded wait for the next render, not a timing check). */
export async function until(frame: () => string | undefined, test: (f: string) => boolean, ms = 5000): Promise<string> {
  const deadline = Date.now() + ms
  for (;;) {
    const f = frame() ?? ''
    if (test(f)) return f
    if (Date.now() > deadline) throw new Error(`The screen never showed what was expected. It showed:\n${f}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

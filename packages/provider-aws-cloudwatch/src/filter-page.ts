import type {
  FilterLogEventsCommand,
  FilterLogEventsCommandOutput,
} from './vendor/@aws-sdk/client-cloudwatch-logs.js'

/** One event as FilterLogEvents pages hold it. */
export type FilteredEvent = NonNullable<FilterLogEventsCommandOutput['events']>[number]

/**
 * The events of one page, parsed when asked for. A plain array is one; so is a page kept as the
 * answer's bytes (JsonEventPage), which costs no heap until read instead of 10,000 objects that
 * outlive a scavenge or two and pile up in old space until the next full collection.
 */
export interface EventPage {
  readonly length: number
  /** Events [from, to), parsed. */
  slice(from?: number, to?: number): FilteredEvent[]
  /**
   * Says the page will not be read again, so that its memory can hold a later page. Optional:
   * a page never released is collected as usual.
   */
  release?(): void
}

/** A FilterLogEvents answer as we use it. */
export interface FilterPage {
  events: EventPage
  nextToken?: string
  /**
   * Milliseconds from sending the request to the answer's first line: the service's latency, which
   * token chains read at once overlap (not the limiter's wait, the body's transfer or its decoding).
   */
  latencyMs?: number
}

/**
 * Buffers that held released pages, for the bodies of later ones: a read of a million events
 * goes through two or three buffers instead of a hundred that wait for a full GC each.
 */
const spare: Buffer[] = []
const MAX_SPARE = 2

function bufferOf(size: number): Buffer {
  const i = spare.findIndex((b) => b.length >= size)
  if (i >= 0) return spare.splice(i, 1)[0]!
  // Room to spare: the pages of a read are about the same size, a few bytes more or less.
  return Buffer.allocUnsafeSlow(Math.ceil((Math.max(size, 64 * 1024) * 1.25) / 65_536) * 65_536)
}

/** Keeps the largest spare buffers: a small one would only be outgrown again. */
function giveBack(buffer: Buffer): void {
  spare.push(buffer)
  spare.sort((a, b) => b.length - a.length)
  spare.length = Math.min(spare.length, MAX_SPARE)
}

/** The events of a FilterLogEvents answer, kept as its bytes with where each event begins and ends. */
export class JsonEventPage implements EventPage {
  private bytes: Buffer | undefined

  /** `reusable`: the bytes are ours alone, and may hold a later page once this one is released. */
  constructor(
    bytes: Buffer,
    private readonly starts: number[],
    private readonly ends: number[],
    private readonly reusable = false,
  ) {
    this.bytes = bytes
  }

  get length(): number {
    return this.starts.length
  }

  slice(from = 0, to = this.starts.length): FilteredEvent[] {
    if (!this.bytes) throw new Error('a released FilterLogEvents page was read')
    const n = this.starts.length
    const a = Math.max(0, from < 0 ? n + from : Math.min(from, n))
    const b = Math.max(0, to < 0 ? n + to : Math.min(to, n))
    if (a >= b) return []
    // Between two events there are only commas and blanks: one parse per run of events. A run
    // stays short enough that its text is an ordinary young-generation string: a longer one is a
    // large object, which V8 allocates and collects at several times the cost of the parse.
    const bytes = this.bytes
    let out: FilteredEvent[] | undefined
    for (let i = a; i < b; ) {
      let j = i + 1
      while (j < b && this.ends[j]! - this.starts[i]! <= RUN_BYTES) j++
      const run = this.parseRun(bytes, this.starts[i]!, this.ends[j - 1]!)
      if (out === undefined) out = run
      else for (const e of run) out.push(e)
      i = j
    }
    return out ?? []
  }

  /**
   * The events between `from` and `to` as one JSON array. In bytes of our own, the separators on
   * either side are made the array's brackets for the parse (and put back), so the text is decoded
   * once and parsed as it is, where `[${text}]` is a second copy of it for JSON.parse to flatten.
   */
  private parseRun(bytes: Buffer, from: number, to: number): FilteredEvent[] {
    if (!this.reusable || from === 0 || to >= bytes.length)
      return JSON.parse(`[${bytes.toString('utf8', from, to)}]`)
    const before = bytes[from - 1]!
    const after = bytes[to]!
    bytes[from - 1] = OPEN_BRACKET
    bytes[to] = CLOSE_BRACKET
    try {
      return JSON.parse(bytes.toString('utf8', from - 1, to + 1))
    } finally {
      bytes[from - 1] = before
      bytes[to] = after
    }
  }

  release(): void {
    if (this.bytes && this.reusable) giveBack(this.bytes)
    this.bytes = undefined
  }
}

/** Bytes of JSON text parsed at once (as UTF-16, twice that: still well under V8's 128 KiB). */
const RUN_BYTES = 32 * 1024

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

/**
 * A FilterLogEvents answer's JSON (its first `size` bytes), with its events located but not
 * parsed; undefined when it is not one JSON object with an `events` array of objects (the SDK then
 * reads it, and says what is wrong as it always did). Only the structure is checked here (bytes of
 * multi-byte UTF-8 characters are never ASCII, so they cannot be mistaken for it); each run of
 * events is checked by JSON.parse when it is read.
 */
export function decodeFilterPage(
  bytes: Buffer,
  size = bytes.length,
  reusable = false,
): FilterPage | undefined {
  const starts: number[] = []
  const ends: number[] = []
  let nextToken: string | undefined
  let i = skipBlanks(bytes, 0, size)
  if (bytes[i] !== OPEN_BRACE) return undefined
  i = skipBlanks(bytes, i + 1, size)
  if (bytes[i] === CLOSE_BRACE) return skipBlanks(bytes, i + 1, size) === size ? page() : undefined
  for (;;) {
    if (bytes[i] !== QUOTE) return undefined
    const keyEnd = stringEnd(bytes, i, size)
    if (keyEnd < 0) return undefined
    const key = bytes.toString('utf8', i + 1, keyEnd - 1)
    i = skipBlanks(bytes, keyEnd, size)
    if (bytes[i] !== COLON) return undefined
    i = skipBlanks(bytes, i + 1, size)
    if (key === 'events') {
      if (bytes[i] !== OPEN_BRACKET) return undefined
      i = skipBlanks(bytes, i + 1, size)
      if (bytes[i] === CLOSE_BRACKET) i++
      else {
        for (;;) {
          if (bytes[i] !== OPEN_BRACE) return undefined
          const end = valueEnd(bytes, i, size)
          if (end < 0) return undefined
          starts.push(i)
          ends.push(end)
          i = skipBlanks(bytes, end, size)
          const c = bytes[i]
          if (c === CLOSE_BRACKET) {
            i++
            break
          }
          if (c !== COMMA) return undefined
          i = skipBlanks(bytes, i + 1, size)
        }
      }
    } else {
      const end = valueEnd(bytes, i, size)
      if (end < 0) return undefined
      if (key === 'nextToken') {
        const value: unknown = JSON.parse(bytes.toString('utf8', i, end))
        if (value !== null && typeof value !== 'string') return undefined
        nextToken = value ?? undefined
      }
      i = end
    }
    i = skipBlanks(bytes, i, size)
    const c = bytes[i]
    if (c === CLOSE_BRACE) break
    if (c !== COMMA) return undefined
    i = skipBlanks(bytes, i + 1, size)
  }
  if (skipBlanks(bytes, i + 1, size) !== size) return undefined
  return page()

  function page(): FilterPage {
    if (starts.length > 0) return { events: new JsonEventPage(bytes, starts, ends, reusable), nextToken }
    if (reusable) giveBack(bytes)
    return { events: [], nextToken }
  }
}

function skipBlanks(bytes: Buffer, i: number, size: number): number {
  while (i < size) {
    const c = bytes[i]
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i
    i++
  }
  return size
}

/** Just past the closing quote of the string that opens at `i`, or -1. */
function stringEnd(bytes: Buffer, i: number, size: number): number {
  let q = i
  for (;;) {
    q = bytes.indexOf(QUOTE, q + 1)
    if (q < 0 || q >= size) return -1
    let slashes = 0
    while (bytes[q - 1 - slashes] === BACKSLASH) slashes++
    if (slashes % 2 === 0) return q + 1
  }
}

/** Just past the JSON value that starts at `i` (strings, objects and arrays matched), or -1. */
function valueEnd(bytes: Buffer, i: number, size: number): number {
  const first = bytes[i]
  if (first === QUOTE) return stringEnd(bytes, i, size)
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next separator.
    let j = i
    while (j < size) {
      const c = bytes[j]!
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c <= 0x20) break
      j++
    }
    return j > i && j < size ? j : -1
  }
  let depth = 0
  let j = i
  while (j < size) {
    const c = bytes[j]
    if (c === QUOTE) {
      j = stringEnd(bytes, j, size)
      if (j < 0) return -1
      continue
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--
      if (depth === 0) return j + 1
    }
    j++
  }
  return -1
}

/** Where the page decoded from a successful answer is left for the caller of one command. */
export interface PageSlot {
  page?: FilterPage
}

/**
 * Has `command` read its successful answer's body itself and leave the page in `slot`, the SDK
 * then seeing an empty body (so its output carries only $metadata). Failed answers, and a body
 * that is not a page, go to the SDK's deserializer untouched: its error shapes, and our
 * classification of them, stay as they are. Signing, retries' error shapes and endpoint
 * resolution are the SDK's as before.
 */
export function decodePageOurselves(command: FilterLogEventsCommand, slot: PageSlot): FilterLogEventsCommand {
  command.middlewareStack.add(
    (next) => async (args) => {
      const sent = performance.now()
      const result = await next(args)
      const latencyMs = Math.round(performance.now() - sent)
      const response = result.response as {
        statusCode?: number
        headers?: Record<string, string>
        body?: unknown
      }
      if (response?.statusCode !== 200) return result
      const [bytes, size, reusable] = await bodyBytes(
        response.body,
        Number(response.headers?.['content-length']),
      )
      const page = decodeFilterPage(bytes, size, reusable)
      if (page) {
        page.latencyMs = latencyMs
        slot.page = page
        response.body = new Uint8Array(0)
      } else {
        response.body = bytes.subarray(0, size)
      }
      return result
    },
    // Below the SDK's deserializer in the same step: it sees the answer after us.
    { step: 'deserialize', priority: 'low', name: 'atmosFilterPageBody' },
  )
  return command
}

/**
 * A response body copied chunk by chunk into one buffer (a spare one when there is one), so no
 * socket chunk outlives its arrival: the buffer, how many bytes of it are the body, and whether
 * the buffer is ours alone (reusable once its page is released).
 */
async function bodyBytes(body: unknown, expected: number): Promise<[Buffer, number, boolean]> {
  if (typeof body === 'string') return [Buffer.from(body, 'utf8'), Buffer.byteLength(body), false]
  if (body instanceof Uint8Array)
    return [Buffer.from(body.buffer, body.byteOffset, body.byteLength), body.byteLength, false]
  if (body === undefined || body === null) return [Buffer.alloc(0), 0, false]
  let buffer = bufferOf(Number.isFinite(expected) && expected > 0 ? expected : 0)
  let size = 0
  for await (const part of body as AsyncIterable<Uint8Array | string>) {
    const chunk = typeof part === 'string' ? Buffer.from(part, 'utf8') : part
    if (size + chunk.byteLength > buffer.length) {
      const bigger = bufferOf(Math.max(size + chunk.byteLength, buffer.length * 2))
      buffer.copy(bigger, 0, 0, size)
      giveBack(buffer)
      buffer = bigger
    }
    buffer.set(chunk, size)
    size += chunk.byteLength
  }
  return [buffer, size, true]
}

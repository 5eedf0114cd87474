import type { FilterLogEventsCommand, FilterLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs'

/** One event as FilterLogEvents pages hold it. */
export type FilteredEvent = NonNullable<FilterLogEventsCommandOutput['events']>[number]

/**
 * The events of one page, parsed when asked for. A plain array is one; so is a page kept as the
 * answer's text (JsonEventPage), which costs one string until read instead of 10,000 objects
 * that outlive a scavenge or two and pile up in old space until the next full collection.
 */
export interface EventPage {
  readonly length: number
  /** Events [from, to), parsed. */
  slice(from?: number, to?: number): FilteredEvent[]
}

/** A FilterLogEvents answer as we use it. */
export interface FilterPage {
  events: EventPage
  nextToken?: string
}

/** The events of a FilterLogEvents answer, kept as text with where each event begins and ends. */
export class JsonEventPage implements EventPage {
  constructor(
    private readonly text: string,
    private readonly starts: number[],
    private readonly ends: number[],
  ) {}

  get length(): number {
    return this.starts.length
  }

  slice(from = 0, to = this.starts.length): FilteredEvent[] {
    const n = this.starts.length
    const a = Math.max(0, from < 0 ? n + from : Math.min(from, n))
    const b = Math.max(0, to < 0 ? n + to : Math.min(to, n))
    if (a >= b) return []
    // Between two events there are only commas and blanks: one parse for the whole run.
    return JSON.parse(`[${this.text.slice(this.starts[a], this.ends[b - 1])}]`)
  }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

/**
 * A FilterLogEvents answer's JSON, with its events located but not parsed; undefined when the
 * text is not one JSON object with an `events` array of objects (the SDK then reads it, and says
 * what is wrong as it always did). Only the structure is checked here; each run of events is
 * checked by JSON.parse when it is read.
 */
export function decodeFilterPage(text: string): FilterPage | undefined {
  const starts: number[] = []
  const ends: number[] = []
  let nextToken: string | undefined
  let sawEvents = false
  let i = skipBlanks(text, 0)
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined
  i = skipBlanks(text, i + 1)
  if (text.charCodeAt(i) === CLOSE_BRACE) return skipBlanks(text, i + 1) === text.length ? page() : undefined
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined
    const keyEnd = stringEnd(text, i)
    if (keyEnd < 0) return undefined
    const key = text.slice(i + 1, keyEnd - 1)
    i = skipBlanks(text, keyEnd)
    if (text.charCodeAt(i) !== COLON) return undefined
    i = skipBlanks(text, i + 1)
    if (key === 'events') {
      if (text.charCodeAt(i) !== OPEN_BRACKET) return undefined
      sawEvents = true
      i = skipBlanks(text, i + 1)
      if (text.charCodeAt(i) === CLOSE_BRACKET) i++
      else {
        for (;;) {
          if (text.charCodeAt(i) !== OPEN_BRACE) return undefined
          const end = valueEnd(text, i)
          if (end < 0) return undefined
          starts.push(i)
          ends.push(end)
          i = skipBlanks(text, end)
          const c = text.charCodeAt(i)
          if (c === CLOSE_BRACKET) {
            i++
            break
          }
          if (c !== COMMA) return undefined
          i = skipBlanks(text, i + 1)
        }
      }
    } else {
      const end = valueEnd(text, i)
      if (end < 0) return undefined
      if (key === 'nextToken') {
        const value = JSON.parse(text.slice(i, end))
        if (value !== null && typeof value !== 'string') return undefined
        nextToken = value ?? undefined
      }
      i = end
    }
    i = skipBlanks(text, i)
    const c = text.charCodeAt(i)
    if (c === CLOSE_BRACE) break
    if (c !== COMMA) return undefined
    i = skipBlanks(text, i + 1)
  }
  if (skipBlanks(text, i + 1) !== text.length) return undefined
  return page()

  function page(): FilterPage {
    return { events: sawEvents ? new JsonEventPage(text, starts, ends) : [], nextToken }
  }
}

function skipBlanks(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i
    i++
  }
}

/** Just past the closing quote of the string that opens at `i`, or -1. */
function stringEnd(text: string, i: number): number {
  let q = i
  for (;;) {
    q = text.indexOf('"', q + 1)
    if (q < 0) return -1
    let slashes = 0
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++
    if (slashes % 2 === 0) return q + 1
  }
}

/** Just past the JSON value that starts at `i` (strings, objects and arrays matched), or -1. */
function valueEnd(text: string, i: number): number {
  const first = text.charCodeAt(i)
  if (first === QUOTE) return stringEnd(text, i)
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next separator.
    let j = i
    for (;;) {
      const c = text.charCodeAt(j)
      if (Number.isNaN(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c <= 0x20) break
      j++
    }
    return j > i ? j : -1
  }
  let depth = 0
  let j = i
  while (j < text.length) {
    const c = text.charCodeAt(j)
    if (c === QUOTE) {
      j = stringEnd(text, j)
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
      const result = await next(args)
      const response = result.response as { statusCode?: number; body?: unknown }
      if (response?.statusCode !== 200) return result
      const text = await bodyText(response.body)
      const page = decodeFilterPage(text)
      if (page) {
        slot.page = page
        response.body = new Uint8Array(0)
      } else {
        response.body = Buffer.from(text, 'utf8')
      }
      return result
    },
    // Below the SDK's deserializer in the same step: it sees the answer after us.
    { step: 'deserialize', priority: 'low', name: 'atmosFilterPageBody' },
  )
  return command
}

/** A response body as text, decoded chunk by chunk so no chunk outlives the read. */
async function bodyText(body: unknown): Promise<string> {
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
  if (body === undefined || body === null) return ''
  const decoder = new TextDecoder()
  const parts: string[] = []
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    parts.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
  }
  parts.push(decoder.decode())
  return parts.join('')
}

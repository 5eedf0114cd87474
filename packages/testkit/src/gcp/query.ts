/**
 * The Logging query language, as entries.list reads its `filter`: comparisons (`=`, `!=`, `<`,
 * `<=`, `>`, `>=`, `:` has, `=~` / `!~` regular expressions), AND / OR / NOT (uppercase; `-` is
 * NOT too), terms side by side meaning AND, parentheses, a parenthesised list of values
 * (`resource.type = ("a" OR "b")`), bare words and strings as global restrictions, `log_id()`,
 * severity by its order and timestamps by time. As in Cloud Logging, OR binds tighter than AND:
 * `a OR b AND c` is `(a OR b) AND c`. String comparisons ignore case; regular expressions do not.
 */

/** A filter that does not parse; entries.list answers it with 400 INVALID_ARGUMENT. */
export class QueryError extends Error {}

export const MAX_FILTER_LENGTH = 20_000

/** LogSeverity's values; a comparison with a name uses its number. */
export const SEVERITY_ORDER: Record<string, number> = {
  DEFAULT: 0,
  DEBUG: 100,
  INFO: 200,
  NOTICE: 300,
  WARNING: 400,
  ERROR: 500,
  CRITICAL: 600,
  ALERT: 700,
  EMERGENCY: 800,
}

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | ':' | '=~' | '!~'

type Token =
  | { t: 'word'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'op'; v: Op; at: number }
  | { t: '(' | ')' | ',' | '-'; at: number }

/** A path such as resource.labels.service_name, or jsonPayload."a-b".c. */
type Path = string[]

type Value = { kind: 'text'; text: string; quoted: boolean }

export type Expr =
  | { k: 'and' | 'or'; items: Expr[] }
  | { k: 'not'; item: Expr }
  | { k: 'cmp'; path: Path; op: Op; value: Value }
  | { k: 'global'; value: Value }
  | { k: 'logId'; id: string }
  | { k: 'true' }

const OPS: Op[] = ['=~', '!~', '!=', '<=', '>=', '=', '<', '>', ':']
const WORD = /[^\s()"=!<>:,]/

function tokenize(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c, at: i })
      i++
      continue
    }
    const op = OPS.find((o) => src.startsWith(o, i))
    if (op) {
      out.push({ t: 'op', v: op, at: i })
      i += op.length
      continue
    }
    if (c === '"') {
      const [text, end] = readString(src, i)
      out.push({ t: 'string', v: text, at: i })
      i = end
      continue
    }
    // `-` right before a term is NOT; inside a word (a-b) it is a letter.
    if (c === '-' && i + 1 < src.length && !/\s/.test(src[i + 1]!) && !/\d/.test(src[i + 1]!)) {
      out.push({ t: '-', at: i })
      i++
      continue
    }
    if (!WORD.test(c)) throw new QueryError(`unexpected character '${c}' at position ${i + 1}`)
    const start = i
    let word = ''
    while (i < src.length) {
      if (WORD.test(src[i]!)) word += src[i++]
      else if (src[i] === '"' && word.endsWith('.')) {
        // a quoted path component: labels."k8s-pod/app"
        const [text, end] = readString(src, i)
        word += `"${text.replace(/"/g, '\\"')}"`
        i = end
      } else break
    }
    out.push({ t: 'word', v: word, at: start })
  }
  return out
}

function readString(src: string, start: number): [string, number] {
  let i = start + 1
  let text = ''
  while (i < src.length && src[i] !== '"') {
    if (src[i] === '\\' && i + 1 < src.length) {
      // \" and \\ stand for themselves; any other escape (\d in a regular expression) is kept whole
      const n = src[i + 1]!
      text += n === '"' || n === '\\' ? n : `\\${n}`
      i += 2
    } else text += src[i++]
  }
  if (i >= src.length) throw new QueryError(`unterminated string starting at position ${start + 1}`)
  return [text, i + 1]
}

function splitPath(word: string): Path {
  const parts: string[] = []
  let current = ''
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!
    if (c === '"') {
      let j = i + 1
      while (j < word.length && word[j] !== '"') {
        if (word[j] === '\\') j++
        current += word[j++]
      }
      i = j
    } else if (c === '.') {
      parts.push(current)
      current = ''
    } else current += c
  }
  parts.push(current)
  if (parts.some((p) => p === '')) throw new QueryError(`"${word}" is not a field path`)
  return parts
}

/** Parses a filter; the empty filter matches everything. */
export function parseQuery(src: string): Expr {
  if (src.length > MAX_FILTER_LENGTH)
    throw new QueryError(`the filter is ${src.length} characters long; the limit is ${MAX_FILTER_LENGTH}`)
  const tokens = tokenize(src)
  let pos = 0
  const peek = () => tokens[pos]
  const isKeyword = (tok: Token | undefined, kw: string) => tok?.t === 'word' && tok.v === kw
  const where = (tok: Token | undefined) => (tok ? `at position ${tok.at + 1}` : 'at the end of the filter')

  // expression = sequence { AND sequence } ; sequence = factor { OR factor } (OR binds tighter)
  function expression(): Expr {
    const items = [disjunction()]
    for (;;) {
      const tok = peek()
      if (!tok || tok.t === ')') break
      if (isKeyword(tok, 'AND')) pos++
      items.push(disjunction())
    }
    return items.length === 1 ? items[0]! : { k: 'and', items }
  }
  function disjunction(): Expr {
    const items = [unary()]
    while (isKeyword(peek(), 'OR')) {
      pos++
      items.push(unary())
    }
    return items.length === 1 ? items[0]! : { k: 'or', items }
  }
  function unary(): Expr {
    const tok = peek()
    if (isKeyword(tok, 'NOT') || tok?.t === '-') {
      pos++
      return { k: 'not', item: unary() }
    }
    return term()
  }
  function term(): Expr {
    const tok = peek()
    if (!tok) throw new QueryError('the filter ends where a comparison was expected')
    if (tok.t === '(') {
      pos++
      const inner = expression()
      if (peek()?.t !== ')') throw new QueryError(`missing ')' ${where(peek())}`)
      pos++
      return inner
    }
    if (tok.t === 'string') {
      pos++
      return { k: 'global', value: { kind: 'text', text: tok.v, quoted: true } }
    }
    if (tok.t !== 'word' || ['AND', 'OR'].includes(tok.v))
      throw new QueryError(`unexpected '${tok.t === 'word' || tok.t === 'op' ? tok.v : tok.t}' ${where(tok)}`)
    pos++
    if (peek()?.t === '(' && /^[a-z_]+$/.test(tok.v)) return call(tok.v, tok)
    const next = peek()
    if (next?.t !== 'op') return { k: 'global', value: { kind: 'text', text: tok.v, quoted: false } }
    pos++
    const path = splitPath(tok.v)
    return valueExpr(path, next.v)
  }
  // the right side: a value, or a parenthesised boolean of values applied to the same field
  function valueExpr(path: Path, op: Op): Expr {
    const tok = peek()
    if (tok?.t === '(') {
      pos++
      const items: Expr[][] = [[valueUnary(path, op)]]
      for (;;) {
        const t = peek()
        if (!t) throw new QueryError(`missing ')' ${where(t)}`)
        if (t.t === ')') break
        if (isKeyword(t, 'OR')) {
          pos++
          items[items.length - 1]!.push(valueUnary(path, op))
        } else {
          if (isKeyword(t, 'AND')) pos++
          items.push([valueUnary(path, op)])
        }
      }
      pos++
      const groups = items.map((g): Expr => (g.length === 1 ? g[0]! : { k: 'or', items: g }))
      return groups.length === 1 ? groups[0]! : { k: 'and', items: groups }
    }
    return { k: 'cmp', path, op, value: value() }
  }
  function valueUnary(path: Path, op: Op): Expr {
    if (isKeyword(peek(), 'NOT')) {
      pos++
      return { k: 'not', item: valueUnary(path, op) }
    }
    return { k: 'cmp', path, op, value: value() }
  }
  function value(): Value {
    const tok = peek()
    if (tok?.t === 'string') {
      pos++
      return { kind: 'text', text: tok.v, quoted: true }
    }
    if (tok?.t === 'word' && !['AND', 'OR', 'NOT'].includes(tok.v)) {
      pos++
      return { kind: 'text', text: tok.v, quoted: false }
    }
    throw new QueryError(`a value was expected ${where(tok)}`)
  }
  function call(name: string, tok: Token): Expr {
    pos++ // (
    const args: string[] = []
    while (peek() && peek()!.t !== ')') {
      const a = peek()!
      if (a.t !== 'string' && a.t !== 'word')
        throw new QueryError(`unexpected token in ${name}() ${where(a)}`)
      args.push(a.v)
      pos++
      if (peek()?.t === ',') pos++
    }
    if (peek()?.t !== ')') throw new QueryError(`missing ')' after the arguments of ${name}()`)
    pos++
    if (name === 'log_id') {
      if (args.length !== 1) throw new QueryError('log_id() takes one argument, a log id')
      return { k: 'logId', id: args[0]! }
    }
    throw new QueryError(`unknown function ${name}() ${where(tok)}; the emulator knows log_id()`)
  }

  if (tokens.length === 0) return { k: 'true' }
  const expr = expression()
  if (pos < tokens.length) throw new QueryError(`unexpected ')' ${where(tokens[pos])}`)
  return expr
}

const TIME_FIELDS = new Set(['timestamp', 'receiveTimestamp'])

/** Nanoseconds since the epoch of an RFC 3339 time; undefined when it is not one. */
export function rfc3339Nanos(text: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(text)
  if (!m) return undefined
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4]!.toUpperCase()}`)
  if (Number.isNaN(ms)) return undefined
  return BigInt(ms) * 1_000_000n + BigInt((m[3] ?? '').padEnd(9, '0'))
}

function severityNumber(v: unknown): number | undefined {
  if (v === undefined || v === null) return 0
  if (typeof v === 'number') return v
  const s = String(v).toUpperCase()
  if (s in SEVERITY_ORDER) return SEVERITY_ORDER[s]
  return /^\d+$/.test(s) ? Number(s) : undefined
}

function lookup(entry: unknown, path: Path): unknown[] {
  let current: unknown[] = [entry]
  for (const part of path) {
    const next: unknown[] = []
    for (const c of current) {
      const values = Array.isArray(c) ? c : [c]
      for (const v of values) {
        if (v && typeof v === 'object' && part in (v as object))
          next.push((v as Record<string, unknown>)[part])
      }
    }
    current = next
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]))
}

function leaves(v: unknown): string[] {
  if (v === null || v === undefined) return []
  if (typeof v === 'object') return Object.values(v as object).flatMap(leaves)
  return [String(v)]
}

function regex(pattern: string): RegExp {
  let flags = ''
  let body = pattern
  if (body.startsWith('(?i)')) {
    flags = 'i'
    body = body.slice(4)
  }
  try {
    return new RegExp(body, flags)
  } catch (e) {
    throw new QueryError(`invalid regular expression "${pattern}": ${(e as Error).message}`)
  }
}

function compare(path: Path, op: Op, value: Value, candidates: unknown[]): boolean {
  const field = path.join('.')
  if (op === '!=') return !compare(path, '=', value, candidates)
  if (op === '!~') return !compare(path, '=~', value, candidates)
  if (op === ':' && value.text === '*' && !value.quoted) return candidates.length > 0
  if (op === '=~') {
    const re = regex(value.text)
    return candidates.some((c) => leaves(c).some((l) => re.test(l)))
  }
  if (field === 'severity') {
    const want = severityNumber(value.text)
    if (want === undefined) throw new QueryError(`"${value.text}" is not a severity`)
    const have = severityNumber(candidates[0])
    if (have === undefined) return false
    return ordered(op, have - want)
  }
  if (TIME_FIELDS.has(field)) {
    const want = rfc3339Nanos(value.text)
    if (want === undefined)
      throw new QueryError(
        `"${value.text}" is not an RFC 3339 time such as "2026-01-01T00:00:00Z" for ${field}`,
      )
    const have = typeof candidates[0] === 'string' ? rfc3339Nanos(candidates[0]) : undefined
    if (have === undefined) return false
    return ordered(op, have < want ? -1 : have > want ? 1 : 0)
  }
  const wanted = value.text.toLowerCase()
  return candidates.some((c) => {
    if (op === ':') return leaves(c).some((l) => l.toLowerCase().includes(wanted))
    if (c !== null && typeof c === 'object') return false
    const text = String(c)
    const n = Number(text)
    const w = Number(value.text)
    const numeric = text.trim() !== '' && value.text.trim() !== '' && Number.isFinite(n) && Number.isFinite(w)
    const diff = numeric ? n - w : text.toLowerCase().localeCompare(wanted)
    return ordered(op, diff)
  })
}

function ordered(op: Op, diff: number): boolean {
  switch (op) {
    case '=':
    case ':':
      return diff === 0
    case '<':
      return diff < 0
    case '<=':
      return diff <= 0
    case '>':
      return diff > 0
    case '>=':
      return diff >= 0
    default:
      return false
  }
}

/** True when `entry` (a LogEntry as JSON) matches. Throws QueryError for a bad value (a time that is not one). */
export function matches(expr: Expr, entry: Record<string, unknown>): boolean {
  switch (expr.k) {
    case 'true':
      return true
    case 'and':
      return expr.items.every((e) => matches(e, entry))
    case 'or':
      return expr.items.some((e) => matches(e, entry))
    case 'not':
      return !matches(expr.item, entry)
    case 'logId': {
      const name = String(entry.logName ?? '')
      const id = decodeURIComponent(name.slice(name.indexOf('/logs/') + '/logs/'.length))
      return name.includes('/logs/') && id === expr.id
    }
    case 'global': {
      const wanted = expr.value.text.toLowerCase()
      return leaves(entry).some((l) => l.toLowerCase().includes(wanted))
    }
    case 'cmp':
      return compare(expr.path, expr.op, expr.value, lookup(entry, expr.path))
  }
}

/** Checks every value that must parse (times, severities, patterns) without any entry to match. */
export function checkValues(expr: Expr): void {
  if (expr.k === 'and' || expr.k === 'or') for (const e of expr.items) checkValues(e)
  else if (expr.k === 'not') checkValues(expr.item)
  else if (expr.k === 'cmp') compare(expr.path, expr.op, expr.value, [])
}

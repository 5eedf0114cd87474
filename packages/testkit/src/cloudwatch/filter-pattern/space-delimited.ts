import { Scanner } from './scanner.js'
import { compare, type Operator, type PatternValue } from './values.js'

/**
 * `[ip, user, ..., status = 4*, bytes > 1000]` — fields of a space-delimited message, where a run
 * inside "double quotes" or [square brackets] counts as one field, and `...` stands for any number of fields.
 */
type Condition =
  | { type: 'and' | 'or'; left: Condition; right: Condition }
  | { type: 'compare'; name: string; op: Operator; value: PatternValue }

type Field = { kind: 'ellipsis' } | { kind: 'named'; name: string; condition?: Condition }

export function compileSpaceDelimitedPattern(pattern: string): (message: string) => boolean {
  const trimmed = pattern.trim()
  const s = new Scanner(pattern, trimmed.slice(1, -1))
  if (!trimmed.endsWith(']')) s.fail('a space-delimited pattern must end with ]')
  const fields = parseFields(s)
  const ellipses = fields.filter((f) => f.kind === 'ellipsis').length
  const fixed = fields.length - ellipses
  return (message) => {
    const words = splitFields(message)
    if (ellipses === 0 ? words.length !== fixed : words.length < fixed) return false
    return assign(fields, 0, words, 0, new Map())
  }
}

function parseFields(s: Scanner): Field[] {
  const fields: Field[] = []
  if (s.atEnd()) return fields
  for (;;) {
    if (s.eat('...')) {
      fields.push({ kind: 'ellipsis' })
    } else {
      // A nameless field gets a private name so its own condition can find its value.
      const name = identifier(s) ?? `#${fields.length}`
      const field: Field = { kind: 'named', name }
      if (!s.peek(',') && !s.atEnd()) {
        field.condition = parseCondition(s, name)
      }
      fields.push(field)
    }
    if (s.atEnd()) return fields
    s.expect(',', 'a comma between fields')
  }
}

function identifier(s: Scanner): string | undefined {
  s.skipSpace()
  const start = s.pos
  while (s.pos < s.text.length && /[\w-]/.test(s.text[s.pos]!)) s.pos++
  return s.pos > start ? s.text.slice(start, s.pos) : undefined
}

// The first comparison of a field may omit the name (`[..., = 404]`): it then tests that field.
function parseCondition(s: Scanner, fieldName: string): Condition {
  let left = parseAnd(s, fieldName, true)
  while (s.eat('||')) left = { type: 'or', left, right: parseAnd(s, fieldName, false) }
  return left
}

function parseAnd(s: Scanner, fieldName: string, first: boolean): Condition {
  let left = parseComparison(s, fieldName, first)
  while (s.eat('&&')) left = { type: 'and', left, right: parseComparison(s, fieldName, false) }
  return left
}

function parseComparison(s: Scanner, fieldName: string, first: boolean): Condition {
  if (s.eat('(')) {
    const inner = parseCondition(s, fieldName)
    s.expect(')', 'a closing parenthesis')
    return inner
  }
  const named = identifier(s)
  const name = named ?? (first ? fieldName : undefined)
  const op = s.operator()
  if (!op) s.fail(`expected a comparison operator after ${named ?? 'a field'} at position ${s.pos + 2}`)
  if (name === undefined) s.fail('a comparison in a space-delimited pattern must name its field')
  const value = s.value(/[\s,()&|]/)
  if (value.kind === 'string' && op !== '=' && op !== '!=') {
    s.fail(`the operator ${op} compares numbers, but its value ${JSON.stringify(value.text)} is not a number`)
  }
  return { type: 'compare', name, op, value }
}

/** Splits a message into fields: whitespace separates, "quoted" and [bracketed] runs are single fields. */
export function splitFields(message: string): string[] {
  const out: string[] = []
  let i = 0
  const n = message.length
  while (i < n) {
    while (i < n && /\s/.test(message[i]!)) i++
    if (i >= n) break
    const c = message[i]!
    if (c === '"' || c === '[') {
      const close = c === '"' ? '"' : ']'
      const end = message.indexOf(close, i + 1)
      if (end >= 0) {
        out.push(message.slice(i + 1, end))
        i = end + 1
        continue
      }
    }
    const start = i
    while (i < n && !/\s/.test(message[i]!)) i++
    out.push(message.slice(start, i))
  }
  return out
}

function assign(
  fields: Field[],
  fi: number,
  words: string[],
  wi: number,
  bound: Map<string, string>,
): boolean {
  if (fi === fields.length) return wi === words.length && conditionsHold(fields, bound)
  const field = fields[fi]!
  if (field.kind === 'ellipsis') {
    const remainingFixed = fields.slice(fi + 1).filter((f) => f.kind !== 'ellipsis').length
    for (let take = 0; wi + take + remainingFixed <= words.length; take++) {
      if (assign(fields, fi + 1, words, wi + take, bound)) return true
    }
    return false
  }
  if (wi >= words.length) return false
  const key = field.name
  const previous = bound.get(key)
  bound.set(key, words[wi]!)
  const ok = assign(fields, fi + 1, words, wi + 1, bound)
  if (previous === undefined) bound.delete(key)
  else bound.set(key, previous)
  return ok
}

function conditionsHold(fields: Field[], bound: Map<string, string>): boolean {
  return fields.every((f) => f.kind !== 'named' || !f.condition || holds(f.condition, bound))
}

function holds(c: Condition, bound: Map<string, string>): boolean {
  if (c.type === 'compare') return compare(bound.get(c.name), c.op, c.value)
  return c.type === 'and'
    ? holds(c.left, bound) && holds(c.right, bound)
    : holds(c.left, bound) || holds(c.right, bound)
}

import { Scanner } from './scanner.js'
import { compare, type Operator, type PatternValue } from './values.js'

/** `{ $.a.b = "x" && ($.n > 3 || $.c IS NULL) }` — a JSON pattern, matched against JSON messages. */
type PathSegment = { key: string } | { index: number } | { any: true }

type JsonNode =
  | { type: 'and' | 'or'; left: JsonNode; right: JsonNode }
  | { type: 'compare'; path: PathSegment[]; op: Operator; value: PatternValue }
  | { type: 'is'; path: PathSegment[]; expect: 'null' | 'true' | 'false' }
  | { type: 'exists'; path: PathSegment[]; exists: boolean }

export function compileJsonPattern(pattern: string): (message: string) => boolean {
  const trimmed = pattern.trim()
  const s = new Scanner(pattern, trimmed.slice(1, -1))
  if (!trimmed.endsWith('}'))
    s.fail('a JSON pattern must end with }', "If a filter pattern starts with '{' it must end with '}'")
  if (s.atEnd()) s.fail('a JSON pattern needs at least one condition between { and }')
  const tree = parseOr(s)
  if (!s.atEnd()) s.fail(`unexpected text at position ${s.pos + 2} of the JSON pattern`)
  return (message) => {
    const first = message.trimStart()[0]
    if (first !== '{' && first !== '[') return false
    let doc: unknown
    try {
      doc = JSON.parse(message)
    } catch {
      return false
    }
    return evaluate(tree, doc)
  }
}

// && binds tighter than ||, as in most languages; parentheses group.
function parseOr(s: Scanner): JsonNode {
  let left = parseAnd(s)
  while (s.eat('||')) left = { type: 'or', left, right: parseAnd(s) }
  return left
}

function parseAnd(s: Scanner): JsonNode {
  let left = parseUnary(s)
  while (s.eat('&&')) left = { type: 'and', left, right: parseUnary(s) }
  return left
}

function parseUnary(s: Scanner): JsonNode {
  if (s.eat('(')) {
    const inner = parseOr(s)
    s.expect(')', 'a closing parenthesis')
    return inner
  }
  const path = parseSelector(s)
  if (s.eatKeyword('IS')) {
    if (s.eatKeyword('NULL')) return { type: 'is', path, expect: 'null' }
    if (s.eatKeyword('TRUE')) return { type: 'is', path, expect: 'true' }
    if (s.eatKeyword('FALSE')) return { type: 'is', path, expect: 'false' }
    s.fail('IS must be followed by NULL, TRUE or FALSE')
  }
  if (s.eatKeyword('NOT')) {
    if (s.eatKeyword('EXISTS')) return { type: 'exists', path, exists: false }
    s.fail('NOT must be followed by EXISTS')
  }
  if (s.eatKeyword('EXISTS')) return { type: 'exists', path, exists: true }
  const op = s.operator()
  if (!op) s.fail(`expected a comparison (=, !=, <, >, <=, >=, IS NULL, NOT EXISTS) at position ${s.pos + 2}`)
  const value = s.value(/[\s()&|]/)
  if (value.kind === 'string' && op !== '=' && op !== '!=') {
    s.fail(`the operator ${op} compares numbers, but its value ${JSON.stringify(value.text)} is not a number`)
  }
  return { type: 'compare', path, op, value }
}

function parseSelector(s: Scanner): PathSegment[] {
  if (!s.eat('$')) s.fail(`expected a selector starting with $ at position ${s.pos + 2}`)
  const path: PathSegment[] = []
  const text = s.text
  for (;;) {
    const c = text[s.pos]
    if (c === '.') {
      s.pos++
      if (text[s.pos] === '*') {
        s.pos++
        path.push({ any: true })
        continue
      }
      const start = s.pos
      while (s.pos < text.length && /[^\s.[\]=!<>()&|]/.test(text[s.pos]!)) s.pos++
      if (s.pos === start) s.fail(`a selector has an empty property name at position ${start + 2}`)
      path.push({ key: text.slice(start, s.pos) })
    } else if (c === '[') {
      const end = text.indexOf(']', s.pos)
      if (end < 0) s.fail('a selector has an unclosed [')
      const inside = text.slice(s.pos + 1, end).trim()
      s.pos = end + 1
      if (inside === '*') path.push({ any: true })
      else if (/^\d+$/.test(inside)) path.push({ index: Number(inside) })
      else s.fail(`a selector index must be a number or *, not ${JSON.stringify(inside)}`)
    } else {
      break
    }
  }
  if (path.length === 0) s.fail('a selector must name a property, as in $.level')
  return path
}

/** Every value the selector reaches (a `*` segment can reach several). */
function resolve(doc: unknown, path: PathSegment[]): unknown[] {
  let current: unknown[] = [doc]
  for (const seg of path) {
    const next: unknown[] = []
    for (const v of current) {
      if (v === null || typeof v !== 'object') continue
      if ('any' in seg) {
        next.push(...(Array.isArray(v) ? v : Object.values(v)))
      } else if ('index' in seg) {
        if (Array.isArray(v) && seg.index < v.length) next.push(v[seg.index])
      } else if (!Array.isArray(v) && Object.hasOwn(v, seg.key)) {
        next.push((v as Record<string, unknown>)[seg.key])
      }
    }
    current = next
  }
  return current
}

function evaluate(node: JsonNode, doc: unknown): boolean {
  switch (node.type) {
    case 'and':
      return evaluate(node.left, doc) && evaluate(node.right, doc)
    case 'or':
      return evaluate(node.left, doc) || evaluate(node.right, doc)
    case 'exists':
      return resolve(doc, node.path).length > 0 === node.exists
    case 'is': {
      const want = node.expect === 'null' ? null : node.expect === 'true'
      return resolve(doc, node.path).some((v) => v === want)
    }
    case 'compare':
      return resolve(doc, node.path).some((v) => compare(v, node.op, node.value))
  }
}

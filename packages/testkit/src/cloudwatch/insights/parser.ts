import type { Aggregate, AggregateName, Command, CompiledQuery, Expr, Projection, SortKey } from './ast.js'
import { errorAt, InsightsQueryError } from './errors.js'
import { AGGREGATES, FUNCTIONS } from './functions.js'
import { type Token, tokenize } from './lexer.js'
import { parsePeriod } from './time.js'

/** Rows a query returns when it has no `limit` command; also the ceiling of StartQuery's `limit` parameter. */
export const MAX_LIMIT = 10_000
/** The most rows the `limit` command may ask for (the service raised this from 10,000 to 100,000). */
export const MAX_LIMIT_COMMAND = 100_000

const COMMANDS = ['fields', 'display', 'filter', 'parse', 'sort', 'limit', 'stats', 'dedup'] as const

/** Compiles a query, or throws InsightsQueryError saying what is wrong and where. */
export function parseInsightsQuery(query: string): CompiledQuery {
  if (query.trim() === '') throw new InsightsQueryError('Query string cannot be empty')
  return new Parser(query).parseQuery()
}

class Parser {
  private readonly tokens: Token[]
  private pos = 0

  constructor(private readonly query: string) {
    this.tokens = tokenize(query)
  }

  parseQuery(): CompiledQuery {
    const commands: Command[] = []
    if (this.peek().kind === 'eof') throw new InsightsQueryError('Query string cannot be empty')
    for (;;) {
      commands.push(this.parseCommand())
      const t = this.peek()
      if (t.kind === 'eof') break
      if (t.kind !== 'pipe') throw this.unexpected(t)
      this.next()
    }
    return { commands }
  }

  // ---- token helpers

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] as Token
  }

  private next(): Token {
    const t = this.peek()
    if (t.kind !== 'eof') this.pos++
    return t
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'ident' && !t.quoted && t.value.toLowerCase() === word
  }

  private acceptWord(word: string): boolean {
    if (!this.isWord(this.peek(), word)) return false
    this.next()
    return true
  }

  private expect(kind: Token['kind']): Token {
    const t = this.peek()
    if (t.kind !== kind) throw this.unexpected(t)
    return this.next()
  }

  private unexpected(t: Token): InsightsQueryError {
    if (t.kind === 'eof') return errorAt(this.query, t.start, t.end, 'unexpected end of query')
    return errorAt(this.query, t.start, t.end, `unexpected symbol found ${t.text}`)
  }

  private fail(start: number, end: number, message: string): InsightsQueryError {
    return errorAt(this.query, start, end, message)
  }

  private span(start: number): { start: number; end: number; text: string } {
    const end = (this.tokens[this.pos - 1] as Token).end
    return { start, end, text: this.query.slice(start, end) }
  }

  private atCommandEnd(): boolean {
    const k = this.peek().kind
    return k === 'pipe' || k === 'eof'
  }

  // ---- commands

  private parseCommand(): Command {
    const t = this.peek()
    const word = t.kind === 'ident' && !t.quoted ? t.value.toLowerCase() : ''
    if (!(COMMANDS as readonly string[]).includes(word)) {
      if (t.kind === 'eof' || t.kind === 'pipe') throw this.fail(t.start, t.end, 'expected a command')
      throw this.fail(t.start, t.end, `unexpected symbol found ${t.text}`)
    }
    this.next()
    if (this.atCommandEnd()) throw this.fail(t.start, t.end, `${word} command needs arguments`)
    switch (word as (typeof COMMANDS)[number]) {
      case 'fields':
        return { kind: 'fields', items: this.parseProjections(false) }
      case 'display':
        return { kind: 'display', items: this.parseProjections(true) }
      case 'filter':
        return this.finish({ kind: 'filter', expr: this.checked(this.parseExpr(), false) })
      case 'parse':
        return this.parseParse()
      case 'sort':
        return this.parseSort()
      case 'limit':
        return this.parseLimit()
      case 'stats':
        return this.parseStats()
      case 'dedup':
        return this.parseDedup()
    }
  }

  /** the command must end here */
  private finish<C extends Command>(command: C): C {
    if (!this.atCommandEnd()) throw this.unexpected(this.peek())
    return command
  }

  /** `aggregateColumns`: `count(*)` names the column a stats command made (display, sort) */
  private parseProjections(aggregateColumns: boolean): Projection[] {
    const items: Projection[] = []
    do {
      const parsed = this.parseExpr()
      const expr = this.checked(aggregateColumns ? asColumn(parsed) : parsed, false)
      items.push({ expr, name: this.parseAlias() ?? projectionName(expr) })
    } while (this.peek().kind === 'comma' && this.next())
    return this.finish({ kind: 'fields', items }).items
  }

  private parseAlias(): string | undefined {
    if (!this.acceptWord('as')) return undefined
    return this.expect('ident').value
  }

  private parseParse(): Command {
    let source = '@message'
    const first = this.peek()
    if (first.kind === 'ident') {
      source = first.value
      this.next()
    }
    const pattern = this.peek()
    if (pattern.kind === 'string') {
      this.next()
      const stars = pattern.value.split('*').length - 1
      if (stars === 0)
        throw this.fail(pattern.start, pattern.end, 'parse pattern needs at least one * wildcard')
      const names = this.parseParseNames()
      if (names.length !== stars) {
        throw this.fail(
          pattern.start,
          pattern.end,
          `parse pattern has ${stars} wildcard${stars === 1 ? '' : 's'} but ${names.length} field name${names.length === 1 ? '' : 's'} after as`,
        )
      }
      return this.finish({ kind: 'parse', source, regex: globToRegex(pattern.value), names })
    }
    if (pattern.kind === 'regex') {
      this.next()
      const regex = this.compileRegex(pattern)
      const names = [...pattern.value.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_.@]*)>/g)].map(
        (m) => m[1] as string,
      )
      if (names.length === 0) {
        throw this.fail(
          pattern.start,
          pattern.end,
          'parse with a regular expression needs named capture groups (?<name>...)',
        )
      }
      if (this.isWord(this.peek(), 'as')) {
        throw this.fail(
          this.peek().start,
          this.peek().end,
          'parse with a regular expression takes its field names from the named groups, not from as',
        )
      }
      return this.finish({ kind: 'parse', source, regex, names })
    }
    throw this.unexpected(pattern)
  }

  private parseParseNames(): string[] {
    const as = this.peek()
    if (!this.acceptWord('as'))
      throw this.fail(as.start, as.end, 'parse with a glob pattern needs "as" and a field name for each *')
    const names: string[] = []
    do names.push(this.expect('ident').value)
    while (this.peek().kind === 'comma' && this.next())
    return names
  }

  private parseSort(): Command {
    const keys: SortKey[] = []
    do {
      const expr = this.checked(asColumn(this.parseAdditive()), false)
      let descending = false
      if (this.acceptWord('desc')) descending = true
      else this.acceptWord('asc')
      keys.push({ expr, descending })
    } while (this.peek().kind === 'comma' && this.next())
    return this.finish({ kind: 'sort', keys })
  }

  private parseLimit(): Command {
    const t = this.peek()
    if (t.kind !== 'number' || !/^\d+$/.test(t.value))
      throw this.fail(t.start, t.end, `limit needs a whole number, found ${t.text || 'nothing'}`)
    this.next()
    const count = Number(t.value)
    if (count < 1 || count > MAX_LIMIT_COMMAND)
      throw this.fail(t.start, t.end, `limit must be between 1 and ${MAX_LIMIT_COMMAND}, found ${count}`)
    return this.finish({ kind: 'limit', count })
  }

  private parseStats(): Command {
    const aggregates: Aggregate[] = []
    do {
      const start = this.peek().start
      const expr = this.parseExpr()
      if (expr.type !== 'call' || !AGGREGATES.has(expr.name as AggregateName)) {
        throw this.fail(
          start,
          expr.end,
          `stats needs an aggregate function (count, count_distinct, sum, avg, min, max), found ${expr.text}`,
        )
      }
      const fn = expr.name as AggregateName
      const arg = expr.args[0]
      if (expr.args.length !== 1) throw this.fail(start, expr.end, `${fn} takes exactly one argument`)
      if (arg?.type === 'star' && fn !== 'count')
        throw this.fail(arg.start, arg.end, `${fn}(*) is not allowed; only count(*) takes *`)
      const checkedArg = arg?.type === 'star' ? undefined : this.checked(arg as Expr, false)
      aggregates.push({ fn, arg: checkedArg, name: this.parseAlias() ?? expr.text })
    } while (this.peek().kind === 'comma' && this.next())
    const groups: Projection[] = []
    if (this.acceptWord('by')) {
      do {
        const expr = this.checked(this.parseExpr(), false)
        groups.push({ expr, name: this.parseAlias() ?? projectionName(expr) })
      } while (this.peek().kind === 'comma' && this.next())
    }
    return this.finish({ kind: 'stats', aggregates, groups })
  }

  private parseDedup(): Command {
    const fields: string[] = []
    do fields.push(this.expect('ident').value)
    while (this.peek().kind === 'comma' && this.next())
    return this.finish({ kind: 'dedup', fields })
  }

  // ---- expressions: or < and < not < comparison < + - < * / % < unary < primary

  private parseExpr(): Expr {
    let left = this.parseAnd()
    while (this.acceptWord('or')) {
      const right = this.parseAnd()
      left = { type: 'logical', op: 'or', left, right, ...this.span(left.start) }
    }
    return left
  }

  private parseAnd(): Expr {
    let left = this.parseNot()
    while (this.acceptWord('and')) {
      const right = this.parseNot()
      left = { type: 'logical', op: 'and', left, right, ...this.span(left.start) }
    }
    return left
  }

  private parseNot(): Expr {
    const t = this.peek()
    if (this.isWord(t, 'not')) {
      this.next()
      const expr = this.parseNot()
      return { type: 'not', expr, ...this.span(t.start) }
    }
    return this.parseComparison()
  }

  private parseComparison(): Expr {
    const subject = this.parseAdditive()
    const t = this.peek()
    let negated = false
    if (this.isWord(t, 'not') && (this.isWord(this.peek(1), 'like') || this.isWord(this.peek(1), 'in'))) {
      this.next()
      negated = true
    }
    const op = this.peek()
    if (this.isWord(op, 'like')) {
      this.next()
      const pattern = this.next()
      if (pattern.kind === 'regex')
        return {
          type: 'like',
          negated,
          subject,
          pattern: this.compileRegex(pattern),
          ...this.span(subject.start),
        }
      if (pattern.kind === 'string')
        return { type: 'like', negated, subject, pattern: pattern.value, ...this.span(subject.start) }
      throw this.fail(
        pattern.start,
        pattern.end,
        `like needs a /regular expression/ or a "string", found ${pattern.text || 'nothing'}`,
      )
    }
    if (this.isWord(op, 'in')) {
      this.next()
      const list = this.parsePrimary()
      if (list.type !== 'list')
        throw this.fail(list.start, list.end, `in needs a list such as [1, 2], found ${list.text}`)
      return { type: 'in', negated, subject, items: list.items, ...this.span(subject.start) }
    }
    if (negated) throw this.unexpected(op)
    if (op.kind === 'op' && op.value === '=~') {
      this.next()
      const pattern = this.next()
      if (pattern.kind !== 'regex' && pattern.kind !== 'string') {
        throw this.fail(
          pattern.start,
          pattern.end,
          `=~ needs a /regular expression/, found ${pattern.text || 'nothing'}`,
        )
      }
      const regex =
        pattern.kind === 'regex' ? this.compileRegex(pattern) : new RegExp(escapeRegex(pattern.value))
      return { type: 'like', negated: false, subject, pattern: regex, ...this.span(subject.start) }
    }
    if (op.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(op.value)) {
      this.next()
      const right = this.parseAdditive()
      return { type: 'compare', op: op.value as '=', left: subject, right, ...this.span(subject.start) }
    }
    return subject
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative()
    for (;;) {
      const t = this.peek()
      if (t.kind !== 'op' || (t.value !== '+' && t.value !== '-')) return left
      this.next()
      const right = this.parseMultiplicative()
      left = { type: 'binary', op: t.value, left, right, ...this.span(left.start) }
    }
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary()
    for (;;) {
      const t = this.peek()
      if (t.kind !== 'op' || (t.value !== '*' && t.value !== '/' && t.value !== '%')) return left
      this.next()
      const right = this.parseUnary()
      left = { type: 'binary', op: t.value, left, right, ...this.span(left.start) }
    }
  }

  private parseUnary(): Expr {
    const t = this.peek()
    if (t.kind === 'op' && t.value === '-') {
      this.next()
      const expr = this.parseUnary()
      return { type: 'negate', expr, ...this.span(t.start) }
    }
    return this.parsePrimary()
  }

  private parsePrimary(): Expr {
    const t = this.next()
    switch (t.kind) {
      case 'number':
        return { type: 'literal', value: Number(t.value), ...this.span(t.start) }
      case 'string':
        return { type: 'literal', value: t.value, ...this.span(t.start) }
      case 'regex':
        return { type: 'regex', regex: this.compileRegex(t), ...this.span(t.start) }
      case 'duration': {
        const period = parsePeriod(t.value)
        if (!period)
          throw this.fail(t.start, t.end, `unknown time unit in ${t.text}; use ms, s, m, h, d, w, mo, q or y`)
        return { type: 'duration', amount: period.amount, unit: period.unit, ...this.span(t.start) }
      }
      case 'lparen': {
        const inner = this.parseExpr()
        this.expect('rparen')
        return { ...inner, ...this.span(t.start) }
      }
      case 'lbracket': {
        const items: Expr[] = []
        if (this.peek().kind !== 'rbracket') {
          do items.push(this.parseAdditive())
          while (this.peek().kind === 'comma' && this.next())
        }
        this.expect('rbracket')
        return { type: 'list', items, ...this.span(t.start) }
      }
      case 'op':
        if (t.value === '*') return { type: 'star', ...this.span(t.start) }
        throw this.unexpected(t)
      case 'ident': {
        if (this.peek().kind === 'lparen' && !t.quoted) return this.parseCall(t)
        return { type: 'field', name: t.value, ...this.span(t.start) }
      }
      default:
        throw this.unexpected(t)
    }
  }

  private parseCall(name: Token): Expr {
    this.expect('lparen')
    const args: Expr[] = []
    if (this.peek().kind !== 'rparen') {
      do args.push(this.parseExpr())
      while (this.peek().kind === 'comma' && this.next())
    }
    this.expect('rparen')
    return { type: 'call', name: name.value.toLowerCase(), args, ...this.span(name.start) }
  }

  /** Checks function names and argument counts; aggregates only where stats allows them. */
  private checked(expr: Expr, allowAggregates: boolean): Expr {
    const visit = (e: Expr): void => {
      switch (e.type) {
        case 'call': {
          if (AGGREGATES.has(e.name as AggregateName)) {
            if (!allowAggregates)
              throw this.fail(
                e.start,
                e.end,
                `${e.name} is an aggregate function and can only be used in stats`,
              )
            e.args.forEach(visit)
            return
          }
          const spec = FUNCTIONS[e.name]
          if (!spec)
            throw this.fail(e.start, e.end, `unknown function ${e.text.slice(0, e.text.indexOf('('))}`)
          if (e.args.length < spec.minArgs || e.args.length > spec.maxArgs) {
            const want =
              spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`
            throw this.fail(
              e.start,
              e.end,
              `${e.name} takes ${want} argument${want === '1' ? '' : 's'}, found ${e.args.length}`,
            )
          }
          e.args.forEach((arg, i) => {
            const wantsPeriod = spec.periodArgs?.includes(i) ?? false
            if (wantsPeriod !== (arg.type === 'duration')) {
              throw this.fail(
                arg.start,
                arg.end,
                wantsPeriod
                  ? `${e.name} needs a time period such as 5m, found ${arg.text}`
                  : `unexpected time period ${arg.text}`,
              )
            }
            if (!wantsPeriod) visit(arg)
          })
          return
        }
        case 'star':
          throw this.fail(e.start, e.end, 'unexpected symbol found *')
        case 'duration':
          throw this.fail(
            e.start,
            e.end,
            `unexpected time period ${e.text}; periods go inside bin() or datefloor()`,
          )
        case 'binary':
        case 'compare':
        case 'logical':
          visit(e.left)
          visit(e.right)
          return
        case 'not':
        case 'negate':
          visit(e.expr)
          return
        case 'like':
          visit(e.subject)
          return
        case 'in':
          visit(e.subject)
          e.items.forEach(visit)
          return
        case 'list':
          e.items.forEach(visit)
          return
        default:
          return
      }
    }
    visit(expr)
    return expr
  }

  private compileRegex(t: Token): RegExp {
    let source = t.value
    let flags = ''
    // the service's regular expressions take a leading (?i) for case-insensitive matching
    if (source.startsWith('(?i)')) {
      source = source.slice(4)
      flags = 'i'
    }
    try {
      return new RegExp(source, flags)
    } catch (e) {
      throw this.fail(
        t.start,
        t.end,
        `invalid regular expression ${t.text}: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
      )
    }
  }
}

/** An aggregate call outside stats refers to the column stats named after it. */
function asColumn(expr: Expr): Expr {
  if (expr.type === 'call' && AGGREGATES.has(expr.name as AggregateName)) {
    return { type: 'field', name: expr.text, start: expr.start, end: expr.end, text: expr.text }
  }
  return expr
}

function projectionName(expr: Expr): string {
  return expr.type === 'field' ? expr.name : expr.text
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/**
 * A glob parse pattern as a regular expression: literal text around lazy `*` captures, the last
 * `*` taking the rest of the line when the pattern ends with it.
 */
function globToRegex(pattern: string): RegExp {
  const parts = pattern.split('*').map(escapeRegex)
  let source = parts[0] as string
  for (let i = 1; i < parts.length; i++) {
    const isLast = i === parts.length - 1
    source += (isLast && parts[i] === '' ? '(.*)' : '(.*?)') + parts[i]
  }
  return new RegExp(source, 's')
}

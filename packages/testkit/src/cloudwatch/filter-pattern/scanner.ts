import { FilterPatternError } from './errors.js'
import { bareValue, compileRegex, type Operator, type PatternValue, stringValue } from './values.js'

/** A character scanner shared by the JSON and space-delimited pattern parsers. */
export class Scanner {
  pos = 0

  constructor(
    readonly pattern: string,
    readonly text: string,
  ) {}

  fail(problem: string, serviceMessage?: string): never {
    throw new FilterPatternError(this.pattern, problem, serviceMessage)
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++
  }

  atEnd(): boolean {
    this.skipSpace()
    return this.pos >= this.text.length
  }

  peek(s: string): boolean {
    this.skipSpace()
    return this.text.startsWith(s, this.pos)
  }

  eat(s: string): boolean {
    if (!this.peek(s)) return false
    this.pos += s.length
    return true
  }

  expect(s: string, what: string): void {
    if (!this.eat(s)) this.fail(`expected ${what} at position ${this.pos + 1}`)
  }

  /** A case-insensitive keyword (IS, NULL, NOT, EXISTS, TRUE, FALSE) followed by a boundary. */
  eatKeyword(word: string): boolean {
    this.skipSpace()
    const slice = this.text.slice(this.pos, this.pos + word.length)
    const after = this.text[this.pos + word.length]
    if (slice.toUpperCase() === word && (after === undefined || !/[\w$.]/.test(after))) {
      this.pos += word.length
      return true
    }
    return false
  }

  operator(): Operator | undefined {
    for (const op of ['!=', '<=', '>=', '=', '<', '>'] as const) if (this.eat(op)) return op
    return undefined
  }

  quoted(): string {
    // at an opening double quote
    let out = ''
    this.pos++
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++]!
      if (c === '\\' && this.pos < this.text.length) {
        out += this.text[this.pos++]
      } else if (c === '"') {
        return out
      } else {
        out += c
      }
    }
    return this.fail('a double-quoted string is not closed')
  }

  /** A value after a comparison operator: "string", %regex%, number or bare word (with * wildcards). */
  value(stop: RegExp): PatternValue {
    this.skipSpace()
    const c = this.text[this.pos]
    if (c === undefined) this.fail('a comparison has no value after its operator')
    if (c === '"') return stringValue(this.quoted())
    if (c === '%') {
      const end = this.text.indexOf('%', this.pos + 1)
      if (end < 0) this.fail('a %regex% is not closed with %')
      const body = this.text.slice(this.pos + 1, end)
      this.pos = end + 1
      return { kind: 'regex', regex: compileRegex(this.pattern, body) }
    }
    const start = this.pos
    while (this.pos < this.text.length && !stop.test(this.text[this.pos]!)) this.pos++
    const word = this.text.slice(start, this.pos)
    if (!word) this.fail(`a comparison has no value at position ${start + 1}`)
    return bareValue(word)
  }
}

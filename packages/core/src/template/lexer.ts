/**
 * Splits a template into tokens the way Go's text/template lexer does: text outside `{{ }}`,
 * trim markers (`{{- ` and ` -}}`) applied to the neighbouring text, comments dropped, and inside
 * actions the items of Go's action grammar. Errors carry the offset of the problem.
 */
import { TemplateProblem } from './errors.js'

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'bool'
  | 'nil'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'otherChar'
  | 'eof'

export interface Token {
  type: TokenType
  pos: number
  end: number
  val: string
}

export const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'template',
  'with',
])

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n'
const isAlphaNumeric = (c: string | undefined) => c !== undefined && c !== '' && /^[\p{L}\p{Nd}_]$/u.test(c)

export function lex(input: string): Token[] {
  return new Lexer(input).run()
}

class Lexer {
  private readonly tokens: Token[] = []
  private parenDepth = 0

  constructor(private readonly input: string) {}

  run(): Token[] {
    const { input } = this
    let pos = 0
    for (;;) {
      const open = input.indexOf('{{', pos)
      if (open < 0) {
        if (pos < input.length) this.emit('text', pos, input.length, input.slice(pos))
        break
      }
      const leftTrim = isSpace(input[open + 3]) && input[open + 2] === '-'
      let text = input.slice(pos, open)
      if (leftTrim) text = text.replace(/[ \t\r\n]+$/, '')
      if (text) this.emit('text', pos, pos + text.length, text)
      const inside = open + 2 + (leftTrim ? 2 : 0)
      pos = input.startsWith('/*', inside) ? this.comment(open, inside) : this.action(open, inside)
    }
    this.emit('eof', input.length, input.length, '')
    return this.tokens
  }

  /** At a right delimiter: its length (with any trim marker) and whether it trims, else undefined. */
  private rightDelimAt(p: number): { length: number; trim: boolean } | undefined {
    if (isSpace(this.input[p]) && this.input.startsWith('-}}', p + 1)) return { length: 4, trim: true }
    if (this.input.startsWith('}}', p)) return { length: 2, trim: false }
    return undefined
  }

  private afterRightDelim(p: number, delim: { length: number; trim: boolean }): number {
    let next = p + delim.length
    if (delim.trim) while (isSpace(this.input[next])) next++
    return next
  }

  private comment(open: number, start: number): number {
    const close = this.input.indexOf('*/', start + 2)
    if (close < 0) throw new TemplateProblem('unclosed comment', open, '{{/*', 'Close the comment with */}}.')
    const delim = this.rightDelimAt(close + 2)
    if (!delim) {
      throw new TemplateProblem(
        'comment ends before closing delimiter',
        close,
        '{{/* */}}',
        'Write */ right before }}.',
      )
    }
    return this.afterRightDelim(close + 2, delim)
  }

  private action(open: number, start: number): number {
    const { input } = this
    this.emit('leftDelim', open, start, input.slice(open, start))
    this.parenDepth = 0
    let p = start
    for (;;) {
      const delim = this.rightDelimAt(p)
      if (delim) {
        if (this.parenDepth > 0)
          throw new TemplateProblem('unclosed left paren', p, undefined, 'Add the missing ")".')
        this.emit('rightDelim', p, p + delim.length, input.slice(p, p + delim.length))
        return this.afterRightDelim(p, delim)
      }
      if (p >= input.length) {
        throw new TemplateProblem(
          'unclosed action: this "{{" has no matching "}}"',
          open,
          undefined,
          'Close the action with }}.',
        )
      }
      p = this.item(p)
    }
  }

  /** Lexes one item inside an action starting at p; returns the offset after it. */
  private item(p: number): number {
    const { input } = this
    const c = String.fromCodePoint(input.codePointAt(p)!)
    const next = input[p + 1]
    if (isSpace(c)) {
      let q = p
      while (isSpace(input[q])) q++
      if (input.startsWith('-}}', q)) q-- // leave " -}}" to the delimiter
      if (q > p) this.emit('space', p, q, input.slice(p, q))
      return q
    }
    switch (c) {
      case '=':
        return this.emit('assign', p, p + 1, '=')
      case ':':
        if (next !== '=') throw new TemplateProblem('expected :=', p)
        return this.emit('declare', p, p + 2, ':=')
      case '|':
        return this.emit('pipe', p, p + 1, '|')
      case '"':
        return this.quoted(p, '"', 'string', 'unterminated quoted string')
      case "'":
        return this.quoted(p, "'", 'char', 'unterminated character constant')
      case '`': {
        const close = input.indexOf('`', p + 1)
        if (close < 0) throw new TemplateProblem('unterminated raw quoted string', p)
        return this.emit('rawString', p, close + 1, input.slice(p, close + 1))
      }
      case '$':
        return this.fieldOrVariable(p, 'variable')
      case '(':
        this.parenDepth++
        return this.emit('leftParen', p, p + 1, '(')
      case ')':
        this.parenDepth--
        if (this.parenDepth < 0) throw new TemplateProblem('unexpected right paren', p)
        return this.emit('rightParen', p, p + 1, ')')
      case ',':
        return this.emit('comma', p, p + 1, ',')
    }
    if (c === '.' && !(next !== undefined && next >= '0' && next <= '9'))
      return this.fieldOrVariable(p, 'field')
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) return this.number(p)
    if (isAlphaNumeric(c)) return this.identifier(p)
    if (c.length === 1 && c >= '!' && c <= '~') return this.emit('otherChar', p, p + 1, c)
    throw new TemplateProblem(`unrecognized character in action: ${JSON.stringify(c)}`, p)
  }

  private emit(type: TokenType, pos: number, end: number, val: string): number {
    this.tokens.push({ type, pos, end, val })
    return end
  }

  private atTerminator(p: number): boolean {
    const c = this.input[p]
    if (c === undefined || isSpace(c) || '.,|:()'.includes(c)) return true
    return this.input.startsWith('}}', p)
  }

  private alnumRunEnd(p: number): number {
    let q = p
    for (;;) {
      const cp = this.input.codePointAt(q)
      if (cp === undefined) return q
      const ch = String.fromCodePoint(cp)
      if (!isAlphaNumeric(ch)) return q
      q += ch.length
    }
  }

  /** `bad character`; for `.vars.some-key` also how to write the key with `index`. */
  private badCharacter(q: number, word: string): TemplateProblem {
    const ch = String.fromCodePoint(this.input.codePointAt(q)!)
    let hint: string | undefined
    if (/^[.$]/.test(word) && ch === '-') {
      let start = q - word.length
      while (start > 0 && /[\p{L}\p{Nd}_.$]/u.test(this.input[start - 1])) start--
      const path = /^[^\s}|()]*/.exec(this.input.slice(start))![0]
      const dot = path.lastIndexOf('.')
      hint = `A key containing "-" cannot be written as a field: write {{ index ${path.slice(0, dot) || '.'} "${path.slice(dot + 1)}" }}.`
    }
    return new TemplateProblem(`bad character ${JSON.stringify(ch)}`, q, undefined, hint)
  }

  private fieldOrVariable(p: number, type: 'field' | 'variable'): number {
    if (this.atTerminator(p + 1)) {
      return type === 'variable' ? this.emit('variable', p, p + 1, '$') : this.emit('dot', p, p + 1, '.')
    }
    const q = this.alnumRunEnd(p + 1)
    if (!this.atTerminator(q)) throw this.badCharacter(q, this.input.slice(p, q))
    return this.emit(type, p, q, this.input.slice(p, q))
  }

  private identifier(p: number): number {
    const q = this.alnumRunEnd(p)
    if (!this.atTerminator(q)) throw this.badCharacter(q, '')
    const word = this.input.slice(p, q)
    const type: TokenType = KEYWORDS.has(word)
      ? 'keyword'
      : word === 'true' || word === 'false'
        ? 'bool'
        : word === 'nil'
          ? 'nil'
          : 'identifier'
    return this.emit(type, p, q, word)
  }

  private quoted(p: number, quote: string, type: TokenType, unterminated: string): number {
    const { input } = this
    let q = p + 1
    for (;;) {
      const c = input[q]
      if (c === '\\') {
        const escaped = input[q + 1]
        if (escaped === undefined || escaped === '\n') throw new TemplateProblem(unterminated, p)
        q += 2
        continue
      }
      if (c === undefined || c === '\n') throw new TemplateProblem(unterminated, p)
      q++
      if (c === quote) return this.emit(type, p, q, input.slice(p, q))
    }
  }

  /** Go's scanNumber: sign, base prefix, digits with `_`, fraction, exponent, imaginary suffix. */
  private number(p: number): number {
    const { input } = this
    let q = p
    const accept = (set: string) => {
      if (input[q] !== undefined && set.includes(input[q])) {
        q++
        return true
      }
      return false
    }
    const acceptRun = (set: string) => {
      while (accept(set)) {}
    }
    accept('+-')
    let digits = '0123456789_'
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_'
      else if (accept('oO')) digits = '01234567_'
      else if (accept('bB')) digits = '01_'
    }
    acceptRun(digits)
    if (accept('.')) acceptRun(digits)
    if (digits.length === 11 && accept('eE')) {
      accept('+-')
      acceptRun('0123456789_')
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-')
      acceptRun('0123456789_')
    }
    accept('i')
    if (isAlphaNumeric(input[q])) {
      throw new TemplateProblem(`bad number syntax: ${JSON.stringify(input.slice(p, q + 1))}`, p)
    }
    return this.emit('number', p, q, input.slice(p, q))
  }
}

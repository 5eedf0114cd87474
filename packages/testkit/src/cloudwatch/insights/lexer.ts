import { errorAt } from './errors.js'

export type TokenKind =
  | 'ident' // field names and keywords: level, a.b, @timestamp, `detail-type`
  | 'number'
  | 'duration' // 5m, 1h, 30s (bin periods)
  | 'string'
  | 'regex'
  | 'op' // = != < <= > >= =~ + - * / %
  | 'pipe'
  | 'comma'
  | 'lparen'
  | 'rparen'
  | 'lbracket'
  | 'rbracket'
  | 'eof'

export interface Token {
  kind: TokenKind
  /** the token's meaning: identifier name, unquoted string, regex source, operator */
  value: string
  /** what was written, for error messages */
  text: string
  start: number
  end: number
  /** a back-quoted identifier is never a keyword */
  quoted?: boolean
}

const IDENT_START = /[A-Za-z_@$]/
const IDENT_PART = /[A-Za-z0-9_@$.]/
const DIGIT = /[0-9]/

/**
 * Splits a Logs Insights query into tokens. A `/` starts a regular expression where a value is
 * expected (after `like`, `=~`, an opening bracket, a comma, or as the pattern of `parse`), and is
 * division elsewhere.
 */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const push = (kind: TokenKind, value: string, start: number, end: number, quoted?: boolean) => {
    tokens.push({ kind, value, text: query.slice(start, end), start, end, ...(quoted ? { quoted } : {}) })
  }

  while (i < query.length) {
    const c = query[i] as string
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++
      continue
    }
    if (c === '#') {
      while (i < query.length && query[i] !== '\n') i++
      continue
    }
    const start = i
    if (c === '|') {
      push('pipe', '|', i, ++i)
    } else if (c === ',') {
      push('comma', ',', i, ++i)
    } else if (c === '(') {
      push('lparen', '(', i, ++i)
    } else if (c === ')') {
      push('rparen', ')', i, ++i)
    } else if (c === '[') {
      push('lbracket', '[', i, ++i)
    } else if (c === ']') {
      push('rbracket', ']', i, ++i)
    } else if (c === '"' || c === "'") {
      i = readString(query, i, c, tokens)
    } else if (c === '`') {
      const close = query.indexOf('`', i + 1)
      if (close < 0) throw errorAt(query, start, query.length, 'unterminated quoted field name')
      push('ident', query.slice(i + 1, close), start, close + 1, true)
      i = close + 1
    } else if (c === '/' && regexAllowed(tokens)) {
      i = readRegex(query, i, tokens)
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(query[i + 1] ?? ''))) {
      while (i < query.length && DIGIT.test(query[i] as string)) i++
      if (query[i] === '.' && DIGIT.test(query[i + 1] ?? '')) {
        i++
        while (i < query.length && DIGIT.test(query[i] as string)) i++
      }
      const numberEnd = i
      while (i < query.length && /[A-Za-z]/.test(query[i] as string)) i++
      if (i > numberEnd) push('duration', query.slice(start, i), start, i)
      else push('number', query.slice(start, i), start, i)
    } else if (IDENT_START.test(c)) {
      while (i < query.length && IDENT_PART.test(query[i] as string)) i++
      push('ident', query.slice(start, i), start, i)
    } else {
      const two = query.slice(i, i + 2)
      if (two === '!=' || two === '<=' || two === '>=' || two === '=~' || two === '==') {
        i += 2
        push('op', two === '==' ? '=' : two, start, i)
      } else if ('=<>+-*/%'.includes(c)) {
        push('op', c, i, ++i)
      } else {
        throw errorAt(query, start, start + 1, `unexpected symbol found ${c}`)
      }
    }
  }
  push('eof', '', query.length, query.length)
  return tokens
}

function regexAllowed(tokens: Token[]): boolean {
  const prev = tokens[tokens.length - 1]
  if (!prev) return true
  if (prev.kind === 'op' && prev.value !== '/') return true
  if (prev.kind === 'comma' || prev.kind === 'lparen' || prev.kind === 'lbracket' || prev.kind === 'pipe')
    return true
  if (prev.kind === 'ident' && !prev.quoted) {
    const word = prev.value.toLowerCase()
    if (word === 'like' || word === 'parse' || word === 'in') return true
    // `parse @message /re/`: the field of a parse command is followed by its pattern
    const before = tokens[tokens.length - 2]
    if (before?.kind === 'ident' && before.value.toLowerCase() === 'parse') return true
  }
  return false
}

function readString(query: string, i: number, quote: string, tokens: Token[]): number {
  const start = i
  let value = ''
  i++
  while (i < query.length && query[i] !== quote) {
    if (query[i] === '\\' && i + 1 < query.length) {
      const next = query[i + 1] as string
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next
      i += 2
    } else {
      value += query[i]
      i++
    }
  }
  if (i >= query.length) throw errorAt(query, start, query.length, 'unterminated string literal')
  i++
  tokens.push({ kind: 'string', value, text: query.slice(start, i), start, end: i })
  return i
}

function readRegex(query: string, i: number, tokens: Token[]): number {
  const start = i
  let source = ''
  let inClass = false
  i++
  while (i < query.length) {
    const c = query[i] as string
    if (c === '\\' && i + 1 < query.length) {
      // `\/` is an escaped delimiter; every other escape belongs to the regular expression
      source += query[i + 1] === '/' ? '/' : c + query[i + 1]
      i += 2
      continue
    }
    if (c === '[') inClass = true
    else if (c === ']') inClass = false
    else if (c === '/' && !inClass) break
    source += c
    i++
  }
  if (i >= query.length) throw errorAt(query, start, query.length, 'unterminated regular expression')
  i++
  tokens.push({ kind: 'regex', value: source, text: query.slice(start, i), start, end: i })
  return i
}

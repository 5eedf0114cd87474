import { FilterPatternError } from './errors.js'

/**
 * Value comparisons shared by JSON and space-delimited patterns: quoted or bare strings with `*`
 * wildcards, numbers, and `%regex%`.
 */
export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>='

export type PatternValue =
  | { kind: 'string'; text: string; glob: RegExp | null }
  | { kind: 'number'; number: number; text: string }
  | { kind: 'regex'; regex: RegExp }

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/

/** Characters the service accepts inside %regex% (it rejects parentheses and multi-byte characters). */
const REGEX_ALLOWED = /^[A-Za-z0-9_#=@/;,:\-^$?[\]{}|\\*+. ]*$/

export function compileRegex(pattern: string, body: string): RegExp {
  if (!REGEX_ALLOWED.test(body)) {
    throw new FilterPatternError(
      pattern,
      `the regular expression %${body}% uses a character the service does not support (parentheses, '!', quotes and multi-byte characters are rejected)`,
    )
  }
  try {
    return new RegExp(body)
  } catch (e) {
    throw new FilterPatternError(
      pattern,
      `the regular expression %${body}% is not valid (${(e as Error).message})`,
    )
  }
}

export function globToRegExp(text: string): RegExp | null {
  if (!text.includes('*')) return null
  const source = text
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${source}$`, 's')
}

export function stringValue(text: string): PatternValue {
  return { kind: 'string', text, glob: globToRegExp(text) }
}

/** A bare (unquoted) literal: a number when it reads as one, otherwise a string that may hold `*`. */
export function bareValue(text: string): PatternValue {
  if (NUMBER.test(text)) return { kind: 'number', number: Number(text), text }
  return stringValue(text)
}

const asNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && NUMBER.test(v.trim())) return Number(v)
  return undefined
}

/** Compares a value taken from the log event (string, number, boolean, null...) with a pattern value. */
export function compare(actual: unknown, op: Operator, value: PatternValue): boolean {
  if (actual === undefined) return false
  if (value.kind === 'regex') {
    if (op !== '=' && op !== '!=') return false
    if (actual === null || typeof actual === 'object') return false
    const hit = value.regex.test(String(actual))
    return op === '=' ? hit : !hit
  }
  if (value.kind === 'number') {
    const n = asNumber(actual)
    if (n === undefined) return op === '!=' ? actual !== null && typeof actual !== 'object' : false
    switch (op) {
      case '=':
        return n === value.number
      case '!=':
        return n !== value.number
      case '<':
        return n < value.number
      case '>':
        return n > value.number
      case '<=':
        return n <= value.number
      case '>=':
        return n >= value.number
    }
  }
  if (op !== '=' && op !== '!=') return false
  if (actual === null || typeof actual === 'object') return false
  const text = String(actual)
  const hit = value.glob ? value.glob.test(text) : text === value.text
  return op === '=' ? hit : !hit
}

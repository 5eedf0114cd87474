/**
 * Sprig's regex functions over Go's RE2 syntax: the pattern is translated to a JavaScript RegExp
 * (named groups, POSIX classes, \A \z, leading flags), and matching, splitting and `$1`/`${name}`
 * expansion follow Go's regexp package, including how it skips an empty match right after a match.
 */
import type { FuncSpec } from './functions.js'
import { canBackquote } from './quote.js'

const posix: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
}

const cache = new Map<string, RegExp>()

/** regexp.Compile: a RegExp with the sticky-free global flag, or Go's error text. */
export function compile(pattern: string): RegExp {
  const hit = cache.get(pattern)
  if (hit) return hit
  let flags = 'gu'
  let body = pattern
  const lead = /^\(\?([imsU]+)\)/.exec(body)
  if (lead) {
    if (lead[1].includes('U'))
      throw new Error(`error parsing regexp: ungreedy mode is not supported: \`${pattern}\``)
    flags += lead[1].replace(/[^ims]/g, '')
    body = body.slice(lead[0].length)
  }
  body = body
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => {
      const cls = posix[name]
      if (!cls) throw new Error(`error parsing regexp: invalid character class range: \`${m}\``)
      return neg ? `^${cls}` : cls
    })
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])')
  if (flags.includes('m')) body = body.replace(/\\A/g, '(?<![\\s\\S])')
  let re: RegExp
  try {
    re = new RegExp(body, flags)
  } catch (err) {
    throw new Error(`error parsing regexp: ${goRegexError(pattern, err as Error)}`)
  }
  cache.set(pattern, re)
  return re
}

function goRegexError(pattern: string, err: Error): string {
  if (/Unterminated character class/.test(err.message)) {
    const at = pattern.lastIndexOf('[')
    return `missing closing ]: \`${pattern.slice(at)}\``
  }
  if (/Unterminated group|Unmatched '\)'/.test(err.message)) return `missing closing ): \`${pattern}\``
  if (/Nothing to repeat/.test(err.message)) return `missing argument to repetition operator: \`${pattern}\``
  return `invalid syntax: \`${pattern}\``
}

/** Go's allMatches: successive matches, an empty match abutting the previous one skipped. */
function matches(re: RegExp, s: string, n: number): RegExpExecArray[] {
  if (n < 0) n = s.length + 1
  const out: RegExpExecArray[] = []
  let pos = 0
  let prevEnd = -1
  while (out.length < n && pos <= s.length) {
    re.lastIndex = pos
    const m = re.exec(s)
    if (!m) break
    const start = m.index
    const end = start + m[0].length
    let accept = true
    if (end === start) {
      if (start === prevEnd) accept = false
      const cp = s.codePointAt(start)
      pos = start + (cp === undefined ? 1 : cp > 0xffff ? 2 : 1)
      if (start >= s.length) pos = s.length + 1
    } else pos = end
    prevEnd = end
    if (accept) out.push(m)
  }
  return out
}

function findAll(pattern: string, s: string, n: number): string[] {
  if (n === 0) return []
  return matches(compile(pattern), s, n).map((m) => m[0])
}

function split(pattern: string, s: string, n: number): string[] {
  if (n === 0) return []
  if (pattern.length > 0 && s.length === 0) return ['']
  const ms = matches(compile(pattern), s, n)
  const out: string[] = []
  let beg = 0
  let end = 0
  for (const m of ms) {
    if (n > 0 && out.length === n - 1) break
    end = m.index
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end))
    beg = m.index + m[0].length
  }
  if (end !== s.length) out.push(s.slice(beg))
  return out
}

/** Regexp.Expand's template: `$1`, `$name`, `${name}`, `$$`; a name is the longest run of word characters. */
function expand(template: string, m: RegExpExecArray): string {
  let out = ''
  let i = 0
  while (i < template.length) {
    const ch = template[i]
    if (ch !== '$') {
      out += ch
      i++
      continue
    }
    const rest = template.slice(i + 1)
    if (rest.startsWith('$')) {
      out += '$'
      i += 2
      continue
    }
    let name: string | undefined
    let width = 0
    const braced = /^\{([\p{L}\p{Nd}_]+)\}/u.exec(rest)
    const bare = /^[\p{L}\p{Nd}_]+/u.exec(rest)
    if (braced) [name, width] = [braced[1], braced[0].length]
    else if (bare && !rest.startsWith('{')) [name, width] = [bare[0], bare[0].length]
    if (name === undefined) {
      out += '$'
      i++
      continue
    }
    i += 1 + width
    if (/^\d+$/.test(name)) {
      const num = Number(name)
      if (num < m.length) out += m[num] ?? ''
      continue
    }
    out += m.groups?.[name] ?? ''
  }
  return out
}

function replaceAll(pattern: string, s: string, repl: string, literal: boolean): string {
  const re = compile(pattern)
  let out = ''
  let lastEnd = 0
  let pos = 0
  while (pos <= s.length) {
    re.lastIndex = pos
    const m = re.exec(s)
    if (!m) break
    const start = m.index
    const end = start + m[0].length
    out += s.slice(lastEnd, start)
    if (end > lastEnd || start === 0) out += literal ? repl : expand(repl, m)
    lastEnd = end
    const cp = s.codePointAt(pos)
    const width = cp === undefined ? 1 : cp > 0xffff ? 2 : 1
    if (pos + width > end) pos += width
    else if (pos + 1 > end) pos++
    else pos = end
  }
  return out + s.slice(lastEnd)
}

/** regexp.QuoteMeta. */
function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

const s = 'string' as const
const int = 'int' as const

/** regexp.MustCompile's panic, which the plain (non-must) functions raise. */
function mustCompile<A extends unknown[], R>(fn: (pattern: string, ...rest: A) => R) {
  return (pattern: string, ...rest: A): R => {
    try {
      compile(pattern)
    } catch (err) {
      const quoted = canBackquote(pattern) ? `\`${pattern}\`` : JSON.stringify(pattern)
      throw new Error(`regexp: Compile(${quoted}): ${(err as Error).message}`)
    }
    return fn(pattern, ...rest)
  }
}

function find(pattern: string, v: string): string {
  const re = compile(pattern)
  re.lastIndex = 0
  return re.exec(v)?.[0] ?? ''
}

function match(pattern: string, v: string): boolean {
  const re = compile(pattern)
  re.lastIndex = 0
  return re.test(v)
}

export const sprigRegex: Record<string, FuncSpec> = {
  regexMatch: {
    params: [s, s],
    call: (p: string, v: string) => {
      try {
        return match(p, v)
      } catch {
        return false
      }
    },
  },
  mustRegexMatch: { params: [s, s], call: match },
  regexFindAll: { params: [s, s, int], call: mustCompile(findAll) },
  mustRegexFindAll: { params: [s, s, int], call: findAll },
  regexFind: { params: [s, s], call: mustCompile(find) },
  mustRegexFind: { params: [s, s], call: find },
  regexReplaceAll: {
    params: [s, s, s],
    call: mustCompile((p: string, v: string, r: string) => replaceAll(p, v, r, false)),
  },
  mustRegexReplaceAll: {
    params: [s, s, s],
    call: (p: string, v: string, r: string) => replaceAll(p, v, r, false),
  },
  regexReplaceAllLiteral: {
    params: [s, s, s],
    call: mustCompile((p: string, v: string, r: string) => replaceAll(p, v, r, true)),
  },
  mustRegexReplaceAllLiteral: {
    params: [s, s, s],
    call: (p: string, v: string, r: string) => replaceAll(p, v, r, true),
  },
  regexSplit: { params: [s, s, int], call: mustCompile(split) },
  mustRegexSplit: { params: [s, s, int], call: split },
  regexQuoteMeta: { params: [s], call: quoteMeta },
}

/** Sprig's string functions (Sprig's argument order: the string being worked on comes last). */
import { strslice, strval } from './cast.js'
import type { FuncSpec } from './functions.js'
import { quote as goQuote } from './quote.js'
import { compareStrings } from './values.js'

/** unicode.IsSpace. */
const goSpace = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000'
const leadingSpace = new RegExp(`^[${goSpace}]+`)
const trailingSpace = new RegExp(`[${goSpace}]+$`)
const oneSpace = new RegExp(`^[${goSpace}]$`)

export const isGoSpace = (r: string) => oneSpace.test(r)

export function trimSpace(s: string): string {
  return s.replace(leadingSpace, '').replace(trailingSpace, '')
}

/** strings.Trim: drop leading and trailing runes that are in the cutset. */
export function trimCutset(s: string, cutset: string): string {
  const cut = new Set(cutset)
  const runes = [...s]
  let start = 0
  let end = runes.length
  while (start < end && cut.has(runes[start])) start++
  while (end > start && cut.has(runes[end - 1])) end--
  return runes.slice(start, end).join('')
}

/** strings.Split: an empty separator splits after each rune. */
export function split(s: string, sep: string): string[] {
  return sep === '' ? [...s] : s.split(sep)
}

/** strings.SplitN. */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return []
  const all = split(s, sep)
  if (n < 0 || all.length <= n) return all
  return [...all.slice(0, n - 1), all.slice(n - 1).join(sep)]
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before and after every rune. */
export function replaceAll(s: string, old: string, replacement: string): string {
  if (old === '') return replacement + [...s].map((r) => r + replacement).join('')
  return s.split(old).join(replacement)
}

/** Go's s[a:b] on the UTF-8 bytes of s. */
export function byteSlice(s: string, start: number, end?: number): string {
  return Buffer.from(s, 'utf8').subarray(start, end).toString('utf8')
}

const byteLen = (s: string) => Buffer.byteLength(s, 'utf8')

/** strings.Title: upper-case the first letter of each word. */
export function title(s: string): string {
  let prev = ' '
  let out = ''
  for (const r of s) {
    const upper = r.toUpperCase()
    out += isSeparator(prev) && [...upper].length === 1 ? upper : r
    prev = r
  }
  return out
}

function isSeparator(r: string): boolean {
  if (r.codePointAt(0)! <= 0x7f) return !/[0-9A-Za-z_]/.test(r)
  if (/[\p{L}\p{Nd}]/u.test(r)) return false
  return isGoSpace(r)
}

const isUpper = (r: string) => /\p{Lu}/u.test(r)
const isLower = (r: string) => /\p{Ll}/u.test(r)
const isTitle = (r: string) => /\p{Lt}/u.test(r)
const single = (r: string, mapped: string) => ([...mapped].length === 1 ? mapped : r)
const toUpperRune = (r: string) => single(r, r.toUpperCase())
const toLowerRune = (r: string) => single(r, r.toLowerCase())

/** goutils.Uncapitalize: lower-case the first letter of each space-separated word. */
function untitle(s: string): string {
  let next = true
  let out = ''
  for (const r of s) {
    if (isGoSpace(r)) {
      next = true
      out += r
    } else if (next) {
      out += toLowerRune(r)
      next = false
    } else out += r
  }
  return out
}

/**
 * goutils.SwapCase: upper and title case become lower, lower becomes upper (Go uses title case
 * at a word start, which differs from upper case only for digraphs such as ǆ).
 */
function swapcase(s: string): string {
  let out = ''
  for (const r of s) {
    if (isUpper(r) || isTitle(r)) out += toLowerRune(r)
    else if (isLower(r)) out += toUpperRune(r)
    else out += r
  }
  return out
}

/** goutils.Initials: the first byte of each space-separated word. */
function initials(s: string): string {
  const bytes = Buffer.from(s, 'utf8')
  let out = ''
  let gap = true
  for (const b of bytes) {
    const ch = String.fromCharCode(b)
    if (isGoSpace(ch)) gap = true
    else if (gap) {
      out += String.fromCodePoint(b)
      gap = false
    }
  }
  return out
}

/** goutils.AbbreviateFull, on bytes as Go slices strings. */
export function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  if (s === '') return ''
  if (maxWidth < 4) throw new Error('stringutils illegal argument: Minimum abbreviation width is 4')
  const len = byteLen(s)
  if (len <= maxWidth) return s
  if (offset > len) offset = len
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3)
  if (offset <= 4) return `${byteSlice(s, 0, maxWidth - 3)}...`
  if (maxWidth < 7)
    throw new Error('stringutils illegal argument: Minimum abbreviation width with offset is 7')
  if (offset + maxWidth - 3 < len) return `...${abbreviateFull(byteSlice(s, offset), 0, maxWidth - 3)}`
  return `...${byteSlice(s, len - (maxWidth - 3))}`
}

function abbrev(width: number, s: string): string {
  if (width < 4) return s
  try {
    return abbreviateFull(s, 0, width)
  } catch {
    return ''
  }
}

function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s
  try {
    return abbreviateFull(s, left, right)
  } catch {
    return ''
  }
}

/** goutils.WrapCustom(str, width, sep, wrapLongWords=true). */
function wrapCustom(str: string, width: number, sep: string, wrapLong: boolean): string {
  if (str === '') return ''
  if (sep === '') sep = '\n'
  if (width < 1) width = 1
  const input = [...str]
  const len = input.length
  let offset = 0
  let out = ''
  while (len - offset > width) {
    if (input[offset] === ' ') {
      offset++
      continue
    }
    const window = input.slice(offset, offset + width + 1).join('')
    let spaceAt = window.lastIndexOf(' ')
    spaceAt = spaceAt < 0 ? -1 : [...window.slice(0, spaceAt)].length
    if (spaceAt >= 0) {
      out += input.slice(offset, offset + spaceAt).join('') + sep
      offset += spaceAt + 1
    } else if (wrapLong) {
      out += input.slice(offset, offset + width).join('') + sep
      offset += width
    } else {
      const rest = input.slice(offset + width).join('')
      const next = rest.indexOf(' ')
      if (next >= 0) {
        const at = offset + width + [...rest.slice(0, next)].length
        out += input.slice(offset, at).join('') + sep
        offset = at + 1
      } else {
        out += input.slice(offset).join('')
        offset = len
      }
    }
  }
  return out + input.slice(offset).join('')
}

const isConnector = (r: string) => r === '-' || r === '_' || isGoSpace(r)
const isLetter = (r: string) => /\p{L}/u.test(r)
const isNumber = (r: string) => /\p{N}/u.test(r)
const isPunct = (r: string) => /\p{P}/u.test(r)

type WordKind = 'number' | 'upper' | 'alpha' | 'connector' | 'punct' | 'other' | 'invalid'
interface Word {
  kind: WordKind
  text: string
}

/**
 * Splits text into words the way huandu/xstrings does for snake and kebab case: runs of
 * connectors (`-`, `_`, spaces), punctuation, numbers, lower-case letters, an upper-case letter
 * with the lower-case ones after it, or a run of capitals (whose last one starts the next word
 * when a lower-case letter follows: `HTTPServer` → `HTTP`, `Server`).
 */
function words(text: string): Word[] {
  const rs = [...text]
  const out: Word[] = []
  let i = 0
  const run = (pred: (r: string) => boolean) => {
    let j = i + 1
    while (j < rs.length && pred(rs[j])) j++
    return j
  }
  while (i < rs.length) {
    const r = rs[i]
    let kind: WordKind
    let j: number
    if (isConnector(r)) [kind, j] = ['connector', run(isConnector)]
    else if (isPunct(r)) [kind, j] = ['punct', run(isPunct)]
    else if (isUpper(r)) {
      kind = 'upper'
      j = i + 1
      if (j < rs.length && isUpper(rs[j])) {
        j = run(isUpper)
        if (j < rs.length && isLetter(rs[j])) j--
      } else if (j < rs.length && isLetter(rs[j])) j = run((x) => isLetter(x) && !isUpper(x))
    } else if (isLetter(r)) [kind, j] = ['alpha', run((x) => isLetter(x) && !isUpper(x))]
    else if (isNumber(r)) [kind, j] = ['number', run(isNumber)]
    else [kind, j] = ['other', run((x) => !(isConnector(x) || isLetter(x) || isNumber(x) || isPunct(x)))]
    out.push({ kind, text: rs.slice(i, j).join('') })
    i = j
  }
  return out
}

/** A word in lower case; connectors become the delimiter, one per rune. */
function lowered(w: Word, delimiter: string): string {
  if (w.kind !== 'upper' && w.kind !== 'connector') return w.text
  return [...w.text].map((r) => (isConnector(r) ? delimiter : toLowerRune(r))).join('')
}

const separable = (k: WordKind) => k !== 'invalid' && k !== 'connector' && k !== 'punct'
const wordy = (k: WordKind) => k === 'alpha' || k === 'number'

/**
 * xstrings.ToSnakeCase/ToKebabCase: words joined by the delimiter, a number kept with the word
 * before it unless letters follow it (`Bld4Floor` → `bld4_floor`, `HTTP2xx` → `http_2xx`).
 */
function delimitedCase(text: string, delimiter: string): string {
  const ws = words(text)
  let at = 0
  const next = (): Word => ws[at++] ?? { kind: 'invalid', text: '' }
  const more = () => at < ws.length
  let out = ''
  let cur = next()
  while (more()) {
    if (cur.kind !== 'connector') out += lowered(cur, delimiter)
    const prev = cur
    cur = next()
    if (prev.kind === 'number') {
      while (wordy(cur.kind)) {
        out += lowered(cur, delimiter)
        cur = next()
      }
      if (separable(cur.kind)) out += delimiter
    } else if (prev.kind === 'connector') out += lowered(prev, delimiter)
    else if (prev.kind !== 'punct') {
      if (cur.kind !== 'number') {
        if (separable(cur.kind)) out += delimiter
        continue
      }
      if (!more()) continue
      const number = cur
      cur = next()
      if (cur.kind !== 'alpha') {
        out += number.text
        if (separable(cur.kind)) out += delimiter
        continue
      }
      out += delimiter + number.text
      while (wordy(cur.kind)) {
        out += lowered(cur, delimiter)
        cur = next()
      }
      if (separable(cur.kind)) out += delimiter
    }
  }
  return out + lowered(cur, delimiter)
}

/**
 * xstrings.ToCamelCase: leading connectors kept, each later connector removed and the rune after
 * it upper-cased, every other rune lower-cased except the first.
 */
function camelcase(text: string): string {
  const rs = [...text]
  if (rs.length === 0) return ''
  let out = ''
  let i = 0
  while (i < rs.length - 1 && isConnector(rs[i])) out += rs[i++]
  if (i === rs.length - 1 && isConnector(rs[i])) return out + rs[i]
  let prev = toUpperRune(rs[i++])
  for (; i < rs.length; i++) {
    const r = rs[i]
    if (isConnector(r) && isConnector(prev)) {
      out += prev
      prev = r
      continue
    }
    if (isConnector(prev)) prev = toUpperRune(r)
    else {
      out += prev
      prev = toLowerRune(r)
    }
  }
  return out + prev
}

/**
 * goutils.DeleteWhiteSpace works on bytes, each taken as a Latin-1 rune: a string without
 * whitespace comes back as it was, any other is re-encoded rune by rune (and loses the UTF-8
 * continuation bytes 0x85 and 0xA0, which are spaces in Latin-1).
 */
function nospace(v: string): string {
  const bytes = Buffer.from(v, 'utf8')
  let out = ''
  let kept = 0
  for (const b of bytes) {
    const r = String.fromCharCode(b)
    if (!isGoSpace(r)) {
      out += r
      kept++
    }
  }
  return kept === bytes.length ? v : out
}

function quoteAll(...vs: unknown[]): string {
  return vs
    .filter((v) => v !== null)
    .map((v) => goQuote(strval(v)))
    .join(' ')
}

function cat(...vs: unknown[]): string {
  return vs
    .filter((v) => v !== null)
    .map((v) => strval(v))
    .join(' ')
}

function trunc(c: number, s: string): string {
  const len = byteLen(s)
  if (c < 0 && len + c > 0) return byteSlice(s, len + c)
  if (c >= 0 && len > c) return byteSlice(s, 0, c)
  return s
}

function substr(start: number, end: number, s: string): string {
  const len = byteLen(s)
  if (start < 0) return sliceChecked(s, 0, end, len)
  if (end < 0 || end > len) return sliceChecked(s, start, len, len)
  return sliceChecked(s, start, end, len)
}

/** s[a:b] with Go's runtime errors: the high bound is checked first. */
function sliceChecked(s: string, a: number, b: number, len: number): string {
  const fail = (what: string) => new Error(`runtime error: slice bounds out of range ${what}`)
  if (b < 0) throw fail(`[:${b}]`)
  if (b > len) throw fail(`[:${b}] with length ${len}`)
  if (a < 0) throw fail(`[${a}:]`)
  if (a > b) throw fail(`[${a}:${b}]`)
  return byteSlice(s, a, b)
}

function repeat(count: number, s: string): string {
  if (count < 0) throw new Error('strings: negative Repeat count')
  return s.repeat(count)
}

function indent(spaces: number, s: string): string {
  if (spaces < 0) throw new Error('strings: negative Repeat count')
  const pad = ' '.repeat(spaces)
  return pad + s.split('\n').join(`\n${pad}`)
}

function splitMap(parts: string[]): Record<string, string> {
  return Object.fromEntries(parts.map((part, i) => [`_${i}`, part]))
}

const s = 'string' as const
const any = 'any' as const
const int = 'int' as const

export const sprigStrings: Record<string, FuncSpec> = {
  hello: { params: [], call: () => 'Hello!' },
  abbrev: { params: [int, s], call: abbrev },
  abbrevboth: { params: [int, int, s], call: abbrevboth },
  trunc: { params: [int, s], call: trunc },
  trim: { params: [s], call: trimSpace },
  upper: { params: [s], call: (v: string) => v.toUpperCase() },
  lower: { params: [s], call: (v: string) => v.toLowerCase() },
  title: { params: [s], call: title },
  untitle: { params: [s], call: untitle },
  substr: { params: [int, int, s], call: substr },
  repeat: { params: [int, s], call: repeat },
  trimall: { params: [s, s], call: (cutset: string, v: string) => trimCutset(v, cutset) },
  trimAll: { params: [s, s], call: (cutset: string, v: string) => trimCutset(v, cutset) },
  trimSuffix: {
    params: [s, s],
    call: (x: string, v: string) => (x !== '' && v.endsWith(x) ? v.slice(0, v.length - x.length) : v),
  },
  trimPrefix: { params: [s, s], call: (p: string, v: string) => (v.startsWith(p) ? v.slice(p.length) : v) },
  nospace: { params: [s], call: nospace },
  initials: { params: [s], call: initials },
  swapcase: { params: [s], call: swapcase },
  snakecase: { params: [s], call: (v: string) => delimitedCase(v, '_') },
  camelcase: { params: [s], call: camelcase },
  kebabcase: { params: [s], call: (v: string) => delimitedCase(v, '-') },
  wrap: { params: [int, s], call: (w: number, v: string) => wrapCustom(v, w, '\n', false) },
  wrapWith: { params: [int, s, s], call: (w: number, sep: string, v: string) => wrapCustom(v, w, sep, true) },
  contains: { params: [s, s], call: (sub: string, v: string) => v.includes(sub) },
  hasPrefix: { params: [s, s], call: (p: string, v: string) => v.startsWith(p) },
  hasSuffix: { params: [s, s], call: (x: string, v: string) => v.endsWith(x) },
  quote: { params: [], variadic: any, call: quoteAll },
  squote: {
    params: [],
    variadic: any,
    call: (...vs) =>
      vs
        .filter((v) => v !== null)
        .map((v) => `'${strval(v)}'`)
        .join(' '),
  },
  cat: { params: [], variadic: any, call: cat },
  indent: { params: [int, s], call: indent },
  nindent: { params: [int, s], call: (n: number, v: string) => `\n${indent(n, v)}` },
  replace: {
    params: [s, s, s],
    call: (old: string, repl: string, src: string) => replaceAll(src, old, repl),
  },
  plural: { params: [s, s, int], call: (one: string, many: string, n: number) => (n === 1 ? one : many) },
  toString: { params: [any], call: strval },
  split: { params: [s, s], call: (sep: string, v: string) => splitMap(split(v, sep)) },
  splitList: { params: [s, s], call: (sep: string, v: string) => split(v, sep) },
  splitn: { params: [s, int, s], call: (sep: string, n: number, v: string) => splitMap(splitN(v, sep, n)) },
  toStrings: { params: [any], call: strslice },
  join: { params: [s, any], call: (sep: string, list) => strslice(list).join(sep) },
  sortAlpha: {
    params: [any],
    call: (list) => (Array.isArray(list) ? strslice(list).sort(compareStrings) : [strval(list)]),
  },
}

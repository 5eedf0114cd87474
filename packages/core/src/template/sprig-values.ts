/**
 * Sprig's defaults, JSON, type inspection, encodings, hashes, paths, URLs and environment
 * functions. Hashing and base32 come from node:crypto and Buffer; nothing here loads lazily
 * because none of it is heavy.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { deepEqual, empty, reflectKind, strval } from './cast.js'
import { TemplateProblem } from './errors.js'
import type { FuncSpec } from './functions.js'
import { gomplateFunctions } from './gomplate.js'
import { fromGoJson, toGoJson } from './json.js'
import { type GoMap, goTypeName, mapGet, mapHas } from './values.js'

function typeOf(v: unknown): string {
  return goTypeName(v)
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function b32enc(s: string): string {
  const bytes = Buffer.from(s, 'utf8')
  let out = ''
  let bits = 0
  let value = 0
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31]
  while (out.length % 8 !== 0) out += '='
  return out
}

/**
 * encoding/base32 and base64 StdEncoding decoding with Go's error offsets: the first byte that is
 * not in the alphabet, or where the input ends in the middle of a padded quantum.
 */
function decodeStd(s: string, alphabet: string, quantum: number, bits: number): string {
  const stripNewlines = quantum === 8
  const src = stripNewlines ? s.replace(/[\r\n]/g, '') : s
  const out: number[] = []
  let acc = 0
  let nbits = 0
  let inQuantum = 0
  let i = 0
  const fail = (at: number) => `illegal ${quantum === 8 ? 'base32' : 'base64'} data at input byte ${at}`
  for (; i < src.length; i++) {
    const c = src[i]
    if (!stripNewlines && (c === '\r' || c === '\n')) continue
    if (c === '=') break
    const v = alphabet.indexOf(c)
    if (v < 0) return fail(i)
    acc = ((acc << bits) | v) & 0xffffff
    nbits += bits
    if (nbits >= 8) {
      out.push((acc >>> (nbits - 8)) & 0xff)
      nbits -= 8
    }
    inQuantum = (inQuantum + 1) % quantum
  }
  if (i < src.length) {
    // padding: it must complete the quantum and end the input
    const minData = quantum === 4 ? 2 : 2
    if (inQuantum < minData) return fail(i)
    let j = i
    let pads = 0
    for (; j < src.length; j++) {
      const c = src[j]
      if (!stripNewlines && (c === '\r' || c === '\n')) continue
      if (c !== '=') return fail(j)
      pads++
    }
    if ((inQuantum + pads) % quantum !== 0) return fail(src.length)
  } else if (inQuantum !== 0) {
    let end = src.length
    let seen = 0
    while (end > 0 && seen < inQuantum) {
      end--
      if (src[end] !== '\r' && src[end] !== '\n') seen++
    }
    return fail(quantum === 8 ? src.length - 1 : end)
  }
  return Buffer.from(out).toString('utf8')
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function b32dec(s: string): string {
  return decodeStd(s, B32, 8, 5)
}

function b64dec(s: string): string {
  return decodeStd(s, B64, 4, 6)
}

function adler32(s: string): string {
  let a = 1
  let b = 0
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  return String((b * 65536 + a) >>> 0)
}

const hash = (algo: string) => (s: string) => createHash(algo).update(s, 'utf8').digest('hex')

/** os.ExpandEnv: `$NAME`, `${NAME}` and the shell's one-character names; unknown names are empty. */
export function expandEnv(s: string, env: Record<string, string | undefined>): string {
  const special = /[*#$@!?\-0-9]/
  let out = ''
  let i = 0
  while (i < s.length) {
    if (s[i] !== '$' || i + 1 >= s.length) {
      out += s[i++]
      continue
    }
    const rest = s.slice(i + 1)
    let name = ''
    let width = 0
    if (rest[0] === '{') {
      if (rest.length > 2 && special.test(rest[1]) && rest[2] === '}') [name, width] = [rest[1], 3]
      else {
        const close = rest.indexOf('}', 1)
        if (close === 1)
          width = 2 // `${}`: bad syntax, eaten
        else if (close > 1) [name, width] = [rest.slice(1, close), close + 1]
        else width = 1 // an unclosed `${`: eaten
      }
    } else if (special.test(rest[0])) [name, width] = [rest[0], 1]
    else {
      name = /^[A-Za-z0-9_]*/.exec(rest)![0]
      width = name.length
    }
    if (name !== '') out += env[name] ?? ''
    else if (width === 0) out += '$'
    i += 1 + width
  }
  return out
}

/**
 * `env`: Sprig's `env NAME` (in atmos versions that registered Sprig's full map) and gomplate's
 * `env` namespace (`env.Getenv NAME`), which Sprig's hermetic map leaves visible. With no
 * argument it is the namespace, so both spellings work.
 */
function envFunction(env: Record<string, string | undefined>): FuncSpec {
  const namespace = gomplateFunctions(env).env
  return {
    params: [],
    variadic: 'string',
    call: (...args: string[]) => {
      if (args.length === 0) return namespace.call()
      if (args.length > 1)
        throw new TemplateProblem(`wrong number of args for env: want 1 got ${args.length}`)
      return env[args[0]] ?? ''
    },
  }
}

/** url.Parse as Sprig's urlParse reports it. */
export function urlParse(v: string): Record<string, unknown> {
  let u: URL
  try {
    u = new URL(v)
  } catch {
    throw new Error(`unable to parse url: parse ${JSON.stringify(v)}: invalid URL`)
  }
  const userinfo = u.username ? (u.password ? `${u.username}:${u.password}` : u.username) : ''
  return {
    scheme: u.protocol.replace(/:$/, ''),
    host: u.host,
    hostname: u.hostname,
    path: decodeURIComponent(u.pathname),
    query: u.search.replace(/^\?/, ''),
    opaque: '',
    fragment: decodeURIComponent(u.hash.replace(/^#/, '')),
    userinfo,
  }
}

function urlJoin(d: GoMap | null): string {
  const get = (k: string) => (d && mapHas(d, k) ? strval(mapGet(d, k)) : '')
  let out = ''
  const scheme = get('scheme')
  if (scheme) out += `${scheme}:`
  const host = get('host')
  const userinfo = get('userinfo')
  if (scheme || host || userinfo) {
    out += '//'
    if (userinfo) out += `${userinfo}@`
    out += host
  }
  let p = get('path')
  if (p && !p.startsWith('/') && host) p = `/${p}`
  out += encodeURI(p).replace(/%25/g, '%')
  const query = get('query')
  if (query) out += `?${query}`
  const fragment = get('fragment')
  if (fragment) out += `#${encodeURIComponent(fragment)}`
  return out
}

const any = 'any' as const
const s = 'string' as const

/** `fromJson` errors are dropped (nil); `mustFromJson` reports them. */
function fromJson(v: string, must: boolean): unknown {
  try {
    return fromGoJson(v)
  } catch (err) {
    if (must) throw err
    return null
  }
}

function jsonOut(v: unknown, indent: string, escapeHtml: boolean, must: boolean): string {
  try {
    return toGoJson(v, { indent, escapeHtml })
  } catch (err) {
    if (must) throw err
    return ''
  }
}

export function sprigValues(env: Record<string, string | undefined>): Record<string, FuncSpec> {
  return {
    default: {
      params: [any],
      variadic: any,
      call: (d, ...given) => (given.length === 0 || empty(given[0]) ? d : given[0]),
    },
    empty: { params: [any], call: empty },
    coalesce: { params: [], variadic: any, call: (...vs) => vs.find((v) => !empty(v)) ?? null },
    all: { params: [], variadic: any, call: (...vs) => vs.every((v) => !empty(v)) },
    any: { params: [], variadic: any, call: (...vs) => vs.some((v) => !empty(v)) },
    ternary: { params: [any, any, 'bool'], call: (t, f, cond: boolean) => (cond ? t : f) },
    fromJson: { params: [s], call: (v: string) => fromJson(v, false) },
    mustFromJson: { params: [s], call: (v: string) => fromJson(v, true) },
    toJson: { params: [any], call: (v) => jsonOut(v, '', true, false) },
    mustToJson: { params: [any], call: (v) => jsonOut(v, '', true, true) },
    toPrettyJson: { params: [any], call: (v) => jsonOut(v, '  ', true, false) },
    mustToPrettyJson: { params: [any], call: (v) => jsonOut(v, '  ', true, true) },
    toRawJson: { params: [any], call: (v) => jsonOut(v, '', false, true) },
    mustToRawJson: { params: [any], call: (v) => jsonOut(v, '', false, true) },
    typeOf: { params: [any], call: typeOf },
    typeIs: { params: [s, any], call: (t: string, v) => t === typeOf(v) },
    typeIsLike: { params: [s, any], call: (t: string, v) => t === typeOf(v) || `*${t}` === typeOf(v) },
    kindOf: { params: [any], call: reflectKind },
    kindIs: { params: [s, any], call: (k: string, v) => k === reflectKind(v) },
    deepEqual: { params: [any, any], call: (a, b) => deepEqual(a, b) },
    fail: {
      params: [s],
      call: (message: string) => {
        throw new Error(message)
      },
    },
    b64enc: { params: [s], call: (v: string) => Buffer.from(v, 'utf8').toString('base64') },
    b64dec: { params: [s], call: b64dec },
    b32enc: { params: [s], call: b32enc },
    b32dec: { params: [s], call: b32dec },
    sha1sum: { params: [s], call: hash('sha1') },
    sha256sum: { params: [s], call: hash('sha256') },
    adler32sum: { params: [s], call: adler32 },
    base: { params: [s], call: (p: string) => goBase(p) },
    dir: { params: [s], call: (p: string) => goDir(p) },
    clean: { params: [s], call: (p: string) => goClean(p) },
    ext: { params: [s], call: (p: string) => goExt(p) },
    isAbs: { params: [s], call: (p: string) => p.startsWith('/') },
    osBase: { params: [s], call: (p: string) => goBase(p) },
    osDir: { params: [s], call: (p: string) => goDir(p) },
    osClean: { params: [s], call: (p: string) => goClean(p) },
    osExt: { params: [s], call: (p: string) => goExt(p) },
    osIsAbs: { params: [s], call: (p: string) => path.isAbsolute(p) },
    urlParse: { params: [s], call: urlParse },
    urlJoin: { params: ['map'], call: urlJoin },
    env: envFunction(env),
    expandenv: { params: [s], call: (v: string) => expandEnv(v, env) },
  }
}

/** path.Clean: lexical, `.` for empty. */
export function goClean(p: string): string {
  if (p === '') return '.'
  const rooted = p.startsWith('/')
  const parts: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop()
      else if (!rooted) parts.push('..')
      continue
    }
    parts.push(seg)
  }
  const out = (rooted ? '/' : '') + parts.join('/')
  return out === '' ? '.' : out
}

export function goBase(p: string): string {
  if (p === '') return '.'
  const trimmed = p.replace(/\/+$/, '')
  if (trimmed === '') return '/'
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

export function goDir(p: string): string {
  return goClean(p.slice(0, p.lastIndexOf('/') + 1))
}

export function goExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i)
  return ''
}

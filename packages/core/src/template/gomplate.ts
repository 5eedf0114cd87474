/**
 * gomplate's functions as atmos registers them (gomplate.CreateFuncs, under Sprig's map): the
 * namespaces users call as `strings.ToUpper`, `conv.ToBool`, `env.Getenv`, `data.JSON`,
 * `math.Add`, `coll.Has`, ... and the top-level names gomplate adds that Sprig does not replace
 * (`getenv`, `toJSON`, `required`, `replaceAll`, ...). Values convert as gomplate's conv package
 * does: every string function accepts any value, nil reads as `nil`. Datasources, cloud and
 * network functions are left out: atmos logs reads no remote data while resolving a stack.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { deepEqual, reflectKind, toFloat64, toInt64 } from './cast.js'
import type { FuncSpec } from './functions.js'
import { formatDuration, GoTime, loadZone, parseDuration, parseTime } from './go-time.js'
import { gomplateCollections, gomplateData, gomplateMath } from './gomplate-data.js'
import { formatValue } from './printf.js'
import { quote as goQuote } from './quote.js'
import { compile } from './sprig-regex.js'
import {
  abbreviateFull,
  byteSlice,
  replaceAll,
  split,
  splitN,
  trimCutset,
  trimSpace,
} from './sprig-strings.js'
import { expandEnv, goBase, goClean, goDir, goExt, urlParse } from './sprig-values.js'
import { GoStruct, goFloat, isTrue, kindOf, toNumber } from './values.js'

/** gomplate's conv.ToString: strings as they are, nil as `nil`, anything else through fmt. */
export function convToString(v: unknown): string {
  if (v === null || v === undefined) return 'nil'
  return typeof v === 'string' ? v : formatValue(v)
}

const any = 'any' as const
const s = 'string' as const
const int = 'int' as const

/** A namespace value: `strings` is a function returning it, `.ToUpper` a method on it. */
export function namespace(typeName: string, methods: Record<string, FuncSpec>): FuncSpec {
  const ns = new GoStruct(typeName, methods, () => `&{}`)
  return { params: [], call: () => ns }
}

/** gomplate's strings.Indent: empty lines stay empty. */
function indent(...args: unknown[]): string {
  const input = convToString(args[args.length - 1])
  let pad = ' '
  let width = 1
  if (args.length === 2) {
    if (typeof args[0] === 'string') pad = args[0]
    else if (kindOf(args[0]) === 'int') width = toNumber(args[0])
    else throw new Error('indent: invalid arguments')
  } else if (args.length === 3) {
    if (kindOf(args[0]) !== 'int' || typeof args[1] !== 'string') throw new Error('indent: invalid arguments')
    width = toNumber(args[0])
    pad = args[1]
  }
  if (width === 0) return input
  const prefix = pad.repeat(width)
  return input.replace(/(^|\n)(?=[^\n])/g, `$1${prefix}`)
}

/** gomplate's case helpers: words split on anything but letters and digits; the first letter keeps its case. */
function casePrepare(input: string): string {
  const trimmed = trimSpace(input)
  if (trimmed === '') return ''
  const first = [...trimmed][0]
  const lower = trimmed.toLowerCase()
  const restored = first + [...lower].slice(1).join('')
  return trimSpace(restored.replace(/[^\p{L}\p{N}]+/gu, ' '))
}

function camelCase(input: string): string {
  const words = casePrepare(input).split(' ')
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('')
}

/** gomplate's strings.Trunc: the first `length` bytes. */
function trunc(length: number, v: unknown): string {
  const str = convToString(v)
  if (length < 0) return str
  return Buffer.byteLength(str) > length ? byteSlice(str, 0, length) : str
}

/** strings.WordWrap: break at spaces before `width` (default 80) columns with the line break sequence. */
function wordWrap(...args: unknown[]): string {
  if (args.length === 0 || args.length > 3) throw new Error(`expected 1, 2, or 3 args, got ${args.length}`)
  const input = convToString(args[args.length - 1])
  let width = 80
  let lb = '\n'
  if (args.length === 2) {
    if (typeof args[0] === 'string') lb = args[0]
    else width = Math.trunc(toNumber(args[0]))
  } else if (args.length === 3) {
    width = Math.trunc(toNumber(args[0]))
    lb = convToString(args[1])
  }
  return input
    .split('\n')
    .map((line) => {
      const out: string[] = []
      let cur = ''
      for (const word of line.split(' ')) {
        if (cur !== '' && [...cur].length + 1 + [...word].length > width) {
          out.push(cur)
          cur = word
        } else cur = cur === '' ? word : `${cur} ${word}`
      }
      out.push(cur)
      return out.join(lb)
    })
    .join('\n')
}

function slug(v: unknown): string {
  return convToString(v)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

const strings: Record<string, FuncSpec> = {
  Abbrev: {
    params: [],
    variadic: any,
    call: (...args) => {
      if (args.length < 2) throw new Error("abbrev requires a 'maxWidth' and 'input' argument")
      const [offset, width, input] =
        args.length === 2
          ? [0, Math.trunc(toNumber(args[0])), convToString(args[1])]
          : [Math.trunc(toNumber(args[0])), Math.trunc(toNumber(args[1])), convToString(args[2])]
      return Buffer.byteLength(input) <= width ? input : abbreviateFull(input, offset, width)
    },
  },
  ReplaceAll: { params: [s, s, any], call: (o: string, n: string, v) => replaceAll(convToString(v), o, n) },
  Contains: { params: [s, any], call: (sub: string, v) => convToString(v).includes(sub) },
  HasPrefix: { params: [s, any], call: (p: string, v) => convToString(v).startsWith(p) },
  HasSuffix: { params: [s, any], call: (x: string, v) => convToString(v).endsWith(x) },
  Repeat: {
    params: [int, any],
    call: (n: number, v) => {
      if (n < 0) throw new Error(`negative count ${n}`)
      return convToString(v).repeat(n)
    },
  },
  Split: { params: [s, any], call: (sep: string, v) => split(convToString(v), sep) },
  SplitN: { params: [s, int, any], call: (sep: string, n: number, v) => splitN(convToString(v), sep, n) },
  Trim: { params: [s, any], call: (cut: string, v) => trimCutset(convToString(v), cut) },
  TrimPrefix: {
    params: [s, any],
    call: (p: string, v) =>
      convToString(v).startsWith(p) ? convToString(v).slice(p.length) : convToString(v),
  },
  TrimSuffix: {
    params: [s, any],
    call: (x: string, v) => {
      const str = convToString(v)
      return x !== '' && str.endsWith(x) ? str.slice(0, -x.length) : str
    },
  },
  TrimSpace: { params: [any], call: (v) => trimSpace(convToString(v)) },
  Title: {
    params: [any],
    call: (v) =>
      convToString(v).replace(
        /[\p{L}\p{N}'’]+/gu,
        (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(),
      ),
  },
  ToUpper: { params: [any], call: (v) => convToString(v).toUpperCase() },
  ToLower: { params: [any], call: (v) => convToString(v).toLowerCase() },
  Trunc: { params: [int, any], call: trunc },
  Indent: { params: [], variadic: any, call: indent },
  Slug: { params: [any], call: slug },
  Quote: { params: [any], call: (v) => goQuote(convToString(v)) },
  ShellQuote: {
    params: [any],
    call: (v) => {
      const one = (x: unknown) => `'${convToString(x).replaceAll("'", `'"'"'`)}'`
      return Array.isArray(v) ? v.map(one).join(' ') : one(v)
    },
  },
  Squote: { params: [any], call: (v) => `'${convToString(v).replaceAll("'", "''")}'` },
  SnakeCase: { params: [any], call: (v) => casePrepare(convToString(v)).replaceAll(' ', '_') },
  KebabCase: { params: [any], call: (v) => casePrepare(convToString(v)).replaceAll(' ', '-') },
  CamelCase: { params: [any], call: (v) => camelCase(convToString(v)) },
  WordWrap: { params: [], variadic: any, call: wordWrap },
  RuneCount: { params: [], variadic: any, call: (...vs) => [...vs.map(convToString).join('')].length },
  Sort: {
    params: [any],
    call: (v) => {
      if (!Array.isArray(v)) throw new Error(`wrong type for value; expected []string; got ${kindOf(v)}`)
      return v.map(convToString).sort()
    },
  },
}

/** gomplate's env.Getenv: the variable, or the default when unset or empty; `NAME_FILE` names a file to read. */
function getenv(env: Record<string, string | undefined>) {
  return (key: unknown, ...defaults: unknown[]) => {
    const name = convToString(key)
    const value = env[name]
    if (value) return value
    return defaults.length > 0 ? convToString(defaults[0]) : ''
  }
}

/** gomplate's conv.Bool: a true-ish string. */
function convBool(v: unknown): boolean {
  return ['1', 't', 'true', 'yes', 'on'].includes(convToString(v).toLowerCase())
}

function toBool(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'bool':
      return v as boolean
    case 'string':
      return convBool(v)
    case 'int':
    case 'float':
      return toNumber(v) === 1
    default:
      return false
  }
}

/** gomplate's conv.ToInt64: as cast for numbers and bools; strings may use 0x/0o/0b, commas and decimals. */
export function gomplateInt(v: unknown): number {
  if (typeof v !== 'string') return toInt64(v)
  const str = v.replaceAll(',', '')
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/.exec(str)
  if (m) {
    const body = m[2]
    const n = /^0[0-7]+$/.test(body) ? Number.parseInt(body, 8) : Number(body.replace(/^0[oO]/, '0o'))
    return m[1] === '-' ? -n : n
  }
  const f = Number(str)
  return str.trim() !== '' && Number.isFinite(f) ? Math.trunc(f) : 0
}

/** gomplate's conv.ToFloat64: as cast for numbers and bools; strings as gomplateInt reads them, or decimals. */
export function gomplateFloat(v: unknown): number {
  if (typeof v !== 'string') return toFloat64(v)
  const str = v.replaceAll(',', '')
  if (/^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+)$/.test(str)) return gomplateInt(str)
  const f = Number(str)
  return str.trim() !== '' && Number.isFinite(f) ? f : 0
}

function join(v: unknown, sep: string): string {
  if (!Array.isArray(v)) throw new Error('input to Join must be an array')
  return v.map(convToString).join(sep)
}

/** conv.Has / coll.Has: a map's key or a list's element. */
export function has(container: unknown, key: unknown): boolean {
  if (Array.isArray(container)) return container.some((e) => deepEqual(e ?? null, key ?? null))
  if (container && typeof container === 'object' && !(container instanceof GoStruct)) {
    return container instanceof Map ? container.has(key) : Object.hasOwn(container, convToString(key))
  }
  return false
}

function parseIntBase(v: unknown, base: number): number {
  const str = convToString(v)
  const n = base === 0 ? gomplateInt(str) : Number.parseInt(str, base)
  if (!/^[+-]?[0-9a-zA-Z_]+$/.test(str) || Number.isNaN(n))
    throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(str)}: invalid syntax`)
  return n
}

const conv: Record<string, FuncSpec> = {
  Bool: { params: [any], call: convBool },
  ToBool: { params: [any], call: toBool },
  ToBools: { params: [], variadic: any, call: (...vs) => vs.map(toBool) },
  Slice: { params: [], variadic: any, call: (...vs) => vs },
  Join: { params: [any, s], call: join },
  Has: { params: [any, any], call: has },
  ParseInt: { params: [any, int, int], call: (v, base: number) => parseIntBase(v, base) },
  ParseFloat: {
    params: [any, int],
    call: (v) => {
      const f = Number(convToString(v))
      if (Number.isNaN(f))
        throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(convToString(v))}: invalid syntax`)
      return f
    },
  },
  ParseUint: { params: [any, int, int], call: (v, base: number) => parseIntBase(v, base) },
  Atoi: { params: [any], call: (v) => parseIntBase(v, 10) },
  URL: { params: [any], call: (v) => urlParse(convToString(v)) },
  ToInt64: { params: [any], call: gomplateInt },
  ToInt: { params: [any], call: gomplateInt },
  ToInt64s: { params: [], variadic: any, call: (...vs) => vs.map(gomplateInt) },
  ToInts: { params: [], variadic: any, call: (...vs) => vs.map(gomplateInt) },
  ToFloat64: { params: [any], call: (v) => goFloat(gomplateFloat(v)) },
  ToFloat64s: { params: [], variadic: any, call: (...vs) => vs.map((v) => goFloat(gomplateFloat(v))) },
  ToString: { params: [any], call: convToString },
  ToStrings: { params: [], variadic: any, call: (...vs) => vs.map(convToString) },
  // gomplate's Default uses text/template's truth, which the engine's `if` uses too.
  Default: { params: [any, any], call: (def, v) => (isTrue(v) ? v : def) },
}

const hash = (algo: string) => ({
  params: [any],
  call: (v: unknown) => createHash(algo).update(convToString(v), 'utf8').digest('hex'),
})

/** test.Required: fails on nil and on an empty string. */
function required(...args: unknown[]): unknown {
  const [message, value] =
    args.length === 1
      ? ['can not render template: a required value was not set', args[0]]
      : [convToString(args[0]), args[1]]
  if (value === null || value === undefined || value === '') throw new Error(message as string)
  return value
}

function regexpNs(): Record<string, FuncSpec> {
  const re = (p: string) => {
    const r = compile(p)
    r.lastIndex = 0
    return r
  }
  return {
    Find: { params: [s, any], call: (p: string, v) => re(p).exec(convToString(v))?.[0] ?? '' },
    FindAll: {
      params: [],
      variadic: any,
      call: (...args) => {
        const p = convToString(args[0])
        const input = convToString(args[args.length - 1])
        const n = args.length === 3 ? Math.trunc(toNumber(args[1])) : -1
        const all = [...input.matchAll(compile(p))].map((m) => m[0])
        return n < 0 ? all : all.slice(0, n)
      },
    },
    Match: { params: [s, any], call: (p: string, v) => re(p).test(convToString(v)) },
    QuoteMeta: { params: [any], call: (v) => convToString(v).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&') },
    Replace: {
      params: [s, s, any],
      call: (p: string, repl: string, v) =>
        convToString(v).replace(
          compile(p),
          repl.replace(/\$\{?(\w+)\}?/g, '$<$1>').replace(/\$<(\d+)>/g, '$$$1'),
        ),
    },
    ReplaceLiteral: {
      params: [s, s, any],
      call: (p: string, repl: string, v) => convToString(v).replace(compile(p), () => repl),
    },
    Split: {
      params: [],
      variadic: any,
      call: (...args) => convToString(args[args.length - 1]).split(compile(convToString(args[0]))),
    },
  }
}

export function gomplateFunctions(env: Record<string, string | undefined>): Record<string, FuncSpec> {
  const envNs: Record<string, FuncSpec> = {
    Getenv: { params: [any], variadic: any, call: getenv(env) },
    ExpandEnv: { params: [any], call: (v) => expandEnv(convToString(v), env) },
  }
  const pathNs: Record<string, FuncSpec> = {
    Base: { params: [any], call: (v) => goBase(convToString(v)) },
    Clean: { params: [any], call: (v) => goClean(convToString(v)) },
    Dir: { params: [any], call: (v) => goDir(convToString(v)) },
    Ext: { params: [any], call: (v) => goExt(convToString(v)) },
    IsAbs: { params: [any], call: (v) => convToString(v).startsWith('/') },
    Join: {
      params: [],
      variadic: any,
      call: (...vs) => goClean(vs.map(convToString).filter(Boolean).join('/')),
    },
    Split: {
      params: [any],
      call: (v) => {
        const p = convToString(v)
        const at = p.lastIndexOf('/') + 1
        return [p.slice(0, at), p.slice(at)]
      },
    },
  }
  const testNs: Record<string, FuncSpec> = {
    Required: { params: [], variadic: any, call: required },
    Fail: {
      params: [],
      variadic: any,
      call: (...args) => {
        throw new Error(
          args.length ? `template generation failed: ${convToString(args[0])}` : 'template generation failed',
        )
      },
    },
    Assert: {
      params: [],
      variadic: any,
      call: (...args) => {
        const [message, value] =
          args.length === 1
            ? ['assertion failed', args[0]]
            : [`assertion failed: ${convToString(args[0])}`, args[1]]
        if (!toBool(value) && value !== true) throw new Error(message)
        return ''
      },
    },
    // gomplate decides with conv.ToBool, not template truth: "false" and 2 choose the second value.
    Ternary: { params: [any, any, any], call: (t, f, c) => (toBool(c) ? t : f) },
    Kind: { params: [any], call: reflectKind },
    IsKind: {
      params: [s, any],
      call: (k: string, v) =>
        k === 'number' ? /^(u?int\d*|float\d+)$/.test(reflectKind(v)) : k === reflectKind(v),
    },
  }
  const base64Ns: Record<string, FuncSpec> = {
    Encode: { params: [any], call: (v) => Buffer.from(convToString(v), 'utf8').toString('base64') },
    Decode: { params: [any], call: (v) => Buffer.from(convToString(v), 'base64').toString('utf8') },
  }
  const cryptoNs: Record<string, FuncSpec> = {
    SHA1: hash('sha1'),
    SHA224: hash('sha224'),
    SHA256: hash('sha256'),
    SHA384: hash('sha384'),
    SHA512: hash('sha512'),
  }
  const timeNs = gomplateTime()
  return {
    strings: namespace('*funcs.StringFuncs', strings),
    conv: namespace('*funcs.ConvFuncs', conv),
    env: namespace('*funcs.EnvFuncs', envNs),
    data: namespace('*funcs.DataFuncs', gomplateData),
    coll: namespace('*funcs.CollFuncs', gomplateCollections),
    math: namespace('*funcs.MathFuncs', gomplateMath),
    path: namespace('*funcs.PathFuncs', pathNs),
    filepath: namespace('*funcs.FilePathFuncs', {
      ...pathNs,
      IsAbs: { params: [any], call: (v) => path.isAbsolute(convToString(v)) },
    }),
    test: namespace('*funcs.TestFuncs', testNs),
    base64: namespace('*funcs.Base64Funcs', base64Ns),
    crypto: namespace('*funcs.CryptoFuncs', cryptoNs),
    regexp: namespace('*funcs.ReFuncs', regexpNs()),
    time: namespace('*funcs.TimeFuncs', timeNs),
    // top-level names gomplate registers (Sprig's map, applied after, replaces the ones it shares)
    getenv: envNs.Getenv,
    replaceAll: strings.ReplaceAll,
    toUpper: strings.ToUpper,
    toLower: strings.ToLower,
    trimSpace: strings.TrimSpace,
    shellQuote: strings.ShellQuote,
    splitN: { params: [s, s, int], call: (v: string, sep: string, n: number) => splitN(v, sep, n) },
    bool: conv.Bool,
    required: testNs.Required,
    assert: testNs.Assert,
    kind: testNs.Kind,
    isKind: testNs.IsKind,
    rem: gomplateMath.Rem,
    pow: gomplateMath.Pow,
    json: gomplateData.JSON,
    jsonArray: gomplateData.JSONArray,
    yaml: gomplateData.YAML,
    yamlArray: gomplateData.YAMLArray,
    toJSON: gomplateData.ToJSON,
    toJSONPretty: gomplateData.ToJSONPretty,
    toYAML: gomplateData.ToYAML,
    sort: gomplateCollections.Sort,
    flatten: gomplateCollections.Flatten,
  }
}

/** gomplate's time namespace: the current time, Unix seconds, and layouts read in a zone. */
function gomplateTime(): Record<string, FuncSpec> {
  const zone = (name: string) => {
    const z = loadZone(name)
    if (!z) throw new Error(`unknown time zone ${name}`)
    return z
  }
  const duration = (ns: number) =>
    new GoStruct(
      'time.Duration',
      {
        Hours: { params: [], call: () => goFloat(ns / 3600e9) },
        Minutes: { params: [], call: () => goFloat(ns / 60e9) },
        Seconds: { params: [], call: () => goFloat(ns / 1e9) },
        String: { params: [], call: () => formatDuration(ns) },
      },
      () => formatDuration(ns),
      'int64',
    )
  return {
    Now: { params: [], call: () => new GoTime(Date.now(), zone('Local')) },
    Unix: { params: [any], call: (v) => new GoTime(gomplateInt(v) * 1000, zone('Local')) },
    Parse: { params: [s, any], call: (layout: string, v) => parseTime(layout, convToString(v), zone('UTC')) },
    ParseLocal: {
      params: [s, any],
      call: (layout: string, v) => parseTime(layout, convToString(v), zone('Local')),
    },
    ParseInLocation: {
      params: [s, s, any],
      call: (layout: string, location: string, v) => parseTime(layout, convToString(v), zone(location)),
    },
    ParseDuration: { params: [any], call: (v) => duration(parseDuration(convToString(v))) },
  }
}

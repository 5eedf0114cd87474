/**
 * Sprig's semver and semverCompare over Masterminds/semver's rules, with the `semver` package
 * doing the range matching. It is loaded on the first call, so templates that never compare
 * versions do not pay for it.
 */
import { createRequire } from 'node:module'
import type { FuncSpec } from './functions.js'
import { GoStruct } from './values.js'

type SemverModule = typeof import('semver')
let semverModule: SemverModule | undefined
function semverLib(): SemverModule {
  semverModule ??= createRequire(import.meta.url)('semver') as SemverModule
  return semverModule
}

const VERSION =
  /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/

interface Parsed {
  major: number
  minor: number
  patch: number
  pre: string
  meta: string
  original: string
}

/** semver.NewVersion: `v` prefix and missing minor or patch allowed. */
function parseVersion(text: string): Parsed {
  const m = VERSION.exec(text)
  if (!m) throw new Error('Invalid Semantic Version')
  if (m[4]?.split('.').some((p) => /^0\d+$/.test(p))) throw new Error('Version segment starts with 0')
  return {
    major: Number(m[1]),
    minor: Number(m[2] ?? 0),
    patch: Number(m[3] ?? 0),
    pre: m[4] ?? '',
    meta: m[5] ?? '',
    original: text,
  }
}

export function canonical(v: Parsed): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}${v.meta ? `+${v.meta}` : ''}`
}

function compare(a: Parsed, b: Parsed): number {
  return semverLib().compare(canonical(a), canonical(b))
}

function versionObject(v: Parsed): GoStruct {
  const other = (o: unknown) => {
    if (!(o instanceof GoStruct) || !('parsed' in o))
      throw new Error('wrong type for value; expected *semver.Version')
    return (o as VersionStruct).parsed
  }
  const methods: Record<string, FuncSpec> = {
    Major: { params: [], call: () => v.major },
    Minor: { params: [], call: () => v.minor },
    Patch: { params: [], call: () => v.patch },
    Prerelease: { params: [], call: () => v.pre },
    Metadata: { params: [], call: () => v.meta },
    Original: { params: [], call: () => v.original },
    String: { params: [], call: () => canonical(v) },
    Compare: { params: ['any'], call: (o) => compare(v, other(o)) },
    LessThan: { params: ['any'], call: (o) => compare(v, other(o)) < 0 },
    GreaterThan: { params: ['any'], call: (o) => compare(v, other(o)) > 0 },
    Equal: { params: ['any'], call: (o) => compare(v, other(o)) === 0 },
  }
  const struct = new GoStruct('*semver.Version', methods, () => canonical(v)) as VersionStruct
  Object.defineProperty(struct, 'parsed', { value: v })
  return struct
}

type VersionStruct = GoStruct & { parsed: Parsed }

/** One comparator of a constraint: `>= 1.2`, `!=1.2.3`, `1.2.x`. */
interface Comparator {
  op: string
  version: string
}

const COMPARATOR = /\s*(?:(!=|>=|=>|<=|=<|~>|[=><~^])\s*)?(v?[0-9xX*][0-9A-Za-z.+*-]*)\s*(?:,\s*)?/y

/** A Masterminds constraint: `||` between alternatives; `,` or spaces between comparators. */
function parseConstraint(constraint: string): (Comparator[] | string)[] {
  const improper = () => new Error(`improper constraint: ${constraint}`)
  return constraint.split('||').map((alt) => {
    const trimmed = alt.trim()
    if (trimmed === '') throw improper()
    const hyphen = /^(v?[0-9][^\s]*)\s+-\s+(v?[0-9][^\s]*)$/.exec(trimmed)
    if (hyphen) return `${hyphen[1].replace(/^v/, '')} - ${hyphen[2].replace(/^v/, '')}`
    const out: Comparator[] = []
    let at = 0
    while (at < trimmed.length) {
      COMPARATOR.lastIndex = at
      const m = COMPARATOR.exec(trimmed)
      if (!m || m[0] === '') throw improper()
      let op = m[1] ?? ''
      op = op === '=>' ? '>=' : op === '=<' ? '<=' : op === '~>' ? '~' : op
      const version = m[2].replace(/^v/, '')
      if (
        !/^(?:[0-9]+|[xX*])(?:\.(?:[0-9]+|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(
          version,
        )
      )
        throw improper()
      out.push({ op, version })
      at = COMPARATOR.lastIndex
    }
    return out
  })
}

/**
 * `!=` ignores Masterminds' prerelease rule (a prerelease only matches a constraint that names
 * one), so it is checked here; the other comparators go to the semver package as a range.
 */
function notEqual(version: string, c: Comparator): boolean {
  const lib = semverLib()
  const wild = c.version.split('.').findIndex((p) => /^[xX*]$/.test(p))
  if (wild < 0) return lib.compare(version, canonical(parseVersion(c.version))) !== 0
  if (wild === 0) return false
  return !lib.satisfies(version, c.version, { includePrerelease: true })
}

function semverCompare(constraint: string, version: string): boolean {
  const alternatives = parseConstraint(constraint)
  const v = canonical(parseVersion(version))
  const lib = semverLib()
  return alternatives.some((alt) => {
    if (typeof alt === 'string') return lib.satisfies(v, alt)
    const rest = alt.filter((c) => c.op !== '!=')
    if (!alt.filter((c) => c.op === '!=').every((c) => notEqual(v, c))) return false
    if (rest.length === 0) return true
    const range = rest.map((c) => `${c.op}${c.version}`).join(' ')
    if (!lib.validRange(range)) throw new Error(`improper constraint: ${constraint}`)
    return lib.satisfies(v, range)
  })
}

export const sprigSemver: Record<string, FuncSpec> = {
  semver: { params: ['string'], call: (v: string) => versionObject(parseVersion(v)) },
  semverCompare: { params: ['string', 'string'], call: semverCompare },
}

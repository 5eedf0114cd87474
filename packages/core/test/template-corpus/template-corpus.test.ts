/**
 * The differential corpus: templates rendered by Go's own text/template + Sprig (gen/main.go),
 * checked against this engine. Every case must give Go's output, or fail where Go fails with
 * Go's message, except the cases in known-differences.json, each with the reason it differs.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { renderTemplate, TemplateError } from '../../src/template/index.js'

interface Case {
  template: string
  data: string
  missingkey?: 'default' | 'zero' | 'error'
  output?: string
  error?: string
}

interface Known {
  template: string
  data: string
  missingkey?: string
  differs: 'result' | 'error message'
  why: string
}

const here = new URL('.', import.meta.url)
const corpus = JSON.parse(readFileSync(new URL('testdata/corpus.json', here), 'utf8')) as {
  env: Record<string, string>
  data: Record<string, unknown>
  cases: Case[]
}
const known = JSON.parse(readFileSync(new URL('testdata/known-differences.json', here), 'utf8')) as Known[]

const key = (c: { template: string; data: string; missingkey?: string }) =>
  `${c.data}\u0000${c.missingkey ?? ''}\u0000${c.template}`
const knownByKey = new Map(known.map((k) => [key(k), k]))

/** What Go reports after `template: t:LINE:COL: executing "t" at <...>: `. */
function goReason(error: string): string {
  const m = /^template: t:\d+(?::\d+)?: (?:executing "t" at <.*?>: )?([\s\S]*)$/.exec(error)
  return m ? m[1] : error
}

type Outcome = { output: string } | { error: TemplateError }

function run(c: Case): Outcome {
  const data = structuredClone(corpus.data[c.data]) // some functions (set, merge) change their input
  try {
    return {
      output: renderTemplate(c.template, data, { name: 't', missingKey: c.missingkey, env: corpus.env }),
    }
  } catch (err) {
    if (err instanceof TemplateError) return { error: err }
    throw err
  }
}

/** Agreement of one case: the same output, or an error with Go's reason. */
function agreement(c: Case, outcome: Outcome): { result: boolean; message: boolean } {
  if (c.error !== undefined) {
    const failed = 'error' in outcome
    return { result: failed, message: failed && outcome.error.reason === goReason(c.error) }
  }
  const same = 'output' in outcome && outcome.output === c.output
  return { result: same, message: same }
}

describe('template corpus rendered by Go text/template + Sprig', () => {
  const results = corpus.cases.map((c) => ({ c, outcome: run(c) }))

  it('holds a broad corpus', () => {
    expect(corpus.cases.length).toBeGreaterThan(1000)
    expect(corpus.cases.filter((c) => c.error !== undefined).length).toBeGreaterThan(200)
  })

  it('agrees with Go on every case not listed as a known difference', () => {
    const disagreements = results
      .filter(({ c, outcome }) => {
        const a = agreement(c, outcome)
        const k = knownByKey.get(key(c))
        if (!k) return !(a.result && a.message)
        return k.differs === 'error message' ? !a.result : false
      })
      .map(({ c, outcome }) => ({
        template: c.template,
        data: c.data,
        missingkey: c.missingkey,
        go: c.error ?? c.output,
        ours: 'output' in outcome ? outcome.output : outcome.error.reason,
      }))
    expect(disagreements).toEqual([])
  })

  it('still differs on each known difference (remove an entry once it agrees)', () => {
    const byKey = new Map(results.map((r) => [key(r.c), r]))
    const stale = known.filter((k) => {
      const r = byKey.get(key(k))
      if (!r) return true
      const a = agreement(r.c, r.outcome)
      return k.differs === 'result' ? a.result : a.message
    })
    expect(stale).toEqual([])
  })
})

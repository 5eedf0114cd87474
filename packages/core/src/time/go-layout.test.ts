import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import ts from 'typescript'
import { compileGoLayout, formatGoTime, GO_NAMED_LAYOUTS, resolveGoLayout } from './go-layout.js'

// Thursday 5 March 2026, day 64 of the year; morning, so PM tokens print AM.
const A = new Date('2026-03-05T07:08:09.012Z')
// Friday 27 November 2026, day 331; afternoon, with a fraction that has a trailing zero.
const B = new Date('2026-11-27T15:04:05.120Z')
// Midnight exactly: 12 AM on a 12-hour clock, an all-zero fraction.
const MIDNIGHT = new Date('2026-11-27T00:00:00.000Z')
const NEW_YEAR = new Date('2026-01-01T09:00:00.000Z')

const utc = { utc: true }

/**
 * Local time comes from the process's TZ, which Node reads at startup and jest's sandbox cannot
 * change; so local-time cases run in a child node process with TZ set, on the same source file.
 */
let moduleDir: string | undefined
function formatInTZ(tz: string, cases: [string, string][]): string[] {
  if (!moduleDir) {
    moduleDir = mkdtempSync(join(tmpdir(), 'go-layout-'))
    const source = readFileSync(join(import.meta.dirname, 'go-layout.ts'), 'utf8')
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText
    writeFileSync(join(moduleDir, 'go-layout.mjs'), js)
  }
  const script = `
    const { formatGoTime } = await import(${JSON.stringify(join(moduleDir, 'go-layout.mjs'))})
    const cases = JSON.parse(process.argv[1])
    process.stdout.write(JSON.stringify(cases.map(([iso, layout]) => formatGoTime(new Date(iso), layout, { utc: false }))))
  `
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  })
  return JSON.parse(out) as string[]
}

afterAll(() => {
  if (moduleDir) rmSync(moduleDir, { recursive: true, force: true })
})

describe('formatGoTime: every layout token (UTC)', () => {
  it.each([
    ['2006', A, '2026'],
    ['06', A, '26'],
    ['01', A, '03'],
    ['1', A, '3'],
    ['Jan', A, 'Mar'],
    ['January', A, 'March'],
    ['02', A, '05'],
    ['_2', A, ' 5'],
    ['_2', B, '27'],
    ['2', A, '5'],
    ['Mon', A, 'Thu'],
    ['Monday', A, 'Thursday'],
    ['Monday', B, 'Friday'],
    ['15', A, '07'],
    ['15', B, '15'],
    ['03', A, '07'],
    ['03', B, '03'],
    ['03', MIDNIGHT, '12'],
    ['3', A, '7'],
    ['3', B, '3'],
    ['3', MIDNIGHT, '12'],
    ['04', A, '08'],
    ['4', A, '8'],
    ['05', A, '09'],
    ['5', A, '9'],
    ['PM', A, 'AM'],
    ['PM', B, 'PM'],
    ['pm', A, 'am'],
    ['pm', B, 'pm'],
    ['MST', A, 'UTC'],
    ['Z07:00', A, 'Z'],
    ['Z0700', A, 'Z'],
    ['Z07', A, 'Z'],
    ['Z07:00:00', A, 'Z'],
    ['Z070000', A, 'Z'],
    ['-07:00', A, '+00:00'],
    ['-0700', A, '+0000'],
    ['-07', A, '+00'],
    ['-07:00:00', A, '+00:00:00'],
    ['-070000', A, '+000000'],
    ['.000', A, '.012'],
    ['.000', MIDNIGHT, '.000'],
    ['.000000', A, '.012000'],
    ['.000000000', A, '.012000000'],
    [',000', A, ',012'],
    ['.0', B, '.1'],
    ['.999', A, '.012'],
    ['.999', B, '.12'],
    ['.9', B, '.1'],
    ['.999999999', B, '.12'],
    [',999', B, ',12'],
    ['.999', MIDNIGHT, ''],
    ['002', A, '064'],
    ['002', B, '331'],
    ['002', NEW_YEAR, '001'],
    ['__2', A, ' 64'],
    ['__2', NEW_YEAR, '  1'],
  ])('%j on %s prints %j', (layout, date, expected) => {
    expect(formatGoTime(date, layout, utc)).toBe(expected)
  })
})

describe('formatGoTime: chunking follows Go', () => {
  it.each([
    ['2006-01-02T15:04:05Z07:00', A, '2026-03-05T07:08:09Z'],
    ['15:04:05.000', A, '07:08:09.012'],
    ['Jan _2 15:04:05', A, 'Mar  5 07:08:09'],
    // A lowercase letter after Jan/Mon makes them plain text.
    ['Janet', A, 'Janet'],
    ['Month', A, 'Month'],
    // `_2006` is an underscore and the year, not an underscored day.
    ['_2006', A, '_2026'],
    // A run of zeros followed by another digit is not a fraction: `.0001` is `.`, `0`, `0`, `01`.
    ['05.0001', A, '09.0003'],
    ['.0009', A, '.0009'],
    // Characters that start no token are copied.
    ['[2006/01/02] T', A, '[2026/03/05] T'],
    ['', A, ''],
    ['05.000.999', B, '05.120.12'],
    ['at 3:04pm on Monday', B, 'at 3:04pm on Friday'],
  ])('%j on %s prints %j', (layout, date, expected) => {
    expect(formatGoTime(date, layout, utc)).toBe(expected)
  })
})

describe('formatGoTime: named layouts', () => {
  it.each([
    ['RFC3339', '2026-03-05T07:08:09Z'],
    ['RFC3339Nano', '2026-03-05T07:08:09.012Z'],
    ['Kitchen', '7:08AM'],
    ['Stamp', 'Mar  5 07:08:09'],
    ['StampMilli', 'Mar  5 07:08:09.012'],
    ['StampMicro', 'Mar  5 07:08:09.012000'],
    ['StampNano', 'Mar  5 07:08:09.012000000'],
    ['DateTime', '2026-03-05 07:08:09'],
    ['DateOnly', '2026-03-05'],
    ['TimeOnly', '07:08:09'],
    ['ANSIC', 'Thu Mar  5 07:08:09 2026'],
    ['UnixDate', 'Thu Mar  5 07:08:09 UTC 2026'],
    ['RubyDate', 'Thu Mar 05 07:08:09 +0000 2026'],
    ['RFC822', '05 Mar 26 07:08 UTC'],
    ['RFC822Z', '05 Mar 26 07:08 +0000'],
    ['RFC850', 'Thursday, 05-Mar-26 07:08:09 UTC'],
    ['RFC1123', 'Thu, 05 Mar 2026 07:08:09 UTC'],
    ['RFC1123Z', 'Thu, 05 Mar 2026 07:08:09 +0000'],
    ['Layout', "03/05 07:08:09AM '26 +0000"],
  ])('%s', (name, expected) => {
    expect(formatGoTime(A, name, utc)).toBe(expected)
    expect(formatGoTime(A, GO_NAMED_LAYOUTS[name]!, utc)).toBe(expected)
  })

  it('accepts names in any case and leaves other text as a layout', () => {
    expect(resolveGoLayout('rfc3339')).toBe('2006-01-02T15:04:05Z07:00')
    expect(resolveGoLayout('kitchen')).toBe('3:04PM')
    expect(resolveGoLayout('15:04')).toBe('15:04')
  })
})

describe('formatGoTime: local time through the process TZ', () => {
  it('prints Berlin in winter (CET, +01:00) and summer (CEST, +02:00)', () => {
    expect(
      formatInTZ('Europe/Berlin', [
        ['2026-03-05T07:08:09.012Z', '2006-01-02 15:04:05.000 MST Z07:00 -0700 Z07 -07:00:00'],
        ['2026-07-01T10:00:00Z', 'Jan _2 15:04 MST Z07:00'],
      ]),
    ).toEqual(['2026-03-05 08:08:09.012 CET +01:00 +0100 +01 +01:00:00', 'Jul  1 12:00 CEST +02:00'])
  })

  it('prints New York with a negative offset and EST', () => {
    expect(
      formatInTZ('America/New_York', [
        ['2026-03-05T07:08:09.012Z', 'Mon 2006-01-02 3:04PM MST Z07:00 -0700'],
      ]),
    ).toEqual(['Thu 2026-03-05 2:08AM EST -05:00 -0500'])
  })

  it('prints half-hour offsets, and the numeric offset for a zone ICU has no abbreviation for', () => {
    expect(formatInTZ('Asia/Kolkata', [['2026-03-05T07:08:09.012Z', '15:04 Z07:00 Z0700 Z07 MST']])).toEqual([
      '12:38 +05:30 +0530 +05 +0530',
    ])
  })

  it('takes the date fields from the local day when it differs from the UTC day', () => {
    const lateUtc = '2026-12-31T23:30:00Z'
    expect(formatInTZ('Europe/Berlin', [[lateUtc, '2006-01-02 002 Monday']])).toEqual([
      '2027-01-01 001 Friday',
    ])
    expect(formatGoTime(new Date(lateUtc), '2006-01-02 002 Monday', utc)).toBe('2026-12-31 365 Thursday')
  })

  it('prints a zero offset as Z in local time too (London in winter), as Go does', () => {
    expect(formatInTZ('Europe/London', [['2026-03-05T07:08:09.012Z', '15:04Z07:00 MST']])).toEqual([
      '07:08Z GMT',
    ])
  })
})

describe('compileGoLayout', () => {
  it('returns one formatter per layout that can be reused', () => {
    const format = compileGoLayout('15:04:05.000')
    expect(compileGoLayout('15:04:05.000')).toBe(format)
    expect(format(A, utc)).toBe('07:08:09.012')
    expect(format(B, utc)).toBe('15:04:05.120')
  })
})

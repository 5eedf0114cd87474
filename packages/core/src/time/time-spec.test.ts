import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import ts from 'typescript'
import { UsageError } from '../errors.js'
import { parseTimeSpec, TIME_SPEC_FORMS } from './time-spec.js'

const now = new Date('2026-11-27T12:00:00.000Z')
const since = { now, flag: '--since' }
const at = (value: string, mode?: 'past' | 'future') => parseTimeSpec(value, { ...since, mode }).toISOString()

// Local dates must match the process zone whatever TZ the test runs under, so build the expected
// value with the Date constructor's local-time fields.
const localIso = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  new Date(y, mo - 1, d, h, mi, s, ms).toISOString()

describe('parseTimeSpec: durations', () => {
  it.each([
    ['90s', '2026-11-27T11:58:30.000Z'],
    ['15m', '2026-11-27T11:45:00.000Z'],
    ['1h30m', '2026-11-27T10:30:00.000Z'],
    ['1.5h', '2026-11-27T10:30:00.000Z'],
    ['500ms', '2026-11-27T11:59:59.500Z'],
    ['2d', '2026-11-25T12:00:00.000Z'],
    ['1w', '2026-11-20T12:00:00.000Z'],
    ['1d12h', '2026-11-26T00:00:00.000Z'],
    ['0', '2026-11-27T12:00:00.000Z'],
  ])('%s means now minus it', (value, expected) => {
    expect(at(value)).toBe(expected)
  })

  it('points a bare duration forward in future mode', () => {
    expect(at('15m', 'future')).toBe('2026-11-27T12:15:00.000Z')
  })

  it('takes an explicit sign over the mode', () => {
    expect(at('+15m')).toBe('2026-11-27T12:15:00.000Z')
    expect(at('-15m', 'future')).toBe('2026-11-27T11:45:00.000Z')
  })
})

describe('parseTimeSpec: absolute times', () => {
  it.each([
    ['now', '2026-11-27T12:00:00.000Z'],
    ['NOW', '2026-11-27T12:00:00.000Z'],
    ['2026-11-27T10:11:12Z', '2026-11-27T10:11:12.000Z'],
    ['2026-11-27t10:11:12z', '2026-11-27T10:11:12.000Z'],
    ['2026-11-27T10:11:12.345Z', '2026-11-27T10:11:12.345Z'],
    ['2026-11-27T10:11:12.3Z', '2026-11-27T10:11:12.300Z'],
    ['2026-11-27T10:11:12.123456789Z', '2026-11-27T10:11:12.123Z'],
    ['2026-11-27T10:11:12,5Z', '2026-11-27T10:11:12.500Z'],
    ['2026-11-27T10:11:12+01:00', '2026-11-27T09:11:12.000Z'],
    ['2026-11-27T10:11:12-05:30', '2026-11-27T15:41:12.000Z'],
    ['2026-11-27T10:11:12+0100', '2026-11-27T09:11:12.000Z'],
    ['2026-11-27T10:11:12+01', '2026-11-27T09:11:12.000Z'],
    ['2026-11-27 10:11:12Z', '2026-11-27T10:11:12.000Z'],
    ['2026-11-27T10:11Z', '2026-11-27T10:11:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['1795780800', '2026-11-27T12:00:00.000Z'],
    ['1795780800.5', '2026-11-27T12:00:00.500Z'],
    ['1795780800123', '2026-11-27T12:00:00.123Z'],
    ['100000000', '1973-03-03T09:46:40.000Z'],
  ])('%s', (value, expected) => {
    expect(at(value)).toBe(expected)
  })

  it.each([
    ['2026-11-27', localIso(2026, 11, 27)],
    ['2026-11-27T10:11:12', localIso(2026, 11, 27, 10, 11, 12)],
    ['2026-11-27 10:11', localIso(2026, 11, 27, 10, 11)],
    ['2026-11-27T10:11:12.250', localIso(2026, 11, 27, 10, 11, 12, 250)],
  ])('%s without a zone is local time', (value, expected) => {
    expect(at(value)).toBe(expected)
  })

  it('returns a fresh Date, not the reference itself', () => {
    const result = parseTimeSpec('now', since)
    expect(result).not.toBe(now)
    expect(result.getTime()).toBe(now.getTime())
  })
})

describe('parseTimeSpec: rejected values', () => {
  it.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['yesterday', undefined],
    ['15', 'for a duration add a unit, e.g. 15s or 15m'],
    ['12345678', 'too small'],
    ['-yesterday', undefined],
    ['+1795780800', undefined],
    ['15x', undefined],
    ['1h 30m', undefined],
    ['2026-13-01', 'month 13 does not exist'],
    ['2026-02-29', 'day 29 does not exist in 2026-02'],
    ['2026-11-31', 'day 31 does not exist'],
    ['2026-11-27T24:00:00Z', 'hour 24 is out of range'],
    ['2026-11-27T10:60:00Z', 'minute 60 is out of range'],
    ['2026-11-27T10:00:60Z', 'second 60 is out of range'],
    ['2026-11-27T10:00:00+25:00', 'zone offset +25:00 is out of range'],
    ['2026-11-27T10', undefined],
    ['27/11/2026', undefined],
    ['2026-11-27T10:00:00 CET', undefined],
    ['1795780800123.5', 'epoch milliseconds take no fraction'],
    ['179578080012345', 'too large'],
  ])('%j', (value, reason) => {
    let error: unknown
    try {
      parseTimeSpec(value, since)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(UsageError)
    const usage = error as UsageError
    expect(usage.exitCode).toBe(2)
    expect(usage.message.startsWith(`--since "${value}" is not a time I can read`)).toBe(true)
    if (reason) expect(usage.message).toContain(reason)
    expect(usage.hint).toBe(`Use ${TIME_SPEC_FORMS}.`)
  })

  it('names the flag or setting it was given', () => {
    expect(() => parseTimeSpec('soon', { now, flag: 'logs.settings.default_since' })).toThrow(
      'logs.settings.default_since "soon" is not a time I can read.',
    )
  })

  it('lists every accepted form in the hint', () => {
    for (const form of ['90s', '1h30m', '2d', '1w', 'RFC 3339', 'local time', '2026-11-27', 'now', 'epoch']) {
      expect(TIME_SPEC_FORMS).toContain(form)
    }
  })
})

/**
 * Jest's sandbox cannot change the process zone, so zone-less values are also checked in a child
 * node process with TZ set, running the same sources.
 */
describe('parseTimeSpec: zone-less values in a fixed TZ', () => {
  let dir: string | undefined
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const parseInTZ = (tz: string, values: string[]): string[] => {
    if (!dir) {
      dir = mkdtempSync(join(tmpdir(), 'time-spec-'))
      for (const [from, to] of [
        [join(import.meta.dirname, 'time-spec.ts'), 'time/time-spec.js'],
        [join(import.meta.dirname, 'duration.ts'), 'time/duration.js'],
        [join(import.meta.dirname, '..', 'errors.ts'), 'errors.js'],
      ] as const) {
        const js = ts.transpileModule(readFileSync(from, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        }).outputText
        const target = join(dir, to)
        mkdirSync(join(target, '..'), { recursive: true })
        writeFileSync(target, js)
      }
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
    }
    const script = `
      const { parseTimeSpec } = await import(${JSON.stringify(join(dir, 'time/time-spec.js'))})
      const now = new Date('2026-11-27T12:00:00Z')
      const out = JSON.parse(process.argv[1]).map((v) => parseTimeSpec(v, { now, flag: '--since' }).toISOString())
      process.stdout.write(JSON.stringify(out))
    `
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(values)],
      {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      },
    )
    return JSON.parse(out) as string[]
  }

  it('reads them as local time in Berlin, winter and summer, and leaves zoned values alone', () => {
    expect(
      parseInTZ('Europe/Berlin', [
        '2026-11-27',
        '2026-11-27T10:11:12',
        '2026-07-01 09:00',
        '2026-11-27T10:11:12Z',
      ]),
    ).toEqual([
      '2026-11-26T23:00:00.000Z',
      '2026-11-27T09:11:12.000Z',
      '2026-07-01T07:00:00.000Z',
      '2026-11-27T10:11:12.000Z',
    ])
  })

  it('reads them as local time in New York, including a date before 1970', () => {
    expect(parseInTZ('America/New_York', ['2026-11-27T10:00:00', '1969-12-31'])).toEqual([
      '2026-11-27T15:00:00.000Z',
      '1969-12-31T05:00:00.000Z',
    ])
  })
})

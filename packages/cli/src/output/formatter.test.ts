import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { createFormatter, OUTPUT_FORMATS } from './formatter.js'
import { lowestWritten } from './log-entry.js'
import { createLogFormatLogger, resolveLogDestination, resolveLogLevel } from './log-format.js'
import type { TaggedEntry } from './tagged-entry.js'

const entry = (over: Partial<TaggedEntry> = {}): TaggedEntry => ({
  timestamp: new Date('2026-11-27T11:00:01.234Z'),
  level: 'INFO',
  message: 'hello',
  id: 'e1',
  source: 'function-logs',
  kind: 'aws/cloudwatch',
  component: 'api',
  stack: 'dev',
  ...over,
})

const common = { color: true, colorLevel: 1, utc: true, prefixes: 'component' } as const
const dir = mkdtempSync(join(tmpdir(), 'atmos-log-format-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('createFormatter', () => {
  it('offers the four formats', () => {
    expect(OUTPUT_FORMATS).toEqual(['pretty', 'json', 'raw', 'log'])
  })

  it('never colours json or raw, whatever the colour decision', () => {
    expect(createFormatter({ ...common, format: 'raw' }).format(entry())).toBe('hello\n')
    const json = createFormatter({ ...common, format: 'json' }).format(entry())!
    expect(json).not.toContain('\u001b')
    expect(JSON.parse(json).message).toBe('hello')
  })

  it('raw stays byte-exact into a pipe or a file, escape sequences and all', () => {
    const hostile = 'a\u001b]52;c;cm0gLXJmIC8=\u0007b\u001b[2J\u001b]0;pwned\u0007c\u001b[31mred\u001b[0m\r\n'
    expect(createFormatter({ ...common, format: 'raw' }).format(entry({ message: hostile }))).toBe(hostile)
  })

  it('raw on a terminal drops clipboard writes, clears and titles, keeps colour only with colour on', () => {
    const hostile =
      'a\u001b]52;c;cm0gLXJmIC8=\u0007b\u001b[2J\u001b]0;pwned\u0007c\u001b[31mred\u001b[0m\u0007'
    const coloured = createFormatter({ ...common, format: 'raw', terminal: true })
    expect(coloured.format(entry({ message: hostile }))).toBe('abc\u001b[31mred\u001b[0m\u2407\n')
    const plain = createFormatter({ ...common, color: false, format: 'raw', terminal: true })
    expect(plain.format(entry({ message: hostile }))).toBe('abcred\u2407\n')
    expect(plain.format(entry({ message: 'line 1\nline 2\tend' }))).toBe('line 1\nline 2\tend\n')
  })

  it('refuses the log format without a logger', () => {
    expect(() => createFormatter({ ...common, format: 'log' })).toThrow('createLogFormatLogger')
  })
})

describe('log format', () => {
  const read = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))

  it('writes entries through pino to logs.file, with the entry time and level names', () => {
    const file = join(dir, 'a', 'atmos.log')
    const logger = createLogFormatLogger({ level: 'Debug', file, env: {} })
    const f = createFormatter({ ...common, format: 'log', logger })
    expect(f.format(entry({ level: 'ERROR', requestId: 'r1', metadata: { k: 1 } }))).toBeUndefined()
    f.format(entry({ level: 'DEBUG', component: null, stack: null, id: undefined }))
    f.format(entry({ level: undefined, message: 'no level' }))
    f.flush?.()
    expect(read(file)).toEqual([
      {
        level: 'error',
        time: '2026-11-27T11:00:01.234Z',
        source: 'function-logs',
        kind: 'aws/cloudwatch',
        component: 'api',
        stack: 'dev',
        id: 'e1',
        requestId: 'r1',
        metadata: { k: 1 },
        msg: 'hello',
      },
      {
        level: 'debug',
        time: '2026-11-27T11:00:01.234Z',
        source: 'function-logs',
        kind: 'aws/cloudwatch',
        msg: 'hello',
      },
      {
        level: 'info',
        time: '2026-11-27T11:00:01.234Z',
        source: 'function-logs',
        kind: 'aws/cloudwatch',
        component: 'api',
        stack: 'dev',
        id: 'e1',
        msg: 'no level',
      },
    ])
  })

  it('filters by level, with ATMOS_LOGS_LEVEL and ATMOS_LOGS_FILE over atmos.yaml', () => {
    const file = join(dir, 'env.log')
    const logger = createLogFormatLogger({
      level: 'Debug',
      file: join(dir, 'not-this.log'),
      env: { ATMOS_LOGS_LEVEL: 'Warning', ATMOS_LOGS_FILE: file },
    })
    const f = createFormatter({ ...common, format: 'log', logger })
    for (const level of ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const)
      f.format(entry({ level, message: level }))
    expect(read(file).map((l) => l.msg)).toEqual(['WARN', 'ERROR'])
  })

  it('names the lowest entry level a logs.level writes (what a tail counts its lines over)', () => {
    const lowest = (level: string) =>
      lowestWritten(createLogFormatLogger({ level, file: join(dir, 'lowest.log'), env: {} }))
    expect(['Trace', 'Debug', 'Info', 'Warning', 'Error', 'Off'].map(lowest)).toEqual([
      'DEBUG',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      null,
    ])
  })

  it('maps atmos level names to pino levels', () => {
    expect(resolveLogLevel({ env: {} })).toBe('info')
    expect(resolveLogLevel({ level: 'Trace', env: {} })).toBe('trace')
    expect(resolveLogLevel({ level: 'Warning', env: {} })).toBe('warn')
    expect(resolveLogLevel({ level: 'Off', env: {} })).toBe('silent')
    expect(resolveLogLevel({ level: 'Off', env: { ATMOS_LOGS_LEVEL: 'debug' } })).toBe('debug')
    expect(resolveLogLevel({ level: 'Info', env: { ATMOS_LOGS_LEVEL: '' } })).toBe('info')
  })

  it('says where a level it does not know was set', () => {
    expect(() => resolveLogLevel({ level: 'Verbose', env: {} })).toThrow(
      'The log level "Verbose" set in logs.level in atmos.yaml is not one atmos knows.',
    )
    expect(() => resolveLogLevel({ env: { ATMOS_LOGS_LEVEL: 'loud' } })).toThrow(
      /"loud" set in the ATMOS_LOGS_LEVEL environment variable/,
    )
    try {
      resolveLogLevel({ level: 'Verbose', env: {} })
    } catch (err) {
      expect((err as { hint?: string }).hint).toBe('Use one of Trace, Debug, Info, Warning or Off.')
      expect((err as { exitCode?: number }).exitCode).toBe(2)
    }
  })

  it('writes to stdout by default and when atmos names a standard stream; --log-file decides over both', () => {
    expect(resolveLogDestination({ env: {} })).toBe(1)
    expect(resolveLogDestination({ file: '/dev/stderr', env: {} })).toBe(1)
    expect(resolveLogDestination({ file: '/var/log/a.log', env: { ATMOS_LOGS_FILE: '/dev/stderr' } })).toBe(1)
    expect(resolveLogDestination({ file: '/var/log/atmos.log', env: {} })).toBe('/var/log/atmos.log')
    expect(resolveLogDestination({ file: '/var/log/atmos.log', env: {}, flag: '/dev/stderr' })).toBe(2)
    expect(resolveLogDestination({ file: '/dev/stderr', env: {}, flag: './out.log' })).toBe('./out.log')
  })
})

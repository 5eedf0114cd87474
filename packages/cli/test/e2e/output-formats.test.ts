import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  APP_LOG,
  createOutputProject,
  FIXED_RANGE,
  JSON_LINE_KEYS,
  MERGED,
  PRETTY_MESSAGE,
  useOutputProject,
} from '../helpers/output-project.js'

/**
 * Each --format of the built CLI with its output in a pipe: the shapes scripts rely on (json, raw,
 * log) and the pretty lines people read.
 */
describe('output formats in a pipe', () => {
  const fixture = useOutputProject()
  const view: typeof fixture.view = (args, extraEnv, cwd) =>
    fixture.view([...args, ...FIXED_RANGE], extraEnv, cwd)

  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape sequences is the point
  const ESC = /\u001b/

  it('pretty (the default): time, level and message per line, no colour in a pipe', async () => {
    const run = await view(['--source', 'app', '--utc'], { NO_COLOR: undefined })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(ESC)
    expect(run.stdout.split('\n')).toEqual([
      // the time and level a line starts with are not shown twice
      '2026-11-27T10:00:00.100Z INFO  api started',
      '2026-11-27T10:00:02.300Z ERROR payment declined',
      // a JSON message: its msg, then the fields not already shown
      '2026-11-27T10:00:04.000Z WARN  slow upstream requestId=req-42',
      '',
    ])
  })

  it('json: one object per line, stable keys, ISO 8601 UTC with milliseconds', async () => {
    const run = await view(['--source', 'app', '--format', 'json'], { TZ: 'Asia/Kolkata' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    for (const o of objects) {
      expect(Object.keys(o)).toEqual(JSON_LINE_KEYS)
      expect(o.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      expect(o.id).toEqual(expect.any(String))
      expect(o).toMatchObject({ source: 'app', kind: 'local/file', component: null, stack: null })
    }
    expect(objects.map((o) => [o.timestamp, o.level, o.message, o.requestId])).toEqual([
      ['2026-11-27T10:00:00.100Z', 'INFO', APP_LOG[0], null],
      ['2026-11-27T10:00:02.300Z', 'ERROR', APP_LOG[1], null],
      ['2026-11-27T10:00:04.000Z', 'WARN', APP_LOG[2], 'req-42'],
    ])
    expect(objects[0]!.metadata).toEqual({ file: path.join(fixture.project, 'logs/app.log') })
  })

  it('json holds everything pretty showed, line for line, over several sources', async () => {
    const args = [
      '--stack',
      'dev',
      '--component',
      'api,worker',
      '--source',
      'function,access,service',
      '--utc',
    ]
    const [pretty, json] = await Promise.all([view(args), view([...args, '--format', 'json'])])
    expect(pretty.code).toBe(0)
    expect(json.code).toBe(0)
    const prettyLines = pretty.stdout.trimEnd().split('\n')
    const objects = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(objects).toHaveLength(MERGED.length)
    expect(prettyLines).toHaveLength(objects.length)
    // prefixes padded to the widest label from the first line on, so the times form one column
    expect(new Set(prettyLines.map((l) => l.indexOf(' 2026-')))).toEqual(new Set(['[worker/service]'.length]))
    prettyLines.forEach((line, i) => {
      const o = objects[i]
      const match = /^\[([^\]]+)\] +(\S+) (\S+) +(.*)$/.exec(line)
      expect(match).not.toBeNull()
      const [, label, time, level, message] = match!
      expect(label).toBe(`${o.component}/${o.source}`)
      expect(time).toBe(o.timestamp)
      expect(level).toBe(o.level)
      expect(message).toBe(PRETTY_MESSAGE[o.message])
      expect(o.stack).toBe('dev')
    })
  })

  it('raw: the message alone', async () => {
    const run = await view(['--source', 'app', '--format', 'raw'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`${APP_LOG.join('\n')}\n`)
  })

  it('log: pino lines on stdout by default, with the entry time and level names', async () => {
    const run = await view(['--source', 'app', '--format', 'log'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => [l.level, l.time, l.msg, l.source, l.kind])).toEqual([
      ['info', '2026-11-27T10:00:00.100Z', APP_LOG[0], 'app', 'local/file'],
      ['error', '2026-11-27T10:00:02.300Z', APP_LOG[1], 'app', 'local/file'],
      ['warn', '2026-11-27T10:00:04.000Z', APP_LOG[2], 'app', 'local/file'],
    ])
    expect(lines[2].requestId).toBe('req-42')
  })

  it('log: honours logs.level and logs.file of atmos.yaml', async () => {
    const quiet = await createOutputProject({ logs: ['level: Warning', 'file: ./atmos-run.log'] })
    const run = await view(['--source', 'app', '--format', 'log'], {}, quiet)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('') // the entries went to the file
    const written = (await readFile(path.join(quiet, 'atmos-run.log'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    // Warning drops the INFO entry
    expect(written.map((l) => [l.level, l.msg])).toEqual([
      ['error', APP_LOG[1]],
      ['warn', APP_LOG[2]],
    ])
  })

  it('log: logs.file set to a standard stream (as atmos examples do) means stdout; --log-file decides', async () => {
    const toStderr = await createOutputProject({ logs: ['file: /dev/stderr'] })
    const run = await view(['--source', 'app', '--format', 'log'], {}, toStderr)
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).msg),
    ).toEqual(APP_LOG)

    const flagged = await view(
      ['--source', 'app', '--format', 'log', '--log-file', '/dev/stderr'],
      {},
      toStderr,
    )
    expect(flagged.code).toBe(0)
    expect(flagged.stdout).toBe('')
    expect(
      flagged.stderr
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).msg),
    ).toEqual(APP_LOG)

    const file = path.join(toStderr, 'entries.log')
    const toFile = await view(['--source', 'app', '--format', 'log', '--log-file', file], {}, toStderr)
    expect(toFile.code).toBe(0)
    expect(toFile.stdout).toBe('')
    expect((await readFile(file, 'utf8')).trimEnd().split('\n')).toHaveLength(APP_LOG.length)
  })

  it('log: ATMOS_LOGS_LEVEL and ATMOS_LOGS_FILE win over atmos.yaml', async () => {
    const quiet = await createOutputProject({ logs: ['level: Warning', 'file: ./atmos-run.log'] })
    const file = path.join(quiet, 'from-env.log')
    const run = await view(
      ['--source', 'app,worker', '--format', 'log'],
      {
        ATMOS_LOGS_LEVEL: 'Debug',
        ATMOS_LOGS_FILE: file,
      },
      quiet,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    const written = (await readFile(file, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(written.map((l) => [l.level, l.source])).toEqual([
      ['info', 'app'],
      ['debug', 'worker'],
      ['error', 'app'],
      ['warn', 'worker'],
      ['warn', 'app'],
    ])
    const levelOnly = await view(['--source', 'app', '--format', 'log'], { ATMOS_LOGS_LEVEL: 'Warning' })
    expect(
      levelOnly.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).level),
    ).toEqual(['error', 'warn'])
  })

  it('rejects an unknown format with the accepted ones, exit 2', async () => {
    const run = await view(['--source', 'app', '--format', 'yaml'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/pretty, json, raw, log/)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })
})

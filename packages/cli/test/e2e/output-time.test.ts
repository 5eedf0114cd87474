import { runCli } from '../helpers/cli.js'
import { logLine } from '../helpers/local-file.js'
import {
  APP_LOG,
  createOutputProject,
  FIXED_RANGE,
  PRETTY_MESSAGE,
  useOutputProject,
} from '../helpers/output-project.js'

/**
 * Time through the built CLI: timestamp layouts, UTC and local display, the --since/--until forms
 * and default_since, and what a run that finds nothing says.
 */
describe('timestamps and time ranges', () => {
  const fixture = useOutputProject()
  const { env, view: run } = fixture
  const firstTimes = (stdout: string) =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[0])

  describe('display', () => {
    const kolkata = { TZ: 'Asia/Kolkata' }

    it('pretty shows local time with its offset by default, UTC with --utc; json is always UTC', async () => {
      const args = ['--source', 'app', ...FIXED_RANGE]
      const [local, explicitLocal, utc, json] = await Promise.all([
        run(args, kolkata),
        run([...args, '--local'], kolkata),
        run([...args, '--utc'], kolkata),
        run([...args, '--local', '--format', 'json'], kolkata),
      ])
      expect(local.code).toBe(0)
      expect(firstTimes(local.stdout)).toEqual([
        '2026-11-27T15:30:00.100+05:30',
        '2026-11-27T15:30:02.300+05:30',
        '2026-11-27T15:30:04.000+05:30',
      ])
      expect(explicitLocal.stdout).toBe(local.stdout)
      expect(firstTimes(utc.stdout)).toEqual([
        '2026-11-27T10:00:00.100Z',
        '2026-11-27T10:00:02.300Z',
        '2026-11-27T10:00:04.000Z',
      ])
      expect(
        json.stdout
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l).timestamp),
      ).toEqual(['2026-11-27T10:00:00.100Z', '2026-11-27T10:00:02.300Z', '2026-11-27T10:00:04.000Z'])
    })

    it.each([
      ['15:04:05.000', '15:30:00.100', '10:00:00.100'],
      ['Jan _2 15:04:05', 'Nov 27 15:30:00', 'Nov 27 10:00:00'],
      ['RFC3339', '2026-11-27T15:30:00+05:30', '2026-11-27T10:00:00Z'],
      ['02 Jan 06 15:04 -0700', '27 Nov 26 15:30 +0530', '27 Nov 26 10:00 +0000'],
    ])('timestamp_format %j from logs.settings', async (layout, local, utc) => {
      const dir = await createOutputProject({ settings: [`timestamp_format: ${JSON.stringify(layout)}`] })
      const args = ['--source', 'app', ...FIXED_RANGE]
      const [l, u] = await Promise.all([run(args, kolkata, dir), run([...args, '--utc'], kolkata, dir)])
      expect(l.stderr).toBe('')
      expect(l.stdout.split('\n')[0]).toBe(`${local} INFO  ${PRETTY_MESSAGE[APP_LOG[0]!]}`)
      expect(u.stdout.split('\n')[0]).toBe(`${utc} INFO  ${PRETTY_MESSAGE[APP_LOG[0]!]}`)
    })

    it('Jan _2 pads a one-digit day with a space', async () => {
      const dir = await createOutputProject({
        settings: ['timestamp_format: "Jan _2 15:04:05"'],
        files: { 'logs/app.log': logLine('2026-12-05T08:09:10Z', 'INFO', 'early in the month') },
      })
      const out = await run(['--source', 'app', '--since', '2026-12-01T00:00:00Z', '--utc'], {}, dir)
      expect(out.stdout).toBe('Dec  5 08:09:10 INFO  early in the month\n')
    })
  })

  describe('--since and --until', () => {
    // Entries relative to now, for the duration forms (the widest gap around each bound is minutes).
    const ago = {
      '1m': 60e3,
      '10m': 600e3,
      '1h': 3600e3,
      '3h': 3 * 3600e3,
      '36h': 36 * 3600e3,
      '4d': 4 * 86400e3,
      '10d': 10 * 86400e3,
    }
    let recent: string
    let recentLog: string

    beforeAll(async () => {
      const now = Date.now()
      recentLog = Object.entries(ago)
        .sort(([, a], [, b]) => b - a)
        .map(([label, ms]) => logLine(new Date(now - ms), 'INFO', `${label} ago`))
        .join('')
      recent = await createOutputProject({ files: { 'logs/app.log': recentLog } })
    })

    const messages = (stdout: string) =>
      stdout
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/^\S+ INFO /, ''))

    it.each([
      ['90s', ['1m ago']],
      ['15m', ['10m ago', '1m ago']],
      ['1h30m', ['1h ago', '10m ago', '1m ago']],
      ['2d', ['36h ago', '3h ago', '1h ago', '10m ago', '1m ago']],
      ['1w', ['4d ago', '36h ago', '3h ago', '1h ago', '10m ago', '1m ago']],
    ])('--since %s (a duration back from now)', async (since, expected) => {
      const out = await run(['--source', 'app', '--since', since, '--format', 'raw'], {}, recent)
      expect(out.stderr).toBe('')
      expect(out.code).toBe(0)
      expect(messages(out.stdout)).toEqual(expected)
    })

    it('--until as a duration ends the range that long ago', async () => {
      const out = await run(
        ['--source', 'app', '--since', '1w', '--until', '2h', '--format', 'raw'],
        {},
        recent,
      )
      expect(messages(out.stdout)).toEqual(['4d ago', '36h ago', '3h ago'])
    })

    it('default_since comes from logs.settings (15m when unset)', async () => {
      const twoHours = await createOutputProject({
        settings: ['default_since: 2h'],
        files: { 'logs/app.log': recentLog },
      })
      const [fallback, configured] = await Promise.all([
        run(['--source', 'app', '--format', 'raw'], {}, recent),
        run(['--source', 'app', '--format', 'raw'], {}, twoHours),
      ])
      expect(messages(fallback.stdout)).toEqual(['10m ago', '1m ago'])
      expect(messages(configured.stdout)).toEqual(['1h ago', '10m ago', '1m ago'])
    })

    // The fixed entries (APP_LOG 0, 1, 2) are at 10:00:00.100Z, 10:00:02.300Z and 10:00:04.000Z on 2026-11-27.
    const until11 = ['--until', '2026-11-27T11:00:00Z']
    const epoch = (iso: string) => String(Date.parse(iso) / 1000)
    it.each([
      ['RFC 3339 in UTC', ['--since', '2026-11-27T10:00:01Z', ...until11], {}, [1, 2]],
      ['RFC 3339 with an offset', ['--since', '2026-11-27T15:30:01+05:30', ...until11], {}, [1, 2]],
      ['RFC 3339 with milliseconds', ['--since', '2026-11-27T10:00:02.300Z', ...until11], {}, [1, 2]],
      [
        'a time without a zone is local',
        ['--since', '2026-11-27 15:30:03', ...until11],
        { TZ: 'Asia/Kolkata' },
        [2],
      ],
      [
        'a date is local midnight',
        ['--since', '2026-11-27', '--until', '2026-11-28'],
        { TZ: 'UTC' },
        [0, 1, 2],
      ],
      ['a date in Kolkata', ['--since', '2026-11-26', '--until', '2026-11-27'], { TZ: 'Asia/Kolkata' }, []],
      ['epoch seconds', ['--since', epoch('2026-11-27T10:00:01Z'), ...until11], {}, [1, 2]],
      [
        'epoch milliseconds',
        ['--since', String(Date.parse('2026-11-27T10:00:02.301Z')), ...until11],
        {},
        [2],
      ],
      [
        '--until in RFC 3339',
        ['--since', '2026-11-27T09:00:00Z', '--until', '2026-11-27T10:00:02.300Z'],
        {},
        [0, 1],
      ],
      [
        '--until in epoch seconds',
        ['--since', '2026-11-27T09:00:00Z', '--until', epoch('2026-11-27T10:00:01Z')],
        {},
        [0],
      ],
    ])('%s', async (_name, range, extraEnv, expected) => {
      const out = await run(['--source', 'app', '--format', 'raw', ...range], extraEnv)
      expect(out.code).toBe(0)
      expect(out.stdout.split('\n').filter(Boolean)).toEqual(expected.map((i) => APP_LOG[i]))
    })

    it.each([
      ['--since', 'yesterdayish'],
      ['--until', '5 minutes'],
      ['--since', '2026-13-01'],
      ['--since', '15x'],
    ])('%s %j: exit 2 with the accepted forms listed', async (flag, value) => {
      const out = await run(['--source', 'app', flag, value])
      expect(out.code).toBe(2)
      expect(out.stdout).toBe('')
      expect(out.stderr).toContain(`${flag} "${value}"`)
      for (const form of ['90s', '1h30m', '2d', '1w', 'RFC 3339', '2026-11-27', 'epoch']) {
        expect(out.stderr).toContain(form)
      }
      expect(out.stderr).not.toMatch(/\n\s+at /)
    })

    it('--since after --until is a usage error', async () => {
      const out = await run(['--source', 'app', '--since', '2026-11-28', '--until', '2026-11-27'])
      expect(out.code).toBe(2)
      expect(out.stderr).toContain('--since (2026-11-28) is after --until (2026-11-27)')
    })

    it('--help says that a time without a zone is local', async () => {
      const out = await runCli(['logs', 'view', '--help'], { env: env() })
      expect(out.code).toBe(0)
      expect(out.stdout.replace(/\s+/g, ' ')).toContain('no zone means local time')
    })
  })

  describe('nothing found', () => {
    it.each([
      ['pretty', []],
      ['json', ['--format', 'json']],
    ])('%s: says so on stderr with the range searched, exit 0, stdout empty', async (_name, format) => {
      const out = await run([
        '--source',
        'app',
        '--since',
        '2026-11-27T11:00:00Z',
        '--until',
        '2026-11-27T12:00:00Z',
        '--utc',
        ...format,
      ])
      expect(out.code).toBe(0)
      expect(out.stdout).toBe('')
      expect(out.stderr).toMatch(/^No log entries found in app .*2026-11-27 11:00:00.*2026-11-27 12:00:00/)
      expect(out.stderr.trimEnd().split('\n')).toHaveLength(1)
    })

    it('names every source read and the default range', async () => {
      const out = await run(['--source', 'app,worker'])
      expect(out.code).toBe(0)
      expect(out.stdout).toBe('')
      expect(out.stderr).toMatch(/No log entries found in app, worker .*15m ago.* and now/)
    })
  })
})

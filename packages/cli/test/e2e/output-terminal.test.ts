import { appendFile } from 'node:fs/promises'
import path from 'node:path'
import { runCli } from '../helpers/cli.js'
import { logLine } from '../helpers/local-file.js'
import { createOutputProject, FIXED_RANGE, MERGED, useOutputProject } from '../helpers/output-project.js'
import { describeInTerminal, runInTerminal, sgrCodes, stripAnsi, TerminalRun } from '../helpers/tmux.js'

/**
 * What a person sees: the built CLI in a real terminal (a tmux pane) against the same CLI in a
 * pipe. Colour switches, prefix colours per source, the status line, Ctrl-C.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is checked
const ESC = /\u001b\[/

const fixture = useOutputProject()
/** The terminal environment: nothing that turns colour on or off unless a test sets it. */
const ttyEnv = (extra: Record<string, string | undefined> = {}) =>
  fixture.env({ NO_COLOR: undefined, FORCE_COLOR: undefined, ...extra })

describe('colour in a pipe', () => {
  const view = (args: string[], extra: Record<string, string | undefined>) =>
    runCli(['logs', 'view', '--source', 'app', ...FIXED_RANGE, ...args], {
      env: ttyEnv(extra),
      cwd: fixture.project,
    })

  it('is off by default, on with FORCE_COLOR or --color (which beats NO_COLOR)', async () => {
    const [plain, forced, flag, flagOverNoColor, forcedOff] = await Promise.all([
      view([], {}),
      view([], { FORCE_COLOR: '1' }),
      view(['--color'], {}),
      view(['--color'], { NO_COLOR: '1' }),
      view(['--no-color'], { FORCE_COLOR: '1' }),
    ])
    expect(plain.code).toBe(0)
    expect(plain.stdout).not.toMatch(ESC)
    for (const coloured of [forced, flag, flagOverNoColor]) {
      expect(coloured.code).toBe(0)
      expect(coloured.stdout).toMatch(ESC)
      expect(stripAnsi(coloured.stdout)).toBe(plain.stdout)
    }
    expect(forcedOff.stdout).toBe(plain.stdout)
  })

  it('never colours json or raw, even when forced', async () => {
    const [json, raw] = await Promise.all([
      view(['--format', 'json', '--color'], { FORCE_COLOR: '3' }),
      view(['--format', 'raw', '--color'], { FORCE_COLOR: '3' }),
    ])
    expect(json.stdout).not.toMatch(ESC)
    expect(raw.stdout).not.toMatch(ESC)
  })
})

describeInTerminal('in a terminal (tmux)', () => {
  const inTerminal = (
    args: string[],
    extra: Record<string, string | undefined> = {},
    cwd = fixture.project,
  ) => runInTerminal({ args: ['logs', 'view', ...args, ...FIXED_RANGE], env: ttyEnv(extra), cwd })

  it('colours levels by default', async () => {
    const { code, pane } = await inTerminal(['--source', 'app', '--utc'])
    expect(code).toBe(0)
    const lines = pane.split('\n').filter((l) => stripAnsi(l).trim() !== '')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toContain('\u001b[32mINFO') // green
    expect(lines[1]).toContain('\u001b[31mERROR') // red
    expect(lines[2]).toContain('\u001b[33mWARN') // yellow
    expect(stripAnsi(lines[1]!)).toBe('2026-11-27T10:00:02.300Z ERROR payment declined')
  })

  it.each([
    ['NO_COLOR', [], { NO_COLOR: '1' }],
    ['--no-color', ['--no-color'], {}],
    ['FORCE_COLOR=0', [], { FORCE_COLOR: '0' }],
  ])('%s turns colour off', async (_name, args, extra) => {
    const { code, pane } = await inTerminal(['--source', 'app', ...args], extra)
    expect(code).toBe(0)
    expect(stripAnsi(pane)).toContain('payment declined')
    expect(sgrCodes(pane)).toEqual([])
  })

  it('logs.settings.colorize: false turns colour off, and --color still turns it on', async () => {
    const dir = await createOutputProject({ settings: ['colorize: false'] })
    const [off, on] = await Promise.all([
      inTerminal(['--source', 'app'], {}, dir),
      inTerminal(['--source', 'app', '--color'], {}, dir),
    ])
    expect(stripAnsi(off.pane)).toContain('payment declined')
    expect(sgrCodes(off.pane)).toEqual([])
    expect(on.pane).toMatch(ESC)
  })

  /** Each line's prefix label and the colour codes just before it. */
  const prefixes = (pane: string) =>
    pane
      .split('\n')
      .filter((l) => stripAnsi(l).startsWith('['))
      .map((l) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is checked
        const m = /^((?:\u001b\[[0-9;]*m)*)\[([^\]]+)\]/.exec(l)
        return { label: m![2]!, colour: m![1]! }
      })

  it.each([
    ['direct mode: [source]', ['--source', 'app,worker,access'], ['app', 'worker', 'access']],
    ['stack mode: [component]', ['--stack', 'dev', '--component', 'api,worker'], ['api', 'worker']],
    [
      'several sources of one component: [component/source]',
      ['--stack', 'dev', '--component', 'api,worker', '--source', 'function,access,service'],
      ['api/function', 'worker/service', 'api/access'],
    ],
  ])('%s, interleaved in time order, each prefix in its own colour', async (_name, args, labels) => {
    const { code, pane } = await inTerminal([...args, '--utc'])
    expect(code).toBe(0)
    const seen = prefixes(pane)
    const expectedOrder = MERGED.map((m) => labels[['app', 'worker', 'access'].indexOf(m.source)]).filter(
      (l) => l !== undefined,
    )
    expect(seen.map((s) => s.label)).toEqual(expectedOrder)
    const colourOf = new Map<string, Set<string>>()
    for (const { label, colour } of seen) colourOf.set(label, (colourOf.get(label) ?? new Set()).add(colour))
    // one colour per label, every time it appears, and no two labels share one
    for (const colours of colourOf.values()) expect(colours.size).toBe(1)
    const distinct = new Set([...colourOf.values()].map((c) => [...c][0]))
    expect(distinct.size).toBe(labels.length)
    for (const colour of distinct) expect(colour).toMatch(ESC)
  })

  describe('the status line', () => {
    it('shows what is being read while waiting, goes away with the first entry; Ctrl-C exits 130', async () => {
      const dir = await createOutputProject()
      const run = await TerminalRun.start({
        args: ['logs', 'tail', '--follow', '--source', 'empty'],
        env: ttyEnv(),
        cwd: dir,
      })
      try {
        await run.waitFor('Reading empty…')
        await appendFile(
          path.join(dir, 'logs/empty.log'),
          logLine('2026-11-27T10:00:09Z', 'INFO', 'first entry'),
        )
        const pane = stripAnsi(await run.waitFor('first entry'))
        expect(pane).not.toContain('Reading')
        await run.sendKeys('C-c')
        const { code, pane: end } = await run.exit()
        expect(code).toBe(130)
        expect(stripAnsi(end)).not.toMatch(/Error|\n\s+at /)
        expect(stripAnsi(end)).toContain('first entry')
      } finally {
        await run.kill()
      }
    })

    const waitingRun = (args: string[], after?: string) =>
      runInTerminal({
        args: ['logs', 'view', '--source', 'empty', ...FIXED_RANGE, ...args],
        env: ttyEnv(),
        cwd: fixture.project,
        after,
        record: true,
      })

    it('is written to a terminal (what the pane received, erased or not)', async () => {
      const { code, recorded, pane } = await waitingRun([])
      expect(code).toBe(0)
      expect(recorded).toContain('Reading empty…')
      expect(stripAnsi(pane)).not.toContain('Reading') // erased before the "nothing found" notice
      expect(stripAnsi(pane)).toContain('No log entries found in empty')
    })

    it.each([
      ['when stdout is a pipe', [], '| cat'],
      ['with --format json', ['--format', 'json'], undefined],
      ['with --format raw', ['--format', 'raw'], undefined],
    ])('is never written %s', async (_name, args, after) => {
      const { code, recorded } = await waitingRun(args, after)
      expect(code).toBe(0)
      expect(recorded).toContain('No log entries found in empty')
      expect(recorded).not.toContain('Reading')
    })
  })
})

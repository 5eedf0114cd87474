import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { tempProject } from '../helpers/cli.js'
import { useCloudWatchHarness } from '../helpers/cloudwatch.js'
import { devStackYaml } from '../helpers/output-project.js'
import { describeInTerminal, stripAnsi, TerminalRun } from '../helpers/tmux.js'

/**
 * The interactive view as a person uses it: the built CLI in a real terminal (tmux) against the
 * emulator, keys typed into the pane, assertions on the captured screen.
 */
const API_GROUP = '/aws/lambda/acme-dev-api'
const WORKER_GROUP = '/ecs/acme-dev/worker'
const STACK = devStackYaml({
  api: {
    function: `{kind: aws/cloudwatch, default: true, spec: {log_group: "${API_GROUP}"}}`,
    audit: '{kind: aws/cloudtrail, spec: {event_source: lambda.amazonaws.com}}',
  },
  worker: { service: `{kind: aws/cloudwatch, spec: {log_group: "${WORKER_GROUP}"}}` },
})
const ATMOS_YAML = [
  'base_path: .',
  'stacks:',
  '  base_path: stacks',
  '  included_paths:',
  '    - "deploy/*"',
  '  name_template: "{{ .vars.stage }}"',
  'logs:',
  '  sources:',
  '    all-lambdas:',
  '      kind: aws/cloudwatch',
  '      spec: {log_group: "/aws/lambda/*"}',
  '',
].join('\n')

const h = useCloudWatchHarness({}, { resetBeforeEach: true })
let project: string

beforeAll(async () => {
  project = await tempProject({ 'atmos.yaml': ATMOS_YAML, 'stacks/deploy/dev.yaml': STACK })
})

async function start(
  args: string[],
  opts: { dataDir?: string; width?: number; height?: number; env?: Record<string, string> } = {},
) {
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'atmos-tui-data-')))
  const run = await TerminalRun.start({
    args,
    env: h.env({ ATMOS_DATA_DIR: dataDir, ...opts.env }),
    cwd: project,
    width: opts.width ?? 120,
    height: opts.height ?? 30,
    afterExit: 'stty -a | grep -Eq "(^| )icanon" && echo "LINE MODE"',
  })
  return { run, dataDir }
}

/** Types text one key at a time, as a person does (a burst would arrive as one paste). */
async function type(run: TerminalRun, text: string) {
  for (const ch of text) await run.sendKeys('-l', ch)
}

describeInTerminal('atmos logs --interactive (tmux)', () => {
  it('fuzzy query, open a source, lines arrive live, search, next error, pin kept after a restart, resize', async () => {
    await h.put(WORKER_GROUP, 'w1', [{ message: 'INFO worker up' }])
    const { run, dataDir } = await start(['logs', '--interactive', '-s', 'dev'])
    try {
      await run.waitFor(/Sources · stack dev · 3 of 3/)
      await type(run, '/wrksv')
      await run.waitFor(/1 of 3/)
      await run.sendKeys('Enter')
      await run.sendKeys('Enter')
      await run.waitFor('INFO worker up')
      await h.put(WORKER_GROUP, 'w1', [{ message: 'ERROR job 7 failed' }, { message: 'INFO job 8 done' }])
      await run.waitFor('INFO job 8 done')
      await run.sendKeys('E')
      await run.waitFor(/> .*ERROR job 7 failed/)
      await type(run, '/worker')
      await run.sendKeys('Enter')
      await run.waitFor(/> .*INFO worker up/)
      await run.resize(70, 20)
      await run.waitFor(
        (pane) =>
          stripAnsi(pane)
            .split('\n')
            .every((l) => l.length <= 70) && stripAnsi(pane).includes('PAUSED'),
      )
      await run.sendKeys('q')
      await run.waitFor(/Sources · stack dev/)
      // worker/service is the last of the stack's three rows
      await run.sendKeys('G')
      await run.sendKeys('p')
      await run.waitFor('1/5 pinned')
      await run.sendKeys('q')
      expect((await run.exit()).code).toBe(0)
    } finally {
      await run.kill()
    }
    const again = await start(['logs', '--interactive', '-s', 'dev'], { dataDir })
    try {
      const pane = stripAnsi(await again.run.waitFor(/1\/5 pinned/))
      const rows = pane.split('\n').filter((l) => /^[> ][ *][ +] /.test(l) && !l.includes('STACK'))
      expect(rows[0]).toMatch(/^.\*.\s+dev\s+worker\s+service/)
    } finally {
      await again.run.kill()
    }
  })

  it('lists every source (stacks and atmos.yaml), quits with q, and gives the terminal back as it was', async () => {
    const { run } = await start(['logs', '--interactive'])
    try {
      const pane = stripAnsi(await run.waitFor(/Sources · every stack · 4 of 4/))
      for (const row of [
        /dev\s+api\s+audit\s+aws\/cloudtrail/,
        /dev\s+api\s+function\s+aws\/cloudwatch/,
        /dev\s+worker\s+service\s+aws\/cloudwatch/,
        /-\s+-\s+all-lambdas\s+aws\/cloudwatch/,
      ])
        expect(pane).toMatch(row)
      expect(await run.modes()).toEqual({ alternateScreen: true, cursorVisible: false })
      await run.sendKeys('q')
      const { code, pane: after } = await run.exit()
      expect(code).toBe(0)
      expect(stripAnsi(after)).not.toContain('Sources · stack dev')
      expect(await run.modes()).toEqual({ alternateScreen: false, cursorVisible: true })
      await run.waitFor('LINE MODE')
    } finally {
      await run.kill()
    }
  })

  it('Ctrl-C quits from any screen with 130 and restores the terminal', async () => {
    await h.put(API_GROUP, 's1', [{ message: 'INFO ready' }])
    const { run } = await start(['logs', 'view', 'api', '-s', 'dev', '--interactive'])
    try {
      await run.waitFor('INFO ready')
      await run.sendKeys('C-c')
      const { code } = await run.exit()
      expect(code).toBe(130)
      expect(await run.modes()).toEqual({ alternateScreen: false, cursorVisible: true })
      await run.waitFor('LINE MODE')
    } finally {
      await run.kill()
    }
  })
})

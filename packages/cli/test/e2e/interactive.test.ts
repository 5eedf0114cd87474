import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { tempProject } from '../helpers/cli.js'
import { useCloudWatchHarness } from '../helpers/cloudwatch.js'
import { describeInTerminal, stripAnsi, TerminalRun } from '../helpers/tmux.js'

/**
 * The interactive view as a person uses it: the built CLI in a real terminal (tmux) against the
 * emulator, keys typed into the pane, assertions on the captured screen.
 */
const API_GROUP = '/aws/lambda/acme-dev-api'
const WORKER_GROUP = '/ecs/acme-dev/worker'
const STACK = [
  'vars:',
  '  stage: dev',
  'components:',
  '  terraform:',
  '    api:',
  '      logs:',
  '        sources:',
  `          function: {kind: aws/cloudwatch, default: true, spec: {log_group: "${API_GROUP}"}}`,
  '          audit: {kind: aws/cloudtrail, spec: {event_source: lambda.amazonaws.com}}',
  '    worker:',
  '      logs:',
  '        sources:',
  `          service: {kind: aws/cloudwatch, spec: {log_group: "${WORKER_GROUP}"}}`,
  '',
].join('\n')
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

describeInTerminal('atmos logs --interactive (tmux)', () => {
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

import { tmpdir } from 'node:os'
import path from 'node:path'
import { lambdaInvocationEvents } from '@atmos-logs/testkit'
import { runCli, tempDir, tempProject } from '../helpers/cli.js'
import { putTrail } from '../helpers/cloudtrail.js'
import { useCloudWatchHarness } from '../helpers/cloudwatch.js'
import { devStackYaml } from '../helpers/output-project.js'
import { echoProviderHook, writePluginPackage } from '../helpers/plugin-packages.js'
import { describeInTerminal, sgrCodes, stripAnsi, TerminalRun } from '../helpers/tmux.js'

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
  opts: {
    dataDir?: string
    width?: number
    height?: number
    env?: Record<string, string>
    cwd?: string
  } = {},
) {
  const dataDir = opts.dataDir ?? (await tempDir('atmos-tui-data-'))
  const run = await TerminalRun.start({
    args,
    env: h.env({ ATMOS_DATA_DIR: dataDir, ...opts.env }),
    cwd: opts.cwd ?? project,
    width: opts.width ?? 120,
    height: opts.height ?? 30,
    afterExit: 'stty -a | grep -Eq "(^| )icanon" && echo "LINE MODE"',
  })
  return { run, dataDir }
}

/** The pane's rows, without colour. */
const rowsOf = (pane: string) => stripAnsi(pane).split('\n')

/** Types text one key at a time, as a person does (a burst would arrive as one paste). */
async function type(run: TerminalRun, text: string) {
  for (const ch of text) await run.sendKeys('-l', ch)
}

/** On the Sources screen: marks the first two rows (Space, j, Space) and opens them together. */
async function openFirstTwo(run: TerminalRun) {
  await run.sendKeys('Space')
  await run.sendKeys('j')
  await run.sendKeys('Space')
  await run.waitFor('2 marked')
  await run.sendKeys('Enter')
}

/**
 * A test plugin linked into a fresh data directory, and a project whose atmos.yaml names the given
 * sources (one `name: {kind: ..., spec: ...}` line each). Start the view with the returned dataDir.
 */
async function linkedPluginProject(plugin: { name: string; hook: string }, sources: string[]) {
  const dataDir = await tempDir('atmos-tui-data-')
  const env = h.env({ ATMOS_DATA_DIR: dataDir, ATMOS_CACHE_DIR: path.join(dataDir, 'cache') })
  const linked = await runCli(['plugins', 'link', await writePluginPackage(plugin), '--no-install'], {
    env,
    cwd: tmpdir(),
  })
  expect(linked.code).toBe(0)
  const cwd = await tempProject({
    'atmos.yaml': ['logs:', '  sources:', ...sources.map((source) => `    ${source}`), ''].join('\n'),
  })
  return { dataDir, cwd }
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

  it('a project with no log source: says where it looked and what to add, exit 2, without taking the screen', async () => {
    const cwd = await tempProject({
      'atmos.yaml': ATMOS_YAML.split('logs:')[0]!,
      'stacks/deploy/dev.yaml': [
        'vars:',
        '  stage: dev',
        'components:',
        '  terraform:',
        '    api:',
        '      vars: {}',
        '',
      ].join('\n'),
    })
    const { run } = await start(['logs', '--interactive'], { cwd })
    try {
      const { code, pane } = await run.exit()
      expect(code).toBe(2)
      expect(stripAnsi(pane)).toContain("No log sources found in atmos.yaml or in its one stack, 'dev'.")
      expect(stripAnsi(pane)).toContain('Add `logs.sources` to atmos.yaml or a `logs:` block to a component.')
      expect(await run.modes()).toEqual({ alternateScreen: false, cursorVisible: true })
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

  it('Streams on a narrow terminal: the streams of a CloudWatch source, most recent first; Enter narrows the logs to one', async () => {
    const now = Date.now()
    await h.put(API_GROUP, 'stream-b', [{ timestamp: now - 600_000, message: 'INFO from b' }])
    await h.put(API_GROUP, 'stream-a', [{ timestamp: now - 60_000, message: 'INFO from a' }])
    await h.put(API_GROUP, 'stream-c', [{ timestamp: now - 300_000, message: 'INFO from c' }])
    const { run } = await start(['logs', '--interactive', '-s', 'dev'], { width: 72, height: 20 })
    try {
      await run.waitFor(/Sources · stack dev · 3 of 3/)
      // dev/api/function is the second of the stack's rows
      await run.sendKeys('j')
      await run.sendKeys('Tab')
      const listed = rowsOf(await run.waitFor(/Streams · dev\/api\/function.* · 4/))
      expect(listed.every((l) => l.length <= 72)).toBe(true)
      const order = listed.flatMap((l) => /^[> ] +(\/aws\/lambda\S+|stream-\w)/.exec(l)?.[1] ?? [])
      expect(order).toEqual([API_GROUP, 'stream-a', 'stream-c', 'stream-b'])
      await run.sendKeys('j')
      await run.sendKeys('j')
      await run.waitFor(/> +stream-c/)
      await run.sendKeys('Enter')
      await run.waitFor(/› stream-c/)
      await run.waitFor('INFO from c')
      await h.put(API_GROUP, 'stream-a', [{ message: 'INFO live in a' }])
      await h.put(API_GROUP, 'stream-c', [{ message: 'INFO live in c' }])
      const pane = stripAnsi(await run.waitFor('INFO live in c'))
      expect(pane).not.toContain('from a')
      expect(pane).not.toContain('from b')
      expect(pane).not.toContain('live in a')
      expect(rowsOf(pane).every((l) => l.length <= 72)).toBe(true)
      await run.sendKeys('q')
      await run.waitFor(/Sources · stack dev/)
      await run.sendKeys('q')
      expect((await run.exit()).code).toBe(0)
    } finally {
      await run.kill()
    }
  })

  it("a bug that throws outside the view (a plugin's timer) gives the terminal back and exits 1 with its message", async () => {
    const { dataDir, cwd } = await linkedPluginProject(
      {
        name: 'atmos-logs-provider-crashy',
        hook: `export default async function providers() {
  let thrown = false
  const provider = (name) => ({
    kind: 'acme/crashy',
    name,
    capabilities: ['get', 'tail'],
    validate() {},
    async listSources() { return [] },
    async *getLogs() {},
    async *tailLogs(opts) {
      yield { timestamp: new Date(), message: 'INFO before the bug' }
      if (!thrown) {
        thrown = true
        setTimeout(() => { throw new Error('crashy plugin lost its state') }, 500)
      }
      await new Promise((resolve) => opts.signal?.addEventListener('abort', resolve))
    },
    async close() {},
  })
  return {
    apiVersion: 1,
    kind: 'acme/crashy',
    description: 'throws from a timer (test plugin)',
    capabilities: ['get', 'tail'],
    async create(ctx) {
      ctx.logger.warn('its state is getting thin')
      return provider(ctx.name)
    },
  }
}
`,
      },
      ['crashy: {kind: acme/crashy, spec: {}}'],
    )
    const { run } = await start(['logs', '--interactive'], { dataDir, cwd })
    try {
      await run.waitFor(/> +-\s+-\s+crashy\s+acme\/crashy/)
      await run.sendKeys('Enter')
      const { code, pane } = await run.exit()
      expect(code).toBe(1)
      expect(stripAnsi(pane)).toContain(
        'Error: The interactive view stopped on an unexpected error: crashy plugin lost its state',
      )
      expect(stripAnsi(pane)).toContain('Hint: Run the same command with --debug to see where it was thrown.')
      // What the plugin said while the screen was taken is still said.
      expect(stripAnsi(pane)).toContain('its state is getting thin')
      // The message, not a stack trace (that takes --debug).
      expect(stripAnsi(pane)).not.toMatch(/^\s+at /m)
      expect(await run.modes()).toEqual({ alternateScreen: false, cursorVisible: true })
      await run.waitFor('LINE MODE')
    } finally {
      await run.kill()
    }
  })

  it('a source whose spec is refused when opened shows its badge and no entries, not a wait for them', async () => {
    const cwd = await tempProject({
      'atmos.yaml': [
        'logs:',
        '  sources:',
        '    typo: {kind: aws/cloudwatch, spec: {log_grup: /x}}',
        '',
      ].join('\n'),
    })
    const { run } = await start(['logs', '--interactive'], { cwd })
    try {
      await run.waitFor(/> +-\s+-\s+typo\s+aws\/cloudwatch/)
      await run.sendKeys('Enter')
      await run.waitFor('invalid spec.log_grup')
      await run.waitFor('No entries.')
      // it said 'Waiting for entries from typo…' for as long as the screen was open
      expect(stripAnsi(await run.capture())).not.toContain('Waiting for entries')
    } finally {
      await run.kill()
    }
  })

  it('opened with a source whose spec is refused, the other source is read and the refused one badged', async () => {
    await h.put(API_GROUP, 's1', [{ message: 'INFO the good source' }])
    const cwd = await tempProject({
      'atmos.yaml': [
        'logs:',
        '  sources:',
        `    good: {kind: aws/cloudwatch, spec: {log_group: "${API_GROUP}"}}`,
        '    typo: {kind: aws/cloudwatch, spec: {log_grup: /x}}',
        '',
      ].join('\n'),
    })
    const { run } = await start(['logs', '--interactive'], { cwd })
    try {
      await run.waitFor(/> +-\s+-\s+good\s+aws\/cloudwatch/)
      await openFirstTwo(run)
      // the whole read failed, badged as the first source's ('good'), and nothing was read
      await run.waitFor('INFO the good source')
      const pane = stripAnsi(await run.waitFor('invalid spec.log_grup'))
      expect(pane).toMatch(/\[typo ✖ failed\]/)
      expect(pane).not.toMatch(/\[good ✖/)
    } finally {
      await run.kill()
    }
  })

  it('a kind without list has no Streams screen: Tab stays on Sources', async () => {
    const { dataDir, cwd } = await linkedPluginProject(
      {
        name: 'atmos-logs-provider-nolist',
        hook: echoProviderHook('acme/nolist', 'nolist', ['get']),
      },
      [
        'archive: {kind: acme/nolist, spec: {}}',
        `lambdas: {kind: aws/cloudwatch, spec: {log_group: "${API_GROUP}"}}`,
      ],
    )
    const { run } = await start(['logs', '--interactive'], { dataDir, cwd })
    try {
      await run.waitFor(/> +-\s+-\s+archive\s+acme\/nolist/)
      await run.sendKeys('Tab')
      await run.sendKeys('j')
      await run.waitFor(/> +-\s+-\s+lambdas\s+aws\/cloudwatch/)
      expect(stripAnsi(await run.capture())).not.toContain('Streams ·')
      // the next row's kind lists: Tab shows its Streams
      await run.sendKeys('Tab')
      await run.waitFor(/Streams · lambdas \(aws\/cloudwatch\)/)
    } finally {
      await run.kill()
    }
  })

  it('a kind without tail is read with get beside a followed source, badged not live; Ctrl-R reads it again', async () => {
    const { dataDir, cwd } = await linkedPluginProject(
      {
        name: 'atmos-logs-provider-getonly',
        hook: `let reads = 0
export default async function providers() {
  return {
    apiVersion: 1,
    kind: 'acme/getonly',
    description: 'reads but cannot follow (test plugin)',
    capabilities: ['get'],
    async create(ctx) {
      return {
        kind: 'acme/getonly',
        name: ctx.name,
        capabilities: ['get'],
        validate() {},
        async listSources() { return [] },
        async *getLogs(opts) {
          reads += 1
          const since = opts.since ? 'a since' : 'no since'
          yield { timestamp: new Date(Date.now() - 1000), message: 'INFO archive read ' + reads + ' with ' + since }
        },
        async close() {},
      }
    },
  }
}
`,
      },
      [
        'archive: {kind: acme/getonly, spec: {}}',
        `lambdas: {kind: aws/cloudwatch, spec: {log_group: "${API_GROUP}"}}`,
      ],
    )
    await h.put(API_GROUP, 's1', [{ message: 'INFO lambda line' }])
    const { run } = await start(['logs', '--interactive'], { dataDir, cwd })
    try {
      await run.waitFor(/> +-\s+-\s+archive\s+acme\/getonly/)
      await openFirstTwo(run)
      await run.waitFor('INFO lambda line')
      // Read over the view's range (the source's default_since), as `logs view` reads it.
      await run.waitFor('INFO archive read 1 with a since')
      let pane = stripAnsi(await run.waitFor('not live: kind acme/getonly reads on refresh (Ctrl-R)'))
      expect(pane).not.toContain('failed')
      expect(pane).not.toContain('logs view')
      expect(pane).toContain('● FOLLOWING')
      // The followed source goes on arriving.
      await h.put(API_GROUP, 's1', [{ message: 'INFO lambda later' }])
      await run.waitFor('INFO lambda later', 60_000)
      await run.sendKeys('C-r')
      pane = stripAnsi(await run.waitFor('INFO archive read 2 with a since'))
      expect(pane).not.toContain('INFO archive read 1')
      expect(pane).toContain('not live: kind acme/getonly')
      await run.sendKeys('C-c')
      expect((await run.exit()).code).toBe(130)
    } finally {
      await run.kill()
    }
  })

  it('a throttled source gets a badge on the status line; the screen stays and the other source keeps arriving', async () => {
    await h.put(API_GROUP, 's1', [{ message: 'INFO api ready' }])
    await putTrail(h, [
      {
        EventName: 'UpdateFunctionCode',
        EventSource: 'lambda.amazonaws.com',
        EventTime: Date.now() - 60_000,
      },
    ])
    const { run } = await start(['logs', '--interactive', '-s', 'dev'])
    try {
      await run.waitFor(/Sources · stack dev · 3 of 3/)
      // audit (CloudTrail) and function (CloudWatch), read together
      await openFirstTwo(run)
      await run.waitFor('INFO api ready')
      await run.waitFor('UpdateFunctionCode')
      await h.faults({ throttle: 1, operations: ['LookupEvents'] })
      await run.waitFor(/\[api\/audit ⚠ throttled on LookupEvents, retrying\]/, 60_000)
      await h.put(API_GROUP, 's1', [{ message: 'INFO still arriving' }])
      const pane = stripAnsi(await run.waitFor('INFO still arriving'))
      expect(pane).toMatch(/\[api\/audit ⚠ throttled on LookupEvents/)
      expect(pane).toContain('● FOLLOWING')
      expect(pane).toContain('UpdateFunctionCode')
      await h.faults({})
      // the next page read clears the badge (the source's own status, its next poll, may stay)
      await run.waitFor(
        (p) => !stripAnsi(p).includes('⚠') && stripAnsi(p).includes('INFO still arriving'),
        60_000,
      )
      await run.sendKeys('C-c')
      expect((await run.exit()).code).toBe(130)
    } finally {
      await run.kill()
    }
  })

  it("--group-requests: a Lambda invocation's lines together with its REPORT's numbers on START; i turns it off and on", async () => {
    const t0 = Date.now() - 60_000
    const a = '1a1a1a1a-0000-4000-8000-000000000001'
    const b = '2b2b2b2b-0000-4000-8000-000000000002'
    // A line as the Node.js runtime writes it: time, request id, level, message (tab-separated).
    const line = (id: string, start: number, atMs: number, text: string) => ({
      atMs,
      message: `${new Date(start + atMs).toISOString()}\t${id}\tINFO\t${text}`,
    })
    const events = [
      ...lambdaInvocationEvents({
        requestId: a,
        start: t0,
        durationMs: 12.5,
        memorySizeMB: 128,
        maxMemoryUsedMB: 64,
        lines: [line(a, t0, 1, 'a step 1'), line(a, t0, 5, 'a step 2')],
      }),
      ...lambdaInvocationEvents({
        requestId: b,
        start: t0 + 2,
        durationMs: 20,
        memorySizeMB: 128,
        maxMemoryUsedMB: 70,
        lines: [line(b, t0 + 2, 1, 'b step 1')],
      }),
    ].sort((x, y) => x.timestamp - y.timestamp)
    await h.put(API_GROUP, 's1', events)
    // Wide enough for the START line's numbers.
    const { run } = await start(['logs', 'tail', 'api', '-s', 'dev', '--interactive', '--group-requests'], {
      width: 180,
    })
    /** The row of the first line containing each text. */
    const rows = (pane: string, ...texts: string[]) =>
      texts.map((t) => rowsOf(pane).findIndex((l) => l.includes(t)))
    try {
      let pane = stripAnsi(await run.waitFor(/by invocation[\s\S]*START RequestId: 2b2b/))
      expect(pane).toMatch(
        new RegExp(`START RequestId: ${a} Version: \\$LATEST — 12\\.5 ms, max memory 64 of 128 MB`),
      )
      // A's lines, then B's: by invocation, not by time.
      const [startA, a2, reportA, startB, b1] = rows(
        pane,
        `START RequestId: ${a}`,
        'a step 2',
        `REPORT RequestId: ${a}`,
        `START RequestId: ${b}`,
        'b step 1',
      )
      expect([startA, a2, reportA, startB, b1]).toEqual(
        [...[startA, a2, reportA, startB, b1]].sort((x, y) => x - y),
      )
      expect(startA).toBeGreaterThanOrEqual(0)
      expect(reportA).toBeLessThan(startB)
      await run.sendKeys('i')
      pane = stripAnsi(
        await run.waitFor(
          (p) => stripAnsi(p).includes('lines as they come') && stripAnsi(p).includes('b step 1'),
        ),
      )
      expect(pane).not.toContain('by invocation')
      const [startB2, a2Again] = rows(pane, `START RequestId: ${b}`, 'a step 2')
      expect(startB2).toBeLessThan(a2Again)
      await run.sendKeys('i')
      await run.waitFor(/by invocation/)
      // Following: a new invocation shows whole when its REPORT comes.
      const c = '3c3c3c3c-0000-4000-8000-000000000003'
      const t1 = Date.now()
      await h.put(
        API_GROUP,
        's1',
        lambdaInvocationEvents({
          requestId: c,
          start: t1,
          durationMs: 5,
          memorySizeMB: 128,
          maxMemoryUsedMB: 60,
          lines: [line(c, t1, 1, 'c live')],
        }),
      )
      pane = stripAnsi(await run.waitFor(`REPORT RequestId: ${c}`))
      expect(pane).toMatch(new RegExp(`START RequestId: ${c} Version: \\$LATEST — 5 ms`))
      await run.sendKeys('C-c')
      expect((await run.exit()).code).toBe(130)
    } finally {
      await run.kill()
    }
  })

  it('--since, --filter and --utc set the first read: its range, its server filter and its times, named in the header', async () => {
    const now = Date.now()
    const inRange = now - 90 * 60_000
    await h.put(API_GROUP, 's1', [
      { message: 'ERROR before the range', timestamp: now - 3 * 3_600_000 },
      { message: 'ERROR in the range', timestamp: inRange },
      { message: 'INFO not matched', timestamp: now - 60_000 },
    ])
    // Kolkata's offset, so a time in local time would read +05:30.
    const { run } = await start(
      ['logs', 'view', 'api', '-s', 'dev', '--interactive', '--since', '2h', '--filter', 'ERROR', '--utc'],
      { width: 180, env: { TZ: 'Asia/Kolkata' } },
    )
    try {
      let pane = stripAnsi(await run.waitFor('ERROR in the range'))
      expect(pane).toContain('· last 2h · filter ERROR')
      expect(pane).toContain(new Date(inRange).toISOString())
      expect(pane).not.toContain('+05:30')
      expect(pane).not.toContain('ERROR before the range')
      expect(pane).not.toContain('INFO not matched')
      // Following keeps the filter.
      await h.put(API_GROUP, 's1', [{ message: 'INFO later, not matched' }, { message: 'ERROR later' }])
      pane = stripAnsi(await run.waitFor('ERROR later', 60_000))
      expect(pane).not.toContain('not matched')
      await run.sendKeys('C-c')
      expect((await run.exit()).code).toBe(130)
    } finally {
      await run.kill()
    }
  })

  it('--filter that a selected source cannot take exits 2 naming it, before the screen is taken', async () => {
    const { run } = await start([
      'logs',
      'view',
      'api',
      '-s',
      'dev',
      '--all-sources',
      '--interactive',
      '--filter',
      'ERROR',
    ])
    try {
      const { code, pane } = await run.exit()
      expect(code).toBe(2)
      const text = stripAnsi(pane)
      expect(text).toContain('Error: --filter "ERROR" cannot apply to source api/audit:')
      expect(text).toContain('aws/cloudtrail takes Attribute=Value terms')
      // The view takes no --filter-for: the hint says what it does take.
      expect(text).toContain('leave --filter out and press f on the Logs screen of one source.')
      expect(text).not.toContain('--filter-for')
      expect(await run.modes()).toEqual({ alternateScreen: false, cursorVisible: true })
    } finally {
      await run.kill()
    }
  })

  it('colour follows the output rules: NO_COLOR, --no-color and FORCE_COLOR=0 turn it off (reverse video stays), --color wins over NO_COLOR', async () => {
    /** The SGR sequences on the Sources screen that set a colour, and whether reverse video marks the cursor. */
    const screen = async (args: string[], env: Record<string, string>) => {
      const { run } = await start(['logs', '--interactive', '-s', 'dev', ...args], { env })
      try {
        const pane = await run.waitFor(/Sources · stack dev · 3 of 3/)
        const codes = sgrCodes(pane)
        // 39 and 49 (default colours) are tmux's own resets
        const params = codes.flatMap((c) => c.slice(2, -1).split(';'))
        return {
          colour: params.some((p) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(p)),
          inverse: params.includes('7'),
        }
      } finally {
        await run.kill()
      }
    }
    expect(await screen([], { NO_COLOR: '' })).toEqual({ colour: true, inverse: true })
    expect(await screen([], { NO_COLOR: '1' })).toEqual({ colour: false, inverse: true })
    expect(await screen(['--no-color'], { NO_COLOR: '' })).toEqual({ colour: false, inverse: true })
    expect(await screen(['--color'], { NO_COLOR: '1' })).toEqual({ colour: true, inverse: true })
    expect(await screen([], { NO_COLOR: '', FORCE_COLOR: '0' })).toEqual({ colour: false, inverse: true })
  })
})

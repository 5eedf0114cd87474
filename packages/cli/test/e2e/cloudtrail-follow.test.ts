import { parseTrailLines, putTrail, type TrailTruth, trailProject } from '../helpers/cloudtrail.js'
import { useCloudWatchHarness } from '../helpers/cloudwatch.js'
import { spawnCli } from '../helpers/stream.js'
import { describeInTerminal, stripAnsi, TerminalRun } from '../helpers/tmux.js'

/**
 * `atmos logs tail --follow` of an aws/cloudtrail source: CloudTrail delivers events late and out of
 * order (the emulator's deliveryDelayMs), and AWS repeats an EventId now and then (the duplicates
 * fault). Each event must be printed exactly once as soon as it is visible; one older than an
 * event already printed comes out marked late. A short poll_interval and late_window keep it quick;
 * nothing here asserts on timing.
 */
const h = useCloudWatchHarness({}, { resetBeforeEach: true })

const SPEC = { region: 'us-east-1', poll_interval: '1s', late_window: '2m' }
const call = (name: string, at: number, extra: Record<string, unknown> = {}) => ({
  EventName: name,
  EventSource: 'lambda.amazonaws.com',
  EventTime: at,
  Username: 'alice',
  ...extra,
})

/** Waits until the CLI has made `polls` more rounds of LookupEvents calls, so a repeat would have shown. */
async function afterMorePolls(polls: number): Promise<void> {
  const start = (await h.stats()).calls.LookupEvents ?? 0
  for (let i = 0; i < 300; i++) {
    if (((await h.stats()).calls.LookupEvents ?? 0) >= start + polls) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the CLI made fewer than ${polls} more LookupEvents calls in 30 s`)
}

describe('atmos logs tail --follow (aws/cloudtrail)', () => {
  it('prints late, out-of-order and repeated deliveries each once, marking the late ones', async () => {
    const now = Date.now()
    const before = await putTrail(
      h,
      [0, 1, 2, 3, 4].map((i) => call(`Before${i}`, now - (10 - i) * 60_000)),
    )
    const project = await trailProject({ audit: SPEC })
    const cli = spawnCli(
      ['logs', 'tail', '--source', 'audit', '--follow', '--lines', '3', '--format', 'json'],
      {
        env: h.env(),
        cwd: project,
        timeoutMs: 90_000,
      },
    )
    await cli.waitForLines(3)
    await h.faults({ duplicates: 1, operations: ['LookupEvents'] })

    const t = Date.now()
    const live1 = await putTrail(h, [call('Live1', t - 2000)])
    await cli.waitForLines(4)
    const live2 = await putTrail(h, [call('Live2', t - 1000)])
    // visible 2.5 s after Live2 is, though it happened a minute ago: it arrives after Live2 (put
    // second, so that a put slowed by a loaded machine cannot let it be seen first)
    const late = await putTrail(h, [call('LateA', t - 60_000, { deliveryDelayMs: 2500 })])
    await cli.waitForLines(6)
    await afterMorePolls(3)
    cli.kill('SIGINT')
    const res = await cli.exited

    const printed = parseTrailLines(res.stdout)
    const expected: Array<[TrailTruth, boolean]> = [
      ...before.slice(2).map((e) => [e, false] as [TrailTruth, boolean]),
      [live1[0]!, false],
      [live2[0]!, false],
      [late[0]!, true],
    ]
    expect(printed.map((l) => [l.id, l.late ?? false])).toStrictEqual(
      expected.map(([e, isLate]) => [e.id, isLate]),
    )
    expect(printed.map((l) => l.message.split(' ')[1])).toStrictEqual([
      'Before2',
      'Before3',
      'Before4',
      'Live1',
      'Live2',
      'LateA',
    ])
    // the service did repeat EventIds meanwhile
    expect((await h.stats()).faults.duplicates).toBeGreaterThan(0)
    expect(res.code).toBe(130)
  }, 90_000)

  it('marks a late event in pretty output', async () => {
    const now = Date.now()
    await putTrail(h, [call('Seen', now - 30_000)])
    const project = await trailProject({ audit: SPEC })
    const cli = spawnCli(['logs', 'tail', '--source', 'audit', '--follow', '--lines', '5', '--utc'], {
      env: h.env(),
      cwd: project,
      timeoutMs: 60_000,
    })
    await cli.waitForLines(1)
    await putTrail(h, [call('Late', now - 90_000)])
    await cli.waitForLines(2)
    cli.kill('SIGINT')
    const res = await cli.exited
    const lines = res.stdout.split('\n').filter(Boolean)
    expect(lines[0]).toMatch(/^\S+ INFO {2}alice Seen on lambda\.amazonaws\.com/)
    expect(lines[1]).toMatch(/^\S+ INFO {2}late alice Late on lambda\.amazonaws\.com/)
  }, 60_000)
})

describeInTerminal('atmos logs tail --follow (aws/cloudtrail) in a terminal (tmux)', () => {
  it('says on the status line when the next poll runs, between entries too; Ctrl-C exits 130', async () => {
    const project = await trailProject({ audit: { ...SPEC, poll_interval: '2s' } })
    const run = await TerminalRun.start({
      args: ['logs', 'tail', '--source', 'audit', '--follow', '--lines', '5'],
      env: h.env(),
      cwd: project,
    })
    try {
      await run.waitFor(/audit: next poll at \d\d:\d\d:\d\d/)
      await putTrail(h, [call('WhileWatching', Date.now() - 1000)])
      // the entry is printed, and the status comes back under it
      await run.waitFor((pane) => /WhileWatching[\s\S]*audit: next poll at/.test(stripAnsi(pane)))
      await run.sendKeys('C-c')
      const { code, pane } = await run.exit()
      expect(code).toBe(130)
      expect(stripAnsi(pane)).toMatch(/INFO {2}alice WhileWatching on lambda\.amazonaws\.com/)
    } finally {
      await run.kill()
    }
  }, 60_000)
})

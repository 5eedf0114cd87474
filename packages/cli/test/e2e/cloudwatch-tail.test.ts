import { runCli } from '../helpers/cli.js'
import {
  type CloudWatchHarness,
  directProject,
  filterCalls,
  iso,
  type JsonLine,
  parseJsonLines,
  printedKey,
  type TruthEvent,
  timeline,
  truthKey,
  useCloudWatchHarness,
} from '../helpers/cloudwatch.js'
import { type StreamingCli, spawnCli } from '../helpers/stream.js'

/**
 * `atmos logs tail` and `tail --follow` of aws/cloudwatch sources, end to end. Follow tests put
 * events while the CLI runs (also while it is still starting, so the hand-over from backfill to
 * Live Tail is exercised), wait until the CLI has printed them, end it with SIGINT and compare
 * everything it printed with everything that was put.
 */
const FAST = { rate_limit: 100 }
const GROUPS = ['/aws/lambda/orders', '/aws/lambda/payments']

/** Puts `count` events, one every `everyMs`, alternating over `groups`, at strictly increasing times. */
function produce(cw: CloudWatchHarness, groups: string[], count: number, everyMs: number, tag: string) {
  let last = 0
  const truth: TruthEvent[] = []
  const done = (async () => {
    for (let i = 0; i < count; i++) {
      const timestamp = Math.max(Date.now(), last + 1)
      last = timestamp
      const group = groups[i % groups.length]!
      truth.push(...(await cw.put(group, 'live', [{ timestamp, message: `${tag} ${i} in ${group}` }])))
      await new Promise((r) => setTimeout(r, everyMs))
    }
    return truth
  })()
  return { truth, done }
}

/** `logs tail --source SOURCE --follow --lines N` started in `cwd` against this block's emulator, printing json unless `more` says otherwise. */
const tailFollow = (
  cw: CloudWatchHarness,
  cwd: string,
  source: string,
  lines: number,
  more: string[] = ['--format', 'json'],
) =>
  spawnCli(['logs', 'tail', '--source', source, '--follow', '--lines', String(lines), ...more], {
    env: cw.env(),
    cwd,
  })

/** One event per group, `agoMs` before now: what a follow must print from its backfill. */
async function putBefore(cw: CloudWatchHarness, agoMs: number): Promise<TruthEvent[]> {
  const before: TruthEvent[] = []
  for (const group of GROUPS) {
    before.push(
      ...(await cw.put(group, 'live', [{ timestamp: Date.now() - agoMs, message: `before in ${group}` }])),
    )
  }
  return before
}

/** Waits until the emulator has seen `check` hold (stats are the ground truth of what was called). */
async function untilStats(
  cw: CloudWatchHarness,
  check: (s: Awaited<ReturnType<CloudWatchHarness['stats']>>) => boolean,
  what: string,
  guardMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + guardMs
  for (;;) {
    if (check(await cw.stats())) return
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for ${what}: ${JSON.stringify((await cw.stats()).calls)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Ends a follow with Ctrl-C and checks it ended as a user expects: 130, whole lines, no trace. */
async function interrupt(cli: StreamingCli): Promise<JsonLine[]> {
  cli.kill('SIGINT')
  const res = await cli.exited
  expect(res.signal).toBeNull()
  expect(res.code).toBe(130)
  expect(res.stdout === '' || res.stdout.endsWith('\n')).toBe(true)
  expect(res.stderr).not.toMatch(/\n\s+at |Error:/)
  return parseJsonLines(res.stdout)
}

/**
 * Live Tail results carry no eventId (the service sends none), so events that arrived through a
 * session print `id: null`; those read with FilterLogEvents carry the service's id.
 */
function expectSame(printed: JsonLine[], truth: TruthEvent[], opts: { liveIds?: boolean } = {}): void {
  const expected = timeline(truth)
  if (!opts.liveIds) {
    expect(printed.map(printedKey)).toEqual(expected.map(truthKey))
    return
  }
  const withoutId = (key: string) => key.replace(/ (\d{56}|null) /, ' ')
  expect(printed.map((l) => withoutId(printedKey(l)))).toEqual(expected.map((e) => withoutId(truthKey(e))))
  printed.forEach((l, i) => {
    if (l.id !== null) expect(l.id).toBe(expected[i]!.id)
  })
}

describe('atmos logs tail (aws/cloudwatch)', () => {
  // Small pages: reading a long window forward would take many requests.
  const cw = useCloudWatchHarness({ filterScanLimit: 100 })

  it('prints the newest --lines N across the groups without paging through the whole window', async () => {
    const now = Date.now()
    const truth: TruthEvent[] = []
    for (const [g, group] of GROUPS.entries()) {
      const events = Array.from({ length: 1000 }, (_, i) => ({
        // Two hours up to a second ago, the groups interleaved.
        timestamp: now - 7_200_000 + i * 7_200 + g * 3_600,
        message: `${group} #${i}`,
      }))
      truth.push(...(await cw.put(group, 'stream', events)))
    }
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })

    const tail = await runCli(['logs', 'tail', '--source', 'fns', '--lines', '5', '--format', 'json'], {
      env: cw.env(),
      cwd: project,
    })

    expect(tail.stderr).toBe('')
    expect(tail.code).toBe(0)
    expectSame(parseJsonLines(tail.stdout), timeline(truth).slice(-5))
    const tailCalls = filterCalls(await cw.stats()).length

    // The same window read forward, for comparison.
    await cw.control('POST', '/_emulator/reset')
    for (const group of GROUPS) {
      await cw.put(
        group,
        'stream',
        truth.filter((e) => e.logGroup === group),
      )
    }
    const view = await runCli(
      ['logs', 'view', '--source', 'fns', '--format', 'raw', '--since', iso(now - 7_300_000)],
      {
        env: cw.env(),
        cwd: project,
      },
    )
    expect(view.code).toBe(0)
    expect(view.stdout.split('\n').filter(Boolean)).toHaveLength(2000)
    const viewCalls = filterCalls(await cw.stats()).length
    expect(viewCalls).toBeGreaterThanOrEqual(20)
    expect(tailCalls * 5).toBeLessThan(viewCalls)
  })
})

describe('atmos logs tail --format log under logs.level (aws/cloudwatch)', () => {
  const cw = useCloudWatchHarness({ liveTailIntervalMs: 100 }, { resetBeforeEach: true })
  const logLines = (stdout: string) =>
    stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { msg: string }).msg)

  /** The newest events DEBUG, older ones at or above Info (the default level), each group alike. */
  async function putLevels(): Promise<TruthEvent[]> {
    const now = Date.now()
    const words = ['INFO', 'WARN', 'INFO', 'ERROR', 'INFO', 'DEBUG', 'DEBUG', 'DEBUG', 'DEBUG', 'DEBUG']
    const truth: TruthEvent[] = []
    for (const [g, group] of GROUPS.entries()) {
      const events = words.map((w, i) => ({
        timestamp: now - 60_000 + i * 2_000 + g * 1_000,
        message: `${w} line ${i} of ${group}`,
      }))
      truth.push(...(await cw.put(group, 'stream', events)))
    }
    return truth
  }
  const shown = (truth: TruthEvent[]) =>
    timeline(truth)
      .filter((e) => !e.message.startsWith('DEBUG'))
      .map((e) => e.message)

  it('tail --lines N prints the newest N lines the level lets through', async () => {
    const truth = await putLevels()
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })
    const tail = await runCli(['logs', 'tail', '--source', 'fns', '--lines', '3', '--format', 'log'], {
      env: cw.env(),
      cwd: project,
    })
    expect(tail.stderr).toBe('')
    expect(tail.code).toBe(0)
    expect(logLines(tail.stdout)).toEqual(shown(truth).slice(-3))
  })

  it('stops looking back after 100,000 events below the level and says what it found', async () => {
    // A function logging DEBUG by the thousand, its INFO lines ten minutes back: a tail under Info
    // must not read the group's whole history for them.
    const now = Date.now()
    const group = GROUPS[0]!
    await cw.put(group, 'old', [{ timestamp: now - 600_000, message: 'INFO ten minutes ago' }])
    for (let start = 0; start < 110_000; start += 10_000) {
      const events = Array.from({ length: 10_000 }, (_, i) => ({
        timestamp: now - 20_000 + Math.floor((start + i) / 10),
        message: `DEBUG chatter ${start + i}`,
      }))
      await cw.put(group, 'busy', events)
    }
    const project = await directProject({ fns: { spec: { log_group: group, ...FAST } } })
    const tail = await runCli(['logs', 'tail', '--source', 'fns', '--lines', '3', '--format', 'log'], {
      env: cw.env(),
      cwd: project,
    })
    expect(tail.code).toBe(0)
    // Without the stop, the search would have gone on back to the INFO line and printed it.
    expect(tail.stdout).toBe('')
    expect(tail.stderr).toMatch(
      /tail: 0 of the 3 lines asked for are at or above INFO in \/aws\/lambda\/\S+ from \S+Z on; looking further back stopped after 100,000 events were read \(view --since reads further back\)\./,
    )
  })

  it('a follow after a search that stopped brings up nothing it never looked at', async () => {
    // INFO every tenth line: the 30 s window the search gave up in holds thousands of them, none
    // of them looked at whole, so none may come up in the follow's first read either.
    const now = Date.now()
    const group = GROUPS[0]!
    for (let start = 0; start < 110_000; start += 10_000) {
      const events = Array.from({ length: 10_000 }, (_, i) => ({
        timestamp: now - 20_000 + Math.floor((start + i) / 10),
        message: `${(start + i) % 10 === 0 ? 'INFO' : 'DEBUG'} line ${start + i}`,
      }))
      await cw.put(group, 'busy', events)
    }
    const project = await directProject({ fns: { spec: { log_group: group, ...FAST } } })
    const tail = await runCli(
      ['logs', 'tail', '--source', 'fns', '--follow', '--lines', '3', '--format', 'log', '--timeout', '6s'],
      { env: cw.env(), cwd: project },
    )
    expect(tail.stderr).toContain('looking further back stopped after 100,000 events were read')
    expect(tail.stdout).toBe('')
  })

  it('tail --follow --lines N backfills the newest N lines shown, then follows those shown', async () => {
    const truth = await putLevels()
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })
    const cli = tailFollow(cw, project, 'fns', 3, ['--format', 'log'])
    await cli.waitForLines(3)
    await untilStats(cw, (s) => (s.calls.StartLiveTail ?? 0) >= 1, 'StartLiveTail')
    const live = await cw.put(GROUPS[0]!, 'live', [
      { timestamp: Date.now(), message: 'DEBUG not shown' },
      { timestamp: Date.now() + 1, message: 'INFO shown' },
    ])
    await cli.waitForLines(4)
    cli.kill('SIGINT')
    const res = await cli.exited
    expect(res.code).toBe(130)
    expect(logLines(res.stdout)).toEqual([...shown(truth).slice(-3), live[1]!.message])
  })
})

describe('atmos logs tail --follow with Live Tail (aws/cloudwatch)', () => {
  const cw = useCloudWatchHarness({ liveTailIntervalMs: 100 }, { resetBeforeEach: true })
  let project: string
  beforeAll(async () => {
    project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })
  })

  it('prints events put while following exactly once, in order, through Live Tail', async () => {
    const before = await putBefore(cw, 60_000)
    const cli = tailFollow(cw, project, 'fns', 1000)
    // Events keep arriving while the CLI starts, backfills and opens its Live Tail session.
    const first = produce(cw, GROUPS, 40, 25, 'first')
    await first.done
    await cli.waitForLines(before.length + 40)
    await untilStats(cw, (s) => (s.calls.StartLiveTail ?? 0) >= 1, 'StartLiveTail')

    // A second burst once the session is established, then a last event after the session's
    // second gap read (its settle pass, which re-reads what Live Tail already delivered).
    const second = produce(cw, GROUPS, 20, 10, 'second')
    await second.done
    await cli.waitForLines(before.length + 60)
    await untilStats(
      cw,
      (s) => {
        const start = s.recent.findIndex((c) => c.operation === 'StartLiveTail')
        return (
          start >= 0 && s.recent.slice(start).filter((c) => c.operation === 'FilterLogEvents').length >= 4
        )
      },
      'the settle re-read after the Live Tail session started',
    )
    const last = await cw.put(GROUPS[0]!, 'live', [{ timestamp: Date.now() + 1, message: 'last' }])
    await cli.waitForLines(before.length + 61)

    const printed = await interrupt(cli)
    expectSame(printed, [...before, ...first.truth, ...second.truth, ...last], { liveIds: true })
    const stats = await cw.stats()
    expect(stats.calls.StartLiveTail).toBe(1)
    const session = stats.recent.find((c) => c.operation === 'StartLiveTail')!.params as {
      logGroupIdentifiers: string[]
    }
    expect(session.logGroupIdentifiers).toHaveLength(2)
  })

  it('sends --filter to Live Tail as its filter pattern and prints only the matches', async () => {
    for (const group of GROUPS)
      await cw.put(group, 'live', [{ timestamp: Date.now() - 1000, message: 'warming up' }])
    const cli = tailFollow(cw, project, 'fns', 0, ['--filter', 'ERROR', '--format', 'json'])
    await untilStats(cw, (s) => (s.calls.StartLiveTail ?? 0) >= 1, 'StartLiveTail')
    const truth: TruthEvent[] = []
    for (let i = 0; i < 10; i++) {
      const message = i % 3 === 0 ? `ERROR number ${i}` : `INFO number ${i}`
      truth.push(...(await cw.put(GROUPS[i % 2]!, 'live', [{ timestamp: Date.now() + i, message }])))
    }
    const matching = truth.filter((e) => e.message.startsWith('ERROR'))
    await cli.waitForLines(matching.length)

    const printed = await interrupt(cli)
    expectSame(printed, matching, { liveIds: true })
    const session = (await cw.stats()).recent.find((c) => c.operation === 'StartLiveTail')!.params as {
      logEventFilterPattern?: string
    }
    expect(session.logEventFilterPattern).toBe('ERROR')
  })

  it('follows 12 groups behind one pattern with two Live Tail sessions (at most 10 groups each)', async () => {
    const groups = Array.from({ length: 12 }, (_, i) => `/aws/lambda/many-${String(i).padStart(2, '0')}`)
    for (const group of groups)
      await cw.put(group, 'live', [{ timestamp: Date.now() - 60_000, message: `old in ${group}` }])
    const many = await directProject({ many: { spec: { log_group: '/aws/lambda/many-*', ...FAST } } })
    const cli = tailFollow(cw, many, 'many', 0)
    await untilStats(cw, (s) => (s.calls.StartLiveTail ?? 0) >= 2, 'two Live Tail sessions')
    const during = produce(cw, groups, 36, 20, 'many')
    await during.done
    await cli.waitForLines(36)

    const printed = await interrupt(cli)
    expectSame(printed, during.truth, { liveIds: true })
    const sessions = (await cw.stats()).recent
      .filter((c) => c.operation === 'StartLiveTail')
      .map((c) => (c.params as { logGroupIdentifiers: string[] }).logGroupIdentifiers)
    expect(sessions).toHaveLength(2)
    expect(sessions.map((s) => s.length).sort((a, b) => a - b)).toEqual([2, 10])
    expect(new Set(sessions.flat()).size).toBe(12)
  })

  it('keeps every event exactly once while 20% of all connections are reset', async () => {
    const before = await putBefore(cw, 60_000)
    await cw.faults({ reset: 0.2 })
    const cli = tailFollow(cw, project, 'fns', 100)
    const during = produce(cw, GROUPS, 30, 40, 'flaky')
    await during.done
    await cli.waitForLines(before.length + 30)
    const last = await cw.put(GROUPS[0]!, 'live', [{ timestamp: Date.now() + 1, message: 'last' }])
    await cli.waitForLines(before.length + 31)

    const printed = await interrupt(cli)
    expectSame(printed, [...before, ...during.truth, ...last], { liveIds: true })
    expect((await cw.stats()).faults.reset).toBeGreaterThan(0)
  })

  it('says on stderr when Live Tail shows a sample of a burst', async () => {
    for (const group of GROUPS)
      await cw.put(group, 'live', [{ timestamp: Date.now() - 1000, message: 'warming up' }])
    const cli = tailFollow(cw, project, 'fns', 0, ['--format', 'raw'])
    await untilStats(cw, (s) => (s.calls.StartLiveTail ?? 0) >= 1, 'StartLiveTail')
    // More than the 500 events one session update carries.
    const now = Date.now()
    await cw.put(
      GROUPS[0]!,
      'burst',
      Array.from({ length: 800 }, (_, i) => ({ timestamp: now + i, message: `burst ${i}` })),
    )
    await cli.waitForStderr(/sample/)
    expect(cli.stderr).toMatch(/Warning: Source "fns": .*Live Tail is showing a sample.*--filter/)
    await cli.waitForLines(1)
    cli.kill('SIGINT')
    expect((await cli.exited).code).toBe(130)
  })

  it('ends with exit 130 and only whole JSON lines when interrupted in the middle of a large backfill', async () => {
    const now = Date.now()
    const events = Array.from({ length: 20_000 }, (_, i) => ({
      timestamp: now - 600_000 + i * 20,
      message: JSON.stringify({ level: 'info', i, pad: 'x'.repeat(80) }),
    }))
    for (let i = 0; i < events.length; i += 5000) await cw.put(GROUPS[0]!, 'big', events.slice(i, i + 5000))
    await cw.put(GROUPS[1]!, 'big', [{ timestamp: now - 1000, message: 'other group' }])
    const cli = tailFollow(cw, project, 'fns', 20000)
    await cli.waitForLines(1)

    const printed = await interrupt(cli)
    expect(printed.length).toBeGreaterThan(0)
    // What was printed is a prefix of the right answer.
    for (let i = 1; i < printed.length; i++) {
      expect(Date.parse(printed[i]!.timestamp)).toBeGreaterThanOrEqual(Date.parse(printed[i - 1]!.timestamp))
    }
  })
})

describe('atmos logs tail --follow when a Live Tail session times out mid-stream', () => {
  const cw = useCloudWatchHarness({ liveTailIntervalMs: 100, liveTailSessionMs: 1200 })

  it('reconnects and backfills the gap: nothing lost, nothing repeated', async () => {
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })
    const before = await putBefore(cw, 5000)
    const cli = tailFollow(cw, project, 'fns', 100)
    await untilStats(cw, (s) => (s.calls.StartLiveTail ?? 0) >= 1, 'the first Live Tail session')
    // Events keep coming across several session timeouts and reconnections.
    const during = produce(cw, GROUPS, 60, 60, 'during')
    await during.done
    await untilStats(cw, (s) => (s.calls.StartLiveTail ?? 0) >= 3, 'two reconnections')
    const last = await cw.put(GROUPS[1]!, 'live', [{ timestamp: Date.now() + 1, message: 'last' }])
    await cli.waitForLines(before.length + 61)

    const printed = await interrupt(cli)
    expectSame(printed, [...before, ...during.truth, ...last], { liveIds: true })
  })
})

describe('atmos logs tail --follow when Live Tail is denied', () => {
  const cw = useCloudWatchHarness({ liveTailIntervalMs: 100 })

  it('says so on stderr, falls back to polling FilterLogEvents and still prints each event once', async () => {
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })
    const before = await putBefore(cw, 5000)
    await cw.faults({ accessDenied: 1, operations: ['StartLiveTail'] })
    const cli = tailFollow(cw, project, 'fns', 100)
    await cli.waitForStderr(/polling/)
    expect(cli.stderr).toMatch(/StartLiveTail/)
    expect(cli.stderr).toContain('"fns"')

    const during = produce(cw, GROUPS, 20, 50, 'polled')
    await during.done
    await cli.waitForLines(before.length + 20)
    // Let a few more polls re-scan the trailing window (where duplicates would come from).
    const polled = filterCalls(await cw.stats()).length
    await untilStats(cw, (s) => filterCalls(s).length >= polled + 3 * GROUPS.length, 'three more polls')
    const last = await cw.put(GROUPS[0]!, 'live', [{ timestamp: Date.now() + 1, message: 'last' }])
    await cli.waitForLines(before.length + 21)

    const printed = await interrupt(cli)
    expectSame(printed, [...before, ...during.truth, ...last])
    const stats = await cw.stats()
    expect(stats.calls.StartLiveTail).toBe(1)
  })
})

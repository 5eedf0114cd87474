import { runCli, tempProject } from '../helpers/cli.js'
import {
  directProject,
  expectExactlyOnceInOrder,
  filterCalls,
  iso,
  parseJsonLines,
  printedKey,
  type TruthEvent,
  timeline,
  truthKey,
  useCloudWatchHarness,
} from '../helpers/cloudwatch.js'

/**
 * `atmos logs view` and `atmos logs search --query` of aws/cloudwatch sources, end to end: the
 * built CLI as a child process against the testkit emulator. Each test puts its ground truth
 * through the emulator's control route and checks every event comes out exactly once, in order.
 */
const BASE = Date.UTC(2026, 0, 10, 12, 0, 0)
const WINDOW = ['--since', iso(BASE - 60_000), '--until', iso(BASE + 86_400_000)]
// Most tests raise the FilterLogEvents rate so they stay quick; one keeps the default.
const FAST = { rate_limit: 100 }

const cw = useCloudWatchHarness({}, { resetBeforeEach: true })

/** Runs the CLI in `project` against this file's emulator, over the test window. */
const viewIn = (project: string, args: string[]) =>
  runCli([...args, ...WINDOW], { env: cw.env(), cwd: project })

/** Events i = 0..count-1 at distinct times, spread over the given group/stream pairs, put out of order. */
async function putSpread(
  targets: Array<[group: string, stream: string]>,
  count: number,
  message: (i: number, group: string) => string = (i, g) => `event ${i} of ${g}`,
): Promise<TruthEvent[]> {
  const byTarget = targets.map(() => [] as Array<{ timestamp: number; message: string }>)
  for (let i = 0; i < count; i++) {
    const t = i % targets.length
    byTarget[t]!.push({ timestamp: BASE + i * 1000 + (i % 7), message: message(i, targets[t]![0]) })
  }
  const truth: TruthEvent[] = []
  for (let t = 0; t < targets.length; t++) {
    const events = byTarget[t]!
    // Two batches, the later one first: the service sorts by timestamp, whatever the put order.
    const half = Math.floor(events.length / 2)
    truth.push(...(await cw.put(targets[t]![0], targets[t]![1], events.slice(half))))
    truth.push(...(await cw.put(targets[t]![0], targets[t]![1], events.slice(0, half))))
  }
  return truth
}

describe('atmos logs view (aws/cloudwatch)', () => {
  it('prints every event of every group behind a pattern exactly once, in time order', async () => {
    const truth = await putSpread(
      [
        ['/aws/lambda/api', '2026/01/10/[$LATEST]a'],
        ['/aws/lambda/api', '2026/01/10/[$LATEST]b'],
        ['/aws/lambda/worker', '2026/01/10/[$LATEST]a'],
      ],
      240,
    )
    // Not behind the pattern: must not appear.
    await cw.put('/ecs/other', 'task', [{ timestamp: BASE + 5, message: 'not a lambda' }])
    await cw.put('/aws/lambdas-old/x', 's', [{ timestamp: BASE + 6, message: 'not under /aws/lambda/' }])
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })

    const res = await viewIn(project, ['logs', 'view', '--source', 'fns', '--format', 'json'])

    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(res.stdout, truth)
    const stats = await cw.stats()
    expect(stats.calls.DescribeLogGroups).toBeGreaterThanOrEqual(1)
    expect(new Set(filterCalls(stats).map((p) => p.logGroupName))).toEqual(
      new Set(['/aws/lambda/api', '/aws/lambda/worker']),
    )
  })

  it('prints --format raw as the messages alone, one per line', async () => {
    const truth = await putSpread([['/app/raw', 's']], 20)
    const project = await directProject({ app: { spec: { log_group: '/app/raw', ...FAST } } })
    const res = await viewIn(project, ['logs', 'view', '--source', 'app', '--format', 'raw'])
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout).toBe(
      timeline(truth)
        .map((e) => `${e.message}\n`)
        .join(''),
    )
  })

  it('honours --since and --until as inclusive bounds, sent to the service as startTime/endTime', async () => {
    const at = (s: number) => BASE + s * 1000
    const events = [-2, -1, 0, 1, 2, 3, 4, 5, 6].map((s) => ({ timestamp: at(s), message: `second ${s}` }))
    // One millisecond either side of each bound.
    events.push({ timestamp: at(0) - 1, message: 'just before since' })
    events.push({ timestamp: at(4) + 1, message: 'just after until' })
    const truth = await cw.put('/app/bounds', 's', events)
    const project = await directProject({ app: { spec: { log_group: '/app/bounds', ...FAST } } })

    const res = await runCli(
      ['logs', 'view', '--source', 'app', '--format', 'json', '--since', iso(at(0)), '--until', iso(at(4))],
      { env: cw.env(), cwd: project },
    )

    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(
      res.stdout,
      truth.filter((e) => e.timestamp >= at(0) && e.timestamp <= at(4)),
    )
    const [call] = filterCalls(await cw.stats())
    expect(call).toMatchObject({ logGroupName: '/app/bounds', startTime: at(0), endTime: at(4) })
  })

  it('honours --limit across all groups: the earliest N of the merged timeline', async () => {
    const truth = await putSpread(
      [
        ['/aws/lambda/one', 's'],
        ['/aws/lambda/two', 's'],
        ['/aws/lambda/three', 's'],
      ],
      90,
    )
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })

    const res = await viewIn(project, ['logs', 'view', '--source', 'fns', '--format', 'json', '--limit', '7'])

    expect(res.code).toBe(0)
    expect(parseJsonLines(res.stdout).map(printedKey)).toEqual(timeline(truth).slice(0, 7).map(truthKey))
    // No group is asked for more than the limit.
    for (const call of filterCalls(await cw.stats())) expect(call.limit).toBeLessThanOrEqual(7)
  })

  it('--limit with --format log counts the lines logs.level lets through, not the entries read', async () => {
    // Each group opens with DEBUG lines: a limit counted before the level would print fewer.
    const level = (i: number) => (i % 4 === 3 ? 'WARN' : i < 12 || i % 2 === 0 ? 'DEBUG' : 'INFO')
    const truth = await putSpread(
      [
        ['/aws/lambda/one', 's'],
        ['/aws/lambda/two', 's'],
      ],
      40,
      (i, g) => `${level(i)} event ${i} of ${g}`,
    )
    const shown = (min: string[]) => timeline(truth).filter((e) => min.some((l) => e.message.startsWith(l)))
    const atmosYaml = (logs: Record<string, unknown>) =>
      tempProject({
        'atmos.yaml': `${JSON.stringify({ logs: { ...logs, sources: { fns: { kind: 'aws/cloudwatch', spec: { log_group: '/aws/lambda/*', ...FAST } } } } })}\n`,
      })
    const logLines = (stdout: string) =>
      stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { level: string; msg: string })
    const viewThree = async (logs: Record<string, unknown>, format = 'log') =>
      viewIn(await atmosYaml(logs), ['logs', 'view', '--source', 'fns', '--format', format, '--limit', '3'])

    // The default level, Info, leaves out DEBUG.
    const info = await viewThree({})
    expect(info.stderr).toBe('')
    expect(info.code).toBe(0)
    expect(logLines(info.stdout).map((l) => l.msg)).toEqual(
      shown(['INFO', 'WARN'])
        .slice(0, 3)
        .map((e) => e.message),
    )

    const warning = await viewThree({ level: 'Warning' })
    expect(warning.code).toBe(0)
    expect(logLines(warning.stdout).map((l) => [l.level, l.msg])).toEqual(
      shown(['WARN'])
        .slice(0, 3)
        .map((e) => ['warn', e.message]),
    )

    // json shows every level, so its limit counts every entry, as before.
    const json = await viewThree({ level: 'Warning' }, 'json')
    expect(parseJsonLines(json.stdout).map(printedKey)).toEqual(timeline(truth).slice(0, 3).map(truthKey))

    // Under Off nothing is shown: the read still ends at the limit instead of reading the whole range.
    const offStart = Date.now()
    const off = await viewThree({ level: 'Off' })
    expect(off.code).toBe(0)
    expect(off.stdout).toBe('')
    const stats = await cw.stats()
    const calls = filterCalls({ ...stats, recent: stats.recent.filter((c) => c.time >= offStart) })
    expect(calls.length).toBeGreaterThan(0)
    for (const call of calls) expect(call.limit).toBeLessThanOrEqual(3)
  })

  it('--format log --limit asks FilterLogEvents for pages near the limit, not 10,000 events', async () => {
    // One line in five is INFO: the first page of 10 holds 2 of them, the next (grown) the rest.
    const truth = await putSpread(
      [['/app/mixed', 's']],
      200,
      (i) => `${i % 5 === 0 ? 'INFO' : 'DEBUG'} line ${i}`,
    )
    const project = await directProject({ mixed: { spec: { log_group: '/app/mixed', ...FAST } } })

    const res = await viewIn(project, [
      'logs',
      'view',
      '--source',
      'mixed',
      '--format',
      'log',
      '--limit',
      '10',
    ])

    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const printed = res.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { msg: string }).msg)
    const info = timeline(truth).filter((e) => e.message.startsWith('INFO'))
    expect(printed).toEqual(info.slice(0, 10).map((e) => e.message))
    const calls = filterCalls(await cw.stats())
    expect(calls[0]?.limit).toBe(10)
    for (const call of calls) expect(call.limit).toBeLessThanOrEqual(100)
  })

  it('--format log --limit over a DEBUG-heavy group shows its lines in a few requests, not thousands', async () => {
    // One INFO line in 1,000: pages the size of the limit would take a request per 1,000 lines read.
    const events = Array.from({ length: 12_000 }, (_, i) => ({
      timestamp: BASE + i,
      message: i % 1_000 === 999 ? `INFO line ${i}` : `DEBUG line ${i}`,
    }))
    for (let from = 0; from < events.length; from += 4_000)
      await cw.put('/app/chatty', 's', events.slice(from, from + 4_000))
    const project = await directProject({ chatty: { spec: { log_group: '/app/chatty', ...FAST } } })

    const res = await viewIn(project, [
      'logs',
      'view',
      '--source',
      'chatty',
      '--format',
      'log',
      '--limit',
      '5',
    ])

    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const printed = res.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { msg: string }).msg)
    expect(printed).toEqual([999, 1_999, 2_999, 3_999, 4_999].map((i) => `INFO line ${i}`))
    const stats = await cw.stats()
    expect(filterCalls(stats)[0]?.limit).toBe(5)
    expect(stats.calls.FilterLogEvents).toBeLessThanOrEqual(10)
  })

  it('--format log says when every entry read was below logs.level', async () => {
    await putSpread([['/app/debug', 's']], 5, (i) => `DEBUG detail ${i}`)
    const project = await directProject({ dbg: { spec: { log_group: '/app/debug', ...FAST } } })
    const res = await viewIn(project, ['logs', 'view', '--source', 'dbg', '--format', 'log'])
    expect(res.code).toBe(0)
    expect(res.stdout).toBe('')
    expect(res.stderr).toMatch(/^No log entries at or above INFO found in dbg between /)
  })

  it('merges 30 log groups behind one pattern into one timeline, every event exactly once', async () => {
    const groups = Array.from({ length: 30 }, (_, i) => `/aws/lambda/fn-${String(i).padStart(2, '0')}`)
    const truth = await putSpread(
      groups.map((g) => [g, 'stream']),
      600,
    )
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/fn-*', ...FAST } } })

    const res = await viewIn(project, ['logs', 'view', '--source', 'fns', '--format', 'json'])

    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(res.stdout, truth)
    expect(new Set(filterCalls(await cw.stats()).map((p) => p.logGroupName))).toEqual(new Set(groups))
  })

  it('reads a component source from a stack, its log group templated from vars', async () => {
    const truth = await putSpread([['/aws/lambda/acme-dev-api', 's']], 12)
    await cw.put('/aws/lambda/acme-dev-other', 's', [{ timestamp: BASE + 1, message: 'another function' }])
    const project = await tempProject({
      'atmos.yaml': [
        'stacks:',
        '  base_path: stacks',
        '  included_paths: ["deploy/**/*"]',
        '  name_template: "{{ .vars.stage }}"',
        '',
      ].join('\n'),
      'stacks/deploy/dev.yaml': [
        'vars:',
        '  namespace: acme',
        '  stage: dev',
        'components:',
        '  terraform:',
        '    api:',
        '      vars:',
        '        name: api',
        '      logs:',
        '        sources:',
        '          function:',
        '            kind: aws/cloudwatch',
        '            default: true',
        '            spec:',
        '              log_group: "/aws/lambda/{{ .vars.namespace }}-{{ .vars.stage }}-{{ .vars.name }}"',
        '              rate_limit: 100',
        '',
      ].join('\n'),
    })

    const res = await viewIn(project, [
      'logs',
      'view',
      '--stack',
      'dev',
      '--component',
      'api',
      '--format',
      'json',
    ])

    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(res.stdout, truth)
    expect(parseJsonLines(res.stdout)[0]).toMatchObject({
      component: 'api',
      stack: 'dev',
      source: 'function',
    })
  })

  it('shows the detected level and request id in --format json', async () => {
    const rid = '8f1c2a10-4a6e-4b9f-9e3b-0d1f2c3b4a5d'
    const messages: Array<[message: string, level: string | null, requestId: string | null]> = [
      [`START RequestId: ${rid} Version: $LATEST`, 'INFO', rid],
      [`2026-01-10T12:00:01.000Z\t${rid}\t[ERROR]\tpayment declined`, 'ERROR', rid],
      [JSON.stringify({ level: 'warn', requestId: 'req-42', msg: 'slow downstream' }), 'WARN', 'req-42'],
      [JSON.stringify({ severity: 'DEBUG', msg: 'cache miss' }), 'DEBUG', null],
      [JSON.stringify({ levelname: 'ERROR', msg: 'python says no' }), 'ERROR', null],
      ['WARNING: disk almost full', 'WARN', null],
      ['just some text', null, null],
      [`END RequestId: ${rid}`, 'INFO', rid],
      [`REPORT RequestId: ${rid}\tDuration: 12.3 ms\tBilled Duration: 13 ms`, 'INFO', rid],
    ]
    await cw.put(
      '/aws/lambda/levels',
      's',
      messages.map(([message], i) => ({ timestamp: BASE + i, message })),
    )
    const project = await directProject({ fn: { spec: { log_group: '/aws/lambda/levels', ...FAST } } })

    const res = await viewIn(project, ['logs', 'view', '--source', 'fn', '--format', 'json'])

    expect(res.code).toBe(0)
    expect(parseJsonLines(res.stdout).map((l) => [l.message, l.level, l.requestId])).toEqual(messages)
  })

  it('reads a log_groups list of exact names (default rate, no rate_limit), every event once', async () => {
    const truth = await putSpread(
      [
        ['/app/default-a', 's'],
        ['/app/default-b', 's'],
      ],
      10,
    )
    const project = await directProject({
      app: { spec: { log_groups: ['/app/default-a', '/app/default-b'] } },
    })
    const res = await viewIn(project, ['logs', 'view', '--source', 'app', '--format', 'json'])
    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(res.stdout, truth)
    const stats = await cw.stats()
    // Exact names need no DescribeLogGroups for a read; one FilterLogEvents page per group.
    expect(stats.calls.DescribeLogGroups).toBeUndefined()
    expect(filterCalls(stats).map((c) => c.logGroupName)).toEqual(
      expect.arrayContaining(['/app/default-a', '/app/default-b']),
    )
  })
})

describe('atmos logs view --filter / search --query (server-side filter patterns)', () => {
  const lines = [
    'INFO request handled',
    'ERROR payment declined',
    JSON.stringify({ level: 'error', msg: 'json failure', code: 502 }),
    'WARN retrying',
    JSON.stringify({ level: 'info', msg: 'json fine', code: 200 }),
    'ERROR timeout talking to db',
  ]

  async function putFilterData(): Promise<TruthEvent[]> {
    const truth: TruthEvent[] = []
    for (const [g, group] of ['/aws/lambda/f1', '/aws/lambda/f2'].entries()) {
      truth.push(
        ...(await cw.put(
          group,
          's',
          lines.map((message, i) => ({ timestamp: BASE + i * 10 + g, message })),
        )),
      )
    }
    return truth
  }

  it('view --filter sends the pattern to FilterLogEvents and prints only the matches', async () => {
    const truth = await putFilterData()
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })

    const res = await viewIn(project, [
      'logs',
      'view',
      '--source',
      'fns',
      '--format',
      'json',
      '--filter',
      'ERROR',
    ])

    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(
      res.stdout,
      truth.filter((e) => /\bERROR\b/.test(e.message)),
    )
    const calls = filterCalls(await cw.stats())
    expect(calls.length).toBeGreaterThanOrEqual(2)
    for (const call of calls) expect(call.filterPattern).toBe('ERROR')
  })

  it('search --query takes a JSON filter pattern, run server side', async () => {
    const truth = await putFilterData()
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/*', ...FAST } } })
    const pattern = '{ $.code >= 500 }'

    const res = await viewIn(project, [
      'logs',
      'search',
      '--source',
      'fns',
      '--format',
      'json',
      '--query',
      pattern,
    ])

    expect(res.code).toBe(0)
    expectExactlyOnceInOrder(
      res.stdout,
      truth.filter((e) => e.message.includes('"code":502')),
    )
    const calls = filterCalls(await cw.stats())
    expect(calls.length).toBeGreaterThanOrEqual(2)
    for (const call of calls) expect(call.filterPattern).toBe(pattern)
  })

  it('reports an invalid filter pattern as bad input (exit 2), naming the flag, in the service words', async () => {
    await putFilterData()
    const project = await directProject({ fns: { spec: { log_group: '/aws/lambda/f1', ...FAST } } })
    const pattern = '{ $.code >= }'
    // What the service itself says about this pattern.
    const direct = await fetch(cw.emulator.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.FilterLogEvents',
      },
      body: JSON.stringify({ logGroupName: '/aws/lambda/f1', filterPattern: pattern }),
    }).then((r) => r.json() as Promise<{ __type: string; message: string }>)
    expect(direct.__type).toMatch(/InvalidParameterException/)

    // The pattern is what the user typed: the service refusing it is a usage error, not its failure.
    const search = await viewIn(project, ['logs', 'search', '--source', 'fns', '--query', pattern])
    expect(search.code).toBe(2)
    expect(search.stdout).toBe('')
    expect(search.stderr).toMatch(
      /^Error: The filter pattern "\{ \$\.code >= \}" given with --query is not valid for the aws\/cloudwatch source "fns"; CloudWatch Logs says: /,
    )
    expect(search.stderr).toContain(direct.message)
    expect(search.stderr).toContain('filter pattern syntax')
    expect(search.stderr).not.toMatch(/\n\s+at /)

    const view = await viewIn(project, ['logs', 'view', '--source', 'fns', '--filter', pattern])
    expect(view.code).toBe(2)
    expect(view.stderr).toMatch(/^Error: The filter pattern .* given with --filter is not valid/)
    const tail = await runCli(['logs', 'tail', '--source', 'fns', '--filter-for', `fns=${pattern}`], {
      env: cw.env(),
      cwd: project,
    })
    expect(tail.code).toBe(2)
    expect(tail.stderr).toMatch(/^Error: The filter pattern .* given with --filter-for is not valid/)
    // Live Tail first (no backfill): refused there, not retried by polling with the same pattern.
    const follow = await runCli(
      [
        'logs',
        'tail',
        '--source',
        'fns',
        '--follow',
        '--lines',
        '0',
        '--filter',
        pattern,
        '--timeout',
        '30s',
      ],
      { env: cw.env(), cwd: project },
    )
    expect(follow.code).toBe(2)
    expect(follow.stderr).toMatch(/^Error: The filter pattern .* given with --filter is not valid/)
  })
})

describe('FilterLogEvents pages that are empty but carry a nextToken', () => {
  // Each page scans at most 10 events, as the service's scan budget does on a large group.
  const sparse = useCloudWatchHarness({ filterScanLimit: 10 })

  it('keeps following the token through empty pages to the matches at the end', async () => {
    const events = Array.from({ length: 200 }, (_, i) => ({
      timestamp: BASE + i * 1000,
      message: i === 5 || i >= 195 ? `NEEDLE ${i}` : `hay ${i}`,
    }))
    const truth = await sparse.put('/app/haystack', 's', events)
    // The premise: asked directly, the service answers the first pages empty but with a token.
    const first = await fetch(sparse.emulator.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.FilterLogEvents',
      },
      body: JSON.stringify({
        logGroupName: '/app/haystack',
        filterPattern: 'NEEDLE',
        startTime: BASE + 10_000,
      }),
    }).then((r) => r.json() as Promise<{ events: unknown[]; nextToken?: string }>)
    expect(first.events).toEqual([])
    expect(first.nextToken).toEqual(expect.any(String))
    await sparse.reset()
    await sparse.put('/app/haystack', 's', events)

    const project = await directProject({ app: { spec: { log_group: '/app/haystack', ...FAST } } })
    const res = await runCli(
      ['logs', 'search', '--source', 'app', '--format', 'json', '--query', 'NEEDLE', ...WINDOW],
      { env: sparse.env(), cwd: project },
    )

    expect(res.code).toBe(0)
    const printed = parseJsonLines(res.stdout)
    expect(printed.map((l) => l.message)).toEqual(
      truth.filter((e) => e.message.startsWith('NEEDLE')).map((e) => e.message),
    )
    const calls = filterCalls(await sparse.stats())
    // 200 events at 10 per page: 20 pages, most of them empty. On a slow machine the window may be
    // cut into time slices, each with its own token chain: within a chain only the first page
    // goes without a token.
    expect(calls.length).toBeGreaterThanOrEqual(20)
    const chains = new Map<string, typeof calls>()
    for (const c of calls) {
      const key = `${c.startTime}-${c.endTime}`
      chains.set(key, [...(chains.get(key) ?? []), c])
    }
    for (const chain of chains.values()) {
      expect(chain.slice(1).every((c) => typeof c.nextToken === 'string')).toBe(true)
    }
    expect(calls.filter((c) => typeof c.nextToken !== 'string')).toHaveLength(chains.size)
  })
})

describe('errors', () => {
  it('names the missing log group and the source, exit 1', async () => {
    await cw.put('/aws/lambda/exists', 's', [{ timestamp: BASE, message: 'here' }])
    const project = await directProject({
      'api-logs': { spec: { log_group: '/aws/lambda/missing', ...FAST } },
    })

    const res = await viewIn(project, ['logs', 'view', '--source', 'api-logs'])

    expect(res.code).toBe(1)
    expect(res.stdout).toBe('')
    expect(res.stderr).toContain('/aws/lambda/missing')
    expect(res.stderr).toContain('"api-logs"')
    expect(res.stderr).toMatch(/Hint: .*log_group/)
    // The hint is said once, on its own line.
    expect(res.stderr.split('Check spec.log_group')).toHaveLength(2)
    expect(res.stderr).not.toMatch(/\n\s+at /)
  })

  it('a log group of another region is not found: exit 1 naming the group and the region read, so a region mix-up shows', async () => {
    const truth = await cw.put('/aws/lambda/api', 's', [{ timestamp: BASE, message: 'in us-east-2' }], {
      region: 'us-east-2',
    })
    const project = await directProject({
      wrong: { spec: { log_group: '/aws/lambda/api', region: 'us-west-2', ...FAST } },
      wrongPattern: { spec: { log_group: '/aws/lambda/*', region: 'us-west-2', ...FAST } },
      right: { spec: { log_group: '/aws/lambda/api', region: 'us-east-2', ...FAST } },
    })

    const wrong = await viewIn(project, ['logs', 'view', '--source', 'wrong'])
    expect(wrong.code).toBe(1)
    expect(wrong.stdout).toBe('')
    expect(wrong.stderr).toContain(
      'The aws/cloudwatch source "wrong" could not read log group "/aws/lambda/api" in region us-west-2: it does not exist',
    )
    expect(wrong.stderr).toMatch(/Hint: .*spec\.region/)
    expect(wrong.stderr).not.toMatch(/\n\s+at /)

    const pattern = await viewIn(project, ['logs', 'view', '--source', 'wrongPattern'])
    expect(pattern.code).toBe(1)
    expect(pattern.stderr).toContain('found no log groups matching "/aws/lambda/*" in region us-west-2')

    const right = await viewIn(project, ['logs', 'view', '--source', 'right', '--format', 'json'])
    expect(right.stderr).toBe('')
    expect(right.code).toBe(0)
    expectExactlyOnceInOrder(right.stdout, truth)
  })

  it('says when a pattern matches no log group, exit 1', async () => {
    await cw.put('/aws/lambda/exists', 's', [{ timestamp: BASE, message: 'here' }])
    const project = await directProject({ ecs: { spec: { log_group: '/ecs/prod-*', ...FAST } } })

    const res = await viewIn(project, ['logs', 'view', '--source', 'ecs'])

    expect(res.code).toBe(1)
    expect(res.stderr).toContain('no log groups matching "/ecs/prod-*"')
    expect(res.stderr).toContain('"ecs"')
  })
})

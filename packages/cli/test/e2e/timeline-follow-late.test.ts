import { deployWorkflowSeed } from '@atmos-logs/testkit'
import { tempProject } from '../helpers/cli.js'
import { putTrail } from '../helpers/cloudtrail.js'
import { useCloudWatchHarness } from '../helpers/cloudwatch.js'
import { DEPLOY_STACKS_LAYOUT, devStackYaml } from '../helpers/output-project.js'
import { type StreamingCli, spawnCli } from '../helpers/stream.js'

/**
 * One component followed across three kinds at once (CloudWatch through Live Tail, CloudTrail and
 * GitHub Actions by polling): a CloudTrail event that happened minutes ago but becomes visible only
 * now (the emulator's deliveryDelayMs, as CloudTrail delivers) is printed once, marked late, and the
 * CloudWatch lines put after it are printed before it: the slow kind holds nothing back. Only the
 * order in which lines arrive is asserted, never how long anything took.
 */
const GROUP = '/aws/lambda/acme-dev-api'
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:acme-dev-api'
const STACK = devStackYaml({
  api: {
    function: `{kind: aws/cloudwatch, default: true, spec: {log_group: "${GROUP}"}}`,
    audit: `{kind: aws/cloudtrail, spec: {resource_name: "${FUNCTION_ARN}", poll_interval: 1s, late_window: 10m}}`,
    ci: '{kind: github/actions, spec: {repo: acme/infrastructure, workflow: deploy.yml, poll_interval: 1s}}',
  },
})

interface Line {
  timestamp: string
  message: string
  id: string
  source: string
  kind: string
  late?: boolean
}

const h = useCloudWatchHarness()

/** Waits until the emulator has answered `operation` at least once. */
async function called(operation: string, cli: StreamingCli): Promise<void> {
  const deadline = Date.now() + 60_000
  while (((await h.stats()).calls[operation] ?? 0) < 1) {
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for a ${operation} call\n${cli.stdout}\n${cli.stderr}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

it('a late CloudTrail event in a three-kind follow: printed once, marked late, after the CloudWatch lines put after it', async () => {
  const project = await tempProject({
    'atmos.yaml': [...DEPLOY_STACKS_LAYOUT, ''].join('\n'),
    'stacks/deploy/dev.yaml': STACK,
  })
  // The function's log group exists before the follow starts (Live Tail follows existing groups).
  await h.put(GROUP, 'earlier', [{ timestamp: Date.now() - 60_000, message: 'INFO warm' }])
  // A deploy run starting as the follow does, its job's lines served as they are written.
  await h.faults({ runningJobLogs: 'partial' })
  const ciLines = ['Plan: 0 to add, 1 to change, 0 to destroy.', 'aws_lambda_function.api: Modifying...']
  await h.control('POST', '/_emulator/seed', {
    github: deployWorkflowSeed(
      [
        {
          createdAt: Date.now() + 5_000,
          jobs: [
            {
              name: 'deploy',
              queueMs: 0,
              setupSteps: false,
              steps: ciLines.map((text) => ({
                name: text.split(':')[0]!,
                durationMs: 4_000,
                lines: [text],
              })),
            },
          ],
        },
      ],
      { repo: 'acme/infrastructure' },
    ),
  })

  const cli = spawnCli(
    [
      'logs',
      'tail',
      '--stack',
      'dev',
      '--component',
      'api',
      '--all-sources',
      '--follow',
      '--lines',
      '10',
      '--format',
      'json',
    ],
    { env: h.env(), cwd: project, timeoutMs: 150_000 },
  )
  const printed = () => cli.lines.map((l) => JSON.parse(l) as Line)
  const until = async (what: string, found: (lines: Line[]) => boolean) => {
    const deadline = Date.now() + 60_000
    while (!found(printed())) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}\n${cli.stdout}\n${cli.stderr}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  const has = (message: string) => (lines: Line[]) => lines.some((l) => l.message.includes(message))
  try {
    await Promise.all(['StartLiveTail', 'LookupEvents', 'listWorkflowRuns'].map((op) => called(op, cli)))

    const [first] = await h.put(GROUP, 'live', [{ timestamp: Date.now(), message: 'INFO before the change' }])
    await until('the first CloudWatch line', has('before the change'))

    // Four minutes old, visible to LookupEvents only in 10 s: CloudTrail's delivery delay.
    const [change] = await putTrail(h, [
      {
        EventName: 'UpdateFunctionCode20150331v2',
        EventSource: 'lambda.amazonaws.com',
        EventTime: Date.now() - 4 * 60_000,
        Username: 'deployer',
        Resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: FUNCTION_ARN }],
        deliveryDelayMs: 10_000,
      },
    ])
    const [after] = await h.put(GROUP, 'live', [{ timestamp: Date.now(), message: 'ERROR after the change' }])
    await until('the CloudWatch line put after the CloudTrail event', has('after the change'))
    expect(printed().some((l) => l.kind === 'aws/cloudtrail')).toBe(false)

    await until('the late CloudTrail event', (lines) => lines.some((l) => l.kind === 'aws/cloudtrail'))
    const [last] = await h.put(GROUP, 'live', [{ timestamp: Date.now(), message: 'INFO still going' }])
    await until('the last CloudWatch line', has('still going'))
    await until('the deploy run', (lines) => ciLines.every((text) => has(text)(lines)))

    const lines = printed()
    // Live Tail gives its events no id: a line is known by its source and message.
    const keys = lines.map((l) => `${l.source} ${l.message}`)
    expect(new Set(keys).size).toBe(keys.length)
    const order = (message: string) => lines.findIndex((l) => l.message === message)
    expect(order(first!.message)).toBeLessThan(order(after!.message))
    expect(order(after!.message)).toBeLessThan(lines.findIndex((l) => l.id === change!.id))
    expect(lines.findIndex((l) => l.id === change!.id)).toBeLessThan(order(last!.message))
    const trail = lines.filter((l) => l.kind === 'aws/cloudtrail')
    expect(trail).toHaveLength(1)
    expect(trail[0]!).toMatchObject({ id: change!.id, source: 'audit', late: true })
    expect(Date.parse(trail[0]!.timestamp)).toBe(change!.EventTime)
    for (const m of [first!.message, after!.message, last!.message])
      expect(lines[order(m)]!.late).toBeUndefined()
    for (const text of ciLines)
      expect(lines.filter((l) => l.source === 'ci' && l.message === text)).toHaveLength(1)
  } finally {
    cli.kill('SIGINT')
    const exit = await cli.exited
    expect(exit.code).toBe(130)
  }
}, 150_000)

import { runCli, tempProject } from '../helpers/cli.js'
import { putTrail } from '../helpers/cloudtrail.js'
import { type CloudWatchHarness, cloudwatchHarness } from '../helpers/cloudwatch.js'
import { DEPLOY_STACKS_LAYOUT } from '../helpers/output-project.js'

/**
 * One component's story across three kinds in one view: the deploy run's lines (github/actions),
 * the CloudTrail change it caused (aws/cloudtrail) and the function's own log (aws/cloudwatch),
 * all from the emulator, merged in time order. The ground truth is what the test put.
 */
const SECOND = 1000
const T = Math.floor((Date.now() - 20 * 60 * SECOND) / SECOND) * SECOND
const GROUP = '/aws/lambda/acme-dev-api'
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:acme-dev-api'

interface Truth {
  at: number
  kind: string
  source: string
  message: string
}

const CI_LINES = [
  { step: 'Plan', atMs: 1_000, text: 'Plan: 0 to add, 1 to change, 0 to destroy.' },
  { step: 'Plan', atMs: 20_000, text: 'Saved the plan to: tfplan' },
  { step: 'Apply', atMs: 5_000, text: 'aws_lambda_function.api: Modifying...' },
  { step: 'Apply', atMs: 50_000, text: 'Apply complete! Resources: 0 added, 1 changed, 0 destroyed.' },
]
const PLAN_MS = 30_000
const FUNCTION_EVENTS = [
  { timestamp: T + 10_000, message: 'INFO handled GET /orders in 12 ms' },
  { timestamp: T + 60_500, message: 'ERROR orders table timed out after 3000 ms' },
  { timestamp: T + 61_000, message: 'ERROR orders table timed out after 3000 ms' },
  { timestamp: T + 85_250, message: 'INFO handled GET /health in 1 ms' },
]
const TRAIL_EVENTS = [
  { EventName: 'UpdateFunctionCode20150331v2', EventTime: T + 40_000, Username: 'deployer' },
  { EventName: 'UpdateFunctionConfiguration20150331v2', EventTime: T + 90_000, Username: 'deployer' },
]

const STACK = [
  'vars:',
  '  stage: dev',
  'components:',
  '  terraform:',
  '    api:',
  '      logs:',
  '        sources:',
  `          function: {kind: aws/cloudwatch, default: true, spec: {log_group: "${GROUP}"}}`,
  `          audit: {kind: aws/cloudtrail, spec: {resource_name: "${FUNCTION_ARN}"}}`,
  '          ci: {kind: github/actions, spec: {repo: acme/infrastructure, workflow: deploy.yml}}',
  '    worker:',
  '      logs:',
  '        sources:',
  `          service: {kind: aws/cloudwatch, spec: {log_group: "/ecs/acme-dev/worker"}}`,
  '',
].join('\n')
const ATMOS_YAML = [...DEPLOY_STACKS_LAYOUT, ''].join('\n')

let h: CloudWatchHarness
let project: string
let truth: Truth[]

beforeAll(async () => {
  h = await cloudwatchHarness()
  project = await tempProject({ 'atmos.yaml': ATMOS_YAML, 'stacks/deploy/dev.yaml': STACK })
  await h.put(GROUP, '2026/12/02/[$LATEST]abc', FUNCTION_EVENTS)
  await h.put('/ecs/acme-dev/worker', 'worker/main/1', [
    { timestamp: T + 62_000, message: 'retrying job 42' },
  ])
  await putTrail(
    h,
    TRAIL_EVENTS.map((e) => ({
      ...e,
      EventSource: 'lambda.amazonaws.com',
      Resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: FUNCTION_ARN }],
    })),
  )
  const step = (name: string, durationMs: number) => ({
    name,
    durationMs,
    lines: CI_LINES.filter((l) => l.step === name).map((l) => ({ atMs: l.atMs, text: l.text })),
  })
  await h.control('POST', '/_emulator/seed', {
    github: {
      repos: [
        {
          owner: 'acme',
          name: 'infrastructure',
          workflows: [
            {
              name: 'Deploy',
              path: '.github/workflows/deploy.yml',
              runs: [
                {
                  createdAt: T,
                  jobs: [
                    {
                      name: 'deploy',
                      queueMs: 0,
                      setupSteps: false,
                      steps: [step('Plan', PLAN_MS), step('Apply', 60_000)],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  })
  truth = [
    ...CI_LINES.map((l) => ({
      at: T + (l.step === 'Apply' ? PLAN_MS : 0) + l.atMs,
      kind: 'github/actions',
      source: 'ci',
      message: l.text,
    })),
    ...FUNCTION_EVENTS.map((e) => ({
      at: e.timestamp,
      kind: 'aws/cloudwatch',
      source: 'function',
      message: e.message,
    })),
    ...TRAIL_EVENTS.map((e) => ({ at: e.EventTime, kind: 'aws/cloudtrail', source: 'audit', message: '' })),
  ].sort((a, b) => a.at - b.at)
}, 60_000)

afterAll(async () => {
  await h?.close()
})

const view = (args: string[]) =>
  runCli(['logs', 'view', '--stack', 'dev', '--since', '30m', ...args], {
    env: h.env(),
    cwd: project,
    timeoutMs: 90_000,
  })

describe('--all-sources: every source of a component, three kinds, one timeline', () => {
  it('json: each entry exactly once, in time order, with component, stack, source and kind', async () => {
    const out = await view(['--component', 'api', '--all-sources', '--format', 'json'])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    const lines = out.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => [Date.parse(l.timestamp), l.kind, l.source])).toEqual(
      truth.map((t) => [t.at, t.kind, t.source]),
    )
    for (const l of lines) expect([l.component, l.stack]).toEqual(['api', 'dev'])
    // messages as logged: the run's and the function's lines; CloudTrail's record names the change
    expect(lines.map((l, i) => (truth[i]!.message ? l.message : truth[i]!.message))).toEqual(
      truth.map((t) => t.message),
    )
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length)
    const change = lines.find((l) => l.kind === 'aws/cloudtrail')!
    expect(change.message).toContain('UpdateFunctionCode')
  }, 90_000)

  it('pretty: [component/source] prefixes when a component shows several sources', async () => {
    const out = await view(['--component', 'api,worker', '--all-sources', '--utc'])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    const prefixes = out.stdout
      .trimEnd()
      .split('\n')
      .map((l) => /^\[([^\]]+)\]/.exec(l)?.[1])
    const expected = [...truth.map((t) => ({ at: t.at, label: `api/${t.source}` }))]
    expected.push({ at: T + 62_000, label: 'worker/service' })
    expected.sort((a, b) => a.at - b.at)
    expect(prefixes).toEqual(expected.map((e) => e.label))
    expect(out.stdout).toContain('[api/ci]         [deploy › Apply] ')
  }, 90_000)

  it('--source takes globs, and a component with one source shown is prefixed [component]', async () => {
    const out = await view(['--component', 'api,worker', '--source', 'f*,s*', '--format', 'raw'])
    expect(out.code).toBe(0)
    const rows = [...FUNCTION_EVENTS.map((e) => e), { timestamp: T + 62_000, message: 'retrying job 42' }]
    rows.sort((a, b) => a.timestamp - b.timestamp)
    expect(out.stdout).toBe(rows.map((r) => `${r.message}\n`).join(''))
    const pretty = await view(['--component', 'api,worker', '--source', 'f*,s*', '--utc'])
    expect(pretty.stdout.split('\n')[0]).toMatch(/^\[api\] /)
    expect(pretty.stdout).toContain('[worker] ')
    const none = await view(['--component', 'api', '--source', 'zz*'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain("No log source of component 'api' in stack 'dev' matches 'zz*'")
  }, 90_000)

  it('--all-sources and --source cannot be given together', async () => {
    const out = await view(['--component', 'api', '--all-sources', '--source', 'ci'])
    expect(out.code).toBe(2)
    expect(out.stderr).toMatch(/--all-sources|--source/)
  })
})

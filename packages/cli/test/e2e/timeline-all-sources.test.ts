import { deployWorkflowSeed } from '@atmos-logs/testkit'
import { runCli, tempProject } from '../helpers/cli.js'
import { putTrail } from '../helpers/cloudtrail.js'
import { type CloudWatchHarness, cloudwatchHarness } from '../helpers/cloudwatch.js'
import { DEPLOY_STACKS_LAYOUT, devStackYaml } from '../helpers/output-project.js'

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

const STACK = devStackYaml({
  api: {
    function: `{kind: aws/cloudwatch, default: true, spec: {log_group: "${GROUP}"}}`,
    audit: `{kind: aws/cloudtrail, spec: {resource_name: "${FUNCTION_ARN}"}}`,
    ci: '{kind: github/actions, spec: {repo: acme/infrastructure, workflow: deploy.yml}}',
  },
  worker: { service: '{kind: aws/cloudwatch, spec: {log_group: "/ecs/acme-dev/worker"}}' },
})
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
    github: deployWorkflowSeed(
      [
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
      { repo: 'acme/infrastructure' },
    ),
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

const logs = (command: 'view' | 'search', args: string[]) =>
  runCli(['logs', command, '--stack', 'dev', '--since', '30m', ...args], {
    env: h.env(),
    cwd: project,
    timeoutMs: 90_000,
  })
const view = (args: string[]) => logs('view', args)

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

describe('per-kind filters: each source gets a filter only in its own syntax', () => {
  const json = (stdout: string) =>
    stdout
      .trimEnd()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { timestamp: string; source: string; message: string })
  const keys = (rows: Array<{ at: number; source: string }>) => rows.map((r) => `${r.at} ${r.source}`)

  it('--filter-for gives each source its own: a CloudWatch pattern, CloudTrail terms, the CI run unfiltered', async () => {
    const out = await view([
      '--component',
      'api',
      '--all-sources',
      '--format',
      'json',
      '--filter-for',
      'function=ERROR',
      '--filter-for',
      'api/audit=EventName=UpdateFunctionCode20150331v2',
    ])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    const expected = truth.filter(
      (t) =>
        t.source === 'ci' ||
        (t.source === 'function' && t.message.startsWith('ERROR')) ||
        (t.source === 'audit' && t.at === T + 40_000),
    )
    expect(keys(json(out.stdout).map((l) => ({ at: Date.parse(l.timestamp), source: l.source })))).toEqual(
      keys(expected),
    )
  }, 90_000)

  it('one --filter across kinds that cannot all take it: exit 2 naming each source that cannot, nothing read', async () => {
    const calls = async () => Object.values((await h.stats()).calls).reduce((a, b) => a + b, 0)
    const before = await calls()
    const out = await view(['--component', 'api', '--all-sources', '--filter', 'ERROR'])
    expect(out.code).toBe(2)
    expect(out.stdout).toBe('')
    expect(out.stderr).toContain('2 sources cannot take their filter')
    expect(out.stderr).toContain(
      '--filter "ERROR" cannot apply to source api/audit: the filter "ERROR" is not a list of Attribute=Value terms',
    )
    expect(out.stderr).toContain(
      '--filter "ERROR" cannot apply to source api/ci: github/actions cannot filter its entries',
    )
    expect(out.stderr).not.toContain('api/function')
    expect(out.stderr).toContain('--filter-for SOURCE=EXPR')
    expect(out.stderr).not.toMatch(/\n\s+at /)
    expect(await calls()).toBe(before)
  }, 90_000)

  it('--filter with an empty --filter-for for the sources that cannot take it', async () => {
    const out = await view([
      '--component',
      'api',
      '--all-sources',
      '--format',
      'json',
      '--filter',
      'ERROR',
      '--filter-for',
      'audit=',
      '--filter-for',
      'ci=',
    ])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    const expected = truth.filter((t) => t.source !== 'function' || t.message.startsWith('ERROR'))
    expect(keys(json(out.stdout).map((l) => ({ at: Date.parse(l.timestamp), source: l.source })))).toEqual(
      keys(expected),
    )
  }, 90_000)

  it('--filter-for that names no selected source, or names one twice, is exit 2', async () => {
    const none = await view(['--component', 'api', '--all-sources', '--filter-for', 'zz*=x'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('--filter-for zz*=x names no source of this read; the sources are api/')
    const twice = await view([
      '--component',
      'api',
      '--all-sources',
      '--filter-for',
      'f*=A',
      '--filter-for',
      'function=B',
    ])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain(
      'Source api/function is named by --filter-for f* and --filter-for function',
    )
    const bad = await view(['--component', 'api', '--source', 'function', '--filter-for', 'function'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('is not SOURCE=EXPR')
  }, 90_000)

  it('search --query over two CloudWatch sources: the same pattern suits both', async () => {
    const out = await logs('search', ['--component', 'api,worker', '--query', 'retrying', '--format', 'raw'])
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    expect(out.stdout).toBe('retrying job 42\n')
  }, 90_000)
})

import { cleanEnv, runCli, tempDir } from '../helpers/cli.js'
import { type CloudWatchHarness, cloudwatchHarness, directProject } from '../helpers/cloudwatch.js'

/**
 * Input a read can never answer is refused before anything is requested: exit 2, one paragraph
 * with a hint, the same words from every command that takes it. The emulator's call count is
 * the proof that no request went out.
 */
let cw: CloudWatchHarness
let project: string

beforeAll(async () => {
  cw = await cloudwatchHarness()
  project = await directProject({
    fn: { spec: { log_group: '/aws/lambda/fn' } },
    typo: { kind: 'aws/cloudwatchh', spec: { log_group: '/aws/lambda/fn' } },
    misspelt: { spec: { log_groupp: '/aws/lambda/fn' } },
    // as `!terraform.output fn log_group_arn` or a console's copy button gives it
    pasted: { spec: { log_group: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fn:*' } },
  })
})
afterAll(async () => {
  await cw?.close()
})

const COMMANDS: Array<[string, string[]]> = [
  ['view', ['logs', 'view', '--source', 'fn']],
  ['tail', ['logs', 'tail', '--source', 'fn']],
  ['search --query', ['logs', 'search', '--source', 'fn', '--query', 'ERROR']],
  ['search --insights', ['logs', 'search', '--source', 'fn', '--insights', 'fields @message']],
]

const INPUTS: Array<[string, string[], RegExp]> = [
  [
    '--since in the future',
    ['--since', '2999-01-01T00:00:00Z'],
    /^Error: --since "2999-01-01T00:00:00Z" is in the future \(\d+d\d*h?\d*m?\d*s? from now\); nothing has been logged there yet\.\n {2}Hint: Give a start in the past/,
  ],
  [
    '--since after --until',
    ['--since', '2026-11-28T00:00:00Z', '--until', '2026-11-27T00:00:00Z'],
    /^Error: --since \(2026-11-28T00:00:00Z\) is after --until \(2026-11-27T00:00:00Z\)\.\n {2}Hint: Give a start before the end\./,
  ],
  [
    'an absurd span',
    ['--since', '99999999h'],
    /^Error: --since "99999999h" points before 1970 \([^)]+ ago\), where no log service keeps anything\.\n {2}Hint: /,
  ],
  [
    'a --timeout that is not a duration',
    ['--timeout', 'soon'],
    /^Error: --timeout "soon" is not a positive duration\.\n {2}Hint: /,
  ],
]

describe.each(COMMANDS)('atmos logs %s', (_name, command) => {
  it.each(INPUTS)('refuses %s with exit 2 before any request', async (_what, flags, message) => {
    await cw.reset()
    const result = await runCli([...command, ...flags], { cwd: project, env: cw.env() })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2)
    expect((await cw.stats()).calls).toEqual({})
  })
})

it('tail refuses --until with --follow before any request: a follow has no end to put a time on', async () => {
  await cw.reset()
  const result = await runCli(['logs', 'tail', '--source', 'fn', '--follow', '--until', '10m'], {
    cwd: project,
    env: cw.env(),
  })
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr).toBe(
    'Error: --until ends a read at a time; --follow keeps reading new entries with no end.\n' +
      '  Hint: Leave out --follow to read up to --until, or bound the follow with --timeout (for example --timeout 10m).\n',
  )
  expect((await cw.stats()).calls).toEqual({})
})

it('two flags that exclude each other are named once, in one sentence', async () => {
  const result = await runCli(['logs', 'view', '--source', 'fn', '--utc', '--local'], {
    cwd: project,
    env: cw.env(),
  })
  expect(result.code).toBe(2)
  expect(result.stderr).toBe(
    'Error: --local and --utc cannot be used together: use one of them.\n' +
      '  Hint: Run `atmos logs view --help` to see the flags and the values they take.\n',
  )
})

it('a misspelt spec field is said before sign-in: before a missing region, with no credentials anywhere', async () => {
  // No region, no credentials, an empty home: the spec is what must be fixed first.
  const home = await tempDir('atmos-logs-home-')
  const result = await runCli(['logs', 'view', '--source', 'misspelt'], {
    cwd: project,
    env: cleanEnv({ HOME: home }),
  })
  expect(result.code).toBe(2)
  expect(result.stderr).toBe(
    'Error: The aws/cloudwatch source "misspelt" has an invalid spec.log_groupp: unknown field. Known fields are log_group, log_groups, stream_prefix, streams, region, endpoint, follow_mode, rate_limit.\n' +
      '  Hint: Fix spec.log_groupp of source "misspelt" in atmos.yaml logs.sources; `atmos logs sources` shows the spec after templates.\n',
  )
})

it("a log group's ARN in spec.log_group is answered with the name and region to write instead", async () => {
  const before = (await cw.stats()).calls
  const result = await runCli(['logs', 'view', '--source', 'pasted'], { cwd: project, env: cw.env() })
  expect(result.code).toBe(2)
  expect(result.stderr).toContain(
    `invalid spec.log_group: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fn:*" is a log group ARN; write the group's name instead, /aws/lambda/fn, with region: eu-west-1 (the ARN's region).`,
  )
  // refused before any request
  expect((await cw.stats()).calls).toEqual(before)
})

describe('kinds', () => {
  it('a misspelt kind is a usage error with a did-you-mean among the installed kinds', async () => {
    const result = await runCli(['logs', 'view', '--source', 'typo'], { cwd: project, env: cw.env() })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `Unknown log source kind "aws/cloudwatchh" in source 'typo' of atmos.yaml logs.sources. Did you mean 'aws/cloudwatch'?`,
    )
  })

  it('logs sources lists a source whose kind is not installed, marked, with the same explanation', async () => {
    const table = await runCli(['logs', 'sources'], { cwd: project, env: cw.env() })
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/typo +aws\/cloudwatchh \(not installed\)/)
    expect(table.stdout).toMatch(/fn +aws\/cloudwatch +/)
    expect(table.stderr).toContain(`Warning: Unknown log source kind "aws/cloudwatchh"`)
    expect(table.stderr).toContain(`Did you mean 'aws/cloudwatch'?`)
    const json = await runCli(['logs', 'sources', '--json'], { cwd: project, env: cw.env() })
    expect(JSON.parse(json.stdout).map((s: { name: string }) => s.name)).toEqual([
      'fn',
      'misspelt',
      'pasted',
      'typo',
    ])
  })
})

describe('sources --json', () => {
  it('includes the description of a source that has one, and no key for one that has none', async () => {
    const described = await directProject({ fn: { spec: { log_group: '/aws/lambda/fn' } } })
    const yaml = await import('node:fs/promises').then((fs) => fs.readFile(`${described}/atmos.yaml`, 'utf8'))
    const config = JSON.parse(yaml)
    config.logs.sources.api = {
      kind: 'aws/cloudwatch',
      description: 'The API functions',
      spec: { log_group: '/a' },
    }
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(`${described}/atmos.yaml`, JSON.stringify(config)),
    )
    const json = await runCli(['logs', 'sources', '--json'], { cwd: described, env: cw.env() })
    expect(json.code).toBe(0)
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>
    expect(rows.find((r) => r.name === 'api')?.description).toBe('The API functions')
    expect(rows.find((r) => r.name === 'fn')).not.toHaveProperty('description')
  })
})

describe('atmos logs --interactive', () => {
  it.each([[['logs', '--interactive']], [['logs', 'view', 'api', '-s', 'dev', '--interactive']]])(
    '%j without a terminal exits 2 with a message, never help with 0 and never a half-drawn screen',
    async (args) => {
      const result = await runCli(args, { cwd: project, env: cw.env() })
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(
        /^Error: The interactive view needs a terminal: stdin and stdout must both be a TTY\.\n {2}Hint: Run it in a terminal, or use `atmos logs tail --follow`/,
      )
    },
  )

  it('a read flag the view does not take is refused with 2, naming it and what to do instead', async () => {
    const result = await runCli(
      ['logs', 'tail', 'api', '-s', 'dev', '--interactive', '--format', 'json', '--lines', '5'],
      { cwd: project, env: cw.env() },
    )
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(
      /^Error: --format, --lines do not apply to the interactive view \(--interactive\)\.\n {2}Hint: The view shows pretty lines;.* The view reads the newest 500 entries of each source, then follows;.* With --interactive: the selection flags, --since, --filter, --group-requests, --utc\/--local and --color\./,
    )
  })

  it('plain `atmos logs` still shows the topic help', async () => {
    const result = await runCli(['logs'], { cwd: project, env: cw.env() })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('logs view')
  })
})

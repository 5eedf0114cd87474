import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { type CliResult, cleanEnv, REPO_ROOT, runCli, tempDir, tempProject } from '../helpers/cli.js'

/**
 * Stack-aware source resolution through the built CLI: `atmos logs sources` on the core
 * resolver's fixture project (an abstract lambda base with a logs block, components inheriting and
 * overriding it, settings.logs, a stack of broken components), the errors users meet, and one
 * `logs view` that needs resolution, identity and provider to agree.
 */
const FIXTURE = path.join(REPO_ROOT, 'packages/core/test/fixtures/logs-project')
const BROKEN_STACK_FILE = path.join(FIXTURE, 'stacks/deploy/broken.yaml')

// The defaults of core's DEFAULT_SETTINGS that the fixture does not override.
const DEFAULTS = {
  timestamp_format: '2006-01-02T15:04:05.000Z07:00',
  utc: false,
  lines: 20,
  stall_timeout: '2m',
}
// The lambda base sets default_since 30m; atmos.yaml sets format pretty.
const LAMBDA_SETTINGS = { default_since: '30m', format: 'pretty', ...DEFAULTS }

let env: Record<string, string>
let home: string
/** The kinds this build bundles: the fixture also names kinds that may not be installed yet. */
let installed: Set<string>

/** What `logs sources` says on stderr about the fixture's kinds that are not installed (nothing when all are). */
function kindWarnings(stderr: string, kinds: string[]): string {
  const lines = stderr.split('\n').filter((l) => l.startsWith('Warning: Unknown log source kind'))
  expect(lines.map((l) => /kind "([^"]+)"/.exec(l)?.[1])).toEqual(kinds.filter((k) => !installed.has(k)))
  return stderr
    .split('\n')
    .filter((l) => !l.startsWith('Warning: Unknown log source kind'))
    .join('\n')
}

beforeAll(async () => {
  home = await tempDir('atmos-e2e-home-')
  env = cleanEnv({
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    ATMOS_DATA_DIR: path.join(home, 'data'),
    ATMOS_CACHE_DIR: path.join(home, 'cache'),
  })
  const providers = await runCli(['logs', 'providers', '--json'], { env })
  installed = new Set((JSON.parse(providers.stdout) as Array<{ kind: string }>).map((p) => p.kind))
})

const atmos = (args: string[], cwd = FIXTURE, extraEnv: Record<string, string> = {}) =>
  runCli(args, { cwd, env: { ...env, ...extraEnv } })

/** A configuration error as users must see it: exit 2, one paragraph and a hint, no stack trace. */
function expectConfigError(result: CliResult): string {
  expect(result.stdout).toBe('')
  expect(result.code).toBe(2)
  expect(result.stderr).toMatch(/^Error: /)
  expect(result.stderr).toMatch(/\n {2}Hint: /)
  expect(result.stderr).not.toMatch(/^\s+at /m)
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(2)
  return result.stderr
}

describe('atmos logs sources --json', () => {
  it('prints the resolved sources of a component in the documented shape: stable order, specs rendered, effective settings', async () => {
    const result = await atmos(['logs', 'sources', '--stack', 'dev', '--component', 'api', '--json'])
    expect(kindWarnings(result.stderr, ['aws/cloudtrail', 'github/actions'])).toBe('')
    expect(result.code).toBe(0)
    const printed = JSON.parse(result.stdout)
    expect(printed).toEqual([
      {
        component: 'api',
        stack: 'dev',
        name: 'audit',
        kind: 'aws/cloudtrail',
        identity: 'security-readonly',
        default: false,
        // api overrides only event_name of the base's source; event_source is inherited
        spec: { event_source: 'lambda.amazonaws.com', event_name: 'UpdateFunctionCode' },
        settings: LAMBDA_SETTINGS,
      },
      {
        component: 'api',
        stack: 'dev',
        name: 'deployments',
        kind: 'github/actions',
        // no identity on the source: the default identity of auth.identities
        identity: 'dev-admin',
        default: false,
        spec: { repo: 'acme/infrastructure', workflow: 'deploy-api.yml', environment: 'dev' },
        settings: LAMBDA_SETTINGS,
      },
      {
        component: 'api',
        stack: 'dev',
        name: 'function-logs',
        kind: 'aws/cloudwatch',
        identity: 'dev-admin',
        default: true,
        // "/aws/lambda/{{ .vars.function_name }}" where function_name is itself "api-{{ .vars.stage }}"
        spec: { log_group: '/aws/lambda/api-dev', region: 'us-east-1' },
        settings: LAMBDA_SETTINGS,
      },
    ])
    // The documented key order, so that scripts reading the output positionally keep working.
    for (const row of printed) {
      expect(Object.keys(row)).toEqual([
        'component',
        'stack',
        'name',
        'kind',
        'identity',
        'default',
        'spec',
        'settings',
      ])
    }
    // Stable: the same bytes on a second run.
    const again = await atmos(['logs', 'sources', '--stack', 'dev', '--component', 'api', '--json'])
    expect(again.stdout).toBe(result.stdout)
  })

  it('applies a stack override of identity and settings on top of the inherited block', async () => {
    const result = await atmos(['logs', 'sources', '--stack', 'prod', '--component', 'api', '--json'])
    expect(result.code).toBe(0)
    const fn = JSON.parse(result.stdout).find((s: { name: string }) => s.name === 'function-logs')
    expect(fn).toEqual({
      component: 'api',
      stack: 'prod',
      name: 'function-logs',
      kind: 'aws/cloudwatch',
      identity: 'prod-readonly',
      default: true,
      spec: { log_group: '/aws/lambda/api-prod', region: 'us-east-1' },
      settings: { ...LAMBDA_SETTINGS, default_since: '2h' },
    })
  })

  it('reads settings.logs, with its own settings over atmos.yaml', async () => {
    const result = await atmos(['logs', 'sources', '--stack', 'dev', '--component', 'worker', '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([
      {
        component: 'worker',
        stack: 'dev',
        name: 'service',
        kind: 'aws/cloudwatch',
        identity: 'dev-admin',
        default: false,
        spec: { log_group: '/ecs/dev-cluster/worker', stage: 'dev' },
        settings: { default_since: '1h', format: 'json', ...DEFAULTS },
      },
    ])
  })

  it("prints atmos.yaml's own sources first, with component and stack null, then every stack's", async () => {
    const result = await atmos(['logs', 'sources', '--json'])
    // The fixture's `broken` stack cannot be resolved: skipped, said once, the rest still listed.
    expect(kindWarnings(result.stderr, ['github/actions'])).toMatch(
      /^Skipping stack 'broken': .*function_name.*\n$/,
    )
    expect(result.code).toBe(0)
    const rows = JSON.parse(result.stdout) as {
      stack: string | null
      component: string | null
      name: string
    }[]
    expect(rows[0]).toEqual({
      component: null,
      stack: null,
      name: 'cloudtrail-audit',
      kind: 'aws/cloudtrail',
      identity: 'security-readonly',
      default: false,
      spec: { event_source: '*' },
      settings: { default_since: '1h', format: 'pretty', ...DEFAULTS },
    })
    expect([...new Set(rows.slice(1).map((r) => r.stack))]).toEqual(['dev', 'prod'])
    expect(rows).toHaveLength(15)
  })
})

describe('atmos logs sources (table and multi-component selection)', () => {
  it('prints a readable table, the default source marked', async () => {
    const result = await atmos(['logs', 'sources', '--stack', 'dev', '--component', 'api'])
    expect(kindWarnings(result.stderr, ['aws/cloudtrail', 'github/actions'])).toBe('')
    expect(result.code).toBe(0)
    // A kind that is not installed is marked in its row (the columns widen for it).
    for (const kind of ['aws/cloudtrail', 'github/actions'])
      expect(result.stdout.includes(`${kind} (not installed)`)).toBe(!installed.has(kind))
    const columns = (l: string) => l.replace(' (not installed)', '').trimEnd().replace(/ {2,}/g, '  ')
    expect(result.stdout.split('\n').map(columns)).toEqual(
      [
        'STACK  COMPONENT  SOURCE                   KIND            IDENTITY           SPEC',
        'dev    api        audit                    aws/cloudtrail  security-readonly  event_source=lambda.amazonaws.com event_name=UpdateFunctionCode',
        'dev    api        deployments              github/actions  dev-admin          repo=acme/infrastructure workflow=deploy-api.yml environment=dev',
        'dev    api        function-logs (default)  aws/cloudwatch  dev-admin          log_group=/aws/lambda/api-dev region=us-east-1',
        '',
      ].map(columns),
    )
  })

  it('--all-components lists every non-abstract component and skips the one without logs with a one-line notice', async () => {
    const result = await atmos(['logs', 'sources', '--stack', 'dev', '--all-components', '--json'])
    expect(result.code).toBe(0)
    expect(kindWarnings(result.stderr, ['aws/cloudtrail', 'github/actions'])).toBe(
      "Skipping component 'vpc' in stack 'dev': it has no logs block.\n",
    )
    const rows = JSON.parse(result.stdout) as Array<{ component: string; name: string; stack: string }>
    expect(rows.map((s) => `${s.component}/${s.name}`)).toEqual([
      'api/audit',
      'api/deployments',
      'api/function-logs',
      'api-auth/audit',
      'api-auth/deployments',
      'api-auth/function-logs',
      'worker/service',
    ])
    expect(new Set(rows.map((s) => s.stack))).toEqual(new Set(['dev']))
    // the abstract base is never a component of its own
    expect(rows.map((s) => s.component)).not.toContain('lambda/defaults')
  })

  it('--stack alone lists the whole stack without a notice for each component that has no logs', async () => {
    const result = await atmos(['logs', 'sources', '--stack', 'dev', '--json'])
    expect(result.code).toBe(0)
    expect(kindWarnings(result.stderr, ['aws/cloudtrail', 'github/actions'])).toBe('')
    const rows = JSON.parse(result.stdout) as Array<{ component: string; name: string }>
    expect([...new Set(rows.map((s) => s.component))]).toEqual(['api', 'api-auth', 'worker'])
  })

  it("takes globs ('api-*', 'api*') and comma lists, in stable order whatever order they were named", async () => {
    const components = async (selector: string) => {
      const result = await atmos(['logs', 'sources', '--stack', 'dev', '--component', selector, '--json'])
      expect(result.code).toBe(0)
      return [...new Set(JSON.parse(result.stdout).map((s: { component: string }) => s.component))]
    }
    expect(await components('api-*')).toEqual(['api-auth'])
    expect(await components('api*')).toEqual(['api', 'api-auth'])
    expect(await components('worker,api')).toEqual(['api', 'worker'])
  })
})

describe('configuration errors through the CLI (exit 2, one paragraph, no stack trace)', () => {
  it('without atmos.yaml, sources says where it looked instead of "no sources found"', async () => {
    const empty = await tempProject({ 'README.md': 'not an atmos project\n' })
    const stderr = expectConfigError(await atmos(['logs', 'sources'], empty))
    expect(stderr).toContain(`No atmos.yaml was found (looked in ${path.join(home, '.atmos')}, ${empty} for`)
    expect(stderr).toContain('so there are no log sources to list.')
    expect(stderr).toContain('ATMOS_CLI_CONFIG_PATH')
  })

  it('with nothing to list, says where it looked, in words that fit the count', async () => {
    const found = async (args: string[], files: Record<string, string>) => {
      const result = await atmos(['logs', 'sources', ...args], await tempProject(files))
      expect(result.code).toBe(0)
      expect(result.stdout).toBe('')
      return result.stderr.split('. Add')[0]
    }
    const oneStack = {
      'atmos.yaml':
        'stacks:\n  base_path: stacks\n  included_paths: ["*.yaml"]\n  name_template: "{{ .vars.stage }}"\n',
      'stacks/dev.yaml':
        'vars: {stage: dev}\ncomponents:\n  terraform:\n    vpc: {vars: {cidr: 10.0.0.0/16}}\n',
    }
    expect(await found([], { 'atmos.yaml': 'base_path: .\n' })).toBe(
      'No log sources found in atmos.yaml, which names no stack manifests (stacks.base_path, stacks.included_paths)',
    )
    expect(await found([], oneStack)).toBe("No log sources found in atmos.yaml or in its one stack, 'dev'")
    expect(await found(['--stack', 'dev'], oneStack)).toBe("No log sources found in stack 'dev'")
  })

  it('an unknown stack names the near match and the known stacks', async () => {
    const stderr = expectConfigError(await atmos(['logs', 'sources', '--stack', 'dve', '--component', 'api']))
    expect(stderr).toContain("Stack 'dve' not found. Did you mean 'dev'?")
    expect(stderr).toContain("'broken', 'dev' and 'prod'")
  })

  it('an unknown component names the near match and the components of the stack', async () => {
    const stderr = expectConfigError(await atmos(['logs', 'view', '--stack', 'dev', '--component', 'apii']))
    expect(stderr).toContain("Component 'apii' is not defined in stack 'dev'. Did you mean 'api'?")
    expect(stderr).toContain("'api', 'api-auth', 'vpc' and 'worker'")
  })

  it('a read of components none of which has logs says so and how to add them, instead of reading nothing', async () => {
    const stderr = expectConfigError(await atmos(['logs', 'view', '--stack', 'dev', '--component', 'vpc*']))
    expect(stderr).toContain("None of the selected components in stack 'dev' has a logs block ('vpc').")
    expect(stderr).toContain('`atmos logs sources --stack dev` lists the components that have one.')
  })

  it('sources that fail for one cause share one line that names each of them, with its exit code', async () => {
    const result = await atmos(['logs', 'view', '--stack', 'dev', '--component', 'api*'])
    expect(result.code).toBe(3) // no sign-in for dev-admin: a credentials error, not a provider failure
    expect(result.stdout).toBe('')
    const [first, ...rest] = result.stderr.trimEnd().split('\n')
    expect(first).toMatch(
      /^Error: All 2 sources failed: api\/function-logs and api-auth\/function-logs: No credentials for identity "dev-admin": /,
    )
    expect(rest).toEqual(['  Hint: Run again with --debug for details.'])
  })

  describe('a missing identity reference', () => {
    const run = () => atmos(['logs', 'sources', '--stack', 'broken', '--component', 'unknown-identity'])

    it('names the source, the identity, the known ones and the near match, with no stack trace', async () => {
      const { stdout, stderr } = await run()
      expect(stdout).toBe('')
      expect(stderr).toContain("Log source 'function-logs' of component 'unknown-identity' in stack 'broken'")
      expect(stderr).toContain("uses identity 'dev-admn'")
      expect(stderr).toContain("'dev-admin', 'prod-readonly' and 'security-readonly'")
      expect(stderr).toContain("Did you mean 'dev-admin'?")
      expect(stderr).not.toMatch(/^\s+at /m)
    })

    // An identity that auth.identities does not know can give no credentials: a credentials error, exit 3.
    it('exits 3, as a credentials error', async () => {
      const result = await run()
      expect(result.code).toBe(3)
      expect(result.stderr).toMatch(/\n {2}Hint: /)
    })
  })

  it('a template with a missing key names the file, the template and the key', async () => {
    const stderr = expectConfigError(
      await atmos(['logs', 'view', '--stack', 'broken', '--component', 'missing-key']),
    )
    expect(stderr).toContain(BROKEN_STACK_FILE)
    expect(stderr).toContain('components.terraform.missing-key.logs.sources.main.spec.log_group')
    expect(stderr).toContain('{{ .vars.function_name }}')
    expect(stderr).toContain("no key 'function_name'")
    expect(stderr).not.toContain('<no value>')
  })

  it('several sources and no default lists them and says how to choose', async () => {
    const stderr = expectConfigError(
      await atmos(['logs', 'view', '--stack', 'broken', '--component', 'two-sources']),
    )
    expect(stderr).toContain("has 2 log sources and none is marked default: 'a' and 'b'")
    expect(stderr).toContain(BROKEN_STACK_FILE)
    expect(stderr).toContain('--source NAME')
  })

  it('a source without kind names the file, line and YAML path', async () => {
    const stderr = expectConfigError(
      await atmos(['logs', 'sources', '--stack', 'broken', '--component', 'no-kind']),
    )
    expect(stderr).toContain('components.terraform.no-kind.logs.sources.main.kind: required')
    expect(stderr).toContain(`${BROKEN_STACK_FILE}:30`)
  })

  it('an unknown kind lists the installed kinds and the install line, before any sign-in is attempted', async () => {
    // `audit` names a kind no plugin provides, with an identity that has no credentials here: a
    // credentials error (exit 3) would mean the kind was checked too late.
    const project = await tempProject({
      'atmos.yaml': [
        'auth:',
        '  providers: {acme-sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "https://acme.awsapps.com/start"}}',
        '  identities:',
        '    dev-admin: {kind: aws/permission-set, default: true, via: {provider: acme-sso}, principal: {name: Admin, account: {name: dev}}}',
        'logs:',
        '  sources:',
        '    audit: {kind: acme/audit-trail, identity: dev-admin, spec: {}}',
        '',
      ].join('\n'),
    })
    const stderr = expectConfigError(await atmos(['logs', 'view', '--source', 'audit'], project))
    expect(stderr).toContain(
      `Unknown log source kind "acme/audit-trail" in source 'audit' of atmos.yaml logs.sources. Installed kinds: ${[...installed].sort().join(', ')}.`,
    )
    expect(stderr).toContain('`atmos plugins install @publisher/package`')
    expect(stderr).not.toMatch(/credentials|auth login/)
  })

  it('a misspelt spec field in one stack names that stack in the hint', async () => {
    // api is read in dev and prod; prod's override misspells a field of the source both share
    const component = (extra: string) =>
      [
        'components:',
        '  terraform:',
        '    api:',
        '      logs:',
        '        sources:',
        `          app: {kind: aws/cloudwatch, default: true, spec: {log_group: /app, ${extra}}}`,
        '',
      ].join('\n')
    const project = await tempProject({
      'atmos.yaml':
        'stacks:\n  base_path: stacks\n  included_paths: ["deploy/*"]\n  name_template: "{{ .vars.stage }}"\n',
      'stacks/deploy/dev.yaml': `vars: {stage: dev}\n${component('region: us-east-1')}`,
      'stacks/deploy/prod.yaml': `vars: {stage: prod}\n${component('regoin: us-east-1')}`,
    })
    const stderr = expectConfigError(
      await atmos(['logs', 'view', '--stack', 'dev,prod', '--component', 'api'], project),
    )
    expect(stderr).toContain('The aws/cloudwatch source "app" has an invalid spec.regoin: unknown field.')
    // the hint said 'Fix the source spec in your stack or atmos.yaml.', of two stacks with one source name
    expect(stderr).toContain(
      'Hint: Fix spec.regoin of source "app" in component api in stack prod; `atmos logs sources` shows the spec after templates.',
    )
  })

  it('malformed YAML in atmos.yaml names the file and line', async () => {
    const project = await tempProject({
      'atmos.yaml': [
        'logs:',
        '  sources:',
        '    app:',
        '      kind: aws/cloudwatch',
        '     spec: {log_group: /app}', // one space short: line 5
        '',
      ].join('\n'),
    })
    const stderr = expectConfigError(await atmos(['logs', 'sources'], project))
    expect(stderr).toContain(`Cannot parse YAML in ${path.join(project, 'atmos.yaml')}:5:`)
    expect(stderr).toContain('near line 5')
  })

  it('malformed YAML in a stack manifest names the manifest and line', async () => {
    const project = await tempProject({
      'atmos.yaml':
        'stacks:\n  base_path: stacks\n  included_paths: ["deploy/*"]\n  name_template: "{{ .vars.stage }}"\n',
      'stacks/deploy/dev.yaml': [
        'vars:',
        '  stage: dev',
        'components:',
        '  terraform:',
        '    api:',
        '      vars:',
        '        a: 1',
        '       b: 2', // line 8: out of line with a
        '',
      ].join('\n'),
    })
    const stderr = expectConfigError(
      await atmos(['logs', 'view', '--stack', 'dev', '--component', 'api'], project),
    )
    expect(stderr).toContain(`Cannot parse YAML in ${path.join(project, 'stacks/deploy/dev.yaml')}:8:`)
  })
})

describe('atmos logs view --stack dev --component api (resolution, identity and provider together)', () => {
  let emulator: Emulator
  const DEV_ADMIN_KEY = 'ASIADEVADMINE2ESRC01'
  const PROD_KEY = 'ASIAPRODREADE2ESRC01'

  beforeAll(async () => {
    emulator = await startEmulator()
    // atmos auth's files for the default identity, dev-admin (realm acme, root provider acme-sso).
    const dir = path.join(home, '.config/atmos/acme/aws/acme-sso')
    await mkdir(dir, { recursive: true })
    const expiration = new Date(Date.now() + 3600_000).toISOString()
    await writeFile(
      path.join(dir, 'credentials'),
      [
        `[dev-admin]\naws_access_key_id = ${DEV_ADMIN_KEY}\naws_secret_access_key = e2e-sources-secret-value\n; atmos: expiration=${expiration}\n`,
        `[prod-readonly]\naws_access_key_id = ${PROD_KEY}\naws_secret_access_key = e2e-sources-prod-secret\n; atmos: expiration=${expiration}\n`,
      ].join(''),
      { mode: 0o600 },
    )
    await writeFile(
      path.join(dir, 'config'),
      '[profile dev-admin]\nregion = us-east-1\n[profile prod-readonly]\nregion = us-east-1\n',
    )
  })

  afterAll(async () => {
    await emulator?.close()
  })

  it('reads the inherited default source with the rendered log group, the inherited default_since and the identity', async () => {
    const now = Date.now()
    // The inherited default_since is 30m: the event of two hours ago must stay out.
    emulator.cloudwatch.putEvents('/aws/lambda/api-dev', '2026/11/27/[$LATEST]a', [
      { timestamp: now - 2 * 3600_000, message: 'START too old for 30m' },
      { timestamp: now - 5 * 60_000, message: 'INFO api-dev handled GET /orders' },
      { timestamp: now - 60_000, message: 'ERROR api-dev payment declined' },
    ])
    // A neighbour that must not be read: api-auth's group.
    emulator.cloudwatch.putEvents('/aws/lambda/auth', 's', [
      { timestamp: now - 60_000, message: 'auth event' },
    ])

    const result = await atmos(
      ['logs', 'view', '--stack', 'dev', '--component', 'api', '--format', 'json'],
      FIXTURE,
      {
        AWS_ENDPOINT_URL: emulator.endpoint,
      },
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => l.message)).toEqual([
      'INFO api-dev handled GET /orders',
      'ERROR api-dev payment declined',
    ])
    for (const line of lines) {
      expect(line).toMatchObject({
        source: 'function-logs',
        kind: 'aws/cloudwatch',
        component: 'api',
        stack: 'dev',
      })
    }
    const calls = emulator.stats.snapshot().recent.filter((c) => c.operation === 'FilterLogEvents')
    expect(calls.length).toBeGreaterThan(0)
    for (const call of calls) {
      expect(call.accessKeyId).toBe(DEV_ADMIN_KEY)
      expect(call.params).toMatchObject({ logGroupName: '/aws/lambda/api-dev' })
    }
    expect(result.stdout).not.toContain('e2e-sources-secret-value')
  })

  it('reads a component across the stacks a list or glob names, each with its own identity, the stack in each prefix', async () => {
    const now = Date.now()
    emulator.cloudwatch.putEvents('/aws/lambda/api-dev', 'multi', [
      { timestamp: now - 3 * 60_000, message: 'dev: deploy started' },
    ])
    emulator.cloudwatch.putEvents('/aws/lambda/api-prod', 'multi', [
      { timestamp: now - 2 * 60_000, message: 'prod: deploy started' },
    ])
    // api in the stacks named, over the last 4 minutes; 'deploy' leaves out the other test's events
    const readApi = (stacks: string, filter: string, ...flags: string[]) =>
      atmos(
        [
          'logs',
          'view',
          '--stack',
          stacks,
          '--component',
          'api',
          '--since',
          '4m',
          '--filter',
          filter,
          ...flags,
        ],
        FIXTURE,
        { AWS_ENDPOINT_URL: emulator.endpoint },
      )
    const json = await readApi('dev,prod', 'deploy', '--format', 'json')
    expect(json.stderr).toBe('')
    expect(json.code).toBe(0)
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: string; stack: string; component: string })
    expect(lines.map((l) => [l.stack, l.component, l.message])).toEqual([
      ['dev', 'api', 'dev: deploy started'],
      ['prod', 'api', 'prod: deploy started'],
    ])
    // each stack's api signs in as its own identity
    const keys = emulator.stats
      .snapshot()
      .recent.filter(
        (c) =>
          c.operation === 'FilterLogEvents' &&
          (c.params as { logGroupName?: string }).logGroupName === '/aws/lambda/api-prod',
      )
      .map((c) => c.accessKeyId)
    expect(new Set(keys)).toEqual(new Set([PROD_KEY]))

    // The same component in two stacks is two origins: the prefix names the stack.
    const pretty = await readApi('d*,p*', 'deploy', '--format', 'pretty')
    expect(pretty.code).toBe(0)
    const prefixes = pretty.stdout
      .trim()
      .split('\n')
      .map((l) => /\[([^\]]+)\]/.exec(l)?.[1])
    expect(prefixes).toEqual(['dev/api', 'prod/api'])

    // and the summary counts them apart, under the same names
    const summary = await readApi('dev,prod', 'deploy', '--summary')
    expect(summary.code).toBe(0)
    const counted = summary.stdout.split('\n').filter((l) => /^\S+ \(aws\/cloudwatch\)/.test(l))
    expect(counted.map((l) => l.split('  ').slice(0, 2).join('  '))).toEqual([
      'dev/api/function-logs (aws/cloudwatch)  1 entry',
      'prod/api/function-logs (aws/cloudwatch)  1 entry',
    ])
    // the header names them so too: 'api/function-logs, api/function-logs' read as one source twice
    expect(summary.stdout.split('\n')[0]).toMatch(
      /^Summary of dev\/api\/function-logs, prod\/api\/function-logs between .*: 2 entries$/,
    )
    const none = await readApi('dev,prod', 'no-such-words')
    expect(none.code).toBe(0)
    expect(none.stderr).toContain(
      'No log entries found in dev/api/function-logs, prod/api/function-logs between ',
    )
  })

  it('a read across stacks none of which has the component says so', async () => {
    const stderr = expectConfigError(
      await atmos(['logs', 'view', '--stack', 'dev,prod', '--component', 'vpc']),
    )
    expect(stderr).toContain(
      "No component 'vpc' in the stacks that 'dev,prod' names ('dev' and 'prod') has a logs block.",
    )
  })
})

import { type Emulator, startEmulator } from '@atmos-logs/testkit'
import { runCli, tempProject } from '../helpers/cli.js'
import {
  identityEnv,
  identityProject,
  keysUsedFor,
  makeKeys,
  recentCalls,
  type StackFixture,
  writeAtmosAuthFiles,
} from '../helpers/identity.js'

/**
 * atmos's own argument habits: the component as a positional argument, `-s`, `--identity NAME`
 * for one run, and `logs sources` over every stack or a glob of stacks.
 */
describe('atmos argument habits', () => {
  let emulator: Emulator
  let fixture: StackFixture
  const devAdmin = makeKeys('dev-admin', 'acme-sso')
  const prodReadonly = makeKeys('prod-readonly', 'acme-prod-sso')

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 })
    fixture = await identityProject()
    await writeAtmosAuthFiles(fixture.configHome, [devAdmin, prodReadonly])
    emulator.cloudwatch.putEvents('/acme/dev/a/function', 'main', [
      { timestamp: Date.now() - 60_000, message: 'a started' },
    ])
  })

  afterAll(async () => {
    await emulator?.close()
  })

  const cli = (args: string[]) =>
    runCli(args, { cwd: fixture.project, env: identityEnv(fixture, emulator.endpoint) })

  it('takes the component as a positional argument, with -s for the stack', async () => {
    const result = await cli(['logs', 'view', 'a', '-s', 'dev', '--since', '1h', '--format', 'raw'])
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('a started\n')
    expect(result.code).toBe(0)
    // The default identity signed in.
    expect(keysUsedFor(await recentCalls(emulator.endpoint), '/acme/dev/a/function')).toEqual([
      devAdmin.accessKeyId,
    ])
  })

  it('--identity NAME signs every source in as that identity for one run', async () => {
    await fetch(`${emulator.endpoint}/_emulator/reset`, { method: 'POST' })
    emulator.cloudwatch.putEvents('/acme/dev/a/function', 'main', [
      { timestamp: Date.now() - 60_000, message: 'a started' },
    ])
    const result = await cli([
      'logs',
      'view',
      'a',
      '-s',
      'dev',
      '--since',
      '1h',
      '--format',
      'raw',
      '--identity',
      'prod-readonly',
    ])
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('a started\n')
    expect(keysUsedFor(await recentCalls(emulator.endpoint), '/acme/dev/a/function')).toEqual([
      prodReadonly.accessKeyId,
    ])
    const sources = await cli(['logs', 'sources', 'a', '-s', 'dev', '--identity', 'prod-readonly', '--json'])
    expect(JSON.parse(sources.stdout).map((s: { identity: string }) => s.identity)).toEqual(['prod-readonly'])
  })

  it('refuses an unknown --identity with the known ones (exit 3)', async () => {
    const result = await cli(['logs', 'view', 'a', '-s', 'dev', '--identity', 'prod-readonl'])
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('--identity prod-readonl names no identity in auth.identities')
    expect(result.stderr).toContain("Did you mean 'prod-readonly'")
  })

  it('refuses a component given twice, differently (exit 2)', async () => {
    const result = await cli(['logs', 'view', 'a', '-s', 'dev', '--component', 'b'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("The component is given twice, as 'a' and as --component b.")
  })
})

describe('atmos logs sources over many stacks', () => {
  let project: string

  beforeAll(async () => {
    const files: Record<string, string> = {
      'atmos.yaml':
        'base_path: .\nstacks:\n  base_path: stacks\n  included_paths: ["**/*.yaml"]\n  name_pattern: "{tenant}-{environment}-{stage}"\n',
    }
    for (const tenant of ['plat', 'core']) {
      for (const stage of ['dev', 'prod']) {
        for (const environment of ['ue1', 'ue2', 'uw2']) {
          files[`stacks/${tenant}/${environment}/${stage}.yaml`] =
            `vars: {tenant: ${tenant}, environment: ${environment}, stage: ${stage}}
components:
  terraform:
${[1, 2, 3, 4, 5]
  .map(
    (n) => `    svc-${n}:
      logs:
        sources:
          app: {kind: aws/cloudwatch, spec: {log_group: "/${tenant}/${environment}/${stage}/svc-${n}"}}
`,
  )
  .join('')}`
        }
      }
    }
    project = await tempProject(files)
  })

  const sources = (...args: string[]) => runCli(['logs', 'sources', ...args], { cwd: project })

  it('with no --stack lists every stack, at most 50 rows, and says how to see the rest', async () => {
    const result = await sources()
    expect(result.code).toBe(0)
    const rows = result.stdout.trimEnd().split('\n')
    expect(rows[0]).toMatch(/^STACK +COMPONENT +SOURCE/)
    expect(rows).toHaveLength(51)
    expect(rows[1]).toMatch(/^core-ue1-dev +svc-1 +app /)
    expect(result.stderr).toBe(
      "Showing 50 of 60 log sources in 12 stacks. Narrow with --stack (a name, a list or a glob such as 'plat-*-dev') or a component, or raise --limit.\n",
    )
    const all = await sources('--limit', '100')
    expect(all.stdout.trimEnd().split('\n')).toHaveLength(61)
    expect(all.stderr).toBe('')
  })

  it("-s takes a glob or a list of stacks, as atmos's stack names go", async () => {
    const glob = await sources('-s', 'plat-*-dev', '--json')
    expect(glob.stderr).toBe('')
    const rows = JSON.parse(glob.stdout) as { stack: string; component: string }[]
    expect([...new Set(rows.map((r) => r.stack))]).toEqual(['plat-ue1-dev', 'plat-ue2-dev', 'plat-uw2-dev'])
    expect(rows).toHaveLength(15)
    const list = await sources('-s', 'core-ue1-prod,plat-uw2-dev', 'svc-2', '--json')
    expect(
      JSON.parse(list.stdout).map((r: { stack: string; component: string }) => `${r.stack}/${r.component}`),
    ).toEqual(['core-ue1-prod/svc-2', 'plat-uw2-dev/svc-2'])
    const none = await sources('-s', 'edge-*')
    expect(none.code).toBe(2)
    expect(none.stderr).toContain("No stack matches 'edge-*'.")
  })

  it('-s and the component take ? and [...] as globs do', async () => {
    const stacksOf = (stdout: string) => [
      ...new Set((JSON.parse(stdout) as { stack: string }[]).map((r) => r.stack)),
    ]
    const one = await sources('-s', 'plat-u?2-dev', '--json')
    expect(one.stderr).toBe('')
    expect(stacksOf(one.stdout)).toEqual(['plat-ue2-dev', 'plat-uw2-dev'])
    const range = await sources('-s', '[cp]*-ue[12]-prod', 'svc-[24]', '--json')
    expect(range.stderr).toBe('')
    expect(
      JSON.parse(range.stdout).map((r: { stack: string; component: string }) => `${r.stack}/${r.component}`),
    ).toEqual([
      'core-ue1-prod/svc-2',
      'core-ue1-prod/svc-4',
      'core-ue2-prod/svc-2',
      'core-ue2-prod/svc-4',
      'plat-ue1-prod/svc-2',
      'plat-ue1-prod/svc-4',
      'plat-ue2-prod/svc-2',
      'plat-ue2-prod/svc-4',
    ])
    const negated = await sources('-s', '[!p]*-uw2-dev', '--json')
    expect(stacksOf(negated.stdout)).toEqual(['core-uw2-dev'])
    const none = await sources('-s', 'plat-u?9-dev')
    expect(none.code).toBe(2)
    expect(none.stderr).toContain("No stack matches 'plat-u?9-dev'.")
  })
})

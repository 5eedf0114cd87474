/**
 * `locals:` against atmos's own fixtures (test/fixtures/atmos-reference/locals*, and its
 * examples/locals project, copied from the atmos repository with its license). The expected values
 * are the ones atmos's test suite asserts for the same fixtures (its tests/cli_locals_test.go).
 */
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { cleanEnv, writeProject } from '../../test/project.js'
import { loadAtmosConfig } from '../config/load.js'
import { ConfigError } from '../errors.js'
import { listSources } from '../sources/resolve.js'
import { describeComponent, listStacks } from './select.js'

const REFERENCE = join(import.meta.dirname, '../../test/fixtures/atmos-reference')

async function project(name: string, env: Record<string, string> = {}) {
  const dir = join(REFERENCE, name)
  return loadAtmosConfig({
    cwd: dir,
    env: cleanEnv({ ATMOS_CLI_CONFIG_PATH: dir, ...env }),
    homeDir: join(dir, 'no-home'),
  })
}

async function vars(fixture: string, component: string, stack: string, env: Record<string, string> = {}) {
  const inst = await describeComponent(await project(fixture, env), component, stack)
  return inst.section.vars
}

async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ConfigError)
  return err as ConfigError
}

describe('locals (atmos fixtures)', () => {
  it('locals: resolved in vars and backend, stack names from vars that use locals', async () => {
    const config = await project('locals')
    expect(await listStacks(config)).toEqual(['dev-us-east-1', 'prod-us-east-1'])
    const dev = await describeComponent(config, 'mock/instance-1', 'dev-us-east-1')
    expect(dev.section.vars).toMatchObject({
      app_name: 'acme-dev-mock-instance-1',
      bar: 'dev',
      bucket: 'acme-dev-tfstate',
      tags: { Environment: 'dev', Namespace: 'acme' },
    })
    expect((dev.section.backend as Record<string, any>).s3.bucket).toBe('acme-dev-tfstate')
    // locals are for templates only: never part of the component
    expect(dev.section.locals).toBeUndefined()
    const prod = await describeComponent(config, 'mock/primary', 'prod-us-east-1')
    expect(prod.section.vars).toMatchObject({
      app_name: 'acme-prod-mock-primary',
      bar: 'prod',
      bucket: 'acme-prod-tfstate',
    })
  })

  it('locals-circular: a cycle fails with its path', async () => {
    const err = await failure(listStacks(await project('locals-circular')))
    expect(err.message).toContain('Circular dependency in locals')
    expect(err.message).toContain('a → b → c → a')
    expect(err.message).toContain('deploy/circular.yaml')
  })

  it('locals-file-scoped: a file sees its own locals', async () => {
    expect(await vars('locals-file-scoped', 'test-component', 'test')).toMatchObject({
      own_local: 'file-ns-file-env',
    })
  })

  it('locals-not-inherited: an imported manifest’s locals are not there (<no value>), its vars are', async () => {
    expect(await vars('locals-not-inherited', 'test-component', 'test')).toMatchObject({
      attempt_mixin_local: '<no value>',
      inherited_var: 'from-mixin-vars',
    })
  })

  it('locals-deep-import-chain: own locals win at every level; vars still inherit', async () => {
    expect(await vars('locals-deep-import-chain', 'deep-chain-component', 'final')).toMatchObject({
      local_value: 'from-final-stack',
      computed: 'from-final-stack-computed',
      shared: 'final-value',
      full_chain: 'final-value-from-final-stack',
      base_var: 'from-base-vars',
      layer1_var: 'from-layer1-vars',
      layer2_var: 'from-layer2-vars',
      final_var: 'from-final-vars',
    })
  })

  it('locals-logical-names: terraform.locals and helmfile.locals, stacks named from vars', async () => {
    const config = await project('locals-logical-names')
    expect(await listStacks(config)).toEqual(['dev-us-east-1', 'prod-us-west-2'])
    const vpc = await describeComponent(config, 'vpc', 'dev-us-east-1')
    expect(vpc.section.vars).toMatchObject({ name: 'acme-dev-us-east-1-vpc', bucket: 'acme-dev-tfstate' })
    const nginx = await describeComponent(config, 'nginx', 'prod-us-west-2')
    expect(nginx.section.vars).toMatchObject({ release: 'acme-prod-release' })
  })

  it('locals-settings-access: locals read the same file’s settings', async () => {
    expect(await vars('locals-settings-access', 'same-file-component', 'test-same-file')).toMatchObject({
      domain: 'dev.example.com',
      substage: 'dev',
    })
  })

  it('locals-settings-cross-file: settings of an imported manifest are out of reach, an error naming settings', async () => {
    const err = await failure(vars('locals-settings-cross-file', 'cross-file-component', 'test-cross-file'))
    expect(err.message).toContain("Cannot resolve local 'attempted_cross_file_domain'")
    expect(err.message).toContain('settings')
    expect(err.hint).toContain('Locals see only their own file')
  })

  it('locals-component-level: component locals over base component locals, seeing the file’s', async () => {
    const config = await project('locals-component-level')
    const cases: [string, Record<string, string>, Record<string, string>][] = [
      [
        'standalone',
        { name: 'acme-dev-standalone', bucket: 'acme-dev-tfstate' },
        { standalone_value: 'standalone-only', computed_ref: 'acme-dev' },
      ],
      [
        'vpc/dev',
        { name: 'acme-dev-vpc', bucket: 'acme-dev-tfstate', description: 'acme-dev-vpc-dev' },
        { cidr_prefix: '10.0', vpc_type: 'development', extra_tag: 'dev-only' },
      ],
      [
        'vpc/standard',
        { name: 'acme-dev-vpc', description: 'acme-dev-vpc-standard' },
        { vpc_type: 'standard', cidr_prefix: '10.0' },
      ],
      ['vpc/custom', { prefix: 'acme-dev' }, { custom_local: 'custom-value' }],
    ]
    for (const [component, wantVars, wantLocals] of cases) {
      const inst = await describeComponent(config, component, 'dev-us-east-1')
      expect({ component, vars: inst.section.vars }).toMatchObject({ component, vars: wantVars })
      expect({ component, locals: inst.section.locals }).toMatchObject({ component, locals: wantLocals })
    }
  })

  it('locals-advanced: nested settings and vars, typed values, conditionals, terraform.locals', async () => {
    expect(await vars('locals-advanced', 'vpc', 'advanced')).toMatchObject({
      region: 'us-east-1',
      db_identifier: 'acme-postgres-15',
      cidr: '10.0.0.0/16',
      backend_bucket: 'acme-advanced-tfstate',
      env_suffix: 'advanced',
      name: 'acme-us-east-1-vpc',
    })
    expect(await vars('locals-advanced', 'myrelease', 'advanced')).toMatchObject({
      release_name: 'acme-helm-app',
      chart_repo: 'https://charts.example.com',
      namespace: 'acme',
    })
  })

  it('locals-env-test: the env template function', async () => {
    expect(
      await vars('locals-env-test', 'env-test', 'test', { ATMOS_TEST_ENV_VAR: 'from-env', HOME: '/home/u' }),
    ).toMatchObject({ test_env_value: 'from-env', home_dir: '/home/u' })
    expect(await vars('locals-env-test', 'env-test', 'test', {})).toMatchObject({
      test_env_value: 'not-set',
      home_dir: '/tmp',
    })
  })

  it('locals-yaml-functions: !env values, then templates over them', async () => {
    expect(
      await vars('locals-yaml-functions', 'consumer-component', 'test', {
        TEST_GRAFANA_ENDPOINT: 'grafana.test.com',
        TEST_DB_HOST: 'db.test.com',
      }),
    ).toMatchObject({
      env_endpoint: 'grafana.test.com',
      dashboard_url: 'https://grafana.test.com/d/workers',
      db_connection: 'postgresql://db.test.com:5432/mydb',
      static_value: 'static-test-value',
    })
  })

  it('locals-conditional: `if` over an !env local, set and empty', async () => {
    expect(
      await vars('locals-conditional', 'conditional-pr-set', 'pr-set', {
        ATMOS_TEST_CONDITIONAL_PR_SET: '42',
      }),
    ).toMatchObject({ datastream_name: 'datastreampr42', deploy_env: 'preview', pr_number: '42' })
    expect(
      await vars('locals-conditional', 'conditional-pr-empty', 'pr-empty', {
        ATMOS_TEST_CONDITIONAL_PR_EMPTY: '',
      }),
    ).toMatchObject({ datastream_name: 'datastream', deploy_env: 'production', pr_number: '' })
  })

  it('examples/locals: the documented example, dev and prod, and the worker component', async () => {
    const config = await project('examples/locals')
    expect(await listStacks(config)).toEqual(['dev', 'prod'])
    const dev = await describeComponent(config, 'myapp', 'dev')
    expect(dev.section.vars).toEqual({
      name: 'acme',
      environment: 'development',
      full_name: 'acme-development-dev',
      stage: 'dev',
      tags: { Namespace: 'acme', Environment: 'development', Team: 'platform', ManagedBy: 'Atmos' },
    })
    expect(await vars('examples/locals', 'myapp', 'prod')).toMatchObject({
      name: 'acme',
      environment: 'production',
      full_name: 'acme-production-prod',
    })
    expect(await vars('examples/locals', 'myapp-worker', 'dev')).toMatchObject({
      name: 'acme',
      full_name: 'acme-development-dev-worker',
    })
  })
})

describe('locals in a logs block', () => {
  it("a logs template beside component values still sees the manifest's locals", async () => {
    const root = await writeProject({
      'atmos.yaml':
        'stacks:\n  base_path: stacks\n  included_paths: ["deploy/*"]\n  name_template: "{{ .vars.stage }}"\n',
      'stacks/deploy/dev.yaml': `vars: {stage: dev}
locals:
  namespace: acme
  prefix: "{{ .locals.namespace }}-{{ .vars.stage }}"
components:
  terraform:
    api:
      locals: {tier: web}
      vars: {name: api}
      logs:
        sources:
          app:
            kind: aws/cloudwatch
            spec: {log_group: "/ecs/{{ .locals.prefix }}/{{ .locals.tier }}/{{ .vars.name }}"}
`,
    })
    const config = await loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') })
    const [source] = await listSources(config, { stack: 'dev', component: 'api' })
    expect(source?.spec).toEqual({ log_group: '/ecs/acme-dev/web/api' })
  })
})

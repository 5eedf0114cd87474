import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { cleanEnv, rejectionOf, writeProject } from '../../test/project.js'
import { loadAtmosConfig } from '../config/load.js'
import type { AtmosConfig } from '../config/types.js'
import { ConfigError, CredentialsError } from '../errors.js'
import { loadStacks } from '../stacks/select.js'
import { listSources, resolveSources } from './resolve.js'
import { DEFAULT_SETTINGS } from './settings.js'

const PROJECT = join(import.meta.dirname, '../../test/fixtures/logs-project')

function load(): Promise<AtmosConfig> {
  return loadAtmosConfig({ cwd: PROJECT, env: cleanEnv(), homeDir: join(PROJECT, 'no-home') })
}

const configError = (promise: Promise<unknown>) => rejectionOf(promise, ConfigError)

// An identity that cannot give credentials is a credentials error (exit 3), not a config one.
const credentialsError = (promise: Promise<unknown>) => rejectionOf(promise, CredentialsError)

const catalog = (name: string) => join(PROJECT, 'stacks/catalog', name)

describe('component logs blocks', () => {
  it('inherits the logs block of an abstract base, renders templates over .vars and .settings', async () => {
    const config = await load()
    const sources = await listSources(config, { stack: 'dev', component: 'api' })
    expect(sources).toEqual([
      {
        component: 'api',
        stack: 'dev',
        name: 'audit',
        kind: 'aws/cloudtrail',
        identity: 'security-readonly',
        default: false,
        // the component overrides one key of the base's source; the rest is inherited
        spec: { event_source: 'lambda.amazonaws.com', event_name: 'UpdateFunctionCode' },
        settings: { ...DEFAULT_SETTINGS, default_since: '30m', format: 'pretty' },
      },
      {
        component: 'api',
        stack: 'dev',
        name: 'deployments',
        kind: 'github/actions',
        identity: 'dev-admin',
        identityFromDefault: true, // no identity of its own: the default: true one
        default: false,
        spec: { repo: 'acme/infrastructure', workflow: 'deploy-api.yml', environment: 'dev' },
        settings: { ...DEFAULT_SETTINGS, default_since: '30m', format: 'pretty' },
      },
      {
        component: 'api',
        stack: 'dev',
        name: 'function-logs',
        kind: 'aws/cloudwatch',
        identity: 'dev-admin',
        identityFromDefault: true, // no identity of its own: the default: true one
        default: true,
        spec: { log_group: '/aws/lambda/api-dev', region: 'us-east-1' },
        settings: { ...DEFAULT_SETTINGS, default_since: '30m', format: 'pretty' },
      },
    ])
  })

  it('picks the default source, and a stack can override identity and settings', async () => {
    const config = await load()
    const [prod] = await resolveSources(config, { stack: 'prod', component: 'api' })
    expect(prod).toMatchObject({
      component: 'api',
      stack: 'prod',
      name: 'function-logs',
      identity: 'prod-readonly',
      spec: { log_group: '/aws/lambda/api-prod' },
    })
    expect(prod!.settings.default_since).toBe('2h')
    const [dev] = await resolveSources(config, { stack: 'dev', component: 'api', source: 'deployments' })
    expect(dev!.name).toBe('deployments')
  })

  it('reads settings.logs as the alternative place', async () => {
    const config = await load()
    const [worker] = await resolveSources(config, { stack: 'dev', component: 'worker' })
    expect(worker).toEqual({
      component: 'worker',
      stack: 'dev',
      name: 'service',
      kind: 'aws/cloudwatch',
      identity: 'dev-admin',
      identityFromDefault: true, // no identity of its own: the default: true one
      default: false,
      spec: { log_group: '/ecs/dev-cluster/worker', stage: 'dev' },
      settings: { ...DEFAULT_SETTINGS, default_since: '1h', format: 'json' },
    })
  })
})

describe('multi-component selection', () => {
  it('takes a list and globs, each entry tagged with component and stack', async () => {
    const config = await load()
    const listed = await resolveSources(config, { stack: 'dev', component: 'worker, api' })
    expect(listed.map((s) => [s.component, s.stack, s.name])).toEqual([
      ['api', 'dev', 'function-logs'],
      ['worker', 'dev', 'service'],
    ])
    const globbed = await resolveSources(config, { stack: 'dev', component: 'api*' })
    expect(globbed.map((s) => [s.component, s.name, s.spec.log_group])).toEqual([
      ['api', 'function-logs', '/aws/lambda/api-dev'],
      ['api-auth', 'function-logs', '/aws/lambda/auth'],
    ])
  })

  it('--all-components leaves out abstract bases and skips components without logs with a notice', async () => {
    const config = await load()
    const notices: string[] = []
    const all = await resolveSources(
      config,
      { stack: 'dev', allComponents: true },
      { notice: (m) => notices.push(m) },
    )
    expect(all.map((s) => `${s.component}/${s.name}`)).toEqual([
      'api/function-logs',
      'api-auth/function-logs',
      'worker/service',
    ])
    expect(notices).toEqual(["Skipping component 'vpc' in stack 'dev': it has no logs block."])
  })

  it('a read whose selected components all lack logs is an error, and their skips are not said as well', async () => {
    const config = await load()
    const notices: string[] = []
    const err = await configError(
      resolveSources(config, { stack: 'dev', component: 'vpc*' }, { notice: (m) => notices.push(m) }),
    )
    expect(err.message).toBe("None of the selected components in stack 'dev' has a logs block ('vpc').")
    expect(err.hint).toContain('Add a `logs:` block with `sources:` to the component')
    expect(notices).toEqual([])
    // listing them is not an error: a list may be empty
    expect(await listSources(config, { stack: 'dev', component: 'vpc*' })).toEqual([])
  })

  it('reads across the stacks a list or glob names, each stack giving the selected components it has', async () => {
    const config = await load()
    const notices: string[] = []
    const both = await resolveSources(
      config,
      { stack: 'prod,dev', component: 'api' },
      { notice: (m) => notices.push(m) },
    )
    expect(both.map((s) => [s.stack, s.component, s.name, s.spec.log_group, s.identity])).toEqual([
      ['dev', 'api', 'function-logs', '/aws/lambda/api-dev', 'dev-admin'],
      ['prod', 'api', 'function-logs', '/aws/lambda/api-prod', 'prod-readonly'],
    ])
    expect(notices).toEqual([])
    const globbed = await resolveSources(config, { stack: 'd*,p*', allComponents: true, source: 'service' })
    expect(globbed.map((s) => `${s.stack}/${s.component}/${s.name}`)).toEqual([
      'dev/worker/service',
      'prod/worker/service',
    ])
    // a stack the list names that does not exist is still an error, with its near match
    expect(
      (await configError(resolveSources(config, { stack: 'dev,prood', component: 'api' }))).message,
    ).toBe("Stack 'prood' not found. Did you mean 'prod'?")
    // and so is a selection no stack has
    expect((await configError(resolveSources(config, { stack: 'dev,prod', component: 'vpc' }))).message).toBe(
      "No component 'vpc' in the stacks that 'dev,prod' names ('dev' and 'prod') has a logs block.",
    )
  })

  it('lists every source of every component for `logs sources --stack`', async () => {
    const config = await load()
    const notices: string[] = []
    const all = await listSources(config, { stack: 'dev' }, { notice: (m) => notices.push(m) })
    expect(all.map((s) => `${s.component}/${s.name}`)).toEqual([
      'api/audit',
      'api/deployments',
      'api/function-logs',
      'api-auth/audit',
      'api-auth/deployments',
      'api-auth/function-logs',
      'worker/service',
    ])
    expect(notices).toEqual([]) // vpc has no logs block: not a row, and nothing to say about it
  })

  it('with --source, skips components that lack it and says so', async () => {
    const config = await load()
    const notices: string[] = []
    const picked = await resolveSources(
      config,
      { stack: 'dev', allComponents: true, source: 'audit' },
      { notice: (m) => notices.push(m) },
    )
    expect(picked.map((s) => s.component)).toEqual(['api', 'api-auth'])
    expect(notices).toEqual([
      "Skipping component 'vpc' in stack 'dev': it has no logs block.",
      "Skipping 'worker' in stack 'dev': no log source 'audit'.",
    ])
  })
})

describe('several sources by name', () => {
  it('gives each component the named sources it has, and skips one that has none of them', async () => {
    const config = await load()
    const notices: string[] = []
    const picked = await resolveSources(
      config,
      { stack: 'dev', component: 'api,worker,api-auth', source: 'audit,function-logs' },
      { notice: (m) => notices.push(m) },
    )
    expect(picked.map((s) => `${s.component}/${s.name}`)).toEqual([
      'api/audit',
      'api/function-logs',
      'api-auth/audit',
      'api-auth/function-logs',
    ])
    expect(notices).toEqual(["Skipping 'worker' in stack 'dev': no log source 'audit' or 'function-logs'."])
  })

  it('requires every named source of a single component', async () => {
    const config = await load()
    const two = await resolveSources(config, { stack: 'dev', component: 'api', source: 'audit,deployments' })
    expect(two.map((s) => s.name)).toEqual(['audit', 'deployments'])
    const err = await configError(
      resolveSources(config, { stack: 'dev', component: 'api', source: 'audit,service' }),
    )
    expect(err.message).toContain("There is no log source 'service' in component 'api' in stack 'dev'")
  })
})

describe('--all-sources and --source globs', () => {
  it('--all-sources reads every source of each selected component, any kind', async () => {
    const config = await load()
    const all = await resolveSources(config, { stack: 'dev', component: 'api,worker', allSources: true })
    const listed = await listSources(config, { stack: 'dev', component: 'api,worker' })
    expect(all.map((s) => `${s.component}/${s.name}`)).toEqual(listed.map((s) => `${s.component}/${s.name}`))
    expect(new Set(all.filter((s) => s.component === 'api').map((s) => s.kind))).toEqual(
      new Set(['aws/cloudwatch', 'aws/cloudtrail', 'github/actions']),
    )
  })

  it('a glob picks the matching sources of each component; one that matches nothing is named', async () => {
    const config = await load()
    const picked = await resolveSources(config, { stack: 'dev', component: 'api', source: 'fun*,audit' })
    expect(picked.map((s) => s.name)).toEqual(['audit', 'function-logs'])
    const err = await configError(resolveSources(config, { stack: 'dev', component: 'api', source: 'zz*' }))
    expect(err.message).toContain("No log source of component 'api' in stack 'dev' matches 'zz*'")
    expect(err.message).toContain("the known sources are 'audit', 'deployments' and 'function-logs'")
  })
})

describe('resolution errors', () => {
  it('names near matches for an unknown stack', async () => {
    const err = await configError(resolveSources(await load(), { stack: 'dve', component: 'api' }))
    expect(err.message).toContain("Stack 'dve' not found")
    expect(err.message).toContain("Did you mean 'dev'?")
    expect(err.hint).toContain("'broken', 'dev' and 'prod'")
  })

  it('names the components of the stack for an unknown component', async () => {
    const err = await configError(resolveSources(await load(), { stack: 'dev', component: 'apii' }))
    expect(err.message).toContain("Component 'apii' is not defined in stack 'dev'. Did you mean 'api'")
    expect(err.hint).toContain("'worker'")
    expect(err.hint).not.toContain('lambda/defaults')
  })

  it('refuses an abstract component named directly', async () => {
    const err = await configError(
      resolveSources(await load(), { stack: 'dev', component: 'lambda/defaults' }),
    )
    expect(err.message).toContain('abstract')
    expect(err.file).toBe(join(PROJECT, 'stacks/deploy/dev.yaml'))
  })

  it('reports a component without logs when it is the only one named', async () => {
    const err = await configError(resolveSources(await load(), { stack: 'dev', component: 'vpc' }))
    expect(err.message).toContain("component 'vpc' in stack 'dev' has no log sources")
    expect(err.hint).toContain('logs:')
  })

  it('names the known identities for a missing identity reference', async () => {
    const err = await credentialsError(
      resolveSources(await load(), { stack: 'broken', component: 'unknown-identity' }),
    )
    expect(err.exitCode).toBe(3)
    expect(err.message).toContain("uses identity 'dev-admn'")
    expect(err.message).toContain("'dev-admin', 'prod-readonly' and 'security-readonly'")
    expect(err.message).toContain("Did you mean 'dev-admin'?")
    expect(err.file).toBe(join(PROJECT, 'stacks/deploy/broken.yaml'))
    expect(err.yamlPath).toBe('components.terraform.unknown-identity.logs.sources.function-logs.identity')
  })

  it('names the template and the key when a spec uses a missing key', async () => {
    const err = await configError(resolveSources(await load(), { stack: 'broken', component: 'missing-key' }))
    expect(err.message).toContain('components.terraform.missing-key.logs.sources.main.spec.log_group')
    expect(err.message).toContain('function_name')
    expect(err.message).toContain(join(PROJECT, 'stacks/deploy/broken.yaml'))
  })

  it('validates a component logs block with YAML path and file', async () => {
    const err = await configError(resolveSources(await load(), { stack: 'broken', component: 'no-kind' }))
    expect(err.message).toContain('components.terraform.no-kind.logs.sources.main.kind: required')
    expect(err.file).toBe(join(PROJECT, 'stacks/deploy/broken.yaml'))
  })

  it('lists the sources when several exist and none is default', async () => {
    const err = await configError(resolveSources(await load(), { stack: 'broken', component: 'two-sources' }))
    expect(err.message).toContain("'a' and 'b'")
    expect(err.hint).toContain('--source')
  })

  it('reports the file of an inherited source for an unknown --source', async () => {
    const err = await configError(
      resolveSources(await load(), { stack: 'dev', component: 'api-auth', source: 'audti' }),
    )
    expect(err.message).toContain("Did you mean 'audit'?")
    expect(err.file).toBe(catalog('lambda.yaml'))
  })
})

describe('stack manifests: imports', () => {
  async function project(files: Record<string, string>) {
    const root = await writeProject({
      'atmos.yaml': 'stacks:\n  base_path: stacks\n  included_paths: ["deploy/**/*"]\n',
      ...files,
    })
    return loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') })
  }

  it('reports a missing import with the importing file, and honours skip_if_missing', async () => {
    const config = await project({
      'stacks/deploy/dev.yaml':
        'import:\n  - path: catalog/optional\n    skip_if_missing: true\n  - catalog/missing\n',
    })
    const err = await configError(resolveSources(config, { stack: 'deploy/dev', component: 'x' }))
    expect(err.message).toContain("imports 'catalog/missing' (import[1])")
    expect(err.file).toBe(join(config.stacks.basePath, 'deploy/dev.yaml'))
    expect(err.yamlPath).toBe('import[1]')
  })

  it('reports an import cycle with the importing file', async () => {
    const config = await project({
      'stacks/deploy/dev.yaml': 'import: [catalog/a]\n',
      'stacks/catalog/a.yaml': 'import: [catalog/b]\n',
      'stacks/catalog/b.yaml': 'import: [./a]\n',
    })
    const err = await configError(resolveSources(config, { stack: 'deploy/dev', component: 'x' }))
    expect(err.message).toContain('deploy/dev.yaml → catalog/a.yaml → catalog/b.yaml → catalog/a.yaml')
    expect(err.file).toBe(join(config.stacks.basePath, 'catalog/b.yaml'))
  })

  it('imports globs, infers extensions, renders .tmpl files with context', async () => {
    const config = await project({
      'stacks/deploy/dev.yaml': [
        'import:',
        '  - mixins/*',
        '  - path: catalog/queue.yaml.tmpl',
        '    context: {name: orders, retention: 7}',
        'vars: {stage: dev}',
        '',
      ].join('\n'),
      'stacks/mixins/a.yaml': 'vars: {region: us-east-1}\n',
      'stacks/mixins/b.yml': 'vars: {team: core}\n',
      'stacks/catalog/queue.yaml.tmpl': [
        'components:',
        '  terraform:',
        '    queue-{{ .name }}:',
        '      vars: {retention_days: {{ .retention }}}',
        '      logs:',
        '        sources:',
        '          dlq: {kind: aws/cloudwatch, spec: {log_group: "/sqs/{{ .name }}/{{`{{ .vars.region }}`}}"}}',
        '',
      ].join('\n'),
    })
    const all = await listSources(config, { stack: 'deploy/dev' })
    expect(all.map((s) => [s.component, s.name])).toEqual([['queue-orders', 'dlq']])
  })
})

describe('one parse per run', () => {
  it('parses each manifest once, however often it is imported, and reuses the index', async () => {
    const config = await load()
    await resolveSources(config, { stack: 'dev', component: 'api' })
    await resolveSources(config, { stack: 'prod', component: 'api' })
    const index = await loadStacks(config)
    expect(index).toBe(await loadStacks(config))
    // deploy/{dev,prod,broken}, deploy/_defaults (imported twice, once as ./_defaults),
    // catalog/{lambda,services} (lambda imported by services and broken), mixins/us-east-1
    expect(index.parsedFiles).toBe(7)
    expect(index.manifests.map((m) => m.stackFile)).toEqual(['deploy/broken', 'deploy/dev', 'deploy/prod'])
  })
})

import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { cleanEnv, rejectionOf, writeProject } from '../../test/project.js'
import { loadAtmosConfig } from '../config/load.js'
import { ConfigError, CredentialsError } from '../errors.js'
import { listSources, resolveSources } from './resolve.js'
import { DEFAULT_SETTINGS } from './settings.js'

const ATMOS_YAML = `
logs:
  settings:
    default_since: 1h
    format: json
  sources:
    lambda-functions:
      kind: aws/cloudwatch
      identity: dev-admin
      description: Every Lambda in the account
      spec:
        log_group: /aws/lambda/*
    ecs-services:
      kind: aws/cloudwatch
      default: true
      spec:
        log_group: /aws/ecs/*
    cloudtrail-audit:
      kind: aws/cloudtrail
      identity: security-readonly
      spec:
        event_source: "*"
auth:
  identities:
    dev-admin: {kind: aws/permission-set, default: true}
    security-readonly: {kind: aws/assume-role}
`

async function load(files: Record<string, string>) {
  const root = await writeProject(files)
  return loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') })
}

const configError = (promise: Promise<unknown>) => rejectionOf(promise, ConfigError)

// An identity that cannot give credentials is a credentials error (exit 3), not a config one.
const credentialsError = (promise: Promise<unknown>) => rejectionOf(promise, CredentialsError)

describe('direct mode (atmos.yaml logs.sources)', () => {
  it('picks --source by name, with effective settings and identity', async () => {
    const config = await load({ 'atmos.yaml': ATMOS_YAML })
    const [source, ...rest] = await resolveSources(config, { source: 'lambda-functions' })
    expect(rest).toEqual([])
    expect(source).toEqual({
      component: null,
      stack: null,
      name: 'lambda-functions',
      kind: 'aws/cloudwatch',
      identity: 'dev-admin',
      default: false,
      spec: { log_group: '/aws/lambda/*' },
      settings: { ...DEFAULT_SETTINGS, default_since: '1h', format: 'json' },
      description: 'Every Lambda in the account',
    })
  })

  it('takes several sources as a comma list, in the order named, each once', async () => {
    const config = await load({ 'atmos.yaml': ATMOS_YAML })
    const sources = await resolveSources(config, {
      source: 'lambda-functions, ecs-services,lambda-functions',
    })
    expect(sources.map((s) => s.name)).toEqual(['lambda-functions', 'ecs-services'])
    const err = await configError(resolveSources(config, { source: 'ecs-services,cloudtrail' }))
    expect(err.message).toContain("There is no log source 'cloudtrail'")
    expect(err.message).toContain("Did you mean 'cloudtrail-audit'?")
    const listed = await listSources(config, { source: 'ecs-services,cloudtrail-audit' })
    expect(listed.map((s) => s.name)).toEqual(['cloudtrail-audit', 'ecs-services'])
  })

  it('uses the default source when --source is absent, and the default identity when it has none', async () => {
    const config = await load({ 'atmos.yaml': ATMOS_YAML })
    const sources = await resolveSources(config, {})
    expect(sources.map((s) => [s.name, s.identity, s.default])).toEqual([['ecs-services', 'dev-admin', true]])
    // ...marked as the default, so that only kinds that sign in with it do (see identityFromDefault).
    expect(sources[0]!.identityFromDefault).toBe(true)
  })

  it('uses the only source when there is just one', async () => {
    const config = await load({
      'atmos.yaml': 'logs:\n  sources:\n    only:\n      kind: aws/cloudtrail\n',
    })
    const [source] = await resolveSources(config, {})
    expect(source!.name).toBe('only')
    expect(source!.identity).toBeNull()
    expect(source!.spec).toEqual({})
    expect(source!.settings).toEqual(DEFAULT_SETTINGS)
  })

  it('lists the sources when several exist and none is default', async () => {
    const config = await load({
      'atmos.yaml': 'logs:\n  sources:\n    a: {kind: k/a}\n    b: {kind: k/b}\n',
    })
    const err = await configError(resolveSources(config, {}))
    expect(err.message).toContain("'a' and 'b'")
    expect(err.message).toContain(config.file!)
    expect(err.hint).toContain('--source')
  })

  it('names the known sources, the file and near matches for an unknown --source', async () => {
    const config = await load({ 'atmos.yaml': ATMOS_YAML })
    const err = await configError(resolveSources(config, { source: 'lambda-function' }))
    expect(err.message).toContain("There is no log source 'lambda-function'")
    expect(err.message).toContain("'cloudtrail-audit', 'ecs-services' and 'lambda-functions'")
    expect(err.message).toContain("Did you mean 'lambda-functions'?")
    expect(err.file).toBe(config.file)
    expect(err.yamlPath).toBe('logs.sources.lambda-function')
  })

  it('rejects an identity that auth.identities does not define, naming the known ones', async () => {
    const config = await load({
      'atmos.yaml':
        'logs:\n  sources:\n    s: {kind: k/a, identity: dev-admn}\nauth:\n  identities:\n    dev-admin: {kind: aws/permission-set}\n',
    })
    const err = await credentialsError(resolveSources(config, {}))
    expect(err.exitCode).toBe(3)
    expect(err.message).toContain("uses identity 'dev-admn'")
    expect(err.message).toContain("'dev-admin'")
    expect(err.yamlPath).toBe('logs.sources.s.identity')
  })

  it('refuses to guess between several default identities for a source that names none', async () => {
    const config = await load({
      'atmos.yaml':
        'logs:\n  sources:\n    s: {kind: k/a}\n    t: {kind: k/a, identity: b}\nauth:\n  identities:\n    b: {kind: aws/user, default: true}\n    a: {kind: aws/user, default: true}\n',
    })
    const err = await configError(resolveSources(config, { source: 's' }))
    expect(err.message).toContain("'a' and 'b'")
    expect(err.message).toContain('default: true')
    expect(err.yamlPath).toBe('auth.identities')
    // A source with its own identity does not need the default.
    expect((await resolveSources(config, { source: 't' })).map((s) => s.identity)).toEqual(['b'])
  })

  it('says where it looked when there is no atmos.yaml', async () => {
    const root = await writeProject({ 'x/placeholder': '' })
    const config = await loadAtmosConfig({ cwd: join(root, 'x'), env: cleanEnv(), homeDir: join(root, 'h') })
    const err = await configError(resolveSources(config, { source: 'lambda-functions' }))
    expect(err.message).toContain('No atmos.yaml was found')
    expect(err.message).toContain(join(root, 'x'))
    expect(err.hint).toContain('ATMOS_CLI_CONFIG_PATH')
    expect(await listSources(config, {})).toEqual([])
  })

  it('lists every direct source in name order', async () => {
    const config = await load({ 'atmos.yaml': ATMOS_YAML })
    const all = await listSources(config, {})
    expect(all.map((s) => s.name)).toEqual(['cloudtrail-audit', 'ecs-services', 'lambda-functions'])
    expect(all.map((s) => s.identity)).toEqual(['security-readonly', 'dev-admin', 'dev-admin'])
  })

  it('asks for --stack when a component is named without one', async () => {
    const config = await load({ 'atmos.yaml': ATMOS_YAML })
    const err = await configError(resolveSources(config, { component: 'api' }))
    expect(err.message).toContain('needs --stack')
  })
})

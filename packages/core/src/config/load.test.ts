import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { cleanEnv, rejectionOf, writeProject } from '../../test/project.js'
import { ConfigError } from '../errors.js'
import { loadAtmosConfig } from './load.js'

const ATMOS_YAML = `
base_path: "./"
stacks:
  base_path: stacks
  included_paths: ["deploy/**/*"]
  excluded_paths: ["**/_defaults.yaml"]
  name_template: "{{ .vars.stage }}"
logs:
  file: /dev/stderr
  level: Info
  settings:
    default_since: 1h
  sources:
    lambda-functions:
      kind: aws/cloudwatch
      identity: dev-admin
      spec:
        log_group: /aws/lambda/*
auth:
  realm: acme
  providers:
    sso:
      kind: aws/iam-identity-center
      region: us-east-1
  identities:
    dev-admin:
      kind: aws/permission-set
      default: true
      via: { provider: sso }
      principal: { name: Admin, account: { name: dev } }
`

const expectConfigError = (promise: Promise<unknown>) => rejectionOf(promise, ConfigError)

describe('loadAtmosConfig discovery', () => {
  it('reads atmos.yaml from the current directory and resolves paths against it', async () => {
    const root = await writeProject({ 'atmos.yaml': ATMOS_YAML })
    const config = await loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'nohome') })
    expect(config.file).toBe(join(root, 'atmos.yaml'))
    expect(config.basePath).toBe(root)
    expect(config.stacks).toEqual({
      basePath: join(root, 'stacks'),
      includedPaths: ['deploy/**/*'],
      excludedPaths: ['**/_defaults.yaml'],
      nameTemplate: '{{ .vars.stage }}',
      namePattern: undefined,
    })
    expect(config.logs.file).toBe('/dev/stderr')
    expect(config.logs.level).toBe('Info')
    expect(config.logs.settings).toEqual({ default_since: '1h' })
    expect(config.logs.sources['lambda-functions']).toEqual({
      kind: 'aws/cloudwatch',
      identity: 'dev-admin',
      spec: { log_group: '/aws/lambda/*' },
    })
    expect(config.auth.realm).toBe('acme')
    expect(Object.keys(config.auth.identities)).toEqual(['dev-admin'])
    expect(config.auth.identities['dev-admin']!.via).toEqual({ provider: 'sso' })
    expect((config.raw.components as unknown) ?? null).toBeNull()
  })

  it('walks up from a subdirectory to the git root, and no further', async () => {
    const root = await writeProject({
      'atmos.yaml': 'stacks: {base_path: stacks}\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/atmos.yaml': 'stacks: {base_path: s2}\n',
      'repo/a/b/placeholder': '',
      'other/.git/HEAD': 'ref: refs/heads/main\n',
      'other/sub/placeholder': '',
    })
    const env = cleanEnv()
    const inRepo = await loadAtmosConfig({ cwd: join(root, 'repo/a/b'), env, homeDir: join(root, 'h') })
    expect(inRepo.file).toBe(join(root, 'repo/atmos.yaml'))
    expect(inRepo.stacks.basePath).toBe(join(root, 'repo/s2'))

    const outside = await loadAtmosConfig({ cwd: join(root, 'other/sub'), env, homeDir: join(root, 'h') })
    expect(outside.file).toBeUndefined()
    expect(outside.searched).toContain(join(root, 'other/sub/atmos.yaml'))
    expect(outside.searched).toContain(join(root, 'other/.atmos.yaml'))
    expect(outside.searched).not.toContain(join(root, 'atmos.yaml'))
  })

  it('accepts .atmos.yaml and merges atmos.d fragments under the main file', async () => {
    const root = await writeProject({
      '.atmos.yaml': 'logs:\n  settings: {format: json}\n',
      'atmos.d/10-logs.yaml': 'logs:\n  settings: {format: raw, default_since: 2h}\n',
      'atmos.d/nested/20-auth.yml': 'auth:\n  identities:\n    ro: {kind: aws/assume-role}\n',
      'atmos.d/notes.txt': 'not yaml',
    })
    const config = await loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') })
    expect(config.file).toBe(join(root, '.atmos.yaml'))
    expect(config.logs.settings).toEqual({ format: 'json', default_since: '2h' })
    expect(Object.keys(config.auth.identities)).toEqual(['ro'])
    expect(config.files).toEqual([
      join(root, 'atmos.d/10-logs.yaml'),
      join(root, 'atmos.d/nested/20-auth.yml'),
      join(root, '.atmos.yaml'),
    ])
  })

  it('follows local import: entries, with the importing file on top', async () => {
    const root = await writeProject({
      'atmos.yaml':
        'import:\n  - config/logs\n  - https://example.com/remote.yaml\nlogs:\n  settings: {format: log}\n',
      'config/logs.yaml': 'logs:\n  settings: {format: json, utc: true}\n',
    })
    const config = await loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') })
    expect(config.logs.settings).toEqual({ format: 'log', utc: true })
    expect(config.warnings).toEqual([expect.stringContaining('https://example.com/remote.yaml')])
  })

  it('layers ~/.atmos below the project and ATMOS_CLI_CONFIG_PATH above it', async () => {
    const root = await writeProject({
      'home/.atmos/atmos.yaml': 'logs:\n  settings: {format: json, default_since: 3h, utc: true}\n',
      'proj/atmos.yaml': 'logs:\n  settings: {format: raw, default_since: 4h}\n',
      'explicit/atmos.yaml': 'logs:\n  settings: {format: log}\n',
    })
    const cwd = join(root, 'proj')
    const homeDir = join(root, 'home')
    const layered = await loadAtmosConfig({ cwd, env: cleanEnv(), homeDir })
    expect(layered.logs.settings).toEqual({ format: 'raw', default_since: '4h', utc: true })
    expect(layered.file).toBe(join(cwd, 'atmos.yaml'))

    const byDir = await loadAtmosConfig({
      cwd,
      env: cleanEnv({ ATMOS_CLI_CONFIG_PATH: join(root, 'explicit') }),
      homeDir,
    })
    expect(byDir.file).toBe(join(root, 'explicit/atmos.yaml'))
    expect(byDir.logs.settings).toEqual({ format: 'log', default_since: '4h', utc: true })

    const byFile = await loadAtmosConfig({
      cwd,
      env: cleanEnv({ ATMOS_CLI_CONFIG_PATH: '../explicit/atmos.yaml' }),
      homeDir,
    })
    expect(byFile.file).toBe(join(root, 'explicit/atmos.yaml'))

    const err = await expectConfigError(
      loadAtmosConfig({ cwd, env: cleanEnv({ ATMOS_CLI_CONFIG_PATH: join(root, 'nowhere') }), homeDir }),
    )
    expect(err.message).toContain(join(root, 'nowhere'))
    expect(err.hint).toContain('ATMOS_CLI_CONFIG_PATH')
  })

  it('applies ATMOS_BASE_PATH and the ATMOS_STACKS_* overrides', async () => {
    const root = await writeProject({ 'proj/atmos.yaml': ATMOS_YAML })
    await mkdir(join(root, 'elsewhere'))
    const config = await loadAtmosConfig({
      cwd: join(root, 'proj'),
      homeDir: join(root, 'h'),
      env: cleanEnv({
        ATMOS_BASE_PATH: '../elsewhere',
        ATMOS_STACKS_BASE_PATH: 'manifests',
        ATMOS_STACKS_INCLUDED_PATHS: 'orgs/**/*, extra/*.yaml',
        ATMOS_STACKS_EXCLUDED_PATHS: '**/_defaults.yaml',
        ATMOS_STACKS_NAME_PATTERN: '{tenant}-{stage}',
      }),
    })
    expect(config.basePath).toBe(join(root, 'elsewhere'))
    expect(config.stacks.basePath).toBe(join(root, 'elsewhere/manifests'))
    expect(config.stacks.includedPaths).toEqual(['orgs/**/*', 'extra/*.yaml'])
    expect(config.stacks.namePattern).toBe('{tenant}-{stage}')
  })

  it('finds nothing without error when there is no atmos.yaml', async () => {
    const root = await writeProject({ 'empty/placeholder': '' })
    const config = await loadAtmosConfig({
      cwd: join(root, 'empty'),
      env: cleanEnv(),
      homeDir: join(root, 'h'),
    })
    expect(config.file).toBeUndefined()
    expect(config.files).toEqual([])
    expect(config.logs.sources).toEqual({})
    expect(config.searched[0]).toBe(join(root, 'h/.atmos/atmos.yaml'))
  })
})

describe('loadAtmosConfig errors', () => {
  it('reports YAML syntax errors with file and line', async () => {
    const root = await writeProject({
      'atmos.yaml': 'logs:\n  settings:\n    format: [json\n  sources: {}\n',
    })
    const err = await expectConfigError(
      loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') }),
    )
    expect(err.file).toBe(join(root, 'atmos.yaml'))
    expect(err.message).toMatch(new RegExp(`${join(root, 'atmos.yaml')}:\\d+:\\d+`))
  })

  it('names the YAML path, file and line of every validation problem', async () => {
    const text = [
      'logs:',
      '  settings:',
      '    format: fancy',
      '  sources:',
      '    lambda-functions:',
      '      identity: dev-admin',
      '      spec: {log_group: x}',
      '    ecs:',
      '      kind: aws/cloudwatch',
      '      log_group: /aws/ecs',
      '',
    ].join('\n')
    const root = await writeProject({ 'atmos.yaml': text })
    const err = await expectConfigError(
      loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') }),
    )
    const file = join(root, 'atmos.yaml')
    expect(err.file).toBe(file)
    expect(err.message).toContain(`logs.sources.lambda-functions.kind: required (${file}:5)`)
    expect(err.message).toContain(
      `logs.settings.format: must be one of pretty, json, raw, log, not string "fancy" (${file}:3)`,
    )
    expect(err.message).toContain("logs.sources.ecs: unknown key 'log_group'")
    expect(err.message).toContain('provider options go under spec')
    expect(err.hint).toBeTruthy()
  })

  it('words number problems as a user reads them, trimming what it accepts', async () => {
    const text = [
      'logs:',
      '  settings:',
      '    limit: 0',
      '    lines: 2.5',
      '    max_concurrency: "4"',
      "    timeout: ' 5m '",
      '',
    ].join('\n')
    const root = await writeProject({ 'atmos.yaml': text })
    const err = await expectConfigError(
      loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') }),
    )
    // positive() leaves 0 out: "at least 0" would read as if 0 were fine.
    expect(err.message).toContain('logs.settings.limit: must be greater than 0')
    expect(err.message).toContain('logs.settings.lines: must be a whole number, not number 2.5')
    expect(err.message).toContain('logs.settings.max_concurrency: must be a number, not string "4"')
    expect(err.message).not.toContain('timeout')
  })

  it('names the fragment a problem comes from', async () => {
    const root = await writeProject({
      'atmos.yaml': 'base_path: ./\n',
      'atmos.d/auth.yaml': 'auth:\n  identities:\n    dev:\n      default: true\n',
    })
    const err = await expectConfigError(
      loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') }),
    )
    expect(err.file).toBe(join(root, 'atmos.d/auth.yaml'))
    expect(err.yamlPath).toBe('auth.identities.dev.kind')
    expect(err.message).toContain('auth.identities.dev.kind: required')
  })

  it('reports a missing local import with the importing file', async () => {
    const root = await writeProject({ 'atmos.yaml': 'import:\n  - missing/thing\n' })
    const err = await expectConfigError(
      loadAtmosConfig({ cwd: root, env: cleanEnv(), homeDir: join(root, 'h') }),
    )
    expect(err.file).toBe(join(root, 'atmos.yaml'))
    expect(err.message).toContain("'missing/thing'")
  })
})

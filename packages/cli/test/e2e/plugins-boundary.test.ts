import { tmpdir } from 'node:os'
import path from 'node:path'
import { type CliResult, cleanEnv, runCli, tempDir, tempProject } from '../helpers/cli.js'
import { writePluginPackage } from '../helpers/plugin-packages.js'

/**
 * The boundary between the CLI and a third-party provider plugin: what a plugin yields is checked
 * before the pipeline uses it, and what it throws reaches the user as one readable error naming the
 * source, the kind and the plugin's package, with the exit code the plugin asked for (2, 3) or 1.
 */
const PLUGIN = 'atmos-logs-provider-acme'

/** One kind per behaviour; `body` is the provider's getLogs/validate/create variations. */
function kind(
  name: string,
  parts: { validate?: string; getLogs?: string; create?: string; extra?: string },
): string {
  return `{
    ${parts.extra ?? ''}
    apiVersion: 1,
    kind: 'acme/${name}',
    description: '${name} (test plugin)',
    capabilities: ['list', 'get'],
    async create(ctx) {
      ${parts.create ?? ''}
      return {
        kind: 'acme/${name}',
        name: ctx.name,
        capabilities: ['list', 'get'],
        validate() { ${parts.validate ?? ''} },
        async listSources() { return [] },
        async *getLogs() { ${parts.getLogs ?? ''} },
        async close() {},
      }
    },
  }`
}

const KINDS = {
  'bad-timestamp': kind('bad-timestamp', {
    getLogs: "yield { timestamp: '2026-11-27T10:00:00Z', message: 'hello' }",
  }),
  'invalid-date': kind('invalid-date', {
    getLogs: "yield { timestamp: new Date('nope'), message: 'hello' }",
  }),
  'object-message': kind('object-message', {
    getLogs: "yield { timestamp: new Date('2026-11-27T10:00:00Z'), message: { text: 'hello' } }",
  }),
  unsorted: kind('unsorted', {
    getLogs: `yield { timestamp: new Date('2026-11-27T10:00:00Z'), message: 'first' }
      yield { timestamp: new Date('2026-11-27T10:00:05Z'), message: 'newer' }
      yield { timestamp: new Date('2026-11-27T10:00:05Z'), message: 'same time' }
      yield { timestamp: new Date('2026-11-27T10:00:02Z'), message: 'older' }`,
  }),
  // Honours limit over every entry it reads and knows nothing of the level option.
  levelless: kind('levelless', {
    getLogs: `const { limit } = arguments[0]
      for (let i = 0; i < 20 && !(limit && i >= limit); i++) {
        const level = i % 3 === 2 ? 'INFO' : 'DEBUG'
        yield { timestamp: new Date(Date.UTC(2026, 10, 27, 10, 0, i)), message: level + ' ' + i, level }
      }`,
  }),
  // Says which limit and level it was given.
  'options-echo': kind('options-echo', {
    getLogs: `const { limit, level } = arguments[0]
      yield { timestamp: new Date('2026-11-27T10:00:00Z'), message: 'limit ' + limit + ' level ' + level }`,
  }),
  'throwing-validate': kind('throwing-validate', { validate: "throw new Error('log_group is required')" }),
  'expired-token': kind('expired-token', {
    validate:
      "throw Object.assign(new Error('the acme token expired'), { exitCode: 3, hint: 'Run acme login again.' })",
  }),
  'odd-exit': kind('odd-exit', {
    getLogs: "yield* []; throw Object.assign(new Error('quota exhausted'), { exitCode: 42 })",
  }),
  'missing-sdk': kind('missing-sdk', { create: "await import('acme-sdk-that-is-not-installed')" }),
  repeats: kind('repeats', {
    getLogs: `const t = new Date('2026-11-27T10:00:00Z')
      yield { timestamp: t, message: 'first', id: 'a' }
      yield { timestamp: t, message: 'again', id: 'a' }
      yield { timestamp: t, message: 'second', id: 'b' }
      yield { timestamp: t, message: 'no id' }
      yield { timestamp: t, message: 'no id' }`,
  }),
  secretive: kind('secretive', {
    extra: "secretSpecKeys: ['token', 'headers'],",
    create: "ctx.logger.warn('sending ' + ctx.spec.headers.Authorization)",
    validate: "throw new Error(ctx.spec.url + ' refused token ' + ctx.spec.token)",
  }),
  chatty: kind('chatty', {
    create:
      "ctx.logger.warn('slow answers from acme'); ctx.logger.error({ status: 503 }, 'one page was retried')",
    getLogs: "yield { timestamp: new Date('2026-11-27T10:00:00Z'), message: 'fine' }",
  }),
}

function hookOf(registrations: string[]): string {
  return `export default async function providers() {\n  return [${registrations.join(',\n')}]\n}\n`
}

async function dataDirEnv(): Promise<Record<string, string>> {
  const dataDir = await tempDir('atmos-data-')
  return cleanEnv({
    ATMOS_DATA_DIR: dataDir,
    ATMOS_CACHE_DIR: path.join(dataDir, 'cache'),
    npm_config_cache: path.join(dataDir, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_registry: 'http://127.0.0.1:9/',
  })
}

const SECRET_SPEC = JSON.stringify({
  url: 'https://bob:hunter2@logs.acme.io/v1',
  token: 'tok-s3cr3t-value',
  headers: { Authorization: 'Bearer abc-secret-123' },
  region: 'eu-west-1',
})
const SECRETS = ['hunter2', 'tok-s3cr3t-value', 'abc-secret-123']

let env: Record<string, string>
let project: string

beforeAll(async () => {
  env = await dataDirEnv()
  const dir = await writePluginPackage({ name: PLUGIN, hook: hookOf(Object.values(KINDS)) })
  const linked = await runCli(['plugins', 'link', dir, '--no-install'], { env, cwd: tmpdir() })
  expect(linked.code).toBe(0)
  const sources = Object.keys(KINDS)
    .map((k) => `    ${k}:\n      kind: acme/${k}\n      spec: ${k === 'secretive' ? SECRET_SPEC : '{}'}\n`)
    .join('')
  project = await tempProject({ 'atmos.yaml': `logs:\n  sources:\n${sources}` })
})

function view(source: string, ...extra: string[]): Promise<CliResult> {
  return runCli(['logs', 'view', '--source', source, '--since', '2026-11-27T00:00:00Z', ...extra], {
    env,
    cwd: project,
  })
}

/**
 * A view of `source` that fails with exit `code` and one `Error:` paragraph naming source, kind and
 * package, with a hint and no stack.
 */
async function viewFailing(source: string, code: number, ...extra: string[]): Promise<CliResult> {
  const result = await view(source, ...extra)
  expect(result.code).toBe(code)
  expect(result.stderr).toContain(`Source ${source} (acme/${source}, plugin ${PLUGIN})`)
  expect(result.stderr.match(/^Error: /gm)).toHaveLength(1)
  expect(result.stderr).toMatch(/\n {2}Hint: \S/)
  expect(result.stderr).not.toMatch(/^\s+at /m)
  expect(result.stderr).not.toContain('getTime is not a function')
  return result
}

describe('entries a plugin yields', () => {
  it('a string timestamp is an exit-1 error naming the source, kind and plugin', async () => {
    const result = await viewFailing('bad-timestamp', 1)
    expect(result.stderr).toContain(
      'yielded an invalid log entry: its timestamp is a string ("2026-11-27T10:00:00Z"), not a Date.',
    )
    expect(result.stdout).toBe('')
  })

  it('an invalid Date is refused, not printed as "invalid time"', async () => {
    const result = await viewFailing('invalid-date', 1)
    expect(result.stderr).toContain('its timestamp is an invalid Date')
  })

  it('an object message is refused in every format, not a crash of the pretty output', async () => {
    for (const format of ['pretty', 'json']) {
      const result = await viewFailing('object-message', 1, '--format', format)
      expect(result.stderr).toContain('its message is an object (Object), not a string')
    }
  })

  it('entries out of time order stop a view with exit 1 naming both times; equal times pass', async () => {
    const result = await viewFailing('unsorted', 1, '--format', 'raw')
    expect(result.stderr).toContain(
      'yielded log entries out of time order: 2026-11-27T10:00:02.000Z after 2026-11-27T10:00:05.000Z.',
    )
    expect(result.stdout).not.toContain('older')
  })

  it('--format log --limit N shows N lines shown of a plugin that ignores the level', async () => {
    // Told the limit beside a level it ignores, it would stop after N entries, most of them DEBUG.
    const result = await view('levelless', '--format', 'log', '--limit', '3')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const printed = result.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { msg: string }).msg)
    expect(printed).toEqual(['INFO 2', 'INFO 5', 'INFO 8'])
  })

  it('--format log --limit N gives a plugin its limit where the level leaves nothing out (Debug)', async () => {
    const msgOf = (stdout: string) => (JSON.parse(stdout) as { msg: string }).msg
    const atInfo = await view('options-echo', '--format', 'log', '--limit', '3')
    expect(msgOf(atInfo.stdout)).toBe('limit undefined level INFO')
    const atDebug = await runCli(
      [
        'logs',
        'view',
        '--source',
        'options-echo',
        '--since',
        '2026-11-27T00:00:00Z',
        '--format',
        'log',
        '--limit',
        '3',
      ],
      { env: { ...env, ATMOS_LOGS_LEVEL: 'Debug' }, cwd: project },
    )
    expect(atDebug.code).toBe(0)
    expect(msgOf(atDebug.stdout)).toBe('limit 3 level undefined')
  })

  it('entries repeating an id are printed once per source; entries without an id all pass', async () => {
    const result = await view('repeats', '--format', 'raw')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('first\nsecond\nno id\nno id\n')
  })
})

describe('errors a plugin throws', () => {
  it('a plain Error from validate is a configuration error (exit 2) naming the plugin', async () => {
    const result = await viewFailing('throwing-validate', 2)
    expect(result.stderr).toContain('is not valid: log_group is required')
  })

  it('a plain Error with exitCode 3 and a hint keeps both, prefixed with source, kind and plugin', async () => {
    const result = await viewFailing('expired-token', 3)
    expect(result.stderr).toBe(
      `Error: Source expired-token (acme/expired-token, plugin ${PLUGIN}): the acme token expired\n  Hint: Run acme login again.\n`,
    )
  })

  it('an exit code outside the contract (42) is a provider failure, exit 1', async () => {
    const result = await viewFailing('odd-exit', 1)
    expect(result.stderr).toContain('failed while reading: quota exhausted')
  })

  it('an import failure inside the plugin names the plugin as broken and the missing module', async () => {
    const result = await viewFailing('missing-sdk', 1)
    expect(result.stderr).toContain(
      'the plugin is broken: it cannot load the module acme-sdk-that-is-not-installed',
    )
    expect(result.stderr).not.toContain('Fix the source spec')
  })

  it('--debug shows the plugin’s own stack as the cause', async () => {
    const result = await view('odd-exit', '--debug')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/Caused by: Error: quota exhausted\n\s+at .*hooks\/providers\.js/)
  })
})

describe('a plugin’s logger', () => {
  it('labels its lines with the plugin and source; its error lines are warnings of a run that succeeds', async () => {
    const result = await view('chatty', '--format', 'raw')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('fine\n')
    expect(result.stderr).toBe(
      `Warning: plugin ${PLUGIN} (source chatty): slow answers from acme\n` +
        `Warning: plugin ${PLUGIN} (source chatty) reported an error: one page was retried\n`,
    )
  })
})

describe('an invalid registration', () => {
  it('is one warning naming the plugin, the kind and the reason; the other kinds still work', async () => {
    const badEnv = await dataDirEnv()
    const name = 'atmos-logs-provider-half-done'
    const dir = await writePluginPackage({
      name,
      hook: hookOf([
        "{ apiVersion: 1, kind: 'acme/half', description: 'no create', capabilities: ['get'] }",
        KINDS.repeats,
      ]),
    })
    expect(
      (await runCli(['plugins', 'link', dir, '--no-install'], { env: badEnv, cwd: tmpdir() })).code,
    ).toBe(0)
    const result = await runCli(['logs', 'providers', '--json'], { env: badEnv, cwd: tmpdir() })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(
      `Warning: Plugin ${name} returned an invalid provider registration: kind acme/half has no create() function.\n`,
    )
    expect((JSON.parse(result.stdout) as Array<{ kind: string }>).map((r) => r.kind)).toContain(
      'acme/repeats',
    )
  })
})

describe('a plugin that fails when its hook loads', () => {
  it('its sources are reported as belonging to a broken plugin (exit 1), not as an unknown kind', async () => {
    const brokenEnv = await dataDirEnv()
    const name = 'atmos-logs-provider-gone'
    const dir = await writePluginPackage({
      name,
      hook: `import 'acme-sdk-that-is-not-installed'\n${hookOf([kind('gone', {})])}`,
    })
    expect(
      (await runCli(['plugins', 'link', dir, '--no-install'], { env: brokenEnv, cwd: tmpdir() })).code,
    ).toBe(0)
    const brokenProject = await tempProject({
      'atmos.yaml': 'logs:\n  sources:\n    gone:\n      kind: acme/gone\n      spec: {}\n',
    })
    const explanation =
      'Source gone (acme/gone, atmos.yaml logs.sources) cannot be read: no working plugin provides kind ' +
      `acme/gone, and plugin ${name} is broken: it cannot load the module acme-sdk-that-is-not-installed, ` +
      'which is not installed with it. Its kinds are unavailable, and acme/gone is most likely one of them.'

    const result = await runCli(['logs', 'view', '--source', 'gone', '--since', '2026-11-27T00:00:00Z'], {
      env: brokenEnv,
      cwd: brokenProject,
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`Error: ${explanation}`)
    expect(result.stderr.match(/^Error: /gm)).toHaveLength(1)
    expect(result.stderr).toContain(`Hint: Fix the plugin in ${dir}, or remove it with`)
    expect(result.stderr).not.toContain('Unknown log source kind')
    expect(result.stderr).not.toMatch(/^\s+at /m)

    const sources = await runCli(['logs', 'sources'], { env: brokenEnv, cwd: brokenProject })
    expect(sources.code).toBe(0)
    expect(sources.stderr).toContain(`Warning: ${explanation}`)
    expect(sources.stderr).not.toContain('Unknown log source kind')
  })
})

describe('secrets in a spec', () => {
  it('logs sources --json masks the values under secretSpecKeys and a URL’s user:password', async () => {
    const result = await runCli(['logs', 'sources', '--json'], { env, cwd: project })
    expect(result.code).toBe(0)
    const rows = JSON.parse(result.stdout) as Array<{ name: string; spec: Record<string, unknown> }>
    expect(rows.find((r) => r.name === 'secretive')?.spec).toEqual({
      url: 'https://****@logs.acme.io/v1',
      token: '****',
      headers: { Authorization: '****' },
      region: 'eu-west-1',
    })
    const table = await runCli(['logs', 'sources'], { env, cwd: project })
    expect(table.code).toBe(0)
    expect(table.stdout).toContain('region=eu-west-1')
    for (const secret of SECRETS) expect(table.stdout + result.stdout).not.toContain(secret)
  })

  it('the plugin’s error and warning text is masked, with --debug too', async () => {
    for (const debug of [[], ['--debug']]) {
      const result = await view('secretive', ...debug)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        'Warning: plugin atmos-logs-provider-acme (source secretive): sending ****\n',
      )
      expect(result.stderr).toContain('is not valid: https://****@logs.acme.io/v1 refused token ****')
      for (const secret of SECRETS) expect(result.stderr).not.toContain(secret)
    }
  })
})

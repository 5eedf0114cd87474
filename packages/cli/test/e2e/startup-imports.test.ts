import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { BIN, CLI_ROOT, cleanEnv, runProcess, tempDir, tempProject } from '../helpers/cli.js'
import { cloudwatchHarness } from '../helpers/cloudwatch.js'

// Every command pays for what its module graph loads. A command that reads no project must not
// load the project reader: the YAML parser and the zod schemas behind @atmos-logs/core/config.
const HOOKS = `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const found = await next(specifier, context)
  appendFileSync(process.env.RECORD_IMPORTS, found.url + '\\n')
  return found
}
`

/** The URLs of every module the built CLI resolved while running `args`. */
async function importsOf(args: string[], dataDir?: string, run?: RunIn): Promise<Imports> {
  return importsOfNode([BIN, ...args], dataDir, run)
}

/** Where a command runs, when it reads a project: its directory and the variables it needs. */
interface RunIn {
  cwd: string
  env: Record<string, string>
}

interface Imports {
  code: number | null
  urls: string[]
  stdout: string
  stderr: string
}

/** The same for any node command line (a script and its arguments). */
async function importsOfNode(nodeArgs: string[], dataDir?: string, run?: RunIn): Promise<Imports> {
  const dir = await tempDir('atmos-imports-')
  const hooks = path.join(dir, 'hooks.mjs')
  const register = path.join(dir, 'register.mjs')
  await writeFile(hooks, HOOKS)
  await writeFile(
    register,
    `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`,
  )
  const record = path.join(dir, 'imports.txt')
  const r = await runProcess(process.execPath, ['--import', pathToFileURL(register).href, ...nodeArgs], {
    cwd: run?.cwd ?? dir,
    env: { ...(run?.env ?? cleanEnv()), RECORD_IMPORTS: record, ATMOS_DATA_DIR: dataDir ?? dir },
  })
  const urls = (await readFile(record, 'utf8')).split('\n').filter(Boolean)
  return { code: r.code, urls, stdout: r.stdout, stderr: r.stderr }
}

const oclif = (url: string) => url.includes('/@oclif/core/')

/** A data directory with linked plugins, each given by its hooks (event → module text). */
async function dataDirWithPlugins(plugins: Record<string, Record<string, string>>): Promise<string> {
  const data = await tempDir('atmos-imports-data-')
  const linked = []
  for (const [name, hooks] of Object.entries(plugins)) {
    const root = path.join(data, name)
    await mkdir(root)
    const files = Object.fromEntries(Object.keys(hooks).map((event, i) => [event, `./hook${i}.js`]))
    await writeFile(
      path.join(root, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', type: 'module', oclif: { hooks: files } }),
    )
    for (const [event, file] of Object.entries(files)) await writeFile(path.join(root, file), hooks[event]!)
    linked.push({ name, type: 'link', root })
  }
  await writeFile(path.join(data, 'package.json'), JSON.stringify({ oclif: { schema: 1, plugins: linked } }))
  return data
}

/** A hook module registering `kind`. */
const registers = (kind: string, body = '') =>
  `export default async function (opts) { ${body} return { apiVersion: 1, kind: '${kind}', description: 'probe ${kind}', capabilities: ['get'], async create() { throw new Error('unused') } } }\n`

/** A data directory with one linked plugin whose hooks are `hooks` (event → module text). */
async function dataDirWithPlugin(hooks: Record<string, string>): Promise<string> {
  const data = await tempDir('atmos-imports-data-')
  const root = path.join(data, 'plugin')
  await mkdir(root)
  const files = Object.fromEntries(Object.keys(hooks).map((event, i) => [event, `./hook${i}.js`]))
  await writeFile(
    path.join(root, 'package.json'),
    JSON.stringify({
      name: 'atmos-logs-provider-probe',
      version: '1.0.0',
      type: 'module',
      oclif: { hooks: files },
    }),
  )
  for (const [event, file] of Object.entries(files)) await writeFile(path.join(root, file), hooks[event]!)
  await writeFile(
    path.join(data, 'package.json'),
    JSON.stringify({
      oclif: { schema: 1, plugins: [{ name: 'atmos-logs-provider-probe', type: 'link', root }] },
    }),
  )
  return data
}

// Core bundles each into one file of its own (dist/vendor/); a copy from node_modules counts too.
const projectReader = (url: string) =>
  /\/node_modules\/(yaml|zod)\//.test(url) || /\/dist\/vendor\/(yaml|zod)\.js$/.test(url)
/** The interactive view and what it stands on: loaded by `--interactive` on a terminal only. */
const interactiveView = (url: string) =>
  /\/node_modules\/(react|ink|react-reconciler|yoga-layout|@atmos-logs\/tui)\//.test(url) ||
  /\/packages\/tui\//.test(url)

describe('start-up imports', () => {
  it.each([[['logs']], [['logs', 'providers']]])(
    'atmos %j loads no YAML parser and no config schemas',
    async (args) => {
      const { code, urls } = await importsOf(args)
      expect(code).toBe(0)
      expect(urls.filter(projectReader)).toEqual([])
    },
  )

  it('atmos logs providers loads no oclif beside plugins that only register providers, and prints what oclif prints', async () => {
    const plugins = {
      'atmos-logs-provider-alpha': { 'atmos-logs:providers': registers('probe/alpha') },
      'atmos-logs-provider-beta': { 'atmos-logs:providers': registers('probe/beta') },
      // Replaces a built-in kind, so both answers carry a warning on stderr.
      'atmos-logs-provider-gamma': { 'atmos-logs:providers': registers('aws/cloudwatch') },
    }
    const quiet = await dataDirWithPlugins(plugins)
    // A plugin with an init hook (that prints nothing and registers nothing) makes oclif answer.
    const loud = await dataDirWithPlugins({
      ...plugins,
      'atmos-logs-probe-init': { init: 'export default async () => undefined\n' },
    })
    for (const args of [
      ['logs', 'providers'],
      ['logs', 'providers', '--json'],
    ]) {
      const fast = await importsOf(args, quiet)
      const slow = await importsOf(args, loud)
      expect([fast.code, slow.code]).toEqual([0, 0])
      expect(fast.urls.filter(oclif)).toEqual([])
      expect(slow.urls.some(oclif)).toBe(true)
      expect(fast.stdout).toContain('probe/alpha')
      expect(fast.stdout).toContain('atmos-logs-provider-beta')
      expect(fast.stdout).toContain('aws/cloudwatch')
      expect(fast.stderr).toContain(
        'Warning: Provider kind aws/cloudwatch from atmos-logs-provider-gamma (link) overrides',
      )
      expect(fast.stdout).toBe(slow.stdout)
      expect(fast.stderr).toBe(slow.stderr)
    }
  })

  it.each([
    [
      'reads the config oclif passes',
      registers('probe/config', 'void opts.config.version;'),
      'stdout',
      'probe/config',
    ],
    [
      'throws',
      "export default async () => { throw new Error('probe broke') }\n",
      'stderr',
      'atmos-logs-provider-probe failed to load its providers (probe broke)',
    ],
  ] as const)(
    'atmos logs providers leaves the answer to oclif when a providers hook %s',
    async (_, hook, stream, text) => {
      const data = await dataDirWithPlugins({ 'atmos-logs-provider-probe': { 'atmos-logs:providers': hook } })
      const r = await importsOf(['logs', 'providers'], data)
      expect(r.code).toBe(0)
      expect(r.urls.some(oclif)).toBe(true)
      expect(r.stdout).toContain('aws/cloudwatch')
      expect(r[stream]).toContain(text)
    },
  )

  // It waits on something that keeps the process alive, as a request would: without the hook
  // timeout the answer would wait for it for ever, and handing it to oclif would wait twice.
  it('atmos logs providers words a providers hook that never answers as oclif does, after one hook timeout', async () => {
    const data = await dataDirWithPlugins({
      'atmos-logs-provider-probe': {
        'atmos-logs:providers': 'export default () => new Promise(() => setInterval(() => {}, 1000))\n',
      },
    })
    const r = await importsOf(['logs', 'providers'], data)
    expect(r.code).toBe(0)
    expect(r.urls.some(oclif)).toBe(false)
    expect(r.stdout).toContain('aws/cloudwatch')
    expect(r.stderr).toContain(
      'Warning: Plugin atmos-logs-provider-probe failed to load its providers (Timed out after 10000 ms.); its kinds are unavailable.',
    )
  })

  it('atmos --version loads no oclif beside plugins that only register providers, and prints what oclif prints', async () => {
    const quiet = await dataDirWithPlugin({
      'atmos-logs:providers': 'export default async () => undefined\n',
    })
    const fast = await importsOf(['--version'], quiet)
    expect(fast.code).toBe(0)
    expect(fast.urls.filter(oclif)).toEqual([])
    expect(fast.urls.filter(projectReader)).toEqual([])
    // A plugin's init hook runs before oclif answers --version: then oclif answers, as it always did.
    const loud = await dataDirWithPlugin({
      init: 'export default async () => { process.stderr.write("probe init ran\\n") }\n',
    })
    const slow = await importsOf(['--version'], loud)
    expect(slow.code).toBe(0)
    expect(slow.urls.some(oclif)).toBe(true)
    expect(slow.stderr).toContain('probe init ran')
    expect(fast.stdout).toMatch(/^@atmos-logs\/cli\/\S+ \S+-\S+ node-v\S+\n$/)
    expect(slow.stdout).toBe(fast.stdout)
  })

  it('a command that reads the project loads them, so the check above would see them', async () => {
    const { urls } = await importsOf(['logs', 'sources'])
    expect(urls.some(projectReader)).toBe(true)
  })
})

describe('the log-format writer (pino) is loaded by --format log only', () => {
  it('a view prints raw, json and pretty without loading pino; --format log loads it and writes through it', async () => {
    const h = await cloudwatchHarness()
    try {
      const group = '/aws/lambda/imports'
      await h.put(group, 's1', [{ timestamp: Date.parse('2026-12-02T08:00:00Z'), message: 'one line' }])
      const run = {
        cwd: await tempProject({
          'atmos.yaml': `logs:\n  sources:\n    fn: {kind: aws/cloudwatch, spec: {log_group: "${group}"}}\n`,
        }),
        env: h.env(),
      }
      const pino = (url: string) => /\/node_modules\/(pino|sonic-boom|thread-stream)\//.test(url)
      const view = (format: string) =>
        importsOf(
          [
            'logs',
            'view',
            '--source',
            'fn',
            '--since',
            '2026-12-02T07:59:00Z',
            '--until',
            '2026-12-02T08:01:00Z',
            '--format',
            format,
          ],
          undefined,
          run,
        )
      for (const format of ['raw', 'json', 'pretty']) {
        const r = await view(format)
        expect(r.code).toBe(0)
        expect(r.stdout).toContain('one line')
        expect(r.urls.filter(pino)).toEqual([])
      }
      const log = await view('log')
      expect(log.code).toBe(0)
      expect(JSON.parse(log.stdout)).toMatchObject({ level: 'info', msg: 'one line', source: 'fn' })
      expect(log.urls.some(pino)).toBe(true)
    } finally {
      await h.close()
    }
  })
})

describe('the interactive view stays out of every other command', () => {
  it.each([[['logs']], [['logs', 'sources']], [['logs', 'view', '--source', 'app', '--since', '1m']]])(
    'atmos %j loads no React, no Ink and no @atmos-logs/tui',
    async (args) => {
      const { urls } = await importsOf(args)
      expect(urls.some(oclif)).toBe(true)
      expect(urls.filter(interactiveView)).toEqual([])
    },
  )

  it('loading the view does load them, so the check above would see them', async () => {
    const loader = path.join(CLI_ROOT, 'dist/interactive/run-interactive.js')
    const { code, urls } = await importsOfNode([
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(pathToFileURL(loader).href)}); await m.loadTui()`,
    ])
    expect(code).toBe(0)
    expect(urls.some((u) => /\/node_modules\/react\//.test(u))).toBe(true)
    expect(urls.some((u) => /\/node_modules\/ink\//.test(u))).toBe(true)
  })

  it("loads React's production build, and leaves NODE_ENV as it found it", async () => {
    const loader = path.join(CLI_ROOT, 'dist/interactive/run-interactive.js')
    const script = [
      `const m = await import(${JSON.stringify(pathToFileURL(loader).href)})`,
      'await m.loadTui()',
      "const { createRequire } = await import('node:module')",
      // Node lists both builds (it reads their export names); only the one that ran has loaded.
      'const loaded = Object.values(createRequire(import.meta.url).cache).filter((m) => m.loaded).map((m) => m.id)',
      'console.log(JSON.stringify({ nodeEnv: process.env.NODE_ENV ?? null, react: loaded.filter((f) => /react(-reconciler)?[\\/]cjs[\\/]/.test(f)) }))',
    ].join('\n')
    const r = await runProcess(process.execPath, ['--input-type=module', '-e', script], {
      cwd: CLI_ROOT,
      env: cleanEnv({}),
    })
    expect(r.code).toBe(0)
    const { nodeEnv, react } = JSON.parse(r.stdout) as { nodeEnv: string | null; react: string[] }
    expect(nodeEnv).toBeNull()
    expect(react.some((f) => /react-reconciler\.production/.test(f))).toBe(true)
    expect(react.filter((f) => /development/.test(f))).toEqual([])
  })
})

import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { BIN, CLI_ROOT, cleanEnv, runProcess } from '../helpers/cli.js'

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
async function importsOf(args: string[]): Promise<{ code: number | null; urls: string[] }> {
  return importsOfNode([BIN, ...args])
}

/** The same for any node command line (a script and its arguments). */
async function importsOfNode(nodeArgs: string[]): Promise<{ code: number | null; urls: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'atmos-imports-'))
  const hooks = path.join(dir, 'hooks.mjs')
  const register = path.join(dir, 'register.mjs')
  await writeFile(hooks, HOOKS)
  await writeFile(
    register,
    `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`,
  )
  const record = path.join(dir, 'imports.txt')
  const r = await runProcess(process.execPath, ['--import', pathToFileURL(register).href, ...nodeArgs], {
    cwd: dir,
    env: cleanEnv({ RECORD_IMPORTS: record, ATMOS_DATA_DIR: dir }),
  })
  const urls = (await readFile(record, 'utf8')).split('\n').filter(Boolean)
  return { code: r.code, urls }
}

const projectReader = (url: string) => /\/node_modules\/(yaml|zod)\//.test(url)
/** The interactive view and what it stands on: loaded by `--interactive` on a terminal only. */
const interactiveView = (url: string) =>
  /\/node_modules\/(react|ink|react-reconciler|yoga-layout|@atmos-logs\/tui)\//.test(url) ||
  /\/packages\/tui\//.test(url)

describe('start-up imports', () => {
  it.each([[['logs']], [['logs', 'providers']], [['--version']]])(
    'atmos %j loads no YAML parser and no config schemas',
    async (args) => {
      const { code, urls } = await importsOf(args)
      expect(code).toBe(0)
      expect(urls.some((u) => u.includes('/@oclif/core/'))).toBe(true)
      expect(urls.filter(projectReader)).toEqual([])
    },
  )

  it('a command that reads the project loads them, so the check above would see them', async () => {
    const { urls } = await importsOf(['logs', 'sources'])
    expect(urls.some(projectReader)).toBe(true)
  })
})

describe('the interactive view stays out of every other command', () => {
  it.each([
    [['logs']],
    [['logs', 'providers']],
    [['logs', 'sources']],
    [['logs', 'view', '--source', 'app', '--since', '1m']],
    [['--version']],
  ])('atmos %j loads no React, no Ink and no @atmos-logs/tui', async (args) => {
    const { urls } = await importsOf(args)
    expect(urls.some((u) => u.includes('/@oclif/core/'))).toBe(true)
    expect(urls.filter(interactiveView)).toEqual([])
  })

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
})

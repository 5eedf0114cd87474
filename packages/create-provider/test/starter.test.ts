import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { main } from '../src/cli.js'

const exec = promisify(execFile)
const STARTER_ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Runs the starter in `cwd` with no terminal; what it printed and its exit code. */
async function run(argv: string[], cwd: string) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d) => {
    out += d
  })
  stderr.on('data', (d) => {
    err += d
  })
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr, cwd })
  return { code, stdout: out, stderr: err }
}

describe('npm create @atmos-logs/provider', () => {
  let cwd: string

  beforeEach(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'atmos-starter-'))
  })

  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true })
  })

  it('writes a standalone package: the author’s name, the hook, engines, no tests in files, core as an optional peer', async () => {
    const result = await run(['my-provider', '--kind', 'acme/demo', '--yes'], cwd)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Created @acme/atmos-logs-provider-demo (kind acme/demo) in my-provider')
    const dir = path.join(cwd, 'my-provider')
    expect((await readdir(dir, { recursive: true })).sort()).toEqual([
      '.gitignore',
      'README.md',
      'package.json',
      'src',
      'src/backend.ts',
      'src/hooks',
      'src/hooks/providers.ts',
      'src/kind.ts',
      'src/provider.ts',
      'test',
      'test/conformance.test.ts',
      'tsconfig.json',
    ])
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'))
    expect(pkg).toMatchObject({
      name: '@acme/atmos-logs-provider-demo',
      type: 'module',
      license: 'UNLICENSED',
      engines: { node: '>=20' },
      files: ['dist/src'],
      oclif: { hooks: { 'atmos-logs:providers': './dist/src/hooks/providers.js' } },
      peerDependencies: { '@atmos-logs/core': expect.stringMatching(/^>=\d+\.\d+\.\d+ <\d+$/) },
      peerDependenciesMeta: { '@atmos-logs/core': { optional: true } },
    })
    expect(Object.keys(pkg.devDependencies).sort()).toEqual([
      '@atmos-logs/core',
      '@atmos-logs/testkit',
      '@types/node',
      'typescript',
    ])
    expect(JSON.stringify(pkg)).not.toContain('workspace:')
    expect(pkg.dependencies).toBeUndefined()
    const sources = await Promise.all(
      ['src/kind.ts', 'src/hooks/providers.ts', 'README.md'].map((f) => readFile(path.join(dir, f), 'utf8')),
    )
    expect(sources[0]).toContain("export const KIND = 'acme/demo'")
    expect(sources.join('\n')).not.toMatch(/\{\{\w+\}\}/)
    // Nothing points back into this repository.
    expect(sources.join('\n')).not.toMatch(/\.\.\/\.\.\/|packages\/|examples\//)
  })

  it('takes --name, --description and --license, and escapes the description inside the hook', async () => {
    const result = await run(
      [
        'x',
        '--kind',
        'acme/billing',
        '--name',
        'acme-billing-logs',
        '--description',
        "Acme's billing events",
        '--license',
        'MIT',
        '--yes',
      ],
      cwd,
    )
    expect(result.code).toBe(0)
    const pkg = JSON.parse(await readFile(path.join(cwd, 'x/package.json'), 'utf8'))
    expect(pkg).toMatchObject({
      name: 'acme-billing-logs',
      description: "Acme's billing events",
      license: 'MIT',
    })
    expect(await readFile(path.join(cwd, 'x/src/hooks/providers.ts'), 'utf8')).toContain(
      "description: 'Acme\\'s billing events',",
    )
  })

  it('without a directory, names the folder after the package', async () => {
    const result = await run(['--kind', 'acme/demo', '--yes'], cwd)
    expect(result.code).toBe(0)
    expect(await readdir(cwd)).toEqual(['atmos-logs-provider-demo'])
  })

  it.each([
    [
      ['p', '--kind', 'demo', '--yes'],
      'The kind "demo" has no publisher: a kind is publisher/name, as in acme/demo.',
    ],
    [
      ['p', '--kind', 'Acme/Demo', '--yes'],
      'The kind "Acme/Demo" is not publisher/name in lower-case letters',
    ],
    [
      ['p', '--kind', 'acme/demo', '--name', 'Acme Provider', '--yes'],
      '"Acme Provider" is not a valid npm package name: name can only contain URL-friendly characters',
    ],
    [['p', '--yes'], '--kind is required.'],
    [['p', '--kind', 'acme/demo'], 'There is no terminal to ask on.'],
    [['p', '--kind', 'acme/demo', '--yes', '--colour'], "Unknown option '--colour'"],
    [['p', 'q', '--kind', 'acme/demo', '--yes'], 'One directory, please: got p, q.'],
  ])('bad input %j: exit 2, one message and a hint, nothing written', async (argv, message) => {
    const result = await run(argv, cwd)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`Error: ${message}`)
    expect(result.stderr).toMatch(/\nHint: .+\n$/)
    expect(result.stderr).not.toMatch(/^\s+at /m)
    expect(await readdir(cwd)).toEqual([])
  })

  it('refuses a folder that is not empty, and leaves it alone', async () => {
    await writeFile(path.join(cwd, 'notes.txt'), 'mine')
    const result = await run(['.', '--kind', 'acme/demo', '--yes'], cwd)
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'Error: . is not empty; the starter only writes into a new or empty folder.\nHint: Choose another directory, or empty this one.\n',
    )
    expect(await readdir(cwd)).toEqual(['notes.txt'])
  })

  it('on a terminal, asks for what the flags leave out, again after a wrong answer, with defaults', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true })
    const stdout = Object.assign(new PassThrough(), { isTTY: true })
    const stderr = new PassThrough()
    let shown = ''
    let warned = ''
    stderr.on('data', (d) => {
      warned += d
    })
    // Each answer is typed once its question is on the screen.
    const answers = ['demo', 'acme/billing', 'Not A Name', '', 'Reads billing events', 'MIT', '']
    stdout.on('data', (d) => {
      shown += d
      if (/: $/.test(String(d)) && answers.length > 0) stdin.write(`${answers.shift()}\n`)
    })
    const code = await main([], { stdin, stdout, stderr, cwd })
    expect(warned).toContain('The kind "demo" has no publisher')
    expect(warned).toContain('"Not A Name" is not a valid npm package name')
    expect(code).toBe(0)
    expect(shown).toContain('Package name (@acme/atmos-logs-provider-billing): ')
    expect(shown).toContain('Directory (atmos-logs-provider-billing): ')
    const pkg = JSON.parse(await readFile(path.join(cwd, 'atmos-logs-provider-billing/package.json'), 'utf8'))
    expect(pkg).toMatchObject({
      name: '@acme/atmos-logs-provider-billing',
      description: 'Reads billing events',
      license: 'MIT',
    })
  })

  it('on a terminal, the input ending at a question writes nothing: exit 2', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true })
    const stdout = Object.assign(new PassThrough(), { isTTY: true })
    const stderr = new PassThrough()
    let warned = ''
    stderr.on('data', (d) => {
      warned += d
    })
    stdout.on('data', () => stdin.end())
    expect(await main([], { stdin, stdout, stderr, cwd })).toBe(2)
    expect(warned).toContain('Error: no answer (the input ended); nothing was written.')
    expect(await readdir(cwd)).toEqual([])
  })

  it('--help prints the usage', async () => {
    const result = await run(['--help'], cwd)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'Usage: npm create @atmos-logs/provider@latest [DIR] -- [--kind publisher/name]',
    )
  })

  it('the bin exits with the code: 2 for a kind without a slash', async () => {
    const bin = path.join(STARTER_ROOT, 'bin/create-provider.js')
    const failed = await exec(process.execPath, [bin, 'p', '--kind', 'demo', '--yes'], { cwd }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    )
    expect(failed?.code).toBe(2)
    expect(failed?.stderr).toContain('The kind "demo" has no publisher')
  })

  it('the generated package compiles and passes the conformance suite with its own npm test', async () => {
    expect((await run(['my-provider', '--kind', 'acme/demo', '--yes'], cwd)).code).toBe(0)
    const dir = path.join(cwd, 'my-provider')
    // The starter's dev dependencies are the generated package's: the same core, testkit, tsc and types.
    await symlink(path.join(STARTER_ROOT, 'node_modules'), path.join(dir, 'node_modules'))
    const { stdout } = await exec('npm', ['test'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, npm_config_update_notifier: 'false' },
      maxBuffer: 8 * 1024 * 1024,
    })
    expect(stdout).toMatch(/^# tests 16$/m)
    expect(stdout).toMatch(/^# pass 16$/m)
    expect(stdout).toMatch(/^# fail 0$/m)
  }, 120_000)
})

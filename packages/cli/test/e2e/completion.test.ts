import { execFile, spawnSync } from 'node:child_process'
import { chmod, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describeWithPeer } from '@atmos-logs/testkit'
import { BIN, cleanEnv, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js'

const exec = promisify(execFile)

/**
 * Shell completion: oclif's autocomplete plugin writes the bash and zsh functions, our own
 * generator the fish script; each is run in its shell (when installed) the way TAB would.
 */
const DEMO = path.join(REPO_ROOT, 'examples/demo-project')
const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0

function describeWithShell(shell: string, name: string, body: () => void): void {
  describeWithPeer({ describe, it }, has(shell), { what: shell, install: `apt-get install ${shell}` })(
    name,
    body,
  )
}

let env: Record<string, string>
let cacheDir: string
/** A folder with an `atmos` that runs the built CLI, for the scripts that call it at TAB time. */
let binDir: string

beforeAll(async () => {
  const home = await tempDir('atmos-completion-')
  cacheDir = path.join(home, 'cache')
  binDir = path.join(home, 'bin')
  await exec('mkdir', ['-p', binDir])
  await writeFile(path.join(binDir, 'atmos'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
  await chmod(path.join(binDir, 'atmos'), 0o755)
  env = cleanEnv({ HOME: home, ATMOS_CACHE_DIR: cacheDir, ATMOS_DATA_DIR: path.join(home, 'data') })
  env.PATH = `${binDir}:${env.PATH}`
  const refresh = await runCli(['autocomplete', '--refresh-cache'], { env, cwd: home })
  expect(refresh.code).toBe(0)
})

describeWithShell('bash', 'bash completion (oclif)', () => {
  async function complete(line: string): Promise<string[]> {
    const words = line.split(' ')
    const script = [
      `source ${path.join(cacheDir, 'autocomplete/functions/bash/atmos.bash')}`,
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      `COMP_LINE='${line}'`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a template
      'COMP_POINT=${#COMP_LINE}',
      '_atmos_autocomplete',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a template
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n')
    const { stdout } = await exec('bash', ['-c', script], { env, cwd: DEMO })
    return stdout.split('\n').filter(Boolean)
  }

  it('completes commands and flags', async () => {
    expect(await complete('atmos logs v')).toEqual(['view'])
    expect(await complete('atmos logs view --sta')).toEqual(['--stack'])
    // oclif lists `plugins install` twice (its own and ours, which replaces it): one word either way.
    expect(new Set(await complete('atmos plugins inst'))).toEqual(new Set(['install']))
  })
})

describeWithShell('zsh', 'zsh completion (oclif)', () => {
  it('is written as a valid zsh function listing the commands and their flags', async () => {
    const file = path.join(cacheDir, 'autocomplete/functions/zsh/_atmos')
    await exec('zsh', ['-n', file])
    const text = await readFile(file, 'utf8')
    expect(text).toContain('#compdef atmos')
    expect(text).toContain('{-s,--stack}"[Stack name')
    expect(text).toContain('"view[Show a component')
  })
})

describeWithShell('fish', 'fish completion (atmos autocomplete fish)', () => {
  let script: string

  beforeAll(async () => {
    const result = await runCli(['autocomplete', 'fish'], { env, cwd: DEMO })
    expect(result.code).toBe(0)
    script = path.join(cacheDir, 'atmos.fish')
    await writeFile(script, result.stdout)
  })

  async function complete(line: string): Promise<string[]> {
    const { stdout } = await exec('fish', ['--no-config', '-c', `source ${script}; complete -C '${line}'`], {
      env,
      cwd: DEMO,
    })
    return stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0]!)
  }

  it('is valid fish', async () => {
    await exec('fish', ['--no-config', '-n', script])
  })

  it('completes commands, flags and the values of option flags', async () => {
    expect(await complete('atmos logs v')).toEqual(['view'])
    expect(await complete('atmos logs view --sta')).toEqual(['--stack'])
    expect(await complete('atmos logs view --format ')).toEqual(['json', 'log', 'pretty', 'raw'])
  })

  it('completes --stack, --component and --source from the project in the current folder', async () => {
    expect(await complete('atmos logs view --stack ')).toEqual(['dev'])
    expect(await complete('atmos logs view --stack dev --component ')).toEqual([
      'api',
      'events',
      'lambda-defaults',
      'vpc',
      'worker',
    ])
    expect(await complete('atmos logs tail --source ')).toEqual(
      expect.arrayContaining(['function', 'lambda-functions']),
    )
  })
})

describe('atmos autocomplete values (what the fish script asks at TAB time)', () => {
  it('lists the project values, and nothing (exit 0) where there is no project', async () => {
    const stacks = await runCli(['autocomplete', 'values', 'stack'], { env, cwd: DEMO })
    expect(stacks).toMatchObject({ code: 0, stdout: 'dev\n' })
    const nowhere = await runCli(['autocomplete', 'values', 'component'], { env, cwd: tmpdir() })
    expect(nowhere).toMatchObject({ code: 0, stdout: '' })
  })
})

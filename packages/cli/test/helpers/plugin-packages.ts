import { execFile } from 'node:child_process'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { tempDir } from './cli.js'

const exec = promisify(execFile)

/**
 * Tiny provider plugins written at test time: a package.json declaring the `atmos-logs:providers`
 * hook and the hook's source. They carry no dependencies, so linking or installing them needs no
 * network.
 */
export async function writePluginPackage(opts: {
  name: string
  /** The body of the hook module: must `export default` the hook function. */
  hook: string
}): Promise<string> {
  const dir = await tempDir('atmos-plugin-')
  await writeFile(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: opts.name,
        version: '1.0.0',
        type: 'module',
        engines: { node: '>=20' },
        files: ['hooks'],
        oclif: { hooks: { 'atmos-logs:providers': './hooks/providers.js' } },
      },
      null,
      2,
    )}\n`,
  )
  await mkdir(path.join(dir, 'hooks'))
  await writeFile(path.join(dir, 'hooks/providers.js'), opts.hook)
  return dir
}

/**
 * A hook registering one kind whose provider answers getLogs with one entry per call, naming the
 * plugin and the spec it was given, so a test can see which plugin served a source. `capabilities`
 * (default list and get) is what the kind declares.
 */
export function echoProviderHook(kind: string, label: string, capabilities = ['list', 'get']): string {
  const caps = JSON.stringify(capabilities)
  return `export default async function providers() {
  return {
    apiVersion: 1,
    kind: ${JSON.stringify(kind)},
    description: ${JSON.stringify(`${label} (test plugin)`)},
    capabilities: ${caps},
    async create(ctx) {
      return {
        kind: ${JSON.stringify(kind)},
        name: ctx.name,
        capabilities: ${caps},
        validate() {},
        async listSources() { return [] },
        async *getLogs() {
          yield { timestamp: new Date('2026-11-27T10:00:00Z'), message: ${JSON.stringify(label)} + ' served ' + JSON.stringify(ctx.spec) }
        },
        async close() {},
      }
    },
  }
}
`
}

/** Packs a package folder with npm (no network for a package without dependencies); returns the tarball. */
export async function npmPack(dir: string, destination: string): Promise<string> {
  await exec('npm', ['pack', '--pack-destination', destination, '--silent'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      npm_config_update_notifier: 'false',
    },
  })
  const tarball = (await readdir(destination)).find((f) => f.endsWith('.tgz'))
  if (!tarball) throw new Error(`npm pack wrote no tarball to ${destination}`)
  return path.join(destination, tarball)
}

import { execFile } from 'node:child_process'
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT, tempDir } from '../helpers/cli.js'
import { publishableFolders } from '../helpers/packaging.js'

const exec = promisify(execFile)

/**
 * Step 1 of a release (`pnpm version-packages`, i.e. `changeset version`) on a copy of the
 * repository's manifests: versions bumped, dependents bumped with them, a CHANGELOG.md per package.
 */
let copy: string

beforeAll(async () => {
  copy = await tempDir('atmos-release-flow-')
  for (const file of ['package.json', 'pnpm-workspace.yaml'])
    await cp(path.join(REPO_ROOT, file), path.join(copy, file))
  await mkdir(path.join(copy, '.changeset'))
  await cp(path.join(REPO_ROOT, '.changeset/config.json'), path.join(copy, '.changeset/config.json'))
  for (const group of ['packages', 'examples']) {
    for (const entry of await readdir(path.join(REPO_ROOT, group))) {
      const from = path.join(REPO_ROOT, group, entry, 'package.json')
      const text = await readFile(from, 'utf8').catch(() => undefined)
      if (text === undefined) continue
      await mkdir(path.join(copy, group, entry), { recursive: true })
      await writeFile(path.join(copy, group, entry, 'package.json'), text)
    }
  }
})

afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true })
})

async function manifest(folder: string): Promise<{ version: string }> {
  return JSON.parse(await readFile(path.join(copy, folder, 'package.json'), 'utf8'))
}

describe('pnpm version-packages', () => {
  it('bumps the package a changeset names and its dependents, and writes their CHANGELOG.md', async () => {
    const before = await manifest('packages/core')
    const starterBefore = await manifest('packages/create-provider')
    await writeFile(
      path.join(copy, '.changeset/release-flow-check.md'),
      '---\n"@atmos-logs/core": minor\n---\n\nA change users see, described for them.\n',
    )
    const script = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts[
      'version-packages'
    ]
    await exec('sh', ['-c', script], {
      cwd: copy,
      env: { PATH: `${path.join(REPO_ROOT, 'node_modules/.bin')}:${process.env.PATH}`, HOME: copy },
    })

    const [major, minor] = before.version.split('.').map(Number)
    const core = await manifest('packages/core')
    expect(core.version).toBe(`${major}.${minor! + 1}.0`)
    const changelog = await readFile(path.join(copy, 'packages/core/CHANGELOG.md'), 'utf8')
    expect(changelog).toContain(`## ${core.version}`)
    expect(changelog).toContain('A change users see, described for them.')
    // The changeset is consumed.
    expect((await readdir(path.join(copy, '.changeset'))).filter((f) => f.endsWith('.md'))).toEqual([])

    // Every publishable package that depends on core is released with it, saying why.
    for (const folder of await publishableFolders()) {
      const pkg = JSON.parse(await readFile(path.join(copy, folder, 'package.json'), 'utf8'))
      if (folder === 'packages/core' || !pkg.dependencies?.['@atmos-logs/core']) continue
      const log = await readFile(path.join(copy, folder, 'CHANGELOG.md'), 'utf8')
      expect({ folder, updated: log.includes(`@atmos-logs/core@${core.version}`) }).toEqual({
        folder,
        updated: true,
      })
    }
    // The starter writes the core and testkit versions it was released with into every new
    // provider: it is released with the testkit (a fixed group), so new providers get the new core.
    const testkit = await manifest('packages/testkit')
    const starter = await manifest('packages/create-provider')
    expect(starter.version).not.toBe(starterBefore.version)
    expect(starter.version).toBe(testkit.version)
    // A provider that takes core as an optional peer, for types, is not pushed to a new major.
    expect((await manifest('examples/provider-local-file')).version.split('.')[0]).toBe('0')
  })
})

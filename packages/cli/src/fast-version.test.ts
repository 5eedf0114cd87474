import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { arch, platform, tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { fastVersionLine } from './fast-version.js'

const CLI_ROOT = path.resolve(import.meta.dirname, '..')
const cli = JSON.parse(readFileSync(path.join(CLI_ROOT, 'package.json'), 'utf8')) as {
  name: string
  version: string
  oclif: { plugins: string[] }
}
const EXPECTED = `${cli.name}/${cli.version} ${platform()}-${arch()} node-${process.version}\n`

let data: string
beforeEach(async () => {
  data = await mkdtemp(path.join(tmpdir(), 'atmos-fast-version-'))
})
afterEach(() => rm(data, { recursive: true, force: true }))

const env = (extra: Record<string, string> = {}) => ({ HOME: data, ATMOS_DATA_DIR: data, ...extra })
const line = (extra?: Record<string, string>) => fastVersionLine(CLI_ROOT, ['--version'], env(extra))

/** A plugin linked into the data directory, as `atmos plugins link` records it. */
async function linkPlugin(
  name: string,
  oclif: object | undefined,
  files: Record<string, string> = {},
  root = path.join(data, name),
) {
  await mkdir(root, { recursive: true })
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name, version: '1.2.0', oclif }))
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(root, file), text)
  return { name, root, type: 'link' }
}
const recordPlugins = (plugins: object[]) =>
  writeFile(path.join(data, 'package.json'), JSON.stringify({ oclif: { schema: 1, plugins } }))

const quiet = { hooks: { 'atmos-logs:providers': './hooks/providers.js' } }

describe('fastVersionLine', () => {
  it('is oclif’s user agent line when nothing is installed', () => {
    expect(line()).toBe(EXPECTED)
  })

  it('answers beside installed plugins that only register providers', async () => {
    await recordPlugins([await linkPlugin('alpha', quiet), await linkPlugin('beta', quiet)])
    expect(line()).toBe(EXPECTED)
  })

  it('answers for a user plugin under the data directory’s node_modules', async () => {
    await linkPlugin('gamma', quiet, {}, path.join(data, 'node_modules', 'gamma'))
    await recordPlugins([{ name: 'gamma', type: 'user' }])
    expect(line()).toBe(EXPECTED)
  })

  it.each([
    ['an init hook', { hooks: { init: './init.js' } }, {}],
    ['a finally hook', { hooks: { finally: './finally.js' } }, {}],
    ['plugins of its own', { plugins: ['@oclif/plugin-help'] }, {}],
    ['commands and no manifest', { commands: './dist/commands' }, {}],
    [
      'a manifest of another version',
      { commands: './dist/commands' },
      { 'oclif.manifest.json': '{"version":"1.1.0","commands":{}}' },
    ],
    ['no oclif section (rc files may hold one)', undefined, {}],
  ])('leaves the answer to oclif when a plugin has %s', async (_what, oclif, files) => {
    await recordPlugins([await linkPlugin('loud', oclif, files)])
    expect(line()).toBeUndefined()
  })

  it('answers when a plugin’s manifest matches its version', async () => {
    const files = { 'oclif.manifest.json': '{"version":"1.2.0","commands":{}}' }
    await recordPlugins([await linkPlugin('listed', { commands: './dist/commands' }, files)])
    expect(line()).toBe(EXPECTED)
  })

  it('leaves a missing plugin or an unreadable plugin list to oclif (it warns)', async () => {
    await recordPlugins([{ name: 'gone', type: 'user' }])
    expect(line()).toBeUndefined()
    await writeFile(path.join(data, 'package.json'), '{ not json')
    expect(line()).toBeUndefined()
  })

  it('leaves debug output and any other arguments to oclif', () => {
    expect(line({ DEBUG: '*' })).toBeUndefined()
    expect(line({ ATMOS_DEBUG: '1' })).toBeUndefined()
    expect(fastVersionLine(CLI_ROOT, ['--version', 'extra'], env())).toBeUndefined()
    expect(fastVersionLine(CLI_ROOT, ['version'], env())).toBeUndefined()
    expect(fastVersionLine(CLI_ROOT, [], env())).toBeUndefined()
  })

  it('is right to skip the built-in plugins: none has an init or finally hook', () => {
    for (const name of cli.oclif.plugins) {
      const pjson = JSON.parse(
        readFileSync(path.join(CLI_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ) as {
        oclif?: { hooks?: object; plugins?: unknown[] }
      }
      expect(Object.keys(pjson.oclif?.hooks ?? {})).not.toContain('init')
      expect(Object.keys(pjson.oclif?.hooks ?? {})).not.toContain('finally')
      expect(pjson.oclif?.plugins ?? []).toEqual([])
    }
  })
})

import { execFile } from 'node:child_process'
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

/**
 * etc/core.api.md is core's public API as api-extractor reports it from the build. In CI a change
 * to that API without the report updated fails the build. Tried on a copy of the package, so the
 * workspace is never touched.
 */
const CORE = path.resolve(import.meta.dirname, '..')
const REPO = path.resolve(CORE, '../..')
const pkg = JSON.parse(await readFile(path.join(CORE, 'package.json'), 'utf8'))

let copy: string
let root: string

function build(ci: boolean): Promise<{ code: number; output: string }> {
  const env: Record<string, string> = {
    PATH: [path.join(REPO, 'node_modules/.bin'), path.join(CORE, 'node_modules/.bin'), process.env.PATH].join(
      ':',
    ),
    HOME: process.env.HOME ?? tmpdir(),
  }
  if (ci) env.CI = 'true'
  return new Promise((resolve) => {
    execFile('sh', ['-c', pkg.scripts.build], { cwd: copy, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr })
    })
  })
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'atmos-api-report-'))
  copy = path.join(root, 'packages/core')
  await mkdir(copy, { recursive: true })
  await cp(path.join(REPO, 'tsconfig.base.json'), path.join(root, 'tsconfig.base.json'))
  // The build bundles zod and yaml with the repository's script, which the providers share...
  await cp(path.join(REPO, 'scripts/vendor.mjs'), path.join(root, 'scripts/vendor.mjs'))
  // ...and bundles its own modules in place with another (bundle.mjs).
  await cp(path.join(REPO, 'scripts/bundle.mjs'), path.join(root, 'scripts/bundle.mjs'))
  for (const entry of [
    'src',
    'scripts',
    'etc',
    'schema',
    'package.json',
    'tsconfig.json',
    'api-extractor.json',
  ]) {
    await cp(path.join(CORE, entry), path.join(copy, entry), { recursive: true })
  }
  // The workspace's installs, where the copy's tools and types look for them.
  await symlink(path.join(CORE, 'node_modules'), path.join(copy, 'node_modules'))
  await symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'))
})

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

describe('the API report', () => {
  it('fails a CI build on an unreported API change, is rewritten by a local build, then passes CI', async () => {
    const report = path.join(copy, 'etc/core.api.md')
    const before = await readFile(report, 'utf8')
    await appendFile(path.join(copy, 'src/index.ts'), '\nexport const addedWithoutReview = 1\n')

    const ci = await build(true)
    expect(ci.code).not.toBe(0)
    expect(ci.output).toContain(
      'The public API of @atmos-logs/core changed, and etc/core.api.md does not say so.',
    )
    expect(await readFile(report, 'utf8')).toBe(before)

    const local = await build(false)
    expect({ code: local.code, output: local.output }).toEqual({ code: 0, output: expect.any(String) })
    const after = await readFile(report, 'utf8')
    expect(after).toContain('export const addedWithoutReview = 1;')
    // That, and nothing else, is new in the report.
    expect(after.replace('// @public (undocumented)\nexport const addedWithoutReview = 1;\n\n', '')).toBe(
      before,
    )

    const again = await build(true)
    expect({ code: again.code, output: again.output }).toEqual({ code: 0, output: expect.any(String) })
  }, 240_000)
})

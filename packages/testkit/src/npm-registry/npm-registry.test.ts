import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { type NpmRegistry, startNpmRegistry } from './index.js'

const exec = promisify(execFile)

/** The loopback registry takes `npm publish` as the public one does, with its refusals. */
describe('npm publish to the loopback registry', () => {
  let registry: NpmRegistry
  let dir: string
  let npmrc: string

  beforeAll(async () => {
    registry = await startNpmRegistry({ token: 'publish-token' })
    dir = await mkdtemp(path.join(tmpdir(), 'npm-registry-test-'))
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: '@acme/published', version: '1.2.3', files: ['index.js'] }),
    )
    await writeFile(path.join(dir, 'index.js'), 'export const x = 1\n')
    npmrc = path.join(dir, '.npmrc-user')
  })

  afterAll(async () => {
    await registry?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  async function npmPublish(token: string | undefined): Promise<{ code: number; output: string }> {
    await writeFile(npmrc, token ? `${registry.url.replace(/^http:/, '')}:_authToken=${token}\n` : '')
    try {
      const r = await exec('npm', ['publish', '--access', 'public', '--registry', registry.url], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          npm_config_userconfig: npmrc,
          npm_config_cache: path.join(dir, '.npm'),
          npm_config_update_notifier: 'false',
        },
      })
      return { code: 0, output: r.stdout + r.stderr }
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string }
      return { code: e.code, output: e.stdout + e.stderr }
    }
  }

  it('refuses a publish without the token (401)', async () => {
    const r = await npmPublish('wrong-token')
    expect(r.code).not.toBe(0)
    expect(r.output).toMatch(/401|E401|logged in/i)
    expect(registry.published).toEqual([])
  })

  it('takes a publish with the token and then serves the version', async () => {
    const r = await npmPublish('publish-token')
    expect({ code: r.code, output: r.output }).toMatchObject({ code: 0 })
    expect(registry.published).toEqual(['@acme/published@1.2.3'])
    const packument = (await (await fetch(`${registry.url}@acme%2fpublished`)).json()) as {
      'dist-tags': { latest: string }
      versions: Record<string, { dist: { tarball: string } }>
    }
    expect(packument['dist-tags'].latest).toBe('1.2.3')
    const tarball = await fetch(packument.versions['1.2.3']!.dist.tarball)
    expect(tarball.status).toBe(200)
  })

  it('refuses to publish over a version already published (403)', async () => {
    const r = await npmPublish('publish-token')
    expect(r.code).not.toBe(0)
    expect(r.output).toContain('previously published versions: 1.2.3')
    expect(registry.published).toEqual(['@acme/published@1.2.3'])
  })
})

import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'

/**
 * A minimal npm registry on 127.0.0.1 that serves the `.tgz` files of one folder: enough for
 * `npm view`, `npm install` and so `atmos plugins install`, with no network. Packuments are built
 * from each tarball's own package.json. Given a `token`, it also takes `npm publish` / `pnpm
 * publish` (the registry's `PUT /<name>` with the tarball attached), as the public registry does:
 * 401 without that bearer token, 403 for a version already published, 400 for a body whose
 * tarball does not match its own manifest.
 */
export interface NpmRegistry {
  url: string
  /** Adds a tarball (e.g. from `pnpm pack`) to what the registry serves. */
  publish(tarballPath: string): Promise<void>
  /** `name@version` of every package version published over HTTP, in order. */
  published: string[]
  close(): Promise<void>
}

/** What `npm publish` sends: the packument fragment for one version, with its tarball in base64. */
interface PublishBody {
  name?: string
  versions?: Record<string, Record<string, unknown> & { dist?: { shasum?: string } }>
  _attachments?: Record<string, { data?: string }>
}

interface Version {
  manifest: Record<string, unknown>
  tarball: Buffer
}

export async function startNpmRegistry(
  opts: { dir?: string; port?: number; token?: string } = {},
): Promise<NpmRegistry> {
  const packages = new Map<string, Map<string, Version>>()
  const published: string[] = []
  let url = ''

  function add(manifest: Record<string, unknown>, tarball: Buffer): void {
    const name = String(manifest.name)
    const versions = packages.get(name) ?? new Map<string, Version>()
    versions.set(String(manifest.version), { manifest, tarball })
    packages.set(name, versions)
  }

  async function publish(file: string): Promise<void> {
    const tarball = await readFile(file)
    add(readPackageJson(tarball), tarball)
  }

  function acceptPublish(name: string, body: Buffer, authorization: string | undefined): [number, object] {
    if (!opts.token || authorization !== `Bearer ${opts.token}`)
      return [401, { error: 'You must be logged in to publish packages.' }]
    let doc: PublishBody
    try {
      doc = JSON.parse(body.toString('utf8')) as PublishBody
    } catch {
      return [400, { error: 'The request body is not JSON.' }]
    }
    const entries = Object.entries(doc.versions ?? {})
    const attachments = Object.values(doc._attachments ?? {})
    if (doc.name !== name || entries.length !== 1 || attachments.length !== 1)
      return [400, { error: 'A publish carries one version of the package it is sent to, with its tarball.' }]
    const [version, manifest] = entries[0]!
    if (packages.get(name)?.has(version))
      return [403, { error: `You cannot publish over the previously published versions: ${version}.` }]
    const tarball = Buffer.from(attachments[0]!.data ?? '', 'base64')
    const shasum = createHash('sha1').update(tarball).digest('hex')
    if (manifest.dist?.shasum && manifest.dist.shasum !== shasum)
      return [400, { error: 'The attached tarball does not match the shasum of its manifest.' }]
    const { dist: _dist, ...rest } = manifest
    add(rest, tarball)
    published.push(`${name}@${version}`)
    return [200, { success: true }]
  }

  if (opts.dir) {
    for (const f of await readdir(opts.dir)) if (f.endsWith('.tgz')) await publish(path.join(opts.dir, f))
  }

  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (req.method === 'PUT') {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const [status, body] = acceptPublish(
          pathname.slice(1),
          Buffer.concat(chunks),
          req.headers.authorization,
        )
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      })
      return
    }
    const tarballMatch = /^\/(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(pathname)
    if (req.method === 'GET' && tarballMatch) {
      const v = packages.get(tarballMatch[1]!)?.get(tarballMatch[2]!)
      if (v) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': v.tarball.length })
        res.end(v.tarball)
        return
      }
    }
    const versions = req.method === 'GET' ? packages.get(pathname.slice(1)) : undefined
    if (versions) {
      const body = JSON.stringify(packument(pathname.slice(1), versions, url))
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(body)
      return
    }
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: 'Not found' }))
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  return {
    url,
    publish,
    published,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function packument(name: string, versions: Map<string, Version>, baseUrl: string) {
  const list = [...versions.keys()].sort(compareSemver)
  const out: Record<string, unknown> = {}
  for (const [version, { manifest, tarball }] of versions) {
    const file = `${name.split('/').pop()}-${version}.tgz`
    out[version] = {
      ...manifest,
      _id: `${name}@${version}`,
      dist: {
        tarball: `${baseUrl}${name}/-/${file}`,
        shasum: createHash('sha1').update(tarball).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
      },
    }
  }
  return { _id: name, name, 'dist-tags': { latest: list[list.length - 1] }, versions: out }
}

function compareSemver(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0)
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!
  return 0
}

/** Reads `package/package.json` out of a gzipped tar: 512-byte headers, data padded to 512. */
function readPackageJson(tgz: Buffer): Record<string, unknown> {
  const tar = gunzipSync(tgz)
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512)
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '')
    if (!name) break
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '')
    const size = Number.parseInt(
      header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0',
      8,
    )
    const full = prefix ? `${prefix}/${name}` : name
    if (full.replace(/^[^/]+\//, '') === 'package.json') {
      return JSON.parse(tar.subarray(off + 512, off + 512 + size).toString('utf8'))
    }
    off += 512 + Math.ceil(size / 512) * 512
  }
  throw new Error('The tarball has no package/package.json')
}
